/* What the fuzz targets assert about an answer: that the slow reference
 * model of tests/reference.c gives the same one.  For a push_at that means
 * the instant is >= now, before the plan's end, inside the governing window
 * (or the appointment), on a tick, and that no earlier tick qualifies
 * (SPEC 6).  A difference aborts, which the fuzzer reports as a crash. */
#ifndef OTA_FUZZ_CHECK_H
#define OTA_FUZZ_CHECK_H

#include "otaplan.h"

/* Evaluates the device with both the compiled plan and the reference and
 * aborts on any difference; `plan` is the struct `compiled` was built
 * from. */
void fuzz_check_device(const ota_plan *plan, const ota_compiled_plan *compiled,
                       const ota_device *device, int64_t now, int tick_minutes);

#endif
