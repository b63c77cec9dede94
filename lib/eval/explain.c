/* otaplan explain: one device's whole decision.  The answers come from the
 * functions every caller uses (ota_device_eligible(), and the next-push
 * search with a trace); what is added is every row of the table of checks
 * (checks.h), each with the values it compared, run whole where the fast
 * path stops at the first that fails, so the tests can hold the two
 * against each other. */
#include "abi.h"
#include "checks.h"
#include "evaluate.h"

#include <string.h>

/* Every row of the table, none skipped: the sides of each as it compared
 * them, in SPEC 5's order. */
static void explain_checks(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                           ota_explanation *e)
{
    uint32_t applying = 0;
    for (uint32_t i = 0; i < e->eligibility.component_count; i++)
        applying += e->eligibility.components[i].applies != 0;
    check_input in = check_input_of(plan, device, now, NULL, applying);
    ota_check_result *c = e->checks;
    check_sides sides;
#define OTA_RECORD(reason, rule, delays_push)                                                      \
    {                                                                                              \
        int failed = rule(&in, &sides);                                                            \
        *c++ = (ota_check_result){                                                                 \
            .check = reason, .failed = failed, .value = sides.value, .limit = sides.limit};        \
    }
    OTA_CHECKS(OTA_RECORD)
#undef OTA_RECORD
    e->check_count = (uint32_t)(c - e->checks);
    e->bucket = bucket_of(&in); /* -1 without phases */
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
    if (out->version != OTA_EXPLANATION_VERSION && out->version != 1)
        return OTA_ERR_STRUCT_VERSION;
    ota_explanation e;
    memset(&e, 0, sizeof e);
    e.version = OTA_EXPLANATION_VERSION;
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
    if (plan->spread)
        e.position = ota__rollout_bucket(plan, device->id, 1);
    explain_checks(plan, device, now, &e);
    explain_search(plan, &e);
    if (out->version == 1) {
        /* 0.3.0's layout, in the caller's 1,256 bytes. */
        ota_explanation_v1 old;
        ota__explanation_v1_of(&e, &old);
        memcpy(out, &old, sizeof old);
    } else {
        *out = e;
    }
    return OTA_OK;
}
