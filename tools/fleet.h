/* One line of a fleet (JSON Lines) as a device, the same for every command
 * that reads fleets: no line is dropped silently. */
#ifndef OTAPLAN_FLEET_H
#define OTAPLAN_FLEET_H

#include "lines.h"
#include "otaplan_json.h"

typedef enum fleet_line_kind {
    FLEET_BLANK,  /* holds no device: skipped */
    FLEET_DEVICE, /* *device holds it, valid until the reader's next read */
    FLEET_BAD,    /* `why` says why the line holds no valid device */
    /* Memory ran out reading the line: no verdict on the line, which may
     * well be valid.  The run ends (exit 2): a transient failure must never
     * pass for bad input. */
    FLEET_NO_MEMORY
} fleet_line_kind;

/* Reads a line that pipeline_run() gave with its status. */
fleet_line_kind fleet_read_line(ota_json_device_reader *reader, const char *text, size_t length,
                                lines_status status, const ota_device **device, char *why,
                                size_t why_capacity);

/* The same for a device of a plan set (SPEC 14.2). */
fleet_line_kind fleet_read_set_line(ota_json_device_reader *reader, const ota_plan_set *set,
                                    const char *text, size_t length, lines_status status,
                                    const ota_set_device **device, char *why, size_t why_capacity);

/* A bad line's result in its place: {"line": N, "error": WHY} with --json,
 * else "line N: error: WHY". */
void fleet_put_bad_line(ota_json_buffer *out, int json, unsigned long long line, const char *why);

/* pipeline_job.emit of the fleet commands: a batch's output written in
 * order; a batch lost to memory (its buffer failed) sets *(int *)context
 * and stops the run, and so does output that cannot be written. */
int fleet_emit(void *context, ota_json_buffer *out);

/* How a fleet run ends, after pipeline_run() gave `status` and the workers'
 * first line lost to memory (out_of_memory, at `last`): `status` when it
 * is an error, EXIT_USAGE after saying why the results are incomplete
 * (memory, output that could not be written), else 0: the run is whole. */
int fleet_run_end(int status, int out_of_memory, unsigned long long last);

#endif
