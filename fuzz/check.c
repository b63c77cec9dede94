#include "check.h"

#include "reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what, const ota_plan *plan, int64_t now, int tick)
{
    fprintf(stderr, "fuzz check failed: %s (zone %s, %s..%s, now %lld, tick %d)\n", what,
            plan->timezone, plan->start, plan->end, (long long)now, tick);
    abort();
}

/* ota_device_explain() against the two answers it explains. */
static void check_explanation(const ota_plan *plan, const ota_compiled_plan *compiled,
                              const ota_device *device, int64_t now,
                              const ota_eval_options *options, const ota_eligibility *e,
                              const ota_push_result *push)
{
    ota_explanation x = OTA_EXPLANATION_INIT;
    int tick = options->tick_minutes;
    if (ota_device_explain(compiled, device, now, options, &x) != OTA_OK)
        fail("explain refuses what eligible and next push took", plan, now, tick);
    if (x.eligibility.reason != e->reason ||
        memcmp(x.eligibility.components, e->components,
               e->component_count * sizeof e->components[0]) != 0 ||
        x.push.status != push->status || x.push.reason != push->reason || x.push.at != push->at)
        fail("explain's answers differ", plan, now, tick);
    int32_t first = OTA_REASON_OK;
    for (uint32_t i = 0; i < x.check_count && first == OTA_REASON_OK; i++)
        if (x.checks[i].failed)
            first = x.checks[i].check;
    if (first != e->reason)
        fail("explain's first failed check is not the reason", plan, now, tick);
    if (x.t0 == OTA_NO_INSTANT)
        return;
    int64_t maximum = OTA_NO_INSTANT;
    for (uint32_t i = 0; i < x.term_count; i++)
        if (x.terms[i].at > maximum)
            maximum = x.terms[i].at;
    if (maximum != x.t0 || (push->status == OTA_PUSH_AT && push->at < x.t0))
        fail("explain's t0 is not the maximum of its terms, or the push precedes it", plan, now,
             tick);
    if (x.slot_index >= 0 &&
        (push->status != OTA_PUSH_AT || push->at < x.slot_at || x.slot_index >= x.slot_count))
        fail("explain's spread slot comes after the push", plan, now, tick);
}

void fuzz_check_device(const ota_plan *plan, const ota_compiled_plan *compiled,
                       const ota_device *device, int64_t now, int tick_minutes)
{
    ota_eval_options options;
    ota_eval_options_init(&options, OTA_EVAL_OPTIONS_VERSION);
    options.tick_minutes = tick_minutes;
    ota_eligibility fast_e = OTA_ELIGIBILITY_INIT, slow_e = OTA_ELIGIBILITY_INIT;
    ota_push_result fast = OTA_PUSH_RESULT_INIT, slow = OTA_PUSH_RESULT_INIT;
    int32_t status_e = ota_device_eligible(compiled, device, now, &fast_e);
    int32_t status_p = ota_next_push_time(compiled, device, now, &options, &fast);
    if (status_e != status_p)
        fail("eligible and next push disagree on the device's validity", plan, now, tick_minutes);
    if (status_e != OTA_OK)
        return;
    check_explanation(plan, compiled, device, now, &options, &fast_e, &fast);
    reference ref;
    if (reference_open(&ref, plan) != 0)
        fail("ICU refuses a plan the library compiled", plan, now, tick_minutes);
    int64_t start, end, effective;
    ota_compiled_plan_period(compiled, &start, &end, &effective);
    if (start != ref.start || end != ref.end)
        fail("plan period differs from ICU's resolution", plan, now, tick_minutes);
    reference_eligible(&ref, device, now, &slow_e);
    if (slow_e.reason != fast_e.reason || slow_e.kind != fast_e.kind ||
        memcmp(slow_e.components, fast_e.components,
               fast_e.component_count * sizeof fast_e.components[0]) != 0)
        fail("eligibility differs from the reference", plan, now, tick_minutes);
    int gave_up = reference_next_push(&ref, device, now, tick_minutes, &slow);
    reference_close(&ref);
    if (gave_up)
        fail("no push within the reference's horizon, yet the plan goes on", plan, now,
             tick_minutes);
    if (fast.status != slow.status || fast.reason != slow.reason || fast.at != slow.at) {
        fprintf(stderr, "fast %s %lld %s, reference %s %lld %s\n",
                ota_push_status_name(fast.status), (long long)fast.at, ota_reason_name(fast.reason),
                ota_push_status_name(slow.status), (long long)slow.at,
                ota_reason_name(slow.reason));
        fail("next push differs from the reference", plan, now, tick_minutes);
    }
    if (fast.status == OTA_PUSH_AT && (fast.at < now || fast.at >= end))
        fail("push outside [now, end)", plan, now, tick_minutes);
}
