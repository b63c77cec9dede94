/* What eligibility and next-push share: the checks of SPEC 5. */
#ifndef OTA_EVALUATE_H
#define OTA_EVALUATE_H

#include "compiled.h"

/* Checks the device and the instant: OTA_OK or the error to return. */
int32_t ota__evaluation_inputs_check(const ota_compiled_plan *plan, const ota_device *device,
                                     int64_t now);

/* A device's list lookup started ahead of its checks: the entry where its
 * probe begins is on its way into the cache while other work goes on
 * (SPEC 5 checks, other devices of a batch). */
typedef struct lookup_ahead {
    uint64_t hash;
    size_t length; /* of the ID; 0 when nothing was started */
} lookup_ahead;

/* Of a device that may not have passed its check yet: only a readable ID
 * is hashed, and a bad one is left for the check to report. */
lookup_ahead ota__lookup_begin(const ota_compiled_plan *plan, const ota_device *device);

/* Runs the checks of SPEC 5 in order and fills *out.  With for_push, the
 * checks that block no push (plan_not_started, rollout_pending) are left
 * out, as SPEC 6 asks.  `ahead` is what ota__lookup_begin() gave for this
 * device, or NULL.  *bucket receives the device's bucket when the checks
 * computed it (rollout phases), else -1. */
void ota__eligibility_checks(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                             int for_push, const lookup_ahead *ahead, ota_eligibility *out,
                             int32_t *bucket);

/* The lists (IDSET_*) holding the device's ID, which is valid. */
unsigned ota__device_lists(const ota_compiled_plan *plan, const char *id);

/* ota_next_push_time(), noting in *trace (when not NULL) the terms of T0,
 * where the search began and what it found (ota_device_explain()). */
int32_t ota__next_push(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                       const ota_eval_options *options, ota_push_result *out,
                       ota_explanation *trace);

#endif
