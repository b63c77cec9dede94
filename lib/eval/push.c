/* SPEC 6: when the platform next pushes the plan to a device. */
#include "checks.h"
#include "evaluate.h"
#include "hot.h"
#include "schedule.h"

static int64_t latest(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* SPEC 2.3's tick lengths, as bits: 0 and the divisors of an hour listed
 * there (a switch was a call and seven instructions on the hot path). */
#define ALLOWED_TICKS                                                                              \
    ((1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 3) | (1ull << 4) | (1ull << 5) |           \
     (1ull << 6) | (1ull << 10) | (1ull << 12) | (1ull << 15) | (1ull << 20) | (1ull << 30) |      \
     (1ull << 60))

static inline int tick_allowed(int32_t minutes)
{
    return minutes >= 0 && minutes <= 60 && ((ALLOWED_TICKS >> minutes) & 1);
}

int32_t ota_tick_is_allowed(int32_t minutes)
{
    return tick_allowed(minutes);
}

/* An answer of SPEC 6, copied field by field into the caller's
 * ota_push_result: its version stays the caller's, and no padding byte of
 * it is written (callers may compare results with memcmp). */
typedef struct answer {
    int32_t status;
    int32_t reason;
    int64_t at;
} answer;

static answer push_at(int64_t t)
{
    return (answer){.status = OTA_PUSH_AT, .reason = OTA_REASON_OK, .at = t};
}

static answer never(int32_t reason)
{
    return (answer){.status = OTA_PUSH_NEVER, .reason = reason, .at = OTA_NO_INSTANT};
}

static answer waiting(int32_t status)
{
    return (answer){.status = status, .reason = OTA_REASON_OK, .at = OTA_NO_INSTANT};
}

/* One term of T0 (SPEC 6, 11.2): the maximum so far with `at`, noted in
 * the explanation when there is one. */
OTA_HOT_INLINE int64_t term(ota_explanation *trace, int64_t t0, int32_t which, int64_t at)
{
    if (trace && trace->term_count < OTA_EXPLAIN_TERMS)
        trace->terms[trace->term_count++] = (ota_t0_term){.term = which, .at = at};
    return latest(t0, at);
}

/* Where the search for a tick (or the exact push) began: T0. */
OTA_HOT_INLINE void searched_from(ota_explanation *trace, int64_t t0)
{
    if (trace)
        trace->t0 = t0;
}

static schedule plan_schedule(const ota_compiled_plan *plan)
{
    return (schedule){.zone = &plan->zone,
                      .window = plan->window,
                      .weekdays = plan->weekdays,
                      .blackouts = plan->blackouts,
                      .blackout_count = plan->blackout_count};
}

/* The next tick inside the governing window at or after `from`, before the
 * plan's end, on an open day, outside the blackouts, and under spread not
 * before the device's slot (SPEC 2.4, 11.3-11.5). */
OTA_HOT_INLINE answer next_in_window(const ota_compiled_plan *plan, const ota_device *device,
                                     int64_t from, int32_t tick_seconds, ota_explanation *trace)
{
    int64_t t;
    searched_from(trace, from);
    if (!plan->spread && !plan->weekdays && !plan->blackout_count) {
        /* A plan without rollout control pays for none of it. */
        t = ota__window_next_inside(&plan->zone, plan->window, from, plan->end, tick_seconds);
    } else if (plan->spread) {
        /* SPEC 11.5: with tick 0, the ticks of an occurrence are its whole
         * minutes. */
        schedule s = plan_schedule(plan);
        int32_t position = ota__rollout_bucket(plan, device->id, 1);
        int32_t spread_tick = tick_seconds ? tick_seconds : 60;
        t = ota__schedule_next_spread(&s, from, plan->end, spread_tick, position);
        if (trace && t != OTA_NO_INSTANT) {
            trace->position = position;
            ota__schedule_spread_slot(&s, ota__occurrence_day(&plan->zone, plan->window, t),
                                      spread_tick, position, &trace->slot_index, &trace->slot_count,
                                      &trace->slot_at);
        }
    } else {
        schedule s = plan_schedule(plan);
        t = ota__schedule_next(&s, from, plan->end, tick_seconds);
    }
    if (trace && t != OTA_NO_INSTANT) {
        trace->occurrence_day = ota__occurrence_day(&plan->zone, plan->window, t);
        trace->occurrence_weekday = ota__weekday_bit(trace->occurrence_day);
    }
    return t == OTA_NO_INSTANT ? never(OTA_REASON_PLAN_ENDED) : push_at(t);
}

OTA_HOT_INLINE answer user_confirmed(const ota_compiled_plan *plan, const ota_device *device,
                                     int64_t t0, int32_t tick_seconds, ota_explanation *trace)
{
    t0 = term(trace, t0, OTA_T0_CONFIRMATION, device->state_at);
    if (device->appointment_start == OTA_NO_INSTANT) {
        /* Exactly then: no window, no tick; a blackout moves it to its end
         * (merged blackouts take it past those that overlap or touch). */
        searched_from(trace, t0);
        int64_t t = ota__after_blackouts(plan->blackouts, plan->blackout_count, t0);
        return t < plan->end ? push_at(t) : never(OTA_REASON_PLAN_ENDED);
    }
    /* The appointment's ticks, skipping blackouts; no window, no weekdays,
     * no spread. */
    schedule s = plan_schedule(plan);
    s.window = WINDOW_ALL_DAY;
    s.weekdays = 0;
    int64_t from = term(trace, t0, OTA_T0_APPOINTMENT, device->appointment_start);
    searched_from(trace, from);
    int64_t t = ota__schedule_next(&s, from, device->appointment_end, tick_seconds);
    if (t == OTA_NO_INSTANT)
        return never(OTA_REASON_APPOINTMENT_MISSED);
    return t < plan->end ? push_at(t) : never(OTA_REASON_PLAN_ENDED);
}

OTA_HOT_INLINE answer plan_schedule_push(const ota_compiled_plan *plan, const ota_device *device,
                                         int64_t t0, int32_t tick_seconds, ota_explanation *trace)
{
    if (plan->mode == OTA_MODE_SILENT) {
        if (!plan->active_push)
            return waiting(OTA_PUSH_AWAIT_DEVICE_REQUEST);
        if (device->state == OTA_DEVICE_REFUSED)
            t0 = term(trace, t0, OTA_T0_REFUSAL_TIMER, device->state_at + plan->refusal_seconds);
        return next_in_window(plan, device, t0, tick_seconds, trace);
    }
    if (device->state == OTA_DEVICE_USER_CONFIRMED)
        return user_confirmed(plan, device, t0, tick_seconds, trace);
    if (device->auto_update &&
        (device->state == OTA_DEVICE_IDLE || device->state == OTA_DEVICE_FAILED))
        return next_in_window(plan, device, t0, tick_seconds, trace);
    return waiting(OTA_PUSH_AWAIT_USER_CONFIRM);
}

/* The search, written once with the explanation's trace as a parameter:
 * ota_next_push_time() and the batch expand it with trace NULL, so that
 * noting the derivation costs the hot path nothing; ota__next_push() is the
 * traced one, for ota_device_explain().  This part takes a device and an
 * instant already checked, `ahead` its lookup begun (or NULL). */
OTA_HOT_INLINE void push_of_checked(const ota_compiled_plan *plan, const ota_device *device,
                                    int64_t now, int32_t tick_minutes, const lookup_ahead *ahead,
                                    ota_push_result *out, ota_explanation *trace)
{
    /* SPEC 6: every check of SPEC 5 but plan_not_started and
     * rollout_pending runs first; the device-side ones do not delay the
     * push, the device checks them. */
    /* Not zeroed (144 bytes on the hot path): the checks write every field
     * that is read below. */
    ota_eligibility checks;
    int32_t bucket;
    ota__eligibility_checks(plan, device, now, 1, ahead, &checks, &bucket);
    answer a;
    if (checks.kind != OTA_KIND_NONE && checks.kind != OTA_KIND_DEVICE_SIDE) {
        a = never(checks.reason);
    } else {
        /* T0 = max(now, start, activated_at, P(d)) (SPEC 2.4, 11.2). */
        int64_t t0 = term(trace, now, OTA_T0_NOW, now);
        t0 = term(trace, t0, OTA_T0_START, plan->start);
        if (plan->effective_start != plan->start)
            t0 = term(trace, t0, OTA_T0_ACTIVATED_AT, plan->effective_start);
        if (bucket >= 0)
            t0 = term(trace, t0, OTA_T0_PHASE, ota__rollout_phase_start(plan, bucket));
        a = plan_schedule_push(plan, device, t0, tick_minutes * 60, trace);
    }
    out->status = a.status;
    out->reason = a.reason;
    out->at = a.at;
}

OTA_HOT_INLINE int32_t next_push(const ota_compiled_plan *plan, const ota_device *device,
                                 int64_t now, const ota_eval_options *options,
                                 const lookup_ahead *ahead, ota_push_result *out,
                                 ota_explanation *trace)
{
    if (!out)
        return OTA_ERR_NULL;
    if (out->version != OTA_PUSH_RESULT_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    int32_t tick_minutes = OTA_TICK_DEFAULT_MINUTES;
    if (options) {
        if (options->version != OTA_EVAL_OPTIONS_VERSION)
            return OTA_ERR_STRUCT_VERSION;
        if (!tick_allowed(options->tick_minutes))
            return OTA_ERR_ARGUMENT;
        tick_minutes = options->tick_minutes;
    }
    /* The list entry loads while the device is checked. */
    lookup_ahead begun = {0, 0};
    if (!ahead && plan) {
        begun = ota__lookup_begin(plan, device);
        ahead = &begun;
    }
    int32_t status = ota__evaluation_inputs_check(plan, device, now);
    if (status != OTA_OK)
        return status;
    push_of_checked(plan, device, now, tick_minutes, ahead, out, trace);
    return OTA_OK;
}

int32_t ota__next_push(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                       const ota_eval_options *options, const lookup_ahead *ahead,
                       ota_push_result *out, ota_explanation *trace)
{
    return next_push(plan, device, now, options, ahead, out, trace);
}

void ota__next_push_checked(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                            int32_t tick_minutes, const lookup_ahead *ahead, ota_push_result *out)
{
    push_of_checked(plan, device, now, tick_minutes, ahead, out, NULL);
}

int32_t ota_next_push_time(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                           const ota_eval_options *options, ota_push_result *out)
{
    return next_push(plan, device, now, options, NULL, out, NULL);
}

int32_t ota_next_push_time_many(const ota_compiled_plan *plan, const ota_device *const *devices,
                                size_t count, int64_t now, const ota_eval_options *options,
                                ota_push_result *const *out, size_t *failed_index)
{
    if (!plan || (count > 0 && (!out || !devices)))
        return OTA_ERR_NULL;
    lookup_pipeline pipeline;
    ota__pipeline_start(&pipeline, plan, devices, count);
    for (size_t i = 0; i < count; i++) {
        const lookup_ahead *ahead = ota__pipeline_next(&pipeline, i);
        int32_t status = next_push(plan, devices[i], now, options, ahead, out[i], NULL);
        if (status != OTA_OK) {
            if (failed_index)
                *failed_index = i;
            return status;
        }
    }
    return OTA_OK;
}
