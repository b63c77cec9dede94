/* otaplan explain: one device's whole decision.  The answers come from the
 * functions every caller uses (ota_device_eligible(), and the next-push
 * search with a trace); what is added is every check of SPEC 5, each with
 * the values it compared, evaluated one by one without the fast path's
 * early exits, so the tests can hold the two against each other. */
#include "evaluate.h"
#include "rollout.h"

#include <string.h>

static int same_text(compiled_string s, const char *text)
{
    return strlen(text) == s.length && memcmp(s.text, text, s.length) == 0;
}

static ota_check_result check(int32_t reason, int failed, int64_t value, int64_t limit)
{
    return (ota_check_result){.check = reason, .failed = failed, .value = value, .limit = limit};
}

static void explain_checks(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                           ota_explanation *e)
{
    ota_check_result *c = e->checks;
    int32_t state = plan->state;
    *c++ = check(OTA_REASON_PLAN_NOT_ACTIVE, state == OTA_PLAN_SAVED, state, OTA_UNSET);
    *c++ = check(OTA_REASON_PLAN_TERMINATED, state == OTA_PLAN_TERMINATED, state, OTA_UNSET);
    *c++ =
        check(OTA_REASON_PLAN_ENDED, state == OTA_PLAN_ENDED || now >= plan->end, now, plan->end);
    *c++ = check(OTA_REASON_PLAN_SUSPENDED, state == OTA_PLAN_SUSPENDED, state, OTA_UNSET);
    *c++ =
        check(OTA_REASON_PLAN_NOT_STARTED, now < plan->effective_start, now, plan->effective_start);
    *c++ = check(OTA_REASON_WRONG_PRODUCT, !same_text(plan->product, device->product),
                 !same_text(plan->product, device->product), OTA_UNSET);
    unsigned lists = plan->devices.entries ? ota__lookup_finish(plan, device, NULL) : 0;
    int in_blacklist = (lists & IDSET_BLACKLIST) != 0;
    int in_whitelist = (lists & IDSET_WHITELIST) != 0;
    *c++ = check(OTA_REASON_BLACKLISTED, in_blacklist, in_blacklist, plan->devices.blacklist_count);
    *c++ = check(OTA_REASON_NOT_WHITELISTED, plan->devices.whitelist_count > 0 && !in_whitelist,
                 in_whitelist, plan->devices.whitelist_count);
    int32_t last_share = plan->phase_count ? plan->phase_bp[plan->phase_count - 1] : -1;
    int32_t share_now = plan->phase_count ? ota__rollout_share_at(plan, now) : -1;
    *c++ = check(OTA_REASON_OUTSIDE_ROLLOUT, plan->phase_count && e->bucket >= last_share,
                 e->bucket, last_share);
    *c++ = check(OTA_REASON_ROLLOUT_PENDING, plan->phase_count && e->bucket >= share_now, e->bucket,
                 share_now);
    int32_t dstate = device->state;
    *c++ = check(OTA_REASON_ALREADY_SUCCEEDED, dstate == OTA_DEVICE_SUCCEEDED,
                 dstate == OTA_DEVICE_SUCCEEDED, OTA_UNSET);
    /* SPEC 4: a failed state with 0 attempts counts as 1. */
    int32_t attempts = dstate != OTA_DEVICE_FAILED   ? 0
                       : device->failed_attempts > 0 ? device->failed_attempts
                                                     : 1;
    *c++ = check(OTA_REASON_RETRIES_EXHAUSTED, attempts > plan->retry_count, attempts,
                 plan->retry_count);
    *c++ = check(OTA_REASON_IN_PROGRESS, dstate == OTA_DEVICE_UPGRADING,
                 dstate == OTA_DEVICE_UPGRADING, OTA_UNSET);
    uint32_t applying = 0;
    for (uint32_t i = 0; i < e->eligibility.component_count; i++)
        applying += e->eligibility.components[i].applies != 0;
    *c++ =
        check(OTA_REASON_NO_APPLICABLE_COMPONENT, applying == 0, applying, plan->component_count);
    *c++ = check(OTA_REASON_LOW_SIGNAL,
                 plan->min_signal != OTA_UNSET && device->signal != OTA_UNSET &&
                     device->signal < plan->min_signal,
                 device->signal, plan->min_signal);
    *c++ = check(OTA_REASON_LOW_BATTERY,
                 plan->min_battery != OTA_UNSET && device->battery != OTA_UNSET &&
                     device->battery < plan->min_battery,
                 device->battery, plan->min_battery);
    e->check_count = (uint32_t)(c - e->checks);
}

/* Occurrence days from T0's to the push's that closed weekdays skipped. */
static uint32_t closed_days_between(const ota_compiled_plan *plan, int64_t t0, int64_t day)
{
    if (!plan->weekdays)
        return 0;
    uint32_t closed = 0;
    for (int64_t d = ota__occurrence_day(&plan->zone, plan->window, t0); d < day; d++)
        closed += !(plan->weekdays & ota__weekday_bit(d));
    return closed;
}

/* The blackouts reaching into [t0, until]. */
static void blackouts_considered(const ota_compiled_plan *plan, int64_t t0, int64_t until,
                                 ota_explanation *e)
{
    for (uint32_t i = 0; i < plan->blackout_count; i++) {
        if (plan->blackouts[i].end <= t0 || plan->blackouts[i].start > until)
            continue;
        e->blackout_start[e->blackout_count] = plan->blackouts[i].start;
        e->blackout_end[e->blackout_count] = plan->blackouts[i].end;
        e->blackout_count++;
    }
}

static void explain_search(const ota_compiled_plan *plan, ota_explanation *e)
{
    if (e->t0 == OTA_NO_INSTANT) {
        /* No search ran: the terms noted before the mode said "await" (or
         * before a final reason) set nothing. */
        e->term_count = 0;
        memset(e->terms, 0, sizeof e->terms);
        return;
    }
    for (uint32_t i = 0; i < e->term_count; i++)
        if (e->terms[i].at == e->t0) {
            e->t0_set_by = e->terms[i].term;
            break;
        }
    int pushed = e->push.status == OTA_PUSH_AT;
    blackouts_considered(plan, e->t0, pushed ? e->push.at : plan->end, e);
    if (pushed && e->occurrence_day != OTA_NO_INSTANT)
        e->closed_days = closed_days_between(plan, e->t0, e->occurrence_day);
}

int32_t ota_device_explain(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                           const ota_eval_options *options, ota_explanation *out)
{
    if (!out)
        return OTA_ERR_NULL;
    if (out->version != OTA_EXPLANATION_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    ota_explanation e;
    memset(&e, 0, sizeof e);
    e.version = out->version;
    e.eligibility.version = OTA_ELIGIBILITY_VERSION;
    e.push.version = OTA_PUSH_RESULT_VERSION;
    e.t0 = OTA_NO_INSTANT;
    e.occurrence_day = OTA_NO_INSTANT;
    e.slot_index = -1;
    e.slot_at = OTA_NO_INSTANT;
    e.position = -1;
    int32_t status = ota__next_push(plan, device, now, options, NULL, &e.push, &e);
    if (status != OTA_OK)
        return status;
    status = ota_device_eligible(plan, device, now, &e.eligibility);
    if (status != OTA_OK)
        return status;
    e.bucket = plan->phase_count ? ota__rollout_bucket(plan, device->id, 0) : -1;
    if (plan->spread)
        e.position = ota__rollout_bucket(plan, device->id, 1);
    explain_checks(plan, device, now, &e);
    explain_search(plan, &e);
    *out = e;
    return OTA_OK;
}
