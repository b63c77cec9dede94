/* SPEC 11 at evaluation: the worked examples of sections 11.2 and 11.5, the
 * abort verdict of 11.6, and the fleet property that spread exists for: a
 * herd of 100,000 devices at the first tick of a window, spread evenly over
 * its ticks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

static ota_component lock_firmware = {.type = OTA_COMPONENT_MODULE,
                                      .method = OTA_METHOD_FULL,
                                      .id = "wifi-fw",
                                      .target_version = "2.4.0"};
static ota_window night = {.start_hour = 0, .end_hour = 2};
static ota_rollout_phase phases[3];
static ota_rollout rollout;

/* SPEC 11.5's plan: salt smart-lock_v2 (the product), Asia/Shanghai,
 * window 00-02. */
static void smart_lock_plan(ota_plan *plan, int spread)
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
    rollout = (ota_rollout){.spread = spread};
    plan->rollout = &rollout;
}

static int64_t push_of(const ota_compiled_plan *compiled, const char *id, int64_t now)
{
    ota_device_version reported = {"wifi-fw", "2.3.1"};
    ota_device device = OTA_DEVICE_INIT;
    device.id = id;
    device.product = "smart-lock_v2";
    device.versions = &reported;
    device.version_count = 1;
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    assert_int_equal(ota_next_push_time(compiled, &device, now, NULL, &push), OTA_OK);
    return push.status == OTA_PUSH_AT ? push.at : OTA_NO_INSTANT;
}

static void buckets_of_the_examples(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        int32_t bucket, position;
    } locks[] = {{"lock-0001", 6893, 9316},
                 {"lock-0002", 4371, 129},
                 {"lock-0003", 2921, 8116},
                 {"lock-0004", 652, 5872}};
    for (size_t i = 0; i < 4; i++) {
        int32_t bucket, position;
        assert_int_equal(ota_rollout_bucket("smart-lock_v2", locks[i].id, &bucket, &position),
                         OTA_OK);
        assert_int_equal(bucket, locks[i].bucket);
        assert_int_equal(position, locks[i].position);
    }
    assert_int_equal(ota_rollout_bucket(NULL, "x", NULL, NULL), OTA_ERR_NULL);
    assert_int_equal(ota_rollout_bucket("s", NULL, NULL, NULL), OTA_ERR_NULL);
}

/* SPEC 11.5: asked at 23:00 on 2026-12-02, each lock gets its slot of the
 * next night; asked later, the next tick or the next night's slot. */
static void spread_example(void **state)
{
    (void)state;
    ota_plan plan;
    smart_lock_plan(&plan, 1);
    ota_compiled_plan *compiled = fixture_compile(&plan);
    int64_t at_23 = fixture_instant("2026-12-02T15:00:00Z"); /* 23:00 in Shanghai */
    assert_int_equal(push_of(compiled, "lock-0001", at_23),
                     fixture_instant("2026-12-02T17:50:00Z"));
    assert_int_equal(push_of(compiled, "lock-0002", at_23),
                     fixture_instant("2026-12-02T16:00:00Z"));
    assert_int_equal(push_of(compiled, "lock-0003", at_23),
                     fixture_instant("2026-12-02T17:30:00Z"));
    assert_int_equal(push_of(compiled, "lock-0004", at_23),
                     fixture_instant("2026-12-02T17:10:00Z"));
    int64_t at_0121 = fixture_instant("2026-12-02T17:21:00Z");
    assert_int_equal(push_of(compiled, "lock-0004", at_0121),
                     fixture_instant("2026-12-02T17:30:00Z"));
    assert_int_equal(push_of(compiled, "lock-0003", at_0121),
                     fixture_instant("2026-12-02T17:30:00Z"));
    int64_t at_0155 = fixture_instant("2026-12-02T17:55:00Z");
    assert_int_equal(push_of(compiled, "lock-0002", at_0155),
                     fixture_instant("2026-12-03T16:00:00Z"));
    ota_compiled_plan_free(compiled);
}

/* SPEC 11.2: a device of bucket 512 (none of the example locks has it, so
 * the shares are set around the locks' buckets) is pending until the phase
 * that takes it in, then pushed at the first tick of its window. */
static void phases_example(void **state)
{
    (void)state;
    ota_plan plan;
    smart_lock_plan(&plan, 0);
    phases[0] = (ota_rollout_phase){"2026-12-01T00:00", 3000}; /* lock-0004 (652), lock-0003 */
    phases[1] = (ota_rollout_phase){"2026-12-03T00:00", 7000}; /* lock-0002 (4371), lock-0001 */
    rollout.phases = phases;
    rollout.phase_count = 2;
    ota_compiled_plan *compiled = fixture_compile(&plan);
    int64_t now = fixture_instant("2026-12-01T12:00:00Z");
    assert_int_equal(push_of(compiled, "lock-0004", now), fixture_instant("2026-12-01T16:00:00Z"));
    assert_int_equal(push_of(compiled, "lock-0003", now), fixture_instant("2026-12-01T16:00:00Z"));
    /* lock-0002 waits for the second phase: 2026-12-03 00:00 local. */
    assert_int_equal(push_of(compiled, "lock-0002", now), fixture_instant("2026-12-02T16:00:00Z"));
    ota_device_version reported = {"wifi-fw", "2.3.1"};
    ota_device device = OTA_DEVICE_INIT;
    device.id = "lock-0002";
    device.product = "smart-lock_v2";
    device.versions = &reported;
    device.version_count = 1;
    ota_eligibility e = OTA_ELIGIBILITY_INIT;
    assert_int_equal(ota_device_eligible(compiled, &device, now, &e), OTA_OK);
    assert_int_equal(e.reason, OTA_REASON_ROLLOUT_PENDING);
    assert_int_equal(e.kind, OTA_KIND_WAIT);
    assert_int_equal(
        ota_device_eligible(compiled, &device, fixture_instant("2026-12-03T00:00:00Z"), &e),
        OTA_OK);
    assert_int_equal(e.reason, OTA_REASON_OK);
    /* A capped release: 70 % never reaches a device of bucket 7000 or more. */
    device.id = "dev-9"; /* any ID of bucket >= 7000 */
    for (int i = 0; i < 100; i++) {
        char id[16];
        snprintf(id, sizeof id, "dev-%d", i);
        int32_t bucket;
        ota_rollout_bucket("smart-lock_v2", id, &bucket, NULL);
        device.id = id;
        assert_int_equal(ota_device_eligible(compiled, &device, now, &e), OTA_OK);
        if (bucket >= 7000) {
            assert_int_equal(e.reason, OTA_REASON_OUTSIDE_ROLLOUT);
            assert_int_equal(e.kind, OTA_KIND_FINAL);
            assert_int_equal(push_of(compiled, id, now), OTA_NO_INSTANT);
        }
    }
    ota_compiled_plan_free(compiled);
}

/* SPEC 11.6 */
static void abort_verdict(void **state)
{
    (void)state;
    ota_plan plan;
    smart_lock_plan(&plan, 0);
    ota_compiled_plan *without = fixture_compile(&plan);
    ota_rollout_abort threshold = {500, 200}; /* 5 % from 200 attempts */
    rollout.abort = &threshold;
    ota_compiled_plan *with = fixture_compile(&plan);
    int32_t verdict = -1;
    assert_int_equal(ota_compiled_plan_rollout_verdict(without, 1000, 1000, &verdict), OTA_OK);
    assert_int_equal(verdict, OTA_VERDICT_CONTINUE);
    static const struct {
        uint64_t attempted, failed;
        int32_t verdict;
    } cases[] = {
        {199, 199, OTA_VERDICT_CONTINUE}, /* too few attempts */
        {200, 9, OTA_VERDICT_CONTINUE},   /* 4.5 % */
        {200, 10, OTA_VERDICT_ABORT},     /* 5 %: at the threshold */
        {1000000, 49999, OTA_VERDICT_CONTINUE},
        {1000000, 50000, OTA_VERDICT_ABORT},
        {UINT64_MAX, UINT64_MAX / 20, OTA_VERDICT_CONTINUE}, /* no 64-bit overflow */
        {UINT64_MAX, UINT64_MAX / 20 + 1, OTA_VERDICT_ABORT},
        {UINT64_MAX, UINT64_MAX, OTA_VERDICT_ABORT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(
            ota_compiled_plan_rollout_verdict(with, cases[i].attempted, cases[i].failed, &verdict),
            OTA_OK);
        assert_int_equal(verdict, cases[i].verdict);
    }
    assert_int_equal(ota_compiled_plan_rollout_verdict(with, 10, 11, &verdict), OTA_ERR_ARGUMENT);
    assert_int_equal(ota_compiled_plan_rollout_verdict(NULL, 10, 1, &verdict), OTA_ERR_NULL);
    assert_int_equal(ota_compiled_plan_rollout_verdict(with, 10, 1, NULL), OTA_ERR_NULL);
    ota_compiled_plan_free(without);
    ota_compiled_plan_free(with);
}

/* The herd and its cure: 100,000 devices asked at 23:00 for the 00-02
 * window at tick 10.  Without spread every push lands at 00:00; with it,
 * each of the 12 ticks gets between 0.9 and 1.1 of N / 12. */
static void spread_ends_the_thundering_herd(void **state)
{
    (void)state;
    enum { DEVICES = 100000, TICKS = 12 };
    int64_t now = fixture_instant("2026-12-02T15:00:00Z");
    int64_t first = fixture_instant("2026-12-02T16:00:00Z");
    for (int spread = 0; spread <= 1; spread++) {
        ota_plan plan;
        smart_lock_plan(&plan, spread);
        ota_compiled_plan *compiled = fixture_compile(&plan);
        long per_tick[TICKS] = {0};
        for (int i = 0; i < DEVICES; i++) {
            char id[24];
            snprintf(id, sizeof id, "lock-%07d", i);
            int64_t at = push_of(compiled, id, now);
            int64_t k = (at - first) / 600;
            assert_true(at >= first && (at - first) % 600 == 0 && k < TICKS);
            per_tick[k]++;
        }
        for (int k = 0; k < TICKS; k++) {
            if (!spread)
                assert_int_equal(per_tick[k], k == 0 ? DEVICES : 0);
            else if (per_tick[k] < DEVICES / TICKS * 9 / 10 ||
                     per_tick[k] > DEVICES / TICKS * 11 / 10)
                fail_msg("tick %d: %ld pushes of %d", k, per_tick[k], DEVICES);
        }
        ota_compiled_plan_free(compiled);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buckets_of_the_examples),
        cmocka_unit_test(spread_example),
        cmocka_unit_test(phases_example),
        cmocka_unit_test(abort_verdict),
        cmocka_unit_test(spread_ends_the_thundering_herd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
