/* otaplan explain: one device's decision under one plan, or under a set
 * (which plan governs it and why, then that plan's whole explanation). */
#ifndef OTAPLAN_EXPLAIN_H
#define OTAPLAN_EXPLAIN_H

#include "cli.h"

/* The explanation of `device` under one plan, printed (or --json);
 * EXIT_VALID, or EXIT_INVALID after saying why. */
int explain_plan(const cli_options *options, const ota_json_plan *plan,
                 const ota_compiled_plan *compiled, const ota_device *device);

/* The same for a device line of a compiled set (SPEC 14.2). */
int explain_set(const cli_options *options, const ota_json_set *set, const char *text,
                size_t length);

/* The same for a device already read. */
int explain_set_device(const cli_options *options, const ota_json_set *set,
                       const ota_set_device *device);

/* The exit status of a device that could not be read, after saying why:
 * EXIT_INVALID for JSON that is no valid device, else as
 * cli_reader_verdict(). */
int explain_device_verdict(const char *path, int32_t status, const ota_json_error *error);

#endif
