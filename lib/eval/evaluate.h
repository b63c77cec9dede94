/* What eligibility and next-push share: the checks of SPEC 5. */
#ifndef OTA_EVALUATE_H
#define OTA_EVALUATE_H

#include "compiled.h"
#include "lookup.h"

/* Checks the device and the instant: OTA_OK or the error to return. */
int32_t ota__evaluation_inputs_check(const ota_compiled_plan *plan, const ota_device *device,
                                     int64_t now);

/* The part of ota_device_check() about the device's state in a plan
 * (state, state_at, the appointment, failed_attempts), for a set's
 * per-plan states (SPEC 14.2). */
int32_t ota__device_state_check(const ota_device *device, const char **problem);

/* ota_next_push_time(), noting in *trace (when not NULL) the terms of T0,
 * where the search began and what it found (ota_device_explain()); `ahead`
 * is the device's lookup begun by a batch, or NULL. */
int32_t ota__next_push(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                       const ota_eval_options *options, const lookup_ahead *ahead,
                       ota_push_result *out, ota_explanation *trace);

/* The same for a device, an instant and a tick length (minutes) the caller
 * has checked already, and an `out` of the current version: a plan set's
 * selection, which checks its device once for every plan. */
void ota__next_push_checked(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                            int32_t tick_minutes, const lookup_ahead *ahead, ota_push_result *out);

#endif
