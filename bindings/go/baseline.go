package otaplan

/*
#include "otaplan.h"

// The C call alone, n times, for the benchmark's baseline: no cgo
// crossing per call.
static int32_t eligible_loop(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                             long n)
{
    ota_eligibility result = OTA_ELIGIBILITY_INIT;
    int32_t status = OTA_OK;
    for (long i = 0; i < n && status == OTA_OK; i++)
        status = ota_device_eligible(plan, device, now, &result);
    return status;
}
*/
import "C"

import "time"

// eligibleInC times n calls of ota_device_eligible() made in one C loop on
// the device's C form: the benchmark's baseline (bench_test.go).
func (p *CompiledPlan) eligibleInC(d *Device, now time.Time, n int) (time.Duration, error) {
	plan, device, c, err := p.begin(d)
	if err != nil {
		return 0, err
	}
	defer p.end(c)
	start := time.Now()
	status := C.eligible_loop(plan, device, instant(now), C.long(n))
	elapsed := time.Since(start)
	if status != C.OTA_OK {
		return 0, statusError(status, "")
	}
	return elapsed, nil
}

// eligibleCrossing times n cgo calls of ota_device_eligible() on the
// device's C form, built once: the C call and the crossing into C alone,
// the floor of any binding of the single call (bench_test.go).
func (p *CompiledPlan) eligibleCrossing(d *Device, now time.Time, n int) (time.Duration, error) {
	plan, device, c, err := p.begin(d)
	if err != nil {
		return 0, err
	}
	defer p.end(c)
	result := &c.answers().eligibility
	result.version = C.OTA_ELIGIBILITY_VERSION
	at := instant(now)
	start := time.Now()
	for i := 0; i < n; i++ {
		if status := C.ota_device_eligible(plan, device, at, result); status != C.OTA_OK {
			return 0, statusError(status, "")
		}
	}
	return time.Since(start), nil
}
