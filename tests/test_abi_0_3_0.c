/* A program compiled against otaplan 0.3.0's header (tests/abi/, frozen)
 * and linked with today's library: it validates, compiles and evaluates
 * with 0.3.0's structs, and reads 0.3.0's layout of ota_explanation
 * (version 1), whose fields 0.4.0 moved (otaplan.h, "Conventions"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "abi/otaplan-0.3.0.h"

#include <string.h>

/* 2026-03-02T00:00:00Z, a Monday. */
#define MONDAY 1772409600

static const ota_component wifi = {
    .type = OTA_COMPONENT_MODULE, .method = OTA_METHOD_FULL, .id = "wifi", .target_version = "2.0"};
static const ota_window nightly = {.start_hour = 1, .end_hour = 3};
static const ota_blackout freeze = {.start = "2026-03-02T01:00", .end = "2026-03-02T02:00"};
static const char *const banned[] = {"dev-banned"};

static ota_compiled_plan *compiled_plan(void)
{
    ota_plan plan = OTA_PLAN_INIT;
    plan.name = "frozen 0.3.0 caller";
    plan.product = "lamp-1";
    plan.timezone = "UTC";
    plan.start = "2026-03-01T00:00";
    plan.end = "2026-04-01T00:00";
    plan.state = OTA_PLAN_ACTIVE;
    plan.mode = OTA_MODE_SILENT;
    plan.push_window = &nightly;
    plan.blacklist = banned;
    plan.blacklist_count = 1;
    plan.components = &wifi;
    plan.component_count = 1;
    plan.blackouts = &freeze;
    plan.blackout_count = 1;
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_validate(&plan, NULL, &list), OTA_OK);
    assert_int_equal(ota_diagnostics_error_count(list), 0);
    ota_diagnostics_free(list);
    ota_compiled_plan *compiled = NULL;
    assert_int_equal(ota_plan_compile(&plan, NULL, &compiled, NULL), OTA_OK);
    return compiled;
}

static ota_device device_named(const char *id, const ota_device_version *version)
{
    ota_device device = OTA_DEVICE_INIT;
    device.id = id;
    device.product = "lamp-1";
    device.versions = version;
    device.version_count = 1;
    return device;
}

static void evaluates_with_0_3_0_structs(void **state)
{
    (void)state;
    ota_compiled_plan *plan = compiled_plan();
    static const ota_device_version old_wifi = {"wifi", "1.0"};
    ota_device ok = device_named("dev-1", &old_wifi);
    ota_device banned_device = device_named("dev-banned", &old_wifi);

    ota_eligibility e = OTA_ELIGIBILITY_INIT;
    assert_int_equal(ota_device_eligible(plan, &ok, MONDAY, &e), OTA_OK);
    assert_int_equal(e.reason, OTA_REASON_OK);
    assert_int_equal(e.component_count, 1);
    assert_int_equal(e.components[0].applies, 1);
    assert_int_equal(ota_device_eligible(plan, &banned_device, MONDAY, &e), OTA_OK);
    assert_int_equal(e.reason, OTA_REASON_BLACKLISTED);

    /* The window opens at 01:00, the freeze holds it until 02:00. */
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    assert_int_equal(ota_next_push_time(plan, &ok, MONDAY, NULL, &push), OTA_OK);
    assert_int_equal(push.status, OTA_PUSH_AT);
    assert_int_equal(push.at, MONDAY + 2 * 3600);

    /* 0.3.0's names of the batch calls and of the plan's own questions,
     * aliases of 0.4.0's. */
    const ota_device *devices[] = {&ok, &banned_device};
    ota_eligibility e0 = OTA_ELIGIBILITY_INIT, e1 = OTA_ELIGIBILITY_INIT;
    ota_eligibility *answers[] = {&e0, &e1};
    assert_int_equal(ota_devices_eligible(plan, devices, 2, MONDAY, answers, NULL), OTA_OK);
    assert_int_equal(e0.reason, OTA_REASON_OK);
    assert_int_equal(e1.reason, OTA_REASON_BLACKLISTED);
    ota_push_result p0 = OTA_PUSH_RESULT_INIT, p1 = OTA_PUSH_RESULT_INIT;
    ota_push_result *pushes[] = {&p0, &p1};
    assert_int_equal(ota_devices_next_push(plan, devices, 2, MONDAY, NULL, pushes, NULL), OTA_OK);
    assert_int_equal(p0.at, MONDAY + 2 * 3600);
    assert_int_equal(p1.status, OTA_PUSH_NEVER);
    ota_interval window = OTA_INTERVAL_INIT;
    assert_int_equal(ota_plan_next_window(plan, MONDAY, MONDAY + 86400, &window), OTA_OK);
    assert_int_equal(window.start, MONDAY + 2 * 3600);
    assert_int_equal(window.end, MONDAY + 3 * 3600);
    int32_t verdict = -1;
    assert_int_equal(ota_rollout_verdict(plan, 10, 10, &verdict), OTA_OK);
    assert_int_equal(verdict, OTA_VERDICT_CONTINUE);
    ota_compiled_plan_free(plan);
}

static void reads_the_0_3_0_explanation(void **state)
{
    (void)state;
    ota_compiled_plan *plan = compiled_plan();
    static const ota_device_version old_wifi = {"wifi", "1.0"};
    ota_device ok = device_named("dev-1", &old_wifi);
    /* 0.3.0's struct, with a guard after it that nothing may write. */
    struct {
        ota_explanation e;
        unsigned char guard[64];
    } old;
    memset(&old, 0xA5, sizeof old);
    assert_int_equal(sizeof old.e, 1256);
    assert_int_equal(ota_explanation_init(&old.e, OTA_EXPLANATION_VERSION), OTA_OK);
    assert_int_equal(OTA_EXPLANATION_VERSION, 1);
    assert_int_equal(ota_device_explain(plan, &ok, MONDAY, NULL, &old.e), OTA_OK);
    for (size_t i = 0; i < sizeof old.guard; i++)
        assert_int_equal(old.guard[i], 0xA5);
    assert_int_equal(old.e.version, 1);
    assert_int_equal(old.e.eligibility.reason, OTA_REASON_OK);
    assert_int_equal(old.e.eligibility.component_count, 1);
    assert_int_equal(old.e.push.status, OTA_PUSH_AT);
    assert_int_equal(old.e.push.at, MONDAY + 2 * 3600);
    assert_int_equal(old.e.check_count, OTA_EXPLAIN_CHECKS);
    assert_int_equal(old.e.checks[0].check, OTA_REASON_PLAN_NOT_ACTIVE);
    assert_int_equal(old.e.checks[OTA_EXPLAIN_CHECKS - 1].check, OTA_REASON_LOW_BATTERY);
    assert_int_equal(old.e.bucket, -1);
    assert_int_equal(old.e.t0, MONDAY);
    assert_int_equal(old.e.t0_set_by, OTA_T0_NOW);
    assert_int_equal(old.e.blackout_count, 1);
    assert_int_equal(old.e.blackout_start[0], MONDAY + 3600);
    assert_int_equal(old.e.blackout_end[0], MONDAY + 2 * 3600);
    assert_int_equal(old.e.slot_index, -1);
    assert_int_equal(old.e.slot_at, OTA_NO_INSTANT);
    /* 0.3.0's init writes its 1,256 bytes, no more. */
    memset(&old, 0xA5, sizeof old);
    assert_int_equal(ota_explanation_init(&old.e, 1), OTA_OK);
    for (size_t i = 0; i < sizeof old.guard; i++)
        assert_int_equal(old.guard[i], 0xA5);
    ota_compiled_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(evaluates_with_0_3_0_structs),
        cmocka_unit_test(reads_the_0_3_0_explanation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
