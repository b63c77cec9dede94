/* The differential test of the time engine: the compiled
 * plan's table-driven answers against the slow reference model
 * (reference.c) on 100,000 random (plan, device, now, tick) cases in 32
 * zones over 2024-2040, with `now` drawn near offset transitions, window
 * edges, tick edges, blackout edges and phase starts, and plans that use
 * every field of SPEC 11 (weekdays, including windows that cross midnight,
 * blackouts, phases, spread, salts) and of SPEC 13 (both orders, bounds,
 * downgrades allowed or not, devices around the bounds and the target).
 * Zero disagreements allowed.
 * OTAPLAN_DIFFERENTIAL_CASES overrides the count (e.g. for a longer run). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "reference.h"
#include "slow_order.h"
#include "zones.h"

enum { DEVICES_PER_PLAN = 50 };

static const int ticks[] = {0, 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60};

/* xorshift64*: reproducible from the seed printed on failure. */
static uint64_t rng_state;
static uint64_t next_random(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}
static int64_t uniform(int64_t low, int64_t high) /* inclusive */
{
    return low + (int64_t)(next_random() % (uint64_t)(high - low + 1));
}

/* An instant worth testing near `base`: an offset transition, the local
 * start or end of the window, or a tick edge, give or take a little. */
static int64_t interesting_instant(reference *ref, int64_t base, const ota_window *window)
{
    UErrorCode status = U_ZERO_ERROR;
    int64_t anchor = base;
    int64_t midnight = base - reference_time_of_day(ref, base);
    switch (next_random() % 4) {
    case 0: { /* the next transition */
        UDate transition;
        ucal_setMillis(ref->calendar, (UDate)base * 1000.0, &status);
        if (ucal_getTimeZoneTransitionDate(ref->calendar, UCAL_TZ_TRANSITION_NEXT, &transition,
                                           &status))
            anchor = (int64_t)(transition / 1000.0);
        break;
    }
    case 1: /* a local window edge */
        anchor = midnight +
                 3600 * (window ? (next_random() % 2 ? window->start_hour : window->end_hour) : 0);
        break;
    case 2: /* a local tick edge */ anchor = midnight + 600 * uniform(0, 143); break;
    default: break;
    }
    switch (next_random() % 3) {
    case 0: return anchor + uniform(-120, 120);
    case 1: return anchor + 60 * uniform(-90, 90);
    default: return anchor + uniform(-86400, 86400);
    }
}

static void format_local(int64_t local, char *out, size_t capacity)
{
    int64_t days = local / 86400, seconds = local % 86400;
    /* civil from days (H. Hinnant) */
    days += 719468;
    int64_t era = days / 146097, doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int day = (int)(doy - (153 * mp + 2) / 5 + 1), month = (int)(mp < 10 ? mp + 3 : mp - 9);
    int year = (int)(yoe + era * 400 + (month <= 2));
    snprintf(out, capacity, "%04d-%02d-%02dT%02d:%02d", year, month, day, (int)(seconds / 3600),
             (int)(seconds / 60 % 60));
}

typedef struct random_plan {
    fixture_plan f;
    char start[20], end[20];
    const char *black[2];
    const char *white[3];
    char times[12][20]; /* 3 blackouts of 2 times, 3 phases */
    ota_blackout blackouts[3];
    ota_rollout_phase phases[3];
    ota_rollout rollout;
} random_plan;

/* SPEC 11 on a part of the plans: weekdays, blackouts and phases around the
 * period, spread, a salt. */
static void add_rollout(random_plan *rp, int64_t local_start, int64_t length)
{
    fixture_plan *f = &rp->f;
    if (next_random() % 3 == 0) {
        f->push_window.weekdays = (uint32_t)uniform(1, 127);
        f->auto_upgrade_window.weekdays = f->push_window.weekdays;
    }
    int times = 0;
    if (next_random() % 3 == 0) {
        uint32_t n = (uint32_t)uniform(1, 3);
        for (uint32_t i = 0; i < n; i++) {
            int64_t from = local_start + uniform(-86400, length);
            from -= from % 60;
            int64_t to = from + 60 * uniform(1, 3 * 1440);
            format_local(from, rp->times[times], sizeof rp->times[0]);
            format_local(to, rp->times[times + 1], sizeof rp->times[0]);
            rp->blackouts[i] = (ota_blackout){rp->times[times], rp->times[times + 1]};
            times += 2;
        }
        f->plan.blackouts = rp->blackouts;
        f->plan.blackout_count = n;
    }
    int phases = next_random() % 3 == 0, spread = next_random() % 3 == 0;
    if (!phases && !spread)
        return;
    rp->rollout = (ota_rollout){.spread = spread};
    static const char *const salts[] = {NULL, "A", "fw-2.4", "grey.release_7"};
    rp->rollout.salt = salts[next_random() % 4];
    if (phases) {
        uint32_t n = (uint32_t)uniform(1, 3);
        int64_t at = local_start + uniform(-86400, length / 2);
        int32_t share = 0;
        for (uint32_t i = 0; i < n; i++) {
            at -= at % 60;
            share += (int32_t)uniform(1, (10000 - share) / (int32_t)(n - i));
            if (i == n - 1 && next_random() % 2)
                share = 10000;
            format_local(at, rp->times[times], sizeof rp->times[0]);
            rp->phases[i] = (ota_rollout_phase){rp->times[times++], share};
            at += 60 * uniform(30, 3 * 1440);
        }
        rp->rollout.phases = rp->phases;
        rp->rollout.phase_count = n;
    }
    f->plan.rollout = &rp->rollout;
}

/* The versions of the plans' components and of the devices: semvers and
 * natural tokens around each other (SPEC 13). */
static const char *const version_pool[] = {
    "1.0",        "2.0",         "3.0",  "1.1", "0.9",   "1.0.0", "1.1.0", "2.0.0",
    "2.0.0-rc.1", "2.0.0-rc.10", "1.10", "1.9", "01.10", "v2",    "2.0.1", "10.0.0"};
#define VERSION_POOL_SIZE (sizeof version_pool / sizeof *version_pool)

static const char *pool_version(void)
{
    return version_pool[next_random() % VERSION_POOL_SIZE];
}

/* A token of `order` from the pool. */
static const char *ordered_version(int32_t order)
{
    for (;;) {
        const char *v = pool_version();
        if (slow_is_ordered(order, v))
            return v;
    }
}

/* SPEC 13 on half of the plans: each component an order, perhaps bounds,
 * perhaps downgrades allowed; kept valid where the draw alone would not be
 * (the target and source of the order, an empty range dropped). */
static void add_order(random_plan *rp)
{
    if (next_random() % 2)
        return;
    for (uint32_t i = 0; i < rp->f.plan.component_count; i++) {
        ota_component *k = &rp->f.components[i];
        if (next_random() % 4 == 0)
            continue;
        int32_t order = next_random() % 2 ? OTA_ORDER_SEMVER : OTA_ORDER_NATURAL;
        k->version_order = order;
        /* The larger of two, so that the pool has versions below it. */
        const char *a = ordered_version(order), *b = ordered_version(order);
        k->target_version = slow_compare(order, a, b) > 0 ? a : b;
        if (k->method == OTA_METHOD_DELTA) {
            do
                k->source_version = ordered_version(order);
            while (strcmp(k->source_version, k->target_version) == 0);
        } else if (next_random() % 4 == 0) {
            k->specified_versions = next_random() % 2 ? "1.0.0;2.0.0-rc.1;1.9" : "1.0;1.10;2.0";
            if (order == OTA_ORDER_SEMVER)
                k->specified_versions = "1.0.0;2.0.0-rc.1;1.1.0";
        } else {
            /* Wide ranges more often than narrow ones: the smaller of two
             * draws for the lower bound, the larger for the upper. */
            const char *c = ordered_version(order), *d = ordered_version(order);
            if (next_random() % 2)
                k->min_version = slow_compare(order, c, d) < 0 ? c : d;
            c = ordered_version(order);
            d = ordered_version(order);
            if (next_random() % 2)
                k->below_version = slow_compare(order, c, d) > 0 ? c : d;
            if (k->min_version && k->below_version &&
                slow_compare(order, k->min_version, k->below_version) >= 0)
                k->below_version = NULL;
        }
        k->allow_downgrade = (int32_t)(next_random() % 3); /* absent, allowed, denied */
    }
}

static void make_plan(random_plan *rp, int64_t around)
{
    fixture_plan *f = &rp->f;
    int silent = next_random() % 2;
    if (silent)
        fixture_silent(f);
    else
        fixture_user_confirm(f);
    f->plan.timezone = test_zones[next_random() % TEST_ZONE_COUNT];
    /* Local wall times a few days around `around`, on whole minutes. */
    int64_t local_start = around - uniform(0, 4 * 86400);
    local_start -= local_start % 60;
    int64_t length = next_random() % 3 == 0 ? uniform(1, 48) * 3600 : uniform(1, 20) * 86400;
    format_local(local_start, rp->start, sizeof rp->start);
    format_local(local_start + length + 60 * uniform(0, 59), rp->end, sizeof rp->end);
    f->plan.start = rp->start;
    f->plan.end = rp->end;
    int32_t h1 = (int32_t)uniform(0, 23), h2 = (int32_t)uniform(1, 24);
    if (h1 == h2)
        h2 = h1 + 1;
    ota_window *window = silent ? &f->push_window : &f->auto_upgrade_window;
    *window = (ota_window){h1, h2};
    if (next_random() % 5 == 0)
        *window = (ota_window){0, 24};
    const ota_window *chosen = next_random() % 6 == 0 ? NULL : window;
    if (silent) {
        f->plan.push_window = chosen;
        f->plan.active_push = next_random() % 8 == 0 ? 0 : OTA_UNSET;
        if (f->plan.active_push == 0)
            f->plan.push_window = NULL;
        f->plan.refusal_retry_minutes = next_random() % 2 ? (int32_t)uniform(10, 1440) : OTA_UNSET;
    } else {
        f->plan.auto_upgrade_window = chosen;
    }
    f->plan.state = next_random() % 10 == 0 ? (int32_t)uniform(0, 4) : OTA_PLAN_ACTIVE;
    f->plan.retry_count = (int32_t)uniform(0, 3);
    f->plan.min_battery = next_random() % 3 == 0 ? 30 : OTA_UNSET;
    f->plan.min_signal = next_random() % 3 == 0 ? -100 : OTA_UNSET;
    rp->black[0] = "dev-3";
    f->plan.blacklist = rp->black;
    f->plan.blacklist_count = next_random() % 4 == 0;
    rp->white[0] = "dev-1";
    rp->white[1] = "dev-2";
    rp->white[2] = "dev-3";
    f->plan.whitelist = rp->white;
    f->plan.whitelist_count = next_random() % 5 == 0 ? 3 : 0;
    add_rollout(rp, local_start, length);
    add_order(rp);
}

typedef struct random_device {
    ota_device d;
    ota_device_version versions[2];
    char id[16];
} random_device;

/* A version of the pool; for an ordered component, three times in four
 * one below its target (when the pool has one), so that pushes stay
 * common. */
static const char *device_version(const ota_component *k)
{
    const char *v = pool_version();
    if (!k->version_order || next_random() % 4 == 0)
        return v;
    for (int tries = 0; tries < 16; tries++, v = pool_version())
        if (slow_is_ordered(k->version_order, v) &&
            slow_compare(k->version_order, v, k->target_version) < 0)
            return v;
    return v;
}

static void make_device(random_device *rd, const ota_plan *plan, int64_t now)
{
    ota_device *d = &rd->d;
    ota_device_init(d, OTA_DEVICE_STRUCT_VERSION);
    /* A few listed IDs, and many others so that buckets and positions
     * spread over their range. */
    int listed = next_random() % 2;
    snprintf(rd->id, sizeof rd->id, "dev-%d",
             listed ? (next_random() % 8 ? (int)uniform(1, 2) : (int)uniform(0, 5))
                    : (int)uniform(6, 999999));
    d->id = rd->id;
    d->product = next_random() % 20 ? plan->product : "other";
    /* Unordered components take the versions of SPEC 3.1's cases; ordered
     * ones often the plan's own versions (at_target, a source matched), or
     * one around the bounds and the target. */
    static const char *const plain[] = {"1.0", "2.0", "3.0", "1.1", "0.9"};
    const ota_component *k = &plan->components[0];
    rd->versions[0] = (ota_device_version){k->id, !k->version_order ? plain[next_random() % 5]
                                                  : next_random() % 4 == 0 ? k->target_version
                                                                           : device_version(k)};
    k = plan->component_count > 1 ? &plan->components[1] : NULL;
    rd->versions[1] =
        (ota_device_version){k ? k->id : "x", !k || !k->version_order  ? plain[next_random() % 5]
                                              : next_random() % 3 == 0 ? k->source_version
                                                                       : device_version(k)};
    d->versions = rd->versions;
    d->version_count = next_random() % 8 ? 2 : (uint32_t)uniform(0, 1);
    if (next_random() % 2)
        d->signal = (int32_t)uniform(-120, -60);
    if (next_random() % 2)
        d->battery = (int32_t)uniform(0, 100);
    d->auto_update = next_random() % 4 != 0;
    static const int32_t states[] = {
        OTA_DEVICE_IDLE,           OTA_DEVICE_IDLE,           OTA_DEVICE_IDLE,
        OTA_DEVICE_IDLE,           OTA_DEVICE_REFUSED,        OTA_DEVICE_REFUSED,
        OTA_DEVICE_USER_CONFIRMED, OTA_DEVICE_USER_CONFIRMED, OTA_DEVICE_FAILED,
        OTA_DEVICE_FAILED,         OTA_DEVICE_UPGRADING,      OTA_DEVICE_SUCCEEDED};
    d->state = states[next_random() % (sizeof states / sizeof *states)];
    d->failed_attempts = (int32_t)uniform(0, 4);
    if (next_random() % 2 || d->state == OTA_DEVICE_REFUSED ||
        d->state == OTA_DEVICE_USER_CONFIRMED)
        d->state_at = now + uniform(-2 * 86400, 3600);
    if (d->state == OTA_DEVICE_USER_CONFIRMED && next_random() % 2) {
        d->appointment_start = now + uniform(-3600, 86400);
        d->appointment_end = d->appointment_start + uniform(60, 6 * 3600);
    }
}

static int same_push(const ota_push_result *a, const ota_push_result *b)
{
    return a->status == b->status && a->reason == b->reason && a->at == b->at;
}

static int same_eligibility(const ota_eligibility *a, const ota_eligibility *b)
{
    if (a->reason != b->reason || a->kind != b->kind || a->component_count != b->component_count)
        return 0;
    for (uint32_t i = 0; i < a->component_count; i++)
        if (a->components[i].applies != b->components[i].applies ||
            a->components[i].reason != b->components[i].reason)
            return 0;
    return 1;
}

static void fast_path_agrees_with_reference(void **state)
{
    (void)state;
    const char *requested = getenv("OTAPLAN_DIFFERENTIAL_CASES");
    long cases = requested ? atol(requested) : 100000;
    uint64_t seed = getenv("OTAPLAN_SEED") ? strtoull(getenv("OTAPLAN_SEED"), NULL, 10) : 20261124;
    rng_state = seed ? seed : 1;
    print_message("differential: %ld cases, seed %llu\n", cases, (unsigned long long)seed);
    long compared = 0, disagreements = 0, pushes = 0, plans = 0;
    /* pushes found under each part of SPEC 11, to show that it is exercised */
    long spread_pushes = 0, phase_pushes = 0, blackout_pushes = 0, weekday_pushes = 0;
    long pending = 0, outside = 0;
    long order_reasons[4] = {0}; /* SPEC 13.3's four reasons, as the fast path gave them */
    long ordered_cases = 0, ordered_pushes = 0; /* of plans with an order */
    const int64_t first = fixture_instant("2024-01-01T00:00:00Z");
    const int64_t last = fixture_instant("2040-12-31T00:00:00Z");
    while (compared < cases) {
        random_plan rp;
        int64_t around = uniform(first, last);
        make_plan(&rp, around);
        ota_compiled_plan *compiled = NULL;
        if (ota_plan_compile(&rp.f.plan, NULL, &compiled, NULL) != OTA_OK)
            continue; /* e.g. a start in a gap that resolves past the end */
        plans++;
        reference ref;
        assert_int_equal(reference_open(&ref, &rp.f.plan), 0);
        int64_t start, end, effective;
        ota_compiled_plan_period(compiled, &start, &end, &effective);
        if (start != ref.start || end != ref.end) {
            fail_msg("%s %s..%s resolves to %lld..%lld, ICU says %lld..%lld", rp.f.plan.timezone,
                     rp.f.plan.start, rp.f.plan.end, (long long)start, (long long)end,
                     (long long)ref.start, (long long)ref.end);
        }
        const ota_window *window = rp.f.plan.mode == OTA_MODE_SILENT
                                       ? rp.f.plan.push_window
                                       : rp.f.plan.auto_upgrade_window;
        for (int k = 0; k < DEVICES_PER_PLAN && compared < cases; k++) {
            int64_t now = interesting_instant(&ref, uniform(start - 3600, end), window);
            /* Near a blackout edge or a phase start. */
            uint32_t edges = 2 * ref.blackout_count + ref.phase_count;
            if (edges && next_random() % 4 == 0) {
                uint32_t e = (uint32_t)next_random() % edges;
                int64_t edge = e < ref.blackout_count ? ref.blackout_start[e]
                               : e < 2 * ref.blackout_count
                                   ? ref.blackout_end[e - ref.blackout_count]
                                   : ref.phase_start[e - 2 * ref.blackout_count];
                now = edge + (next_random() % 2 ? uniform(-120, 120) : 60 * uniform(-600, 600));
            }
            if (now < OTA_INSTANT_MIN || now >= OTA_INSTANT_MAX)
                continue;
            random_device rd;
            make_device(&rd, &rp.f.plan, now);
            int tick = ticks[next_random() % (sizeof ticks / sizeof *ticks)];
            ota_eval_options options;
            ota_eval_options_init(&options, OTA_EVAL_OPTIONS_VERSION);
            options.tick_minutes = tick;
            ota_push_result fast = OTA_PUSH_RESULT_INIT, slow = OTA_PUSH_RESULT_INIT;
            ota_eligibility fast_e = OTA_ELIGIBILITY_INIT, slow_e = OTA_ELIGIBILITY_INIT;
            assert_int_equal(ota_next_push_time(compiled, &rd.d, now, &options, &fast), OTA_OK);
            assert_int_equal(ota_device_eligible(compiled, &rd.d, now, &fast_e), OTA_OK);
            int gave_up = reference_next_push(&ref, &rd.d, now, tick, &slow);
            reference_eligible(&ref, &rd.d, now, &slow_e);
            compared++;
            int pushed = fast.status == OTA_PUSH_AT;
            const ota_rollout *rollout = rp.f.plan.rollout;
            int ordered = 0;
            for (uint32_t c = 0; c < rp.f.plan.component_count; c++)
                ordered |= rp.f.plan.components[c].version_order != OTA_ORDER_NONE;
            ordered_cases += ordered;
            ordered_pushes += ordered && pushed;
            pushes += pushed;
            spread_pushes += pushed && rollout && rollout->spread;
            phase_pushes += pushed && rollout && rollout->phase_count;
            blackout_pushes += pushed && rp.f.plan.blackout_count;
            weekday_pushes += pushed && window && window->weekdays;
            pending += fast_e.reason == OTA_REASON_ROLLOUT_PENDING;
            outside += fast_e.reason == OTA_REASON_OUTSIDE_ROLLOUT;
            for (uint32_t c = 0; c < fast_e.component_count; c++) {
                int32_t why = fast_e.components[c].reason;
                if (why >= OTA_REASON_VERSION_UNORDERED && why <= OTA_REASON_NEWER_THAN_TARGET)
                    order_reasons[why - OTA_REASON_VERSION_UNORDERED]++;
            }
            if (gave_up || !same_push(&fast, &slow) || !same_eligibility(&fast_e, &slow_e)) {
                if (disagreements++ < 10)
                    print_message("DISAGREE %s %s..%s window %d-%d now %lld tick %d state %d: fast "
                                  "%s %lld %s / ref %s %lld %s%s; eligible %s / %s\n",
                                  rp.f.plan.timezone, rp.f.plan.start, rp.f.plan.end,
                                  window ? window->start_hour : -1, window ? window->end_hour : -1,
                                  (long long)now, tick, rd.d.state,
                                  ota_push_status_name(fast.status), (long long)fast.at,
                                  ota_reason_name(fast.reason), ota_push_status_name(slow.status),
                                  (long long)slow.at, ota_reason_name(slow.reason),
                                  gave_up ? " (reference gave up)" : "",
                                  ota_reason_name(fast_e.reason), ota_reason_name(slow_e.reason));
            }
        }
        reference_close(&ref);
        ota_compiled_plan_free(compiled);
    }
    print_message("differential: %ld plans, %ld cases (%ld push_at), %ld disagreements\n", plans,
                  compared, pushes, disagreements);
    print_message(
        "differential: push_at under spread %ld, phases %ld, blackouts %ld, weekdays %ld; "
        "rollout_pending %ld, outside_rollout %ld\n",
        spread_pushes, phase_pushes, blackout_pushes, weekday_pushes, pending, outside);
    print_message("differential: %ld cases of ordered plans (%ld push_at); version_unordered %ld, "
                  "below_range %ld, above_range %ld, newer_than_target %ld components\n",
                  ordered_cases, ordered_pushes, order_reasons[0], order_reasons[1],
                  order_reasons[2], order_reasons[3]);
    assert_int_equal(disagreements, 0);
    for (int r = 0; r < 4; r++)
        assert_true(order_reasons[r] > cases / 200);
    /* Ordered plans refuse more devices by design (their ranges and no
     * downgrades); they must still push. */
    assert_true(ordered_cases > cases / 4 && ordered_pushes > ordered_cases / 10);
    /* The generator must exercise real pushes, not only refusals (on the
     * plans without an order, as before SPEC 13), and each part of SPEC 11. */
    assert_true(pushes - ordered_pushes > (cases - ordered_cases) / 5);
    assert_true(spread_pushes > cases / 50 && phase_pushes > cases / 100 &&
                blackout_pushes > cases / 50 && weekday_pushes > cases / 50);
    assert_true(pending > cases / 500 && outside > cases / 500);
}

static void windows_agree_with_reference(void **state)
{
    (void)state;
    rng_state = 99;
    const int64_t first = fixture_instant("2024-01-01T00:00:00Z");
    const int64_t last = fixture_instant("2040-12-31T00:00:00Z");
    int checked = 0;
    while (checked < 600) {
        random_plan rp;
        make_plan(&rp, uniform(first, last));
        ota_compiled_plan *compiled = NULL;
        if (ota_plan_compile(&rp.f.plan, NULL, &compiled, NULL) != OTA_OK)
            continue;
        reference ref;
        assert_int_equal(reference_open(&ref, &rp.f.plan), 0);
        const ota_window *window = rp.f.plan.mode == OTA_MODE_SILENT
                                       ? rp.f.plan.push_window
                                       : rp.f.plan.auto_upgrade_window;
        int has_window = !(rp.f.plan.mode == OTA_MODE_SILENT && rp.f.plan.active_push == 0);
        int64_t start, end, effective;
        ota_compiled_plan_period(compiled, &start, &end, &effective);
        int64_t to = start + 3 * 86400 < end ? start + 3 * 86400 : end;
        /* Every minute of [start, to) is inside exactly when an interval
         * holds it. */
        ota_interval interval = OTA_INTERVAL_INIT;
        int found = ota_compiled_plan_next_window(compiled, start, to, &interval);
        for (int64_t t = start; t < to; t += 60) {
            while (found == OTA_OK && interval.end <= t)
                found = ota_compiled_plan_next_window(compiled, interval.end, to, &interval);
            int listed = found == OTA_OK && interval.start <= t && t < interval.end;
            int model = has_window && reference_allowed(&ref, window, t);
            if (listed != model)
                fail_msg("%s window at %lld: listed %d, model %d", rp.f.plan.timezone, (long long)t,
                         listed, model);
        }
        reference_close(&ref);
        ota_compiled_plan_free(compiled);
        checked++;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_path_agrees_with_reference),
        cmocka_unit_test(windows_agree_with_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
