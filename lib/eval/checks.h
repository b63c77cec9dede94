/* The checks of SPEC 5 (with 11.2), in their order, written once: the
 * fast path (eligibility, next push) stops at the first that fails,
 * ota_device_explain() runs them all and keeps the two sides each compared.
 *
 * A rule is one function below and one row of OTA_CHECKS.  The functions
 * are static inline and the table an X-macro, so that each walk expands to
 * straight-line code with the sides it does not read optimized away: the
 * table costs the fast path nothing (bench/RESULTS.md, 0.4.0, "the table of checks"). */
#ifndef OTA_CHECKS_H
#define OTA_CHECKS_H

#include "compiled.h"
#include "hot.h"
#include "lookup.h"
#include "reasons.h"
#include "rollout.h"

/* What the checks read, with the facts some of them share, found once. */
typedef struct check_input {
    const ota_compiled_plan *plan;
    const ota_device *device;
    int64_t now;
    const lookup_ahead *ahead; /* the device's lookup begun early, or NULL */
    uint32_t applying;         /* components that apply (SPEC 5, check 13) */
    int lists_known;
    unsigned lists; /* IDSET_* holding the device's ID, once lists_known */
    int32_t bucket; /* b(d) once computed; -1 without phases */
} check_input;

/* The two sides a check compared: the device's or the instant's, and the
 * plan's (OTA_UNSET or -1 where a side is absent; otaplan.h,
 * ota_device_explain()). */
typedef struct check_sides {
    int64_t value;
    int64_t limit;
} check_sides;

static inline int check_fails(check_sides *sides, int failed, int64_t value, int64_t limit)
{
    sides->value = value;
    sides->limit = limit;
    return failed;
}

/* IDs and versions are short: an inline loop beats a call to strncmp
 * (bench/bench_push: the checks were 23 ns of a 60 ns call with it). */
static inline int compiled_equals(compiled_string s, const char *text)
{
    for (uint32_t i = 0; i < s.length; i++)
        if (s.text[i] != text[i])
            return 0;
    return text[s.length] == '\0';
}

static inline unsigned lists_holding(check_input *in)
{
    if (!in->lists_known) {
        in->lists =
            in->plan->devices.entries ? ota__lookup_finish(in->plan, in->device, in->ahead) : 0;
        in->lists_known = 1;
    }
    return in->lists;
}

static inline int32_t bucket_of(check_input *in)
{
    if (in->bucket < 0 && in->plan->phase_count)
        in->bucket = ota__rollout_bucket(in->plan, in->device->id, 0);
    return in->bucket;
}

/* SPEC 4: a failed state with 0 attempts counts as 1; other states count 0. */
static inline int32_t failed_attempts_counted(const ota_device *device)
{
    if (device->state != OTA_DEVICE_FAILED)
        return 0;
    return device->failed_attempts > 0 ? device->failed_attempts : 1;
}

/* A minimum of the strategy (SPEC 3.3): a report below it fails; an absent
 * report or an absent minimum never does. */
static inline int below_minimum(int32_t report, int32_t minimum)
{
    return minimum != OTA_UNSET && report != OTA_UNSET && report < minimum;
}

static inline int check_plan_not_active(check_input *in, check_sides *s)
{
    int32_t state = in->plan->state;
    return check_fails(s, state == OTA_PLAN_SAVED, state, OTA_UNSET);
}

static inline int check_plan_terminated(check_input *in, check_sides *s)
{
    int32_t state = in->plan->state;
    return check_fails(s, state == OTA_PLAN_TERMINATED, state, OTA_UNSET);
}

static inline int check_plan_ended(check_input *in, check_sides *s)
{
    const ota_compiled_plan *p = in->plan;
    return check_fails(s, p->state == OTA_PLAN_ENDED || in->now >= p->end, in->now, p->end);
}

static inline int check_plan_suspended(check_input *in, check_sides *s)
{
    int32_t state = in->plan->state;
    return check_fails(s, state == OTA_PLAN_SUSPENDED, state, OTA_UNSET);
}

static inline int check_plan_not_started(check_input *in, check_sides *s)
{
    int64_t start = in->plan->effective_start;
    return check_fails(s, in->now < start, in->now, start);
}

static inline int check_wrong_product(check_input *in, check_sides *s)
{
    int wrong = !compiled_equals(in->plan->product, in->device->product);
    return check_fails(s, wrong, wrong, OTA_UNSET);
}

/* The blacklist beats the whitelist: it is checked first. */
static inline int check_blacklisted(check_input *in, check_sides *s)
{
    int listed = (lists_holding(in) & IDSET_BLACKLIST) != 0;
    return check_fails(s, listed, listed, in->plan->devices.blacklist_count);
}

static inline int check_not_whitelisted(check_input *in, check_sides *s)
{
    uint32_t count = in->plan->devices.whitelist_count;
    int listed = count > 0 && (lists_holding(in) & IDSET_WHITELIST) != 0;
    return check_fails(s, count > 0 && !listed, listed, count);
}

/* SPEC 11.2: in the rollout at t iff the bucket is below the share in
 * force; a share only grows, so below the last one means "in, some day". */
static inline int check_outside_rollout(check_input *in, check_sides *s)
{
    const ota_compiled_plan *p = in->plan;
    if (!p->phase_count)
        return check_fails(s, 0, -1, -1);
    int32_t last_share = p->phase_bp[p->phase_count - 1];
    int32_t bucket = bucket_of(in);
    return check_fails(s, bucket >= last_share, bucket, last_share);
}

static inline int check_rollout_pending(check_input *in, check_sides *s)
{
    if (!in->plan->phase_count)
        return check_fails(s, 0, -1, -1);
    int32_t share = ota__rollout_share_at(in->plan, in->now);
    int32_t bucket = bucket_of(in);
    return check_fails(s, bucket >= share, bucket, share);
}

static inline int check_already_succeeded(check_input *in, check_sides *s)
{
    int succeeded = in->device->state == OTA_DEVICE_SUCCEEDED;
    return check_fails(s, succeeded, succeeded, OTA_UNSET);
}

static inline int check_retries_exhausted(check_input *in, check_sides *s)
{
    int32_t attempts = failed_attempts_counted(in->device);
    return check_fails(s, attempts > in->plan->retry_count, attempts, in->plan->retry_count);
}

static inline int check_in_progress(check_input *in, check_sides *s)
{
    int upgrading = in->device->state == OTA_DEVICE_UPGRADING;
    return check_fails(s, upgrading, upgrading, OTA_UNSET);
}

static inline int check_no_applicable_component(check_input *in, check_sides *s)
{
    return check_fails(s, in->applying == 0, in->applying, in->plan->component_count);
}

static inline int check_low_signal(check_input *in, check_sides *s)
{
    int32_t report = in->device->signal, minimum = in->plan->min_signal;
    return check_fails(s, below_minimum(report, minimum), report, minimum);
}

static inline int check_low_battery(check_input *in, check_sides *s)
{
    int32_t report = in->device->battery, minimum = in->plan->min_battery;
    return check_fails(s, below_minimum(report, minimum), report, minimum);
}

/* The table: X(reason, rule, delays_push).  delays_push is 0 for the two
 * checks SPEC 6 leaves out (a push is searched for from the start or the
 * phase instead).  The order is SPEC 5's; the first row that fails is the
 * device's reason. */
#define OTA_CHECKS(X)                                                                              \
    X(OTA_REASON_PLAN_NOT_ACTIVE, check_plan_not_active, 1)                                        \
    X(OTA_REASON_PLAN_TERMINATED, check_plan_terminated, 1)                                        \
    X(OTA_REASON_PLAN_ENDED, check_plan_ended, 1)                                                  \
    X(OTA_REASON_PLAN_SUSPENDED, check_plan_suspended, 1)                                          \
    X(OTA_REASON_PLAN_NOT_STARTED, check_plan_not_started, 0)                                      \
    X(OTA_REASON_WRONG_PRODUCT, check_wrong_product, 1)                                            \
    X(OTA_REASON_BLACKLISTED, check_blacklisted, 1)                                                \
    X(OTA_REASON_NOT_WHITELISTED, check_not_whitelisted, 1)                                        \
    X(OTA_REASON_OUTSIDE_ROLLOUT, check_outside_rollout, 1)                                        \
    X(OTA_REASON_ROLLOUT_PENDING, check_rollout_pending, 0)                                        \
    X(OTA_REASON_ALREADY_SUCCEEDED, check_already_succeeded, 1)                                    \
    X(OTA_REASON_RETRIES_EXHAUSTED, check_retries_exhausted, 1)                                    \
    X(OTA_REASON_IN_PROGRESS, check_in_progress, 1)                                                \
    X(OTA_REASON_NO_APPLICABLE_COMPONENT, check_no_applicable_component, 1)                        \
    X(OTA_REASON_LOW_SIGNAL, check_low_signal, 1)                                                  \
    X(OTA_REASON_LOW_BATTERY, check_low_battery, 1)

static inline const char *reported_version(const ota_device *device, compiled_string component_id)
{
    for (uint32_t i = 0; i < device->version_count; i++)
        if (compiled_equals(component_id, device->versions[i].component_id))
            return device->versions[i].version;
    return NULL;
}

/* SPEC 5 and 13.3 for a full component without specified versions in an
 * order: the version is parsed once and compared with the target first
 * (equal bytes are at_target, and a token the target's order does not
 * hold is not the target); a bound on the far side of the target from the
 * version cannot decide and is not compared. */
OTA_HOT_INLINE int32_t why_not_in_range(const compiled_component *k, const char *version)
{
    ordered_version v;
    if (!ota__version_parse(k->order, version, &v))
        return OTA_REASON_VERSION_UNORDERED;
    int to_target = ota__version_compare(k->order, &v, &k->target_order);
    if (to_target == 0)
        return OTA_REASON_AT_TARGET;
    if (k->has_min && (to_target < 0 || k->min_above_target) &&
        ota__version_compare(k->order, &v, &k->min) < 0)
        return OTA_REASON_BELOW_RANGE;
    if (k->has_below && (to_target > 0 || !k->below_above_target) &&
        ota__version_compare(k->order, &v, &k->below) >= 0)
        return OTA_REASON_ABOVE_RANGE;
    if (k->downgrade_check && to_target > 0)
        return OTA_REASON_NEWER_THAN_TARGET;
    return OTA_REASON_OK;
}

/* SPEC 5, then 13.3, for a component with an order.  A version of the
 * plan's own (the source, a specified one) was judged against the target
 * at compile time. */
static inline int32_t why_not_in_order(const compiled_component *k, const char *version)
{
    if (k->method == OTA_METHOD_FULL && k->specified_count == 0)
        return why_not_in_range(k, version);
    if (compiled_equals(k->target, version))
        return OTA_REASON_AT_TARGET;
    if (k->method == OTA_METHOD_DELTA) {
        if (!compiled_equals(k->source, version))
            return OTA_REASON_SOURCE_MISMATCH;
        return k->source_newer ? OTA_REASON_NEWER_THAN_TARGET : OTA_REASON_OK;
    }
    for (uint32_t i = 0; i < k->specified_count; i++)
        if (compiled_equals(k->specified[i], version))
            return (k->specified_newer >> i) & 1 ? OTA_REASON_NEWER_THAN_TARGET : OTA_REASON_OK;
    return OTA_REASON_VERSION_NOT_SPECIFIED;
}

OTA_HOT_INLINE int32_t why_not_applicable(const compiled_component *k, const ota_device *device)
{
    const char *version = reported_version(device, k->id);
    if (!version)
        return OTA_REASON_COMPONENT_MISSING;
    if (k->order)
        return why_not_in_order(k, version);
    /* SPEC 3.1: versions are exact, case-sensitive strings with no order. */
    if (compiled_equals(k->target, version))
        return OTA_REASON_AT_TARGET;
    if (k->method == OTA_METHOD_DELTA)
        return compiled_equals(k->source, version) ? OTA_REASON_OK : OTA_REASON_SOURCE_MISMATCH;
    if (k->specified_count == 0)
        return OTA_REASON_OK;
    for (uint32_t i = 0; i < k->specified_count; i++)
        if (compiled_equals(k->specified[i], version))
            return OTA_REASON_OK;
    return OTA_REASON_VERSION_NOT_SPECIFIED;
}

/* The component rules (SPEC 5, check 13): fills the per-component answer;
 * returns how many components apply. */
OTA_HOT_INLINE uint32_t components_applying(const ota_compiled_plan *plan, const ota_device *device,
                                            ota_eligibility *out)
{
    uint32_t applying = 0;
    out->component_count = plan->component_count;
    for (uint32_t i = 0; i < plan->component_count; i++) {
        int32_t reason = why_not_applicable(&plan->components[i], device);
        out->components[i] =
            (ota_component_result){.applies = reason == OTA_REASON_OK, .reason = reason};
        applying += reason == OTA_REASON_OK;
    }
    return applying;
}

static inline check_input check_input_of(const ota_compiled_plan *plan, const ota_device *device,
                                         int64_t now, const lookup_ahead *ahead, uint32_t applying)
{
    return (check_input){.plan = plan,
                         .device = device,
                         .now = now,
                         .ahead = ahead,
                         .applying = applying,
                         .bucket = -1};
}

/* The fast walk: the reason of the first row that fails, OTA_REASON_OK if
 * none does.  With for_push, the rows that do not delay a push are
 * skipped (SPEC 6). */
OTA_HOT_INLINE int32_t ota__first_failing_check(check_input *in, int for_push)
{
    check_sides sides;
#define OTA_FIRST_FAILING(reason, rule, delays_push)                                               \
    if ((delays_push || !for_push) && rule(in, &sides))                                            \
        return reason;
    OTA_CHECKS(OTA_FIRST_FAILING)
#undef OTA_FIRST_FAILING
    return OTA_REASON_OK;
}

/* Runs the checks of SPEC 5 in order and fills *out.  With for_push, the
 * checks that block no push (plan_not_started, rollout_pending) are left
 * out, as SPEC 6 asks.  `ahead` is what ota__lookup_begin() gave for this
 * device, or NULL.  *bucket receives the device's bucket when the checks
 * computed it (rollout phases), else -1.  Inline: eligibility and next
 * push each expand it, and the next push's unread fields vanish. */
OTA_HOT_INLINE void ota__eligibility_checks(const ota_compiled_plan *plan, const ota_device *device,
                                            int64_t now, int for_push, const lookup_ahead *ahead,
                                            ota_eligibility *out, int32_t *bucket)
{
    uint32_t applying = components_applying(plan, device, out);
    check_input in = check_input_of(plan, device, now, ahead, applying);
    out->reason = ota__first_failing_check(&in, for_push);
    out->kind = reason_kind_of(out->reason);
    *bucket = in.bucket;
}

#endif
