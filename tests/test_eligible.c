/* SPEC 5: the fourteen checks in order, per-component answers, and lists of
 * a million device IDs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#define T(text) fixture_instant(text)
/* Inside the fixture's silent plan period (2026-01-01T02:00Z to 2026-12-30T16:00Z). */
#define NOW T("2026-06-01T00:00:00Z")

typedef struct scenario {
    fixture_plan f;
    ota_device device;
    ota_device_version versions[4];
} scenario;

/* The fixture's silent plan (wifi full 1.0->2.0, mcu delta 1.0->1.1) and a
 * device for which every check passes. */
static void eligible_pair(scenario *s)
{
    fixture_silent(&s->f);
    ota_device_init(&s->device, OTA_DEVICE_STRUCT_VERSION);
    s->device.id = "dev-1";
    s->device.product = "lamp-1";
    s->versions[0] = (ota_device_version){"wifi", "1.0"};
    s->versions[1] = (ota_device_version){"mcu", "1.0"};
    s->device.versions = s->versions;
    s->device.version_count = 2;
}

static ota_eligibility check(const scenario *s, int64_t now)
{
    ota_compiled_plan *compiled = fixture_compile(&s->f.plan);
    ota_eligibility result = OTA_ELIGIBILITY_INIT;
    assert_int_equal(ota_device_eligible(compiled, &s->device, now, &result), OTA_OK);
    ota_compiled_plan_free(compiled);
    return result;
}

static void expect_reason(const scenario *s, int64_t now, int32_t reason, int32_t kind)
{
    ota_eligibility r = check(s, now);
    if (r.reason != reason)
        fail_msg("expected %s, got %s", ota_reason_name(reason), ota_reason_name(r.reason));
    assert_int_equal(r.kind, kind);
}

static void all_checks_pass(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    ota_eligibility r = check(&s, NOW);
    assert_int_equal(r.reason, OTA_REASON_OK);
    assert_int_equal(r.kind, OTA_KIND_NONE);
    assert_int_equal(r.component_count, 2);
    assert_true(r.components[0].applies && r.components[1].applies);
}

static void plan_state_checks_in_order(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    /* A saved plan is plan_not_active whatever else is wrong. */
    s.f.plan.state = OTA_PLAN_SAVED;
    s.device.product = "other";
    s.device.state = OTA_DEVICE_SUCCEEDED;
    expect_reason(&s, T("2030-01-01T00:00:00Z"), OTA_REASON_PLAN_NOT_ACTIVE, OTA_KIND_FINAL);
    s.f.plan.state = OTA_PLAN_TERMINATED;
    expect_reason(&s, T("2030-01-01T00:00:00Z"), OTA_REASON_PLAN_TERMINATED, OTA_KIND_FINAL);
    s.f.plan.state = OTA_PLAN_ENDED;
    expect_reason(&s, NOW, OTA_REASON_PLAN_ENDED, OTA_KIND_FINAL);
    /* now >= end is plan_ended even for a suspended plan. */
    s.f.plan.state = OTA_PLAN_SUSPENDED;
    expect_reason(&s, T("2026-12-30T16:00:00Z"), OTA_REASON_PLAN_ENDED, OTA_KIND_FINAL);
    expect_reason(&s, T("2026-12-30T15:59:59Z"), OTA_REASON_PLAN_SUSPENDED, OTA_KIND_WAIT);
    s.f.plan.state = OTA_PLAN_ACTIVE;
    expect_reason(&s, T("2026-01-01T01:59:59Z"), OTA_REASON_PLAN_NOT_STARTED, OTA_KIND_WAIT);
    expect_reason(&s, T("2026-01-01T02:00:00Z"), OTA_REASON_WRONG_PRODUCT, OTA_KIND_FINAL);
    /* Activation later than the start moves plan_not_started. */
    s.f.plan.activated_at = T("2026-02-01T00:00:00Z");
    expect_reason(&s, T("2026-01-31T23:59:59Z"), OTA_REASON_PLAN_NOT_STARTED, OTA_KIND_WAIT);
    expect_reason(&s, T("2026-02-01T00:00:00Z"), OTA_REASON_WRONG_PRODUCT, OTA_KIND_FINAL);
}

static void lists_blacklist_beats_whitelist(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    const char *black[] = {"dev-9", "dev-1"};
    const char *white[] = {"dev-1", "dev-2"};
    s.f.plan.blacklist = black;
    s.f.plan.blacklist_count = 2;
    s.f.plan.whitelist = white;
    s.f.plan.whitelist_count = 2;
    s.device.state = OTA_DEVICE_SUCCEEDED;
    expect_reason(&s, NOW, OTA_REASON_BLACKLISTED, OTA_KIND_FINAL);
    s.device.product = "lamp-2";
    expect_reason(&s, NOW, OTA_REASON_WRONG_PRODUCT, OTA_KIND_FINAL);
    s.device.product = "lamp-1";
    s.device.id = "dev-3";
    expect_reason(&s, NOW, OTA_REASON_NOT_WHITELISTED, OTA_KIND_FINAL);
    s.device.id = "dev-2";
    expect_reason(&s, NOW, OTA_REASON_ALREADY_SUCCEEDED, OTA_KIND_FINAL);
    /* An empty whitelist lets every device through. */
    s.f.plan.whitelist_count = 0;
    s.device.id = "dev-3";
    expect_reason(&s, NOW, OTA_REASON_ALREADY_SUCCEEDED, OTA_KIND_FINAL);
}

static void device_state_checks(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    s.f.plan.retry_count = 2;
    s.device.state = OTA_DEVICE_FAILED;
    s.device.failed_attempts = 2; /* at retry_count: one retry left */
    expect_reason(&s, NOW, OTA_REASON_OK, OTA_KIND_NONE);
    s.device.failed_attempts = 3;
    expect_reason(&s, NOW, OTA_REASON_RETRIES_EXHAUSTED, OTA_KIND_FINAL);
    s.f.plan.retry_count = 0;
    s.device.failed_attempts = 0; /* counts as 1 */
    expect_reason(&s, NOW, OTA_REASON_RETRIES_EXHAUSTED, OTA_KIND_FINAL);
    s.f.plan.retry_count = 1;
    expect_reason(&s, NOW, OTA_REASON_OK, OTA_KIND_NONE);
    s.device.state = OTA_DEVICE_UPGRADING;
    expect_reason(&s, NOW, OTA_REASON_IN_PROGRESS, OTA_KIND_WAIT);
    /* in_progress comes before no_applicable_component */
    s.versions[0].version = "2.0";
    s.versions[1].version = "1.1";
    expect_reason(&s, NOW, OTA_REASON_IN_PROGRESS, OTA_KIND_WAIT);
    s.device.state = OTA_DEVICE_IDLE;
    expect_reason(&s, NOW, OTA_REASON_NO_APPLICABLE_COMPONENT, OTA_KIND_FINAL);
}

static void signal_and_battery(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    s.f.plan.min_signal = -100;
    s.f.plan.min_battery = 30;
    s.device.signal = -100; /* at the minimum */
    s.device.battery = 30;
    expect_reason(&s, NOW, OTA_REASON_OK, OTA_KIND_NONE);
    s.device.signal = -101;
    expect_reason(&s, NOW, OTA_REASON_LOW_SIGNAL, OTA_KIND_DEVICE_SIDE);
    s.device.battery = 29; /* signal is checked first */
    expect_reason(&s, NOW, OTA_REASON_LOW_SIGNAL, OTA_KIND_DEVICE_SIDE);
    s.device.signal = OTA_UNSET; /* no report: not low */
    expect_reason(&s, NOW, OTA_REASON_LOW_BATTERY, OTA_KIND_DEVICE_SIDE);
    s.device.battery = OTA_UNSET;
    expect_reason(&s, NOW, OTA_REASON_OK, OTA_KIND_NONE);
    /* no_applicable_component wins over low signal */
    s.device.signal = -120;
    s.versions[0].version = "2.0";
    s.versions[1].version = "0.9";
    expect_reason(&s, NOW, OTA_REASON_NO_APPLICABLE_COMPONENT, OTA_KIND_FINAL);
}

static void component_answers(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    s.versions[0].version = "2.0"; /* wifi at target */
    s.versions[1].version = "0.9"; /* mcu delta from 1.0: mismatch */
    ota_eligibility r = check(&s, NOW);
    assert_int_equal(r.components[0].reason, OTA_REASON_AT_TARGET);
    assert_int_equal(r.components[1].reason, OTA_REASON_SOURCE_MISMATCH);
    assert_false(r.components[0].applies || r.components[1].applies);

    s.device.version_count = 1; /* no mcu reported */
    s.versions[0].version = "1.5";
    r = check(&s, NOW);
    assert_true(r.components[0].applies);
    assert_int_equal(r.components[1].reason, OTA_REASON_COMPONENT_MISSING);
    assert_int_equal(r.reason, OTA_REASON_OK);

    /* Specified versions, case-sensitive: only the second component applies. */
    s.f.components[0].specified_versions = "1.0;1.1";
    s.device.version_count = 2;
    s.versions[0].version = "1.5";
    s.versions[1].version = "1.0";
    r = check(&s, NOW);
    assert_int_equal(r.components[0].reason, OTA_REASON_VERSION_NOT_SPECIFIED);
    assert_true(r.components[1].applies);
    s.versions[0].version = "1.1";
    r = check(&s, NOW);
    assert_true(r.components[0].applies);
    s.f.components[0].specified_versions = "V1.1";
    r = check(&s, NOW);
    assert_int_equal(r.components[0].reason, OTA_REASON_VERSION_NOT_SPECIFIED);

    /* Components are listed whatever the reason. */
    s.f.plan.state = OTA_PLAN_SAVED;
    r = check(&s, NOW);
    assert_int_equal(r.reason, OTA_REASON_PLAN_NOT_ACTIVE);
    assert_int_equal(r.component_count, 2);
    assert_int_equal(r.components[1].reason, OTA_REASON_OK);
    assert_true(r.components[1].applies);
}

/* The reason of the first component for a device at `version`. */
static int32_t wifi_reason(scenario *s, const char *version)
{
    s->versions[0].version = version;
    ota_eligibility r = check(s, NOW);
    return r.components[0].reason;
}

/* SPEC 13.3, with its example: a full semver component 2.4.0 from 2.0.0. */
static void version_order_reasons(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    ota_component *wifi = &s.f.components[0];
    wifi->id = "wifi";
    wifi->target_version = "2.4.0";
    wifi->version_order = OTA_ORDER_SEMVER;
    wifi->min_version = "2.0.0";
    assert_int_equal(wifi_reason(&s, "2.0.0"), OTA_REASON_OK);
    assert_int_equal(wifi_reason(&s, "2.3.9"), OTA_REASON_OK);
    assert_int_equal(wifi_reason(&s, "2.4.0-rc.2"), OTA_REASON_OK);
    assert_int_equal(wifi_reason(&s, "1.9.9"), OTA_REASON_BELOW_RANGE);
    assert_int_equal(wifi_reason(&s, "2.0.0-rc.1"), OTA_REASON_BELOW_RANGE);
    assert_int_equal(wifi_reason(&s, "2.4.0"), OTA_REASON_AT_TARGET);
    assert_int_equal(wifi_reason(&s, "2.5.0"), OTA_REASON_NEWER_THAN_TARGET);
    assert_int_equal(wifi_reason(&s, "2.4"), OTA_REASON_VERSION_UNORDERED);
    assert_int_equal(
        wifi_reason(&s, "a very long version string that is no token at all!!!!!!!!!!"),
        OTA_REASON_VERSION_UNORDERED);
    /* below_version is exclusive, and checked before the target. */
    wifi->below_version = "2.2.0";
    assert_int_equal(wifi_reason(&s, "2.2.0"), OTA_REASON_ABOVE_RANGE);
    assert_int_equal(wifi_reason(&s, "2.1.99"), OTA_REASON_OK);
    assert_int_equal(wifi_reason(&s, "3.0.0"), OTA_REASON_ABOVE_RANGE);
    /* Downgrades allowed: above the target (and in range) applies. */
    wifi->below_version = NULL;
    wifi->allow_downgrade = OTA_DOWNGRADE_ALLOWED;
    assert_int_equal(wifi_reason(&s, "2.5.0"), OTA_REASON_OK);
    wifi->allow_downgrade = OTA_DOWNGRADE_DENIED;
    assert_int_equal(wifi_reason(&s, "2.5.0"), OTA_REASON_NEWER_THAN_TARGET);
    /* Natural order: a module firmware name. */
    wifi->version_order = OTA_ORDER_NATURAL;
    wifi->target_version = "EC200UCNAAR03A06M08";
    wifi->min_version = "EC200UCNAAR03A01M08";
    assert_int_equal(wifi_reason(&s, "EC200UCNAAR03A05M08"), OTA_REASON_OK);
    assert_int_equal(wifi_reason(&s, "EC200UCNAAR03A10M08"), OTA_REASON_NEWER_THAN_TARGET);
    assert_int_equal(wifi_reason(&s, "EC200UCNAAR02A99M08"), OTA_REASON_BELOW_RANGE);
    assert_int_equal(wifi_reason(&s, "EC200 UCNAAR"), OTA_REASON_VERSION_UNORDERED);
    /* The rules of SPEC 5 come first: a specified list, then the order. */
    wifi->min_version = NULL;
    wifi->specified_versions = "EC200UCNAAR03A05M08;EC200UCNAAR03A07M08";
    assert_int_equal(wifi_reason(&s, "EC200UCNAAR03A05M08"), OTA_REASON_OK);
    assert_int_equal(wifi_reason(&s, "EC200UCNAAR03A07M08"), OTA_REASON_NEWER_THAN_TARGET);
    assert_int_equal(wifi_reason(&s, "EC200UCNAAR03A04M08"), OTA_REASON_VERSION_NOT_SPECIFIED);

    /* A delta whose source is above its target: never, unless allowed. */
    eligible_pair(&s);
    ota_component *mcu = &s.f.components[1];
    mcu->version_order = OTA_ORDER_NATURAL;
    mcu->source_version = "1.2";
    s.versions[1].version = "1.2";
    ota_eligibility r = check(&s, NOW);
    assert_int_equal(r.components[1].reason, OTA_REASON_NEWER_THAN_TARGET);
    s.versions[1].version = "1.0";
    assert_int_equal(check(&s, NOW).components[1].reason, OTA_REASON_SOURCE_MISMATCH);
    mcu->allow_downgrade = OTA_DOWNGRADE_ALLOWED;
    s.versions[1].version = "1.2";
    assert_true(check(&s, NOW).components[1].applies);

    /* No component applies: the device's reason, and never a push. */
    eligible_pair(&s);
    s.f.components[0].version_order = OTA_ORDER_NATURAL;
    s.f.components[1].version_order = OTA_ORDER_NATURAL;
    s.versions[0].version = "3.0";
    s.versions[1].version = "2.0";
    r = check(&s, NOW);
    assert_int_equal(r.reason, OTA_REASON_NO_APPLICABLE_COMPONENT);
    assert_int_equal(r.components[0].reason, OTA_REASON_NEWER_THAN_TARGET);
    assert_int_equal(r.components[1].reason, OTA_REASON_SOURCE_MISMATCH);
    ota_compiled_plan *compiled = fixture_compile(&s.f.plan);
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    assert_int_equal(ota_next_push_time(compiled, &s.device, NOW, NULL, &push), OTA_OK);
    assert_int_equal(push.status, OTA_PUSH_NEVER);
    assert_int_equal(push.reason, OTA_REASON_NO_APPLICABLE_COMPONENT);
    ota_compiled_plan_free(compiled);
}

static void bad_devices_are_errors(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    ota_compiled_plan *compiled = fixture_compile(&s.f.plan);
    ota_eligibility r = OTA_ELIGIBILITY_INIT;
    const char *problem = NULL;
    assert_int_equal(ota_device_eligible(NULL, &s.device, NOW, &r), OTA_ERR_NULL);
    assert_int_equal(ota_device_eligible(compiled, NULL, NOW, &r), OTA_ERR_NULL);
    assert_int_equal(ota_device_eligible(compiled, &s.device, NOW, NULL), OTA_ERR_NULL);
    assert_int_equal(ota_device_eligible(compiled, &s.device, INT64_C(946684799), &r),
                     OTA_ERR_RANGE);
    ota_device d = s.device;
    d.id = NULL;
    assert_int_equal(ota_device_check(&d, &problem), OTA_ERR_INVALID_DEVICE);
    assert_non_null(problem);
    d = s.device;
    d.id = "";
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d.id = "bad\x01id";
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d.id = "bad\xc0\xafid";
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d = s.device;
    d.product = NULL;
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d = s.device;
    d.versions = NULL;
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d = s.device;
    d.failed_attempts = -1;
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d = s.device;
    d.battery = 101;
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d = s.device;
    d.state = OTA_DEVICE_USER_CONFIRMED;
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d.state_at = INT64_C(99999999999);
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_RANGE);
    d = s.device;
    d.appointment_start = NOW;
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    d.appointment_end = NOW;
    assert_int_equal(ota_device_eligible(compiled, &d, NOW, &r), OTA_ERR_INVALID_DEVICE);
    assert_int_equal(ota_device_check(NULL, &problem), OTA_ERR_NULL);
    assert_int_equal(ota_device_init(NULL, OTA_DEVICE_STRUCT_VERSION), OTA_ERR_NULL);
    ota_compiled_plan_free(compiled);
}

/* ------------------------------------------------------ million-entry lists */

enum { MILLION = 1000000 };

static char *make_ids(const char *prefix, uint32_t count, const char ***out)
{
    size_t width = strlen(prefix) + 8;
    char *storage = malloc((size_t)count * width);
    const char **ids = malloc((size_t)count * sizeof *ids);
    for (uint32_t i = 0; i < count; i++) {
        char *id = storage + (size_t)i * width;
        snprintf(id, width, "%s%07u", prefix, i);
        ids[i] = id;
    }
    *out = ids;
    return storage;
}

static void million_entry_lists(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    const char **black, **white;
    char *black_storage = make_ids("blk-", MILLION, &black);
    char *white_storage = make_ids("dev-", MILLION, &white);
    s.f.plan.blacklist = black;
    s.f.plan.blacklist_count = MILLION;
    s.f.plan.whitelist = white;
    s.f.plan.whitelist_count = MILLION;
    ota_compiled_plan *compiled = fixture_compile(&s.f.plan);
    ota_eligibility r = OTA_ELIGIBILITY_INIT;
    char id[32];
    uint32_t wrong = 0;
    for (uint32_t i = 0; i < MILLION; i++) {
        s.device.id = white[i];
        ota_device_eligible(compiled, &s.device, NOW, &r);
        wrong += r.reason != OTA_REASON_OK;
        s.device.id = black[i];
        ota_device_eligible(compiled, &s.device, NOW, &r);
        wrong += r.reason != OTA_REASON_BLACKLISTED;
        snprintf(id, sizeof id, "unk-%07u", i); /* a million unlisted IDs */
        s.device.id = id;
        ota_device_eligible(compiled, &s.device, NOW, &r);
        wrong += r.reason != OTA_REASON_NOT_WHITELISTED;
    }
    assert_int_equal(wrong, 0);
    /* IDs one byte away from listed ones, shorter, longer, very long. */
    const char *near[] = {
        "dev-000000", "dev-00000001", "dev-0000001\x7e", "Dev-0000001", "dev-0000001 ", "d", NULL};
    for (size_t i = 0; near[i]; i++) {
        s.device.id = near[i];
        assert_int_equal(ota_device_eligible(compiled, &s.device, NOW, &r), OTA_OK);
        assert_int_equal(r.reason, OTA_REASON_NOT_WHITELISTED);
    }
    char longest[129];
    memset(longest, 'x', 128);
    longest[128] = '\0';
    s.device.id = longest;
    assert_int_equal(ota_device_eligible(compiled, &s.device, NOW, &r), OTA_OK);
    assert_int_equal(r.reason, OTA_REASON_NOT_WHITELISTED);
    ota_compiled_plan_free(compiled);
    free(black);
    free(white);
    free(black_storage);
    free(white_storage);
}

/* IDs longer than the table keeps inline (12 bytes): a shared 30-byte prefix,
 * so only the tails in the arena tell them apart. */
static void long_ids_that_differ_only_at_the_end(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    enum { COUNT = 100000 };
    static char storage[COUNT][64];
    static const char *white[COUNT];
    static const char *black[3];
    const char *prefix = "tenant-0042/region-eu-west-1/";
    for (int i = 0; i < COUNT; i++) {
        snprintf(storage[i], sizeof storage[i], "%sdevice-%06d", prefix, i);
        white[i] = storage[i];
    }
    black[0] = storage[7];
    black[1] = "tenant-0042/region-eu-west-1/device-0000070";
    black[2] = "short";
    s.f.plan.whitelist = white;
    s.f.plan.whitelist_count = COUNT;
    s.f.plan.blacklist = black;
    s.f.plan.blacklist_count = 3;
    ota_compiled_plan *compiled = fixture_compile(&s.f.plan);
    ota_eligibility r = OTA_ELIGIBILITY_INIT;
    int wrong = 0;
    for (int i = 0; i < COUNT; i++) {
        s.device.id = white[i];
        ota_device_eligible(compiled, &s.device, NOW, &r);
        wrong += r.reason != (i == 7 ? OTA_REASON_BLACKLISTED : OTA_REASON_OK);
    }
    assert_int_equal(wrong, 0);
    const char *absent[] = {"tenant-0042/region-eu-west-1/device-100000",
                            "tenant-0042/region-eu-west-1/device-00001",
                            "tenant-0042/region-eu-west-1/device-0000010",
                            "tenant-0042/region-eu-west-1/device-000010 ",
                            "tenant-0042/region-eu-west-2/device-000010",
                            "tenant-0042/region-eu-west-1/device-0000070"};
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++) {
        s.device.id = absent[i];
        assert_int_equal(ota_device_eligible(compiled, &s.device, NOW, &r), OTA_OK);
        assert_int_equal(r.reason, i == 5 ? OTA_REASON_BLACKLISTED : OTA_REASON_NOT_WHITELISTED);
    }
    ota_compiled_plan_free(compiled);
}

/* The batch call looks devices up ahead in stages (8 and 16 devices
 * ahead): every batch size around them, with IDs long enough to be read
 * from the arena, short ones, unlisted ones and a device that fails its
 * check at every place. */
static void batch_of_every_size_equals_single_answers(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    enum { LISTED = 2000, COUNT = 40 };
    static char listed_storage[LISTED][48];
    static const char *white[LISTED];
    for (int i = 0; i < LISTED; i++) {
        snprintf(listed_storage[i], sizeof listed_storage[i],
                 i % 2 ? "tenant-0042/region-eu-west-1/d%06d" : "d%05d", i);
        white[i] = listed_storage[i];
    }
    static const char *black[] = {"d00000", "tenant-0042/region-eu-west-1/d000097"};
    s.f.plan.whitelist = white;
    s.f.plan.whitelist_count = LISTED;
    s.f.plan.blacklist = black;
    s.f.plan.blacklist_count = 2;
    ota_compiled_plan *compiled = fixture_compile(&s.f.plan);
    static ota_device devices[COUNT];
    static char ids[COUNT][48];
    static ota_eligibility batch[COUNT];
    static const ota_device *device_pointers[COUNT];
    static ota_eligibility *batch_pointers[COUNT];
    int reasons_seen[3] = {0, 0, 0};
    for (int i = 0; i < COUNT; i++) {
        devices[i] = s.device;
        int n = i * 97 % 2100; /* some past the listed ones */
        snprintf(ids[i], sizeof ids[i], n % 2 ? "tenant-0042/region-eu-west-1/d%06d" : "d%05d", n);
        devices[i].id = ids[i];
        device_pointers[i] = &devices[i];
        batch_pointers[i] = &batch[i];
    }
    for (size_t count = 0; count <= COUNT; count++) {
        for (size_t i = 0; i < count; i++)
            batch[i] = (ota_eligibility)OTA_ELIGIBILITY_INIT;
        assert_int_equal(
            ota_device_eligible_many(compiled, device_pointers, count, NOW, batch_pointers, NULL),
            OTA_OK);
        for (size_t i = 0; i < count; i++) {
            ota_eligibility single = OTA_ELIGIBILITY_INIT;
            assert_int_equal(ota_device_eligible(compiled, &devices[i], NOW, &single), OTA_OK);
            assert_memory_equal(&single, &batch[i], sizeof single);
            reasons_seen[0] += single.reason == OTA_REASON_OK;
            reasons_seen[1] += single.reason == OTA_REASON_NOT_WHITELISTED;
            reasons_seen[2] += single.reason == OTA_REASON_BLACKLISTED;
        }
    }
    assert_true(reasons_seen[0] > 0 && reasons_seen[1] > 0 && reasons_seen[2] > 0);
    /* A device that fails its check, at every place of a full batch. */
    for (size_t bad = 0; bad < COUNT; bad++) {
        size_t failed = 99;
        devices[bad].id = "bad\x01id";
        assert_int_equal(ota_device_eligible_many(compiled, device_pointers, COUNT, NOW,
                                                  batch_pointers, &failed),
                         OTA_ERR_INVALID_DEVICE);
        assert_int_equal(failed, bad);
        devices[bad].version = 0; /* unreadable ahead */
        assert_int_equal(ota_device_eligible_many(compiled, device_pointers, COUNT, NOW,
                                                  batch_pointers, &failed),
                         OTA_ERR_STRUCT_VERSION);
        assert_int_equal(failed, bad);
        devices[bad].version = OTA_DEVICE_STRUCT_VERSION;
        devices[bad].id = ids[bad];
    }
    ota_compiled_plan_free(compiled);
}

static void batch_answers_equal_single_answers(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    const char **white;
    char *storage = make_ids("dev-", 5000, &white);
    s.f.plan.whitelist = white;
    s.f.plan.whitelist_count = 5000;
    ota_compiled_plan *compiled = fixture_compile(&s.f.plan);
    enum { COUNT = 300 };
    static ota_device devices[COUNT];
    static char ids[COUNT][16];
    static ota_eligibility batch[COUNT];
    for (int i = 0; i < COUNT; i++) {
        devices[i] = s.device;
        snprintf(ids[i], sizeof ids[i], "dev-%07d", i * 37 % 7000); /* some not listed */
        devices[i].id = ids[i];
        devices[i].state = i % 11 == 0 ? OTA_DEVICE_SUCCEEDED : OTA_DEVICE_IDLE;
    }
    static const ota_device *device_pointers[COUNT];
    static ota_eligibility *batch_pointers[COUNT];
    for (int i = 0; i < COUNT; i++) {
        device_pointers[i] = &devices[i];
        batch[i] = (ota_eligibility)OTA_ELIGIBILITY_INIT;
        batch_pointers[i] = &batch[i];
    }
    size_t failed = 99;
    assert_int_equal(
        ota_device_eligible_many(compiled, device_pointers, COUNT, NOW, batch_pointers, &failed),
        OTA_OK);
    assert_int_equal(failed, 99);
    int listed = 0;
    for (int i = 0; i < COUNT; i++) {
        ota_eligibility single = OTA_ELIGIBILITY_INIT;
        assert_int_equal(ota_device_eligible(compiled, &devices[i], NOW, &single), OTA_OK);
        assert_memory_equal(&single, &batch[i], sizeof single);
        listed += single.reason != OTA_REASON_NOT_WHITELISTED;
    }
    assert_true(listed > 100 && listed < COUNT);
    /* A bad device stops the batch and is named. */
    devices[200].id = "";
    assert_int_equal(
        ota_device_eligible_many(compiled, device_pointers, COUNT, NOW, batch_pointers, &failed),
        OTA_ERR_INVALID_DEVICE);
    assert_int_equal(failed, 200);
    /* So does an output of an unknown version, or a missing one. */
    devices[200].id = ids[200];
    batch[150].version = 99;
    assert_int_equal(
        ota_device_eligible_many(compiled, device_pointers, COUNT, NOW, batch_pointers, &failed),
        OTA_ERR_STRUCT_VERSION);
    assert_int_equal(failed, 150);
    batch_pointers[100] = NULL;
    assert_int_equal(
        ota_device_eligible_many(compiled, device_pointers, COUNT, NOW, batch_pointers, &failed),
        OTA_ERR_NULL);
    assert_int_equal(failed, 100);
    assert_int_equal(ota_device_eligible_many(compiled, NULL, 1, NOW, batch_pointers, NULL),
                     OTA_ERR_NULL);
    assert_int_equal(ota_device_eligible_many(compiled, NULL, 0, NOW, NULL, NULL), OTA_OK);
    ota_compiled_plan_free(compiled);
    free(white);
    free(storage);
}

static void invalid_list_entries_refuse_compilation(void **state)
{
    (void)state;
    scenario s;
    eligible_pair(&s);
    const char *black[] = {"ok", "bad\xff"};
    s.f.plan.blacklist = black;
    s.f.plan.blacklist_count = 2;
    ota_compiled_plan *compiled = (ota_compiled_plan *)&s;
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_compile(&s.f.plan, NULL, &compiled, &list), OTA_ERR_INVALID_PLAN);
    assert_null(compiled);
    assert_diagnostic(list, OTA_CODE_LIST_ENTRY_INVALID, "blacklist[1]");
    ota_diagnostics_free(list);
}

static void reason_names_and_kinds(void **state)
{
    (void)state;
    static const char *const names[] = {"ok",
                                        "plan_not_active",
                                        "plan_terminated",
                                        "plan_ended",
                                        "plan_suspended",
                                        "plan_not_started",
                                        "wrong_product",
                                        "blacklisted",
                                        "not_whitelisted",
                                        "already_succeeded",
                                        "retries_exhausted",
                                        "in_progress",
                                        "no_applicable_component",
                                        "low_signal",
                                        "low_battery",
                                        "outside_rollout",
                                        "rollout_pending",
                                        "no_plan"};
    for (int32_t i = 0; i < 18; i++)
        assert_string_equal(ota_reason_name(i), names[i]);
    assert_string_equal(ota_reason_name(OTA_REASON_SOURCE_MISMATCH), "source_mismatch");
    assert_string_equal(ota_reason_name(OTA_REASON_APPOINTMENT_MISSED), "appointment_missed");
    assert_string_equal(ota_reason_name(OTA_REASON_VERSION_UNORDERED), "version_unordered");
    assert_string_equal(ota_reason_name(OTA_REASON_BELOW_RANGE), "below_range");
    assert_string_equal(ota_reason_name(OTA_REASON_ABOVE_RANGE), "above_range");
    assert_string_equal(ota_reason_name(OTA_REASON_NEWER_THAN_TARGET), "newer_than_target");
    assert_int_equal(ota_reason_kind(OTA_REASON_NEWER_THAN_TARGET), OTA_KIND_NONE);
    assert_null(ota_reason_name(-1));
    assert_null(ota_reason_name(18));
    assert_int_equal(ota_reason_kind(OTA_REASON_NO_PLAN), OTA_KIND_FINAL);
    assert_int_equal(ota_reason_kind(OTA_REASON_OUTSIDE_ROLLOUT), OTA_KIND_FINAL);
    assert_int_equal(ota_reason_kind(OTA_REASON_ROLLOUT_PENDING), OTA_KIND_WAIT);
    assert_null(ota_reason_name(1000));
    assert_int_equal(ota_reason_kind(OTA_REASON_IN_PROGRESS), OTA_KIND_WAIT);
    assert_int_equal(ota_reason_kind(1000), OTA_KIND_NONE);
    assert_string_equal(ota_push_status_name(OTA_PUSH_AWAIT_USER_CONFIRM), "await_user_confirm");
    assert_null(ota_push_status_name(0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_checks_pass),
        cmocka_unit_test(plan_state_checks_in_order),
        cmocka_unit_test(lists_blacklist_beats_whitelist),
        cmocka_unit_test(device_state_checks),
        cmocka_unit_test(signal_and_battery),
        cmocka_unit_test(component_answers),
        cmocka_unit_test(bad_devices_are_errors),
        cmocka_unit_test(million_entry_lists),
        cmocka_unit_test(long_ids_that_differ_only_at_the_end),
        cmocka_unit_test(batch_answers_equal_single_answers),
        cmocka_unit_test(batch_of_every_size_equals_single_answers),
        cmocka_unit_test(invalid_list_entries_refuse_compilation),
        cmocka_unit_test(reason_names_and_kinds),
        cmocka_unit_test(version_order_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
