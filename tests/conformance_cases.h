/* Runs the public conformance cases (../shared/conformance) through the C
 * API: shared by the conformance test and the threaded test. */
#ifndef OTA_TEST_CONFORMANCE_CASES_H
#define OTA_TEST_CONFORMANCE_CASES_H

#include <jansson.h>

/* Loads a JSON Lines file of the conformance folder (named by the
 * environment variable OTAPLAN_CONFORMANCE_DIR) as an array. */
json_t *conformance_load(const char *file_name);

/* Evaluates one evaluate.jsonl case; returns the number of devices whose
 * output differs from `expected`, printing each difference when `report`. */
int conformance_evaluate_case(const json_t *c, int report);

/* Explains every device of one evaluate case (ota_device_explain()):
 * returns the number of devices whose explanation contradicts the
 * answers or the expected line, printing each when `report`. */
int conformance_explain_case(const json_t *c, int report);

/* The batch calls ota_device_eligible_many() and ota_next_push_time_many() over
 * the case's whole fleet against the single calls, device by device;
 * returns the number of differences (a fleet that does not read counts
 * one). */
int conformance_batch_case(const json_t *c, int report);

/* Lists the windows of one windows.jsonl case; 0 if they match. */
int conformance_windows_case(const json_t *c, int report);

#endif
