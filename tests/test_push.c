/* SPEC 2 and 6: next push time, exact across daylight-saving changes.
 * Expected instants are worked out by hand from the zones' transitions
 * (listed with each case) and the SPEC's rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#define T(text) fixture_instant(text)

typedef struct scenario {
    fixture_plan f;
    ota_device device;
    ota_device_version versions[2];
} scenario;

/* A silent plan in `zone` with window [h1, h2) (h1 < 0: no window) and one
 * full component the device needs. */
static void silent_in(scenario *s, const char *zone, const char *start, const char *end, int h1,
                      int h2)
{
    fixture_silent(&s->f);
    s->f.plan.timezone = zone;
    s->f.plan.start = start;
    s->f.plan.end = end;
    s->f.push_window = (ota_window){h1, h2};
    s->f.plan.push_window = h1 >= 0 ? &s->f.push_window : NULL;
    s->f.plan.component_count = 1;
    ota_device_init(&s->device, OTA_DEVICE_STRUCT_VERSION);
    s->device.id = "dev-1";
    s->device.product = "lamp-1";
    s->versions[0] = (ota_device_version){"wifi", "1.0"};
    s->device.versions = s->versions;
    s->device.version_count = 1;
}

static void confirm_in(scenario *s, const char *zone, const char *start, const char *end)
{
    fixture_user_confirm(&s->f);
    s->f.plan.timezone = zone;
    s->f.plan.start = start;
    s->f.plan.end = end;
    ota_device_init(&s->device, OTA_DEVICE_STRUCT_VERSION);
    s->device.id = "dev-1";
    s->device.product = "cam-3";
    s->versions[0] = (ota_device_version){"main", "2.0"};
    s->device.versions = s->versions;
    s->device.version_count = 1;
}

static ota_push_result push(scenario *s, int64_t now, int tick)
{
    ota_compiled_plan *compiled = fixture_compile(&s->f.plan);
    ota_eval_options options;
    ota_eval_options_init(&options, OTA_EVAL_OPTIONS_VERSION);
    options.tick_minutes = tick;
    ota_push_result result = OTA_PUSH_RESULT_INIT;
    assert_int_equal(ota_next_push_time(compiled, &s->device, now, &options, &result), OTA_OK);
    ota_compiled_plan_free(compiled);
    return result;
}

static void expect_push_at(scenario *s, const char *now, int tick, const char *expected)
{
    ota_push_result r = push(s, T(now), tick);
    if (r.status != OTA_PUSH_AT || r.at != T(expected))
        fail_msg("now %s tick %d: expected push at %s, got status %s at %lld (reason %s)", now,
                 tick, expected, ota_push_status_name(r.status), (long long)r.at,
                 ota_reason_name(r.reason));
}

static void expect_never(scenario *s, const char *now, int32_t reason)
{
    ota_push_result r = push(s, T(now), 10);
    assert_int_equal(r.status, OTA_PUSH_NEVER);
    assert_string_equal(ota_reason_name(r.reason), ota_reason_name(reason));
    assert_true(r.at == OTA_NO_INSTANT);
}

static void worked_examples_of_spec_2_4(void **state)
{
    (void)state;
    scenario s;
    /* Created 2026-01-01 10:00 Shanghai, window 00-02: first push at the
     * next local midnight. */
    silent_in(&s, "Asia/Shanghai", "2026-01-01T10:00", "2026-12-31T00:00", 0, 2);
    expect_push_at(&s, "2026-01-01T02:00:00Z", 10, "2026-01-01T16:00:00Z");
    /* Refusal delay 50 min: refused at 10:10 -> 11:00; at 10:13:20 ->
     * earliest 11:03:20, next tick 11:10. */
    silent_in(&s, "Asia/Shanghai", "2026-01-01T10:00", "2026-12-31T00:00", -1, 0);
    s.f.plan.refusal_retry_minutes = 50;
    s.device.state = OTA_DEVICE_REFUSED;
    s.device.state_at = T("2026-01-01T02:10:00Z");
    expect_push_at(&s, "2026-01-01T02:10:00Z", 10, "2026-01-01T03:00:00Z");
    s.device.state_at = T("2026-01-01T02:13:20Z");
    expect_push_at(&s, "2026-01-01T02:13:20Z", 10, "2026-01-01T03:10:00Z");
}

static void new_york_spring_forward(void **state)
{
    (void)state;
    /* 2026-03-08T07:00Z: 02:00 EST becomes 03:00 EDT. */
    scenario s;
    silent_in(&s, "America/New_York", "2026-03-01T00:00", "2026-04-01T00:00", 2, 3);
    /* The 02-03 window has no instant that day: next is 02:00 EDT on the 9th. */
    expect_push_at(&s, "2026-03-08T05:00:00Z", 10, "2026-03-09T06:00:00Z");
    silent_in(&s, "America/New_York", "2026-03-01T00:00", "2026-04-01T00:00", 1, 3);
    expect_push_at(&s, "2026-03-08T06:00:00Z", 10, "2026-03-08T06:00:00Z");
    expect_push_at(&s, "2026-03-08T06:41:00Z", 10, "2026-03-08T06:50:00Z");
    /* After 01:50 EST the next local tick, 02:00, does not exist; 03:00 EDT
     * is outside 01-03's hours, so the next is 01:00 EDT on the 9th. */
    expect_push_at(&s, "2026-03-08T06:51:00Z", 10, "2026-03-09T05:00:00Z");
}

static void new_york_fall_back(void **state)
{
    (void)state;
    /* 2026-11-01T06:00Z: 02:00 EDT becomes 01:00 EST; 01-02 holds two hours. */
    scenario s;
    silent_in(&s, "America/New_York", "2026-10-01T00:00", "2026-12-01T00:00", 1, 2);
    expect_push_at(&s, "2026-11-01T05:55:00Z", 10, "2026-11-01T06:00:00Z");
    expect_push_at(&s, "2026-11-01T06:55:00Z", 60, "2026-11-02T06:00:00Z");
    /* 01:51 EDT: the next local tick, 02:00 EDT, is the transition itself,
     * which reads 01:00 EST: inside the window again. */
    expect_push_at(&s, "2026-11-01T05:51:00Z", 10, "2026-11-01T06:00:00Z");
    /* 01:51 EST: 02:00 EST is outside; next is 01:00 EST on the 2nd. */
    expect_push_at(&s, "2026-11-01T06:51:00Z", 10, "2026-11-02T06:00:00Z");
}

static void windows_listing(scenario *s, const char *from, const char *to,
                            const char *const *expected, size_t count)
{
    ota_compiled_plan *compiled = fixture_compile(&s->f.plan);
    int64_t t = T(from);
    size_t found = 0;
    ota_interval interval = OTA_INTERVAL_INIT;
    while (ota_compiled_plan_next_window(compiled, t, T(to), &interval) == OTA_OK) {
        assert_true(found < count);
        assert_int_equal(interval.start, T(expected[2 * found]));
        assert_int_equal(interval.end, T(expected[2 * found + 1]));
        assert_true(interval.end > interval.start);
        t = interval.end;
        found++;
    }
    assert_int_equal(found, count);
    ota_compiled_plan_free(compiled);
}

static void window_intervals_across_transitions(void **state)
{
    (void)state;
    scenario s;
    silent_in(&s, "America/New_York", "2026-10-01T00:00", "2026-12-01T00:00", 1, 2);
    const char *fall[] = {"2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z"};
    windows_listing(&s, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", fall, 1);

    silent_in(&s, "America/New_York", "2026-03-01T00:00", "2026-04-01T00:00", 2, 3);
    windows_listing(&s, "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", NULL, 0);

    /* Santiago falls back at local midnight (2026-04-05T03:00Z, -3 -> -4):
     * 23:00-24:00 happens twice, one interval of two hours. */
    silent_in(&s, "America/Santiago", "2026-03-01T00:00", "2026-05-01T00:00", 23, 24);
    const char *santiago[] = {"2026-04-05T02:00:00Z", "2026-04-05T04:00:00Z"};
    windows_listing(&s, "2026-04-05T00:00:00Z", "2026-04-05T12:00:00Z", santiago, 1);

    /* Casablanca leaves +01 for Ramadan at 2026-02-15T02:00Z: 02:00-03:00
     * local happens twice. */
    silent_in(&s, "Africa/Casablanca", "2026-02-01T00:00", "2026-03-01T00:00", 2, 3);
    const char *casablanca[] = {"2026-02-15T01:00:00Z", "2026-02-15T03:00:00Z"};
    windows_listing(&s, "2026-02-15T00:00:00Z", "2026-02-15T12:00:00Z", casablanca, 1);

    /* A window crossing midnight is one interval a night, clipped to --from. */
    silent_in(&s, "Asia/Shanghai", "2026-01-01T00:00", "2026-12-31T00:00", 22, 2);
    const char *night[] = {"2026-03-01T14:00:00Z", "2026-03-01T18:00:00Z", "2026-03-02T14:00:00Z",
                           "2026-03-02T18:00:00Z"};
    windows_listing(&s, "2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z", night, 2);
    const char *clipped[] = {"2026-03-01T15:30:00Z", "2026-03-01T18:00:00Z"};
    windows_listing(&s, "2026-03-01T15:30:00Z", "2026-03-01T20:00:00Z", clipped, 1);
}

static void half_hour_and_odd_offsets(void **state)
{
    (void)state;
    scenario s;
    /* Lord Howe: 2026-10-03T15:30Z, 02:00 +10:30 becomes 02:30 +11. */
    silent_in(&s, "Australia/Lord_Howe", "2026-09-01T00:00", "2026-12-01T00:00", 2, 3);
    expect_push_at(&s, "2026-10-03T13:00:00Z", 10, "2026-10-03T15:30:00Z");
    /* Kathmandu +05:45: ticks are at local :00, :10, ... */
    silent_in(&s, "Asia/Kathmandu", "2026-01-01T00:00", "2026-12-31T00:00", -1, 0);
    expect_push_at(&s, "2026-06-01T00:00:00Z", 10, "2026-06-01T00:05:00Z");
    expect_push_at(&s, "2026-06-01T00:00:00Z", 60, "2026-06-01T00:15:00Z");
    expect_push_at(&s, "2026-06-01T00:00:00Z", 15, "2026-06-01T00:00:00Z");
    /* Chatham +12:45 in June, +13:45 in December. */
    silent_in(&s, "Pacific/Chatham", "2026-01-01T00:00", "2026-12-31T00:00", -1, 0);
    expect_push_at(&s, "2026-06-01T00:00:00Z", 60, "2026-06-01T00:15:00Z");
    expect_push_at(&s, "2026-12-01T00:20:00Z", 30, "2026-12-01T00:45:00Z");
    /* St John's -03:30 in January. */
    silent_in(&s, "America/St_Johns", "2026-01-01T00:00", "2026-12-31T00:00", -1, 0);
    expect_push_at(&s, "2026-01-15T12:00:00Z", 60, "2026-01-15T12:30:00Z");
    /* Dublin: 2026-03-29T01:00Z, 01:00 GMT becomes 02:00 IST, so 01-02 is
     * empty that day; next 01:00 IST. */
    silent_in(&s, "Europe/Dublin", "2026-03-01T00:00", "2026-05-01T00:00", 1, 2);
    expect_push_at(&s, "2026-03-29T00:00:00Z", 10, "2026-03-30T00:00:00Z");
    /* Santiago springs forward at local midnight (2026-09-06T04:00Z). */
    silent_in(&s, "America/Santiago", "2026-08-01T00:00", "2026-10-01T00:00", 0, 1);
    expect_push_at(&s, "2026-09-06T03:30:00Z", 10, "2026-09-07T03:00:00Z");
    /* Casablanca returns to +01 at 2026-03-22T02:00Z: 02-03 is skipped. */
    silent_in(&s, "Africa/Casablanca", "2026-03-01T00:00", "2026-04-01T00:00", 2, 3);
    expect_push_at(&s, "2026-03-22T01:00:00Z", 10, "2026-03-23T01:00:00Z");
}

/* Found by the differential test: at 01:59:16 NDT the next tick, 02:00 NDT,
 * is outside 00-02 and the next midnight lies past the plan's end, but the
 * fall-back transition at 04:30Z brings 01:00 NST back first. */
static void window_returns_after_fall_back_near_the_end(void **state)
{
    (void)state;
    scenario s;
    silent_in(&s, "America/St_Johns", "2030-10-20T19:54", "2030-11-03T20:36", 0, 2);
    expect_push_at(&s, "2030-11-03T04:29:16Z", 12, "2030-11-03T04:30:00Z");
}

static void tick_zero_and_tick_options(void **state)
{
    (void)state;
    scenario s;
    silent_in(&s, "Asia/Shanghai", "2026-01-01T00:00", "2026-12-31T00:00", 0, 2);
    expect_push_at(&s, "2026-03-01T16:07:13Z", 0, "2026-03-01T16:07:13Z");
    expect_push_at(&s, "2026-03-01T16:07:13Z", 10, "2026-03-01T16:10:00Z");
    expect_push_at(&s, "2026-03-01T17:55:01Z", 10, "2026-03-02T16:00:00Z");
    ota_compiled_plan *compiled = fixture_compile(&s.f.plan);
    ota_eval_options options;
    ota_eval_options_init(&options, OTA_EVAL_OPTIONS_VERSION);
    ota_push_result r = OTA_PUSH_RESULT_INIT;
    int bad_ticks[] = {7, 9, 45, 61, -1, 120};
    for (size_t i = 0; i < sizeof bad_ticks / sizeof *bad_ticks; i++) {
        options.tick_minutes = bad_ticks[i];
        assert_int_equal(
            ota_next_push_time(compiled, &s.device, T("2026-03-01T00:00:00Z"), &options, &r),
            OTA_ERR_ARGUMENT);
    }
    /* NULL options: tick 10. */
    assert_int_equal(ota_next_push_time(compiled, &s.device, T("2026-03-01T16:07:13Z"), NULL, &r),
                     OTA_OK);
    assert_int_equal(r.at, T("2026-03-01T16:10:00Z"));
    ota_compiled_plan_free(compiled);
}

static void plan_period_and_activation(void **state)
{
    (void)state;
    scenario s;
    /* A start in New York's gap: 02:30 becomes 03:30 EDT (07:30Z). */
    silent_in(&s, "America/New_York", "2026-03-08T02:30", "2026-03-10T00:00", -1, 0);
    expect_push_at(&s, "2026-03-01T00:00:00Z", 10, "2026-03-08T07:30:00Z");
    /* Activation after the start delays the first push. */
    s.f.plan.activated_at = T("2026-03-08T09:05:00Z");
    expect_push_at(&s, "2026-03-01T00:00:00Z", 10, "2026-03-08T09:10:00Z");
    /* No tick before the end: plan_ended. */
    silent_in(&s, "Asia/Shanghai", "2026-01-01T00:00", "2026-01-01T00:05", -1, 0);
    expect_push_at(&s, "2025-12-31T16:00:00Z", 10, "2025-12-31T16:00:00Z");
    expect_never(&s, "2025-12-31T16:01:00Z", OTA_REASON_PLAN_ENDED);
    expect_never(&s, "2025-12-31T16:05:00Z", OTA_REASON_PLAN_ENDED);
}

static void refusal_timers(void **state)
{
    (void)state;
    scenario s;
    /* Window 00-02 Shanghai is 16:00Z-18:00Z; refusal 120 min. */
    silent_in(&s, "Asia/Shanghai", "2026-01-01T00:00", "2026-12-31T00:00", 0, 2);
    s.f.plan.refusal_retry_minutes = 120;
    s.device.state = OTA_DEVICE_REFUSED;
    s.device.state_at = T("2026-03-01T15:00:00Z"); /* timer ends inside the window */
    expect_push_at(&s, "2026-03-01T15:00:00Z", 10, "2026-03-01T17:00:00Z");
    s.device.state_at = T("2026-03-01T13:00:00Z"); /* ends before the window */
    expect_push_at(&s, "2026-03-01T13:00:00Z", 10, "2026-03-01T16:00:00Z");
    s.device.state_at = T("2026-03-01T16:30:00Z"); /* ends after the window */
    expect_push_at(&s, "2026-03-01T16:30:00Z", 10, "2026-03-02T16:00:00Z");
    /* The plan ends 2026-12-30T16:00Z: a timer ending after it. */
    s.device.state_at = T("2026-12-30T15:00:00Z");
    expect_never(&s, "2026-12-30T15:00:00Z", OTA_REASON_PLAN_ENDED);
    /* Default refusal time is 120 minutes. */
    s.f.plan.refusal_retry_minutes = OTA_UNSET;
    s.device.state_at = T("2026-03-01T15:00:00Z");
    expect_push_at(&s, "2026-03-01T15:00:00Z", 10, "2026-03-01T17:00:00Z");
}

static void silent_rows_of_spec_6(void **state)
{
    (void)state;
    scenario s;
    silent_in(&s, "Asia/Shanghai", "2026-01-01T00:00", "2026-12-31T00:00", 0, 2);
    s.f.plan.active_push = 0;
    s.f.plan.push_window = NULL;
    ota_push_result r = push(&s, T("2026-03-01T00:00:00Z"), 10);
    assert_int_equal(r.status, OTA_PUSH_AWAIT_DEVICE_REQUEST);

    silent_in(&s, "Asia/Shanghai", "2026-01-01T00:00", "2026-12-31T00:00", 0, 2);
    s.device.state = OTA_DEVICE_FAILED;
    s.device.failed_attempts = 1;
    s.f.plan.retry_count = 1;
    expect_push_at(&s, "2026-03-01T00:00:00Z", 10, "2026-03-01T16:00:00Z");
    s.device.failed_attempts = 2;
    expect_never(&s, "2026-03-01T00:00:00Z", OTA_REASON_RETRIES_EXHAUSTED);
    s.device.state = OTA_DEVICE_USER_CONFIRMED;
    s.device.state_at = T("2026-02-01T00:00:00Z");
    expect_push_at(&s, "2026-03-01T00:00:00Z", 10, "2026-03-01T16:00:00Z");
    s.device.state = OTA_DEVICE_UPGRADING;
    expect_never(&s, "2026-03-01T00:00:00Z", OTA_REASON_IN_PROGRESS);
    s.device.state = OTA_DEVICE_SUCCEEDED;
    expect_never(&s, "2026-03-01T00:00:00Z", OTA_REASON_ALREADY_SUCCEEDED);

    /* Device-side reasons do not delay the push. */
    silent_in(&s, "Asia/Shanghai", "2026-01-01T00:00", "2026-12-31T00:00", 0, 2);
    s.f.plan.min_battery = 50;
    s.device.battery = 10;
    expect_push_at(&s, "2026-03-01T00:00:00Z", 10, "2026-03-01T16:00:00Z");
}

static void checks_before_the_schedule(void **state)
{
    (void)state;
    scenario s;
    silent_in(&s, "Asia/Shanghai", "2026-06-01T00:00", "2026-12-31T00:00", 0, 2);
    /* Not started blocks nothing: the search starts at the plan's start. */
    expect_push_at(&s, "2026-03-01T00:00:00Z", 10, "2026-05-31T16:00:00Z");
    /* A blacklisted device is never pushed, started or not. */
    const char *black[] = {"dev-1"};
    s.f.plan.blacklist = black;
    s.f.plan.blacklist_count = 1;
    expect_never(&s, "2026-03-01T00:00:00Z", OTA_REASON_BLACKLISTED);
    s.f.plan.blacklist_count = 0;
    s.f.plan.state = OTA_PLAN_SUSPENDED;
    expect_never(&s, "2026-07-01T00:00:00Z", OTA_REASON_PLAN_SUSPENDED);
    s.f.plan.state = OTA_PLAN_SAVED;
    expect_never(&s, "2026-07-01T00:00:00Z", OTA_REASON_PLAN_NOT_ACTIVE);
    s.f.plan.state = OTA_PLAN_TERMINATED;
    expect_never(&s, "2026-07-01T00:00:00Z", OTA_REASON_PLAN_TERMINATED);
    s.f.plan.state = OTA_PLAN_ENDED;
    expect_never(&s, "2026-07-01T00:00:00Z", OTA_REASON_PLAN_ENDED);
    s.f.plan.state = OTA_PLAN_ACTIVE;
    s.versions[0].version = "2.0";
    expect_never(&s, "2026-07-01T00:00:00Z", OTA_REASON_NO_APPLICABLE_COMPONENT);
}

static void user_confirm_rows_of_spec_6(void **state)
{
    (void)state;
    scenario s;
    /* Berlin: +02 in summer; the plan ends 2026-11-01T00:00 +01 = 2026-10-31T23:00Z. */
    confirm_in(&s, "Europe/Berlin", "2026-03-01T00:00", "2026-11-01T00:00");
    ota_push_result r = push(&s, T("2026-06-01T10:00:00Z"), 10);
    assert_int_equal(r.status, OTA_PUSH_AWAIT_USER_CONFIRM);
    s.device.state = OTA_DEVICE_REFUSED;
    s.device.state_at = T("2026-06-01T09:00:00Z");
    s.device.auto_update = 1;
    r = push(&s, T("2026-06-01T10:00:00Z"), 10);
    assert_int_equal(r.status, OTA_PUSH_AWAIT_USER_CONFIRM);

    /* Confirmed without appointment: exactly max(now, start, c). */
    s.device.state = OTA_DEVICE_USER_CONFIRMED;
    s.device.state_at = T("2026-06-01T09:00:00Z");
    expect_push_at(&s, "2026-06-01T10:00:07Z", 10, "2026-06-01T10:00:07Z");
    s.device.state_at = T("2026-06-01T11:00:03Z");
    expect_push_at(&s, "2026-06-01T10:00:07Z", 10, "2026-06-01T11:00:03Z");
    s.device.state_at = T("2026-11-02T00:00:00Z");
    expect_never(&s, "2026-06-01T10:00:07Z", OTA_REASON_PLAN_ENDED);

    /* With an appointment: first tick in [max(T0, c, a), b), no window. */
    s.device.state_at = T("2026-06-01T09:00:00Z");
    s.device.appointment_start = T("2026-06-01T10:03:00Z");
    s.device.appointment_end = T("2026-06-01T10:30:00Z");
    expect_push_at(&s, "2026-06-01T10:00:00Z", 10, "2026-06-01T10:10:00Z");
    s.device.appointment_end = T("2026-06-01T10:09:00Z");
    expect_never(&s, "2026-06-01T10:00:00Z", OTA_REASON_APPOINTMENT_MISSED);
    s.device.appointment_start = T("2026-10-31T22:55:00Z");
    s.device.appointment_end = T("2026-10-31T23:30:00Z");
    expect_never(&s, "2026-10-31T22:56:00Z", OTA_REASON_PLAN_ENDED);

    /* auto_update and idle/failed: next tick in the auto-upgrade window. */
    confirm_in(&s, "Europe/Berlin", "2026-03-01T00:00", "2026-11-01T00:00");
    s.f.auto_upgrade_window = (ota_window){2, 4};
    s.f.plan.auto_upgrade_window = &s.f.auto_upgrade_window;
    s.device.auto_update = 1;
    expect_push_at(&s, "2026-06-01T10:00:00Z", 10, "2026-06-02T00:00:00Z");
    s.device.state = OTA_DEVICE_FAILED;
    s.f.plan.retry_count = 3;
    s.device.failed_attempts = 3;
    expect_push_at(&s, "2026-06-01T10:00:00Z", 10, "2026-06-02T00:00:00Z");
    s.device.auto_update = 0;
    r = push(&s, T("2026-06-01T10:00:00Z"), 10);
    assert_int_equal(r.status, OTA_PUSH_AWAIT_USER_CONFIRM);
}

static void bad_arguments(void **state)
{
    (void)state;
    scenario s;
    silent_in(&s, "Asia/Shanghai", "2026-01-01T00:00", "2026-12-31T00:00", 0, 2);
    ota_compiled_plan *compiled = fixture_compile(&s.f.plan);
    ota_push_result r = OTA_PUSH_RESULT_INIT;
    int64_t now = T("2026-03-01T00:00:00Z");
    assert_int_equal(ota_next_push_time(NULL, &s.device, now, NULL, &r), OTA_ERR_NULL);
    assert_int_equal(ota_next_push_time(compiled, NULL, now, NULL, &r), OTA_ERR_NULL);
    assert_int_equal(ota_next_push_time(compiled, &s.device, now, NULL, NULL), OTA_ERR_NULL);
    assert_int_equal(ota_next_push_time(compiled, &s.device, OTA_INSTANT_MAX, NULL, &r),
                     OTA_ERR_RANGE);
    assert_int_equal(ota_next_push_time(compiled, &s.device, INT64_MIN, NULL, &r), OTA_ERR_RANGE);
    s.device.state = OTA_DEVICE_REFUSED; /* without state_at */
    assert_int_equal(ota_next_push_time(compiled, &s.device, now, NULL, &r),
                     OTA_ERR_INVALID_DEVICE);
    s.device.state = 42;
    assert_int_equal(ota_next_push_time(compiled, &s.device, now, NULL, &r),
                     OTA_ERR_INVALID_DEVICE);
    s.device.state = OTA_DEVICE_IDLE;
    s.device.version = 7;
    assert_int_equal(ota_next_push_time(compiled, &s.device, now, NULL, &r),
                     OTA_ERR_STRUCT_VERSION);
    ota_eval_options options = {.version = 99, .tick_minutes = 10};
    s.device.version = OTA_DEVICE_STRUCT_VERSION;
    assert_int_equal(ota_next_push_time(compiled, &s.device, now, &options, &r),
                     OTA_ERR_STRUCT_VERSION);
    /* The batch call: the first failing device, output or the options is
     * named. */
    ota_device second = s.device;
    second.id = "";
    const ota_device *devices[3] = {&s.device, &s.device, &second};
    ota_push_result results[3] = {OTA_PUSH_RESULT_INIT, OTA_PUSH_RESULT_INIT, OTA_PUSH_RESULT_INIT};
    ota_push_result *outs[3] = {&results[0], NULL, &results[2]};
    size_t failed = 99;
    assert_int_equal(ota_next_push_time_many(NULL, devices, 3, now, NULL, outs, &failed),
                     OTA_ERR_NULL);
    assert_int_equal(failed, 99);
    assert_int_equal(ota_next_push_time_many(compiled, devices, 3, now, NULL, outs, &failed),
                     OTA_ERR_NULL);
    assert_int_equal(failed, 1);
    outs[1] = &results[1];
    assert_int_equal(ota_next_push_time_many(compiled, devices, 3, now, NULL, outs, &failed),
                     OTA_ERR_INVALID_DEVICE);
    assert_int_equal(failed, 2);
    assert_int_equal(results[1].status, results[0].status);
    assert_int_equal(results[1].at, results[0].at);
    assert_int_equal(ota_next_push_time_many(compiled, devices, 2, now, &options, outs, &failed),
                     OTA_ERR_STRUCT_VERSION);
    assert_int_equal(failed, 0);
    assert_int_equal(ota_next_push_time_many(compiled, devices, 2, now, NULL, outs, NULL), OTA_OK);
    assert_int_equal(ota_next_push_time_many(compiled, NULL, 1, now, NULL, outs, NULL),
                     OTA_ERR_NULL);
    assert_int_equal(ota_next_push_time_many(compiled, NULL, 0, now, NULL, NULL, NULL), OTA_OK);
    ota_interval interval = OTA_INTERVAL_INIT;
    assert_int_equal(ota_compiled_plan_next_window(NULL, now, now + 1, &interval), OTA_ERR_NULL);
    assert_int_equal(ota_compiled_plan_next_window(compiled, now, now, &interval), OTA_NO_MORE);
    ota_compiled_plan_free(compiled);
    ota_compiled_plan_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_examples_of_spec_2_4),
        cmocka_unit_test(new_york_spring_forward),
        cmocka_unit_test(new_york_fall_back),
        cmocka_unit_test(window_intervals_across_transitions),
        cmocka_unit_test(half_hour_and_odd_offsets),
        cmocka_unit_test(window_returns_after_fall_back_near_the_end),
        cmocka_unit_test(tick_zero_and_tick_options),
        cmocka_unit_test(plan_period_and_activation),
        cmocka_unit_test(refusal_timers),
        cmocka_unit_test(silent_rows_of_spec_6),
        cmocka_unit_test(checks_before_the_schedule),
        cmocka_unit_test(user_confirm_rows_of_spec_6),
        cmocka_unit_test(bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
