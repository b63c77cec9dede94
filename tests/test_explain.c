/* ota_device_explain(): the checks with what they compared, the terms of
 * T0, the occurrence, the blackouts and the spread slot, on SPEC 11's
 * examples; and the accessors the pictures use.  Every conformance device
 * is explained too, in test_conformance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "fixture.h"
#include "otaplan.h"
#include "otaplan_json.h"

static ota_component lock_firmware = {.type = OTA_COMPONENT_MODULE,
                                      .method = OTA_METHOD_DELTA,
                                      .id = "wifi-fw",
                                      .target_version = "2.4.0",
                                      .source_version = "2.3.1"};
static ota_window night = {.start_hour = 0, .end_hour = 2};
static ota_rollout rollout;
static ota_rollout_phase phases[2];
static ota_blackout blackouts[1];

/* SPEC 11.5's plan: Asia/Shanghai, window 00-02, tick 10, spread. */
static void smart_lock_plan(ota_plan *plan)
{
    ota_plan_init(plan, OTA_PLAN_STRUCT_VERSION);
    plan->name = "grey";
    plan->product = "smart-lock_v2";
    plan->timezone = "Asia/Shanghai";
    plan->start = "2026-12-01T00:00";
    plan->end = "2027-03-01T00:00";
    plan->state = OTA_PLAN_ACTIVE;
    plan->mode = OTA_MODE_SILENT;
    plan->push_window = &night;
    plan->components = &lock_firmware;
    plan->component_count = 1;
    rollout = (ota_rollout){.spread = 1};
    plan->rollout = &rollout;
}

static ota_device lock(const char *id, const ota_device_version *reported)
{
    ota_device device = OTA_DEVICE_INIT;
    device.id = id;
    device.product = "smart-lock_v2";
    device.versions = reported;
    device.version_count = 1;
    return device;
}

static const ota_check_result *check_of(const ota_explanation *e, int32_t reason)
{
    for (uint32_t i = 0; i < e->check_count; i++)
        if (e->checks[i].check == reason)
            return &e->checks[i];
    fail_msg("no check %s", ota_reason_name(reason));
    return NULL;
}

static void spread_slot_of_the_example(void **state)
{
    (void)state;
    ota_plan plan;
    smart_lock_plan(&plan);
    ota_compiled_plan *compiled = fixture_compile(&plan);
    ota_device_version reported = {"wifi-fw", "2.3.1"};
    ota_device device = lock("lock-0001", &reported);
    ota_explanation e = OTA_EXPLANATION_INIT;
    int64_t now = fixture_instant("2026-12-02T15:00:00Z"); /* 23:00 in Shanghai */
    assert_int_equal(ota_device_explain(compiled, &device, now, NULL, &e), OTA_OK);
    assert_int_equal(e.eligibility.reason, OTA_REASON_OK);
    assert_int_equal(e.push.status, OTA_PUSH_AT);
    assert_int_equal(e.push.at, fixture_instant("2026-12-02T17:50:00Z"));
    /* j = floor(9316 * 12 / 10000) = 11 of 12 ticks, at 01:50 local. */
    assert_int_equal(e.position, 9316);
    assert_int_equal(e.slot_index, 11);
    assert_int_equal(e.slot_count, 12);
    assert_int_equal(e.slot_at, fixture_instant("2026-12-02T17:50:00Z"));
    assert_int_equal(e.bucket, -1); /* no phases */
    assert_int_equal(e.t0, now);
    assert_int_equal(e.t0_set_by, OTA_T0_NOW);
    assert_int_equal(e.term_count, 2); /* now, start */
    assert_int_equal(e.terms[1].term, OTA_T0_START);
    assert_int_equal(e.terms[1].at, fixture_instant("2026-11-30T16:00:00Z"));
    /* 2026-12-03 (a Thursday) is day 20790 since 1970-01-01. */
    assert_int_equal(e.occurrence_day, 20790);
    assert_int_equal(e.occurrence_weekday, OTA_WEEKDAY_THU);
    assert_int_equal(e.blackout_count, 0);
    assert_int_equal(e.check_count, OTA_EXPLAIN_CHECKS);
    for (uint32_t i = 0; i < e.check_count; i++)
        assert_false(e.checks[i].failed);
    ota_compiled_plan_free(compiled);
}

static void phases_refusal_and_blackouts_set_t0(void **state)
{
    (void)state;
    ota_plan plan;
    smart_lock_plan(&plan);
    rollout.spread = 0;
    /* lock-0002 has bucket 4371: in the second phase, from 12-03. */
    phases[0] = (ota_rollout_phase){"2026-12-01T00:00", 3000};
    phases[1] = (ota_rollout_phase){"2026-12-03T00:00", 7000};
    rollout.phases = phases;
    rollout.phase_count = 2;
    blackouts[0] = (ota_blackout){"2026-12-03T00:00", "2026-12-04T00:00"};
    plan.blackouts = blackouts;
    plan.blackout_count = 1;
    ota_compiled_plan *compiled = fixture_compile(&plan);
    ota_device_version reported = {"wifi-fw", "2.3.1"};
    ota_device device = lock("lock-0002", &reported);
    device.state = OTA_DEVICE_REFUSED;
    device.state_at = fixture_instant("2026-12-01T00:00:00Z");
    ota_explanation e = OTA_EXPLANATION_INIT;
    int64_t now = fixture_instant("2026-12-01T12:00:00Z");
    assert_int_equal(ota_device_explain(compiled, &device, now, NULL, &e), OTA_OK);
    assert_int_equal(e.eligibility.reason, OTA_REASON_ROLLOUT_PENDING);
    const ota_check_result *pending = check_of(&e, OTA_REASON_ROLLOUT_PENDING);
    assert_true(pending->failed);
    assert_int_equal(pending->value, 4371);
    assert_int_equal(pending->limit, 3000);
    assert_false(check_of(&e, OTA_REASON_OUTSIDE_ROLLOUT)->failed);
    assert_int_equal(check_of(&e, OTA_REASON_OUTSIDE_ROLLOUT)->limit, 7000);
    /* T0: the phase start (12-03 00:00 local), above the refusal timer. */
    assert_int_equal(e.t0, fixture_instant("2026-12-02T16:00:00Z"));
    assert_int_equal(e.t0_set_by, OTA_T0_PHASE);
    int found_timer = 0;
    for (uint32_t i = 0; i < e.term_count; i++)
        found_timer |= e.terms[i].term == OTA_T0_REFUSAL_TIMER;
    assert_true(found_timer);
    /* The blackout takes the whole night of 12-03: pushed 12-04 00:00. */
    assert_int_equal(e.push.at, fixture_instant("2026-12-03T16:00:00Z"));
    assert_int_equal(e.blackout_count, 1);
    assert_int_equal(e.blackout_start[0], fixture_instant("2026-12-02T16:00:00Z"));
    assert_int_equal(e.blackout_end[0], fixture_instant("2026-12-03T16:00:00Z"));
    assert_int_equal(e.slot_index, -1);
    int64_t start;
    int32_t basis_points;
    assert_int_equal(ota_compiled_plan_phase(compiled, 1, &start, &basis_points), OTA_OK);
    assert_int_equal(start, fixture_instant("2026-12-02T16:00:00Z"));
    assert_int_equal(basis_points, 7000);
    assert_int_equal(ota_compiled_plan_phase(compiled, 2, &start, &basis_points), OTA_NO_MORE);
    int64_t end;
    assert_int_equal(ota_compiled_plan_blackout(compiled, 0, &start, &end), OTA_OK);
    assert_int_equal(end, fixture_instant("2026-12-03T16:00:00Z"));
    assert_int_equal(ota_compiled_plan_blackout(compiled, 1, &start, &end), OTA_NO_MORE);
    ota_compiled_plan_free(compiled);
    rollout.phases = NULL;
    rollout.phase_count = 0;
}

static void closed_weekdays_are_counted(void **state)
{
    (void)state;
    ota_plan plan;
    smart_lock_plan(&plan);
    rollout.spread = 0;
    ota_window weekend = {.start_hour = 0, .end_hour = 2, .weekdays = OTA_WEEKDAY_SAT};
    plan.push_window = &weekend;
    ota_compiled_plan *compiled = fixture_compile(&plan);
    ota_device_version reported = {"wifi-fw", "2.3.1"};
    ota_device device = lock("lock-0003", &reported);
    ota_explanation e = OTA_EXPLANATION_INIT;
    /* Tuesday 2026-12-01 23:00 local: Wednesday to Friday are closed. */
    int64_t now = fixture_instant("2026-12-01T15:00:00Z");
    assert_int_equal(ota_device_explain(compiled, &device, now, NULL, &e), OTA_OK);
    assert_int_equal(e.push.at, fixture_instant("2026-12-04T16:00:00Z"));
    assert_int_equal(e.occurrence_weekday, OTA_WEEKDAY_SAT);
    assert_int_equal(e.closed_days, 4); /* Tue to Fri: only Saturday opens */
    ota_compiled_plan_free(compiled);
}

static void checks_hold_the_values_compared(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.min_signal = -110;
    f.plan.min_battery = 30;
    ota_compiled_plan *compiled = fixture_compile(&f.plan);
    ota_device_version versions[] = {{"wifi", "1.0"}};
    ota_device device = OTA_DEVICE_INIT;
    device.id = "dev-1";
    device.product = f.plan.product;
    device.versions = versions;
    device.version_count = 1;
    device.signal = -118;
    device.battery = 20;
    ota_explanation e = OTA_EXPLANATION_INIT;
    int64_t now = fixture_instant("2026-03-01T00:00:00Z");
    assert_int_equal(ota_device_explain(compiled, &device, now, NULL, &e), OTA_OK);
    assert_int_equal(e.eligibility.reason, OTA_REASON_LOW_SIGNAL);
    const ota_check_result *signal = check_of(&e, OTA_REASON_LOW_SIGNAL);
    assert_true(signal->failed);
    assert_int_equal(signal->value, -118);
    assert_int_equal(signal->limit, -110);
    /* Every check runs: the battery fails as well, after the reason. */
    assert_true(check_of(&e, OTA_REASON_LOW_BATTERY)->failed);
    const ota_check_result *components = check_of(&e, OTA_REASON_NO_APPLICABLE_COMPONENT);
    assert_int_equal(components->value, 1);
    assert_int_equal(components->limit, 2);
    /* Device-side reasons do not delay the push. */
    assert_int_equal(e.push.status, OTA_PUSH_AT);
    ota_compiled_plan_free(compiled);
}

/* SPEC 13.3 in explain: each component's sentence names the versions its
 * rule compared, and explain --json carries the order and the bounds. */
static void components_say_what_they_compared(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.components[0].target_version = "2.4.0";
    f.components[0].version_order = OTA_ORDER_SEMVER;
    f.components[0].min_version = "2.0.0";
    f.components[0].below_version = "3.0.0";
    ota_compiled_plan *compiled = fixture_compile(&f.plan);
    static const struct {
        const char *version;
        const char *detail;
    } cases[] = {
        {"2.5.0", "2.5.0 > target 2.4.0 (semver, downgrades not allowed)"},
        {"1.9.9", "1.9.9 < min_version 2.0.0 (semver)"},
        {"3.0.0", "3.0.0 >= below_version 3.0.0 (semver)"},
        {"2.4", "2.4 is not a semver version"},
        {"2.4.0", "2.4.0 = target"},
        {"2.3.9", "2.3.9 < target 2.4.0 (semver)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ota_device_version reported[] = {{"wifi", cases[i].version}, {"mcu", "1.0"}};
        ota_device device = OTA_DEVICE_INIT;
        device.id = "d";
        device.product = f.plan.product;
        device.versions = reported;
        device.version_count = 2;
        ota_explanation e = OTA_EXPLANATION_INIT;
        assert_int_equal(ota_device_explain(compiled, &device,
                                            fixture_instant("2026-06-01T00:00:00Z"), NULL, &e),
                         OTA_OK);
        char detail[160];
        int length = ota_json_component_detail(&f.plan, &device, 0, &e.eligibility.components[0],
                                               detail, sizeof detail);
        assert_int_equal(length, (int)strlen(cases[i].detail));
        assert_string_equal(detail, cases[i].detail);
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        ota_json_put_explanation(&out, &f.plan, &device, &e);
        assert_false(out.failed);
        assert_non_null(strstr(out.data, "\"order\":\"semver\",\"allow_downgrade\":false,"
                                         "\"min_version\":\"2.0.0\",\"below_version\":\"3.0.0\""));
        assert_non_null(strstr(out.data, cases[i].detail));
        ota_json_buffer_free(&out);
    }
    ota_component_result any = {0};
    ota_device nobody = OTA_DEVICE_INIT;
    char small[4];
    assert_int_equal(ota_json_component_detail(&f.plan, &nobody, 2, &any, small, sizeof small), -1);
    assert_int_equal(ota_json_component_detail(NULL, &nobody, 0, &any, small, sizeof small), -1);
    ota_compiled_plan_free(compiled);
}

static void errors_leave_the_answer_untouched(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    ota_compiled_plan *compiled = fixture_compile(&f.plan);
    ota_device device = OTA_DEVICE_INIT;
    device.id = "dev-1";
    device.product = f.plan.product;
    int64_t now = fixture_instant("2026-03-01T00:00:00Z");
    ota_explanation e, before;
    memset(&e, 0x5a, sizeof e);
    e.version = OTA_EXPLANATION_VERSION;
    before = e;
    assert_int_equal(ota_device_explain(NULL, &device, now, NULL, &e), OTA_ERR_NULL);
    assert_int_equal(ota_device_explain(compiled, NULL, now, NULL, &e), OTA_ERR_NULL);
    assert_int_equal(ota_device_explain(compiled, &device, now, NULL, NULL), OTA_ERR_NULL);
    assert_int_equal(ota_device_explain(compiled, &device, INT64_MAX, NULL, &e), OTA_ERR_RANGE);
    ota_eval_options options = OTA_EVAL_OPTIONS_INIT;
    options.tick_minutes = 7;
    assert_int_equal(ota_device_explain(compiled, &device, now, &options, &e), OTA_ERR_ARGUMENT);
    device.state = OTA_DEVICE_REFUSED; /* without state_at */
    assert_int_equal(ota_device_explain(compiled, &device, now, NULL, &e), OTA_ERR_INVALID_DEVICE);
    assert_memory_equal(&e, &before, sizeof e);
    e.version = 99;
    assert_int_equal(ota_device_explain(compiled, &device, now, NULL, &e), OTA_ERR_STRUCT_VERSION);
    assert_int_equal(ota_explanation_init(NULL, OTA_EXPLANATION_VERSION), OTA_ERR_NULL);
    assert_null(ota_t0_term_name(0));
    assert_string_equal(ota_t0_term_name(OTA_T0_REFUSAL_TIMER), "refusal_timer");
    int32_t offset;
    assert_int_equal(ota_compiled_plan_utc_offset(compiled, now, &offset), OTA_OK);
    assert_int_equal(offset, 8 * 3600);
    assert_int_equal(ota_compiled_plan_utc_offset(compiled, now, NULL), OTA_ERR_NULL);
    assert_int_equal(ota_compiled_plan_utc_offset(compiled, INT64_MIN, &offset), OTA_ERR_RANGE);
    ota_compiled_plan_free(compiled);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spread_slot_of_the_example),
        cmocka_unit_test(phases_refusal_and_blackouts_set_t0),
        cmocka_unit_test(closed_weekdays_are_counted),
        cmocka_unit_test(checks_hold_the_values_compared),
        cmocka_unit_test(errors_leave_the_answer_untouched),
        cmocka_unit_test(components_say_what_they_compared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
