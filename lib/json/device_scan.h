/* A one-pass reader for the device lines a fleet is made of: an object of
 * SPEC 4's fields whose strings are printable ASCII without escapes, whose
 * numbers are integers, with no key twice.  Parsing such a line into a
 * jansson tree was most of `otaplan evaluate`'s time (bench/HISTORY.md);
 * this reads it straight into an ota_device.
 *
 * It never refuses anything itself: a line it does not take whole (any
 * escape, byte outside printable ASCII, real number, unknown or repeated
 * key, value of the wrong type, bad state or instant, text after the
 * object) goes to the jansson reader, whose answer and message stand.  So
 * the two agree by construction wherever this one answers, which
 * tests/test_device_scan.c and the device fuzzer check. */
#ifndef OTA_JSON_DEVICE_SCAN_H
#define OTA_JSON_DEVICE_SCAN_H

#include "otaplan.h"

#include <stddef.h>

/* Lines with more versions than this go to jansson. */
#define DEVICE_SCAN_MAX_VERSIONS 16

/* What a scanned device points into, valid until the next scan with it.
 * Zero-initialised is empty; ota__device_scan_space_free() releases it. */
typedef struct device_scan_space {
    char *bytes; /* the line's strings, each ended by a NUL */
    size_t capacity;
    ota_device_version versions[DEVICE_SCAN_MAX_VERSIONS];
} device_scan_space;

/* 1 when the object that begins at text[*offset] (after white space) has
 * the common shape: *device holds it (ota_device_init's defaults and the
 * line's fields, not yet checked by ota_device_check) and *offset is just
 * past its '}'.  With `whole`, only white space may follow it.  0 when not:
 * *device and *offset are as they were. */
int ota__device_scan(device_scan_space *space, const char *text, size_t length, size_t *offset,
                     int whole, ota_device *device);

/* The same for a whole line of a device in a set (SPEC 14.2): a line with
 * a state of the device's own or with "plans" is not taken (the reader
 * refuses the first and reads the second with jansson). */
int ota__device_scan_in_set(device_scan_space *space, const char *text, size_t length,
                            ota_device *device);

void ota__device_scan_space_free(device_scan_space *space);

#endif
