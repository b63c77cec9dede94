/* What eligibility and next-push share: the checks of SPEC 5. */
#ifndef OTA_EVALUATE_H
#define OTA_EVALUATE_H

#include "compiled.h"

/* Checks the device and the instant: OTA_OK or the error to return. */
int32_t ota__evaluation_inputs_check(const ota_compiled_plan *plan, const ota_device *device,
                                     int64_t now);

/* Runs the checks of SPEC 5 in order and fills *out.  With
 * skip_not_started, check 5 (plan_not_started) is left out, as SPEC 6 asks
 * of the next-push computation. */
void ota__eligibility_checks(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                             int skip_not_started, ota_eligibility *out);

#endif
