/* SPEC 11's validation (sections 7 and 11): every code of rollout control
 * at its exact path; the last test checks that each was found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

static ota_blackout rollout_blackouts[40];
static ota_rollout_phase rollout_phases[12];
static ota_rollout rollout_storage;
static ota_rollout_abort rollout_abort;

/* A valid silent plan (fixture_silent: Shanghai, 2026) with phases, spread,
 * weekdays, a blackout and an abort threshold. */
static void rollout_plan(fixture_plan *f)
{
    fixture_silent(f);
    f->push_window.weekdays = OTA_WEEKDAY_MON | OTA_WEEKDAY_FRI;
    rollout_blackouts[0] = (ota_blackout){"2026-02-01T00:00", "2026-02-08T00:00"};
    f->plan.blackouts = rollout_blackouts;
    f->plan.blackout_count = 1;
    rollout_phases[0] = (ota_rollout_phase){"2026-01-02T00:00", 100};
    rollout_phases[1] = (ota_rollout_phase){"2026-01-09T00:00", 1234};
    rollout_phases[2] = (ota_rollout_phase){"2026-02-01T00:00", 10000};
    rollout_abort = (ota_rollout_abort){500, 200};
    rollout_storage = (ota_rollout){.salt = "fw-2.4",
                                    .spread = 1,
                                    .phases = rollout_phases,
                                    .phase_count = 3,
                                    .abort = &rollout_abort};
    f->plan.rollout = &rollout_storage;
}

static void rollout_plan_is_valid(void **state)
{
    (void)state;
    fixture_plan f;
    rollout_plan(&f);
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
}

FIXTURE_CHANGE(bad_salt, rollout_storage.salt = "fw 2.4")
FIXTURE_CHANGE(empty_salt, rollout_storage.salt = "")
FIXTURE_CHANGE(no_phases, rollout_storage.phase_count = 0)
FIXTURE_CHANGE(eleven_phases, rollout_storage.phase_count = 11)
FIXTURE_CHANGE(percent_zero, rollout_phases[1].basis_points = 0)
FIXTURE_CHANGE(percent_above, rollout_phases[2].basis_points = 10001)
FIXTURE_CHANGE(phases_same_start, rollout_phases[1].start = "2026-01-02T00:00")
FIXTURE_CHANGE(phases_shrinking, rollout_phases[2].basis_points = 1000)
FIXTURE_CHANGE(phase_time_invalid, rollout_phases[0].start = "2026-01-02 00:00")
FIXTURE_CHANGE(phase_time_missing, rollout_phases[1].start = NULL)
FIXTURE_CHANGE(phase_after_end, (rollout_phases[2].start = "2027-01-01T00:00"))
FIXTURE_CHANGE(weekday_bit, f->push_window.weekdays = 1u << 7)
FIXTURE_CHANGE(blackouts_33, (f->plan.blackout_count = 33))
FIXTURE_CHANGE(blackout_reversed, rollout_blackouts[0].end = "2026-01-31T00:00")
FIXTURE_CHANGE(blackout_equal, rollout_blackouts[0].end = "2026-02-01T00:00")
FIXTURE_CHANGE(blackout_outside,
               (rollout_blackouts[0] = (ota_blackout){"2025-02-01T00:00", "2025-02-08T00:00"}))
FIXTURE_CHANGE(blackout_bad_time, rollout_blackouts[0].start = "2026-02-30T00:00")
FIXTURE_CHANGE(blackout_out_of_range, rollout_blackouts[0].end = "2101-01-01T00:00")
FIXTURE_CHANGE(abort_zero, rollout_abort.failure_basis_points = 0)
FIXTURE_CHANGE(abort_attempts, rollout_abort.min_attempts = 0)
FIXTURE_CHANGE(abort_attempts_huge, rollout_abort.min_attempts = 1000000001)
FIXTURE_CHANGE(spread_without_push, f->plan.active_push = 0)

static void rollout_codes_and_paths(void **state)
{
    (void)state;
    static const fixture_change cases[] = {
        {bad_salt, OTA_CODE_ROLLOUT_SALT_INVALID, "rollout.salt"},
        {empty_salt, OTA_CODE_ROLLOUT_SALT_INVALID, "rollout.salt"},
        {no_phases, OTA_CODE_ROLLOUT_PHASES_INVALID, "rollout.phases"},
        {eleven_phases, OTA_CODE_ROLLOUT_PHASES_INVALID, "rollout.phases"},
        {percent_zero, OTA_CODE_ROLLOUT_PERCENT_INVALID, "rollout.phases[1].percent"},
        {percent_above, OTA_CODE_ROLLOUT_PERCENT_INVALID, "rollout.phases[2].percent"},
        {phases_same_start, OTA_CODE_ROLLOUT_PHASES_ORDER, "rollout.phases[1]"},
        {phases_shrinking, OTA_CODE_ROLLOUT_PHASES_ORDER, "rollout.phases[2]"},
        {phase_time_invalid, OTA_CODE_TIME_INVALID, "rollout.phases[0].start"},
        {phase_time_missing, OTA_CODE_TIME_MISSING, "rollout.phases[1].start"},
        {phase_after_end, OTA_CODE_ROLLOUT_PHASE_AFTER_END, "rollout.phases[2].start"},
        {weekday_bit, OTA_CODE_WEEKDAYS_INVALID, "push_window.weekdays"},
        {blackouts_33, OTA_CODE_BLACKOUTS_TOO_MANY, "blackouts"},
        {blackout_reversed, OTA_CODE_TIME_ORDER, "blackouts[0].end"},
        {blackout_equal, OTA_CODE_TIME_ORDER, "blackouts[0].end"},
        {blackout_outside, OTA_CODE_BLACKOUT_OUTSIDE_PERIOD, "blackouts[0]"},
        {blackout_bad_time, OTA_CODE_TIME_INVALID, "blackouts[0].start"},
        {blackout_out_of_range, OTA_CODE_TIME_OUT_OF_RANGE, "blackouts[0].end"},
        {abort_zero, OTA_CODE_ABORT_INVALID, "rollout.abort"},
        {abort_attempts, OTA_CODE_ABORT_INVALID, "rollout.abort"},
        {abort_attempts_huge, OTA_CODE_ABORT_INVALID, "rollout.abort"},
        {spread_without_push, OTA_CODE_SPREAD_NOT_APPLICABLE, "rollout.spread"},
    };
    fixture_assert_changes(rollout_plan, cases, sizeof cases / sizeof cases[0]);
}

/* New York springs forward at 02:00 on 2026-03-08 and falls back at 02:00
 * on 2026-11-01: blackout and phase times warn as the period's do. */
static void rollout_times_in_gaps_and_overlaps(void **state)
{
    (void)state;
    fixture_plan f;
    rollout_plan(&f);
    f.plan.timezone = "America/New_York";
    rollout_blackouts[0] = (ota_blackout){"2026-03-08T02:30", "2026-11-01T01:30"};
    rollout_phases[1].start = "2026-03-08T02:15";
    rollout_phases[2].start = "2026-04-01T00:00";
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_TIME_IN_GAP, "blackouts[0].start");
    assert_diagnostic(list, OTA_CODE_TIME_AMBIGUOUS, "blackouts[0].end");
    assert_diagnostic(list, OTA_CODE_TIME_IN_GAP, "rollout.phases[1].start");
    assert_int_equal(ota_diagnostics_error_count(list), 0);
    ota_diagnostics_free(list);
}

/* plan_never_pushes knows weekdays and blackouts (SPEC 11.4). */
static void never_pushes_with_weekdays_and_blackouts(void **state)
{
    (void)state;
    fixture_plan f;
    rollout_plan(&f);
    f.plan.rollout = NULL;
    /* 2026-01-05 is a Monday: a plan of that Monday, with Monday closed. */
    f.plan.start = "2026-01-05T00:00";
    f.plan.end = "2026-01-06T00:00";
    f.push_window.weekdays = OTA_WEEKDAY_TUE;
    f.plan.blackout_count = 0;
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_PLAN_NEVER_PUSHES, "push_window");
    ota_diagnostics_free(list);
    /* Open on Monday, but a blackout covers its window. */
    f.push_window.weekdays = OTA_WEEKDAY_MON;
    rollout_blackouts[0] = (ota_blackout){"2026-01-05T00:00", "2026-01-05T02:00"};
    f.plan.blackout_count = 1;
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_PLAN_NEVER_PUSHES, "push_window");
    ota_diagnostics_free(list);
    /* One minute of the window left: it pushes. */
    rollout_blackouts[0].end = "2026-01-05T01:59";
    list = fixture_validate(&f.plan, NULL);
    assert_false(fixture_has(list, OTA_CODE_PLAN_NEVER_PUSHES, "push_window"));
    ota_diagnostics_free(list);
}

static void every_rollout_code_was_found_by_a_test(void **state)
{
    (void)state;
    fixture_assert_family_asserted(FIXTURE_FAMILY_ROLLOUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rollout_plan_is_valid),
        cmocka_unit_test(rollout_codes_and_paths),
        cmocka_unit_test(rollout_times_in_gaps_and_overlaps),
        cmocka_unit_test(never_pushes_with_weekdays_and_blackouts),
        /* last: it reads what the tests above found */
        cmocka_unit_test(every_rollout_code_was_found_by_a_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
