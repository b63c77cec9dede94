/* SPEC 3 and 7: every diagnostic code with its exact path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

static void expect_code(const ota_plan *plan, int32_t code, const char *path)
{
    ota_diagnostics *list = fixture_validate(plan, NULL);
    assert_diagnostic(list, code, path);
    ota_diagnostics_free(list);
}

static void expect_clean(const ota_plan *plan)
{
    ota_diagnostics *list = fixture_validate(plan, NULL);
    if (ota_diagnostics_count(list) != 0) {
        fixture_print(list);
        fail_msg("expected no diagnostic at all");
    }
    ota_diagnostics_free(list);
}

static void valid_plans_have_no_diagnostic(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    expect_clean(&f.plan);
    fixture_user_confirm(&f);
    expect_clean(&f.plan);
}

static void null_arguments_are_errors(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    ota_diagnostics *list = (ota_diagnostics *)&f; /* must be overwritten with NULL */
    assert_int_equal(ota_plan_validate(NULL, NULL, &list), OTA_ERR_NULL);
    assert_null(list);
    assert_int_equal(ota_plan_validate(&f.plan, NULL, NULL), OTA_ERR_NULL);
    assert_int_equal(ota_plan_init(NULL, OTA_PLAN_STRUCT_VERSION), OTA_ERR_NULL);
    assert_int_equal(ota_validate_options_init(NULL, OTA_VALIDATE_OPTIONS_VERSION), OTA_ERR_NULL);
    assert_int_equal(ota_diagnostics_count(NULL), 0);
    assert_int_equal(ota_diagnostics_error_count(NULL), 0);
    ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
    assert_int_equal(ota_diagnostics_get(NULL, 0, &d), OTA_ERR_NULL);
    ota_diagnostics_free(NULL);
    f.plan.version = 99;
    assert_int_equal(ota_plan_validate(&f.plan, NULL, &list), OTA_ERR_STRUCT_VERSION);
}

static void name_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.name = NULL;
    expect_code(&f.plan, OTA_CODE_NAME_MISSING, "name");
    f.plan.name = " \t\u3000 "; /* ideographic space is White_Space too */
    expect_code(&f.plan, OTA_CODE_NAME_MISSING, "name");
    f.plan.name = "a\x01z";
    expect_code(&f.plan, OTA_CODE_NAME_CONTROL_CHAR, "name");
    f.plan.name = "a\xc2\x85z"; /* U+0085, a C1 control */
    expect_code(&f.plan, OTA_CODE_NAME_CONTROL_CHAR, "name");
    const char *invalid[] = {"\xc0\xaf", "\xed\xa0\x80", "\xe4\xb8", "ok\xff", "\xf4\x90\x80\x80"};
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        f.plan.name = invalid[i];
        expect_code(&f.plan, OTA_CODE_NAME_INVALID_UTF8, "name");
    }
}

static char *repeat(const char *unit, size_t times, const char *around)
{
    size_t n = strlen(unit) * times + 2 * strlen(around) + 1;
    char *s = calloc(1, n);
    strcat(s, around);
    for (size_t i = 0; i < times; i++)
        strcat(s, unit);
    strcat(s, around);
    return s;
}

static void name_length_counts_code_points_after_trimming(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    const char *units[] = {"a", "\xe4\xb8\xad" /* 中 */, "\xf0\x9f\x98\x80" /* 😀 */};
    for (size_t i = 0; i < 3; i++) {
        char *ok = repeat(units[i], 100, "  ");
        char *too_long = repeat(units[i], 101, "");
        f.plan.name = ok;
        expect_clean(&f.plan);
        f.plan.name = too_long;
        expect_code(&f.plan, OTA_CODE_NAME_TOO_LONG, "name");
        free(ok);
        free(too_long);
    }
}

static void name_duplicate_compares_nfc_and_trimmed(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    const char *existing[] = {"Other plan", "  Cafe\xcc\x81 night "}; /* decomposed é */
    ota_validate_options options;
    ota_validate_options_init(&options, OTA_VALIDATE_OPTIONS_VERSION);
    options.existing_names = existing;
    options.existing_name_count = 2;
    f.plan.name = "Caf\xc3\xa9 night"; /* composed é */
    ota_diagnostics *list = fixture_validate(&f.plan, &options);
    assert_diagnostic(list, OTA_CODE_NAME_DUPLICATE, "name");
    ota_diagnostics_free(list);
    f.plan.name = "Cafe night";
    list = fixture_validate(&f.plan, &options);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
}

static void product_and_enumerations(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.product = NULL;
    expect_code(&f.plan, OTA_CODE_PRODUCT_MISSING, "product");
    f.plan.product = "lamp 1";
    expect_code(&f.plan, OTA_CODE_PRODUCT_INVALID, "product");
    char long_product[66];
    memset(long_product, 'p', 65);
    long_product[65] = '\0';
    f.plan.product = long_product;
    expect_code(&f.plan, OTA_CODE_PRODUCT_INVALID, "product");
    long_product[64] = '\0';
    expect_clean(&f.plan);

    fixture_silent(&f);
    f.plan.product_type = 7;
    expect_code(&f.plan, OTA_CODE_PRODUCT_TYPE_INVALID, "product_type");
    fixture_silent(&f);
    f.plan.state = 9;
    expect_code(&f.plan, OTA_CODE_STATE_INVALID, "state");
    fixture_silent(&f);
    f.plan.mode = OTA_MODE_MISSING;
    expect_code(&f.plan, OTA_CODE_MODE_MISSING, "mode");
    f.plan.mode = 5;
    expect_code(&f.plan, OTA_CODE_MODE_INVALID, "mode");

    fixture_user_confirm(&f);
    f.plan.region = OTA_REGION_MISSING;
    expect_code(&f.plan, OTA_CODE_REGION_MISSING, "region");
    f.plan.region = 9;
    expect_code(&f.plan, OTA_CODE_REGION_INVALID, "region");
    fixture_user_confirm(&f);
    f.plan.bluetooth = 1;
    expect_code(&f.plan, OTA_CODE_BLUETOOTH_REQUIRES_SILENT, "mode");
    fixture_silent(&f);
    f.plan.bluetooth = 1;
    expect_clean(&f.plan);
}

static void time_zone_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.timezone = NULL;
    expect_code(&f.plan, OTA_CODE_TIMEZONE_MISSING, "timezone");
    const char *unknown[] = {"Mars/Olympus", "GMT+5", "utc", "Etc/Unknown", "asia/shanghai", ""};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
        f.plan.timezone = unknown[i];
        expect_code(&f.plan, unknown[i][0] ? OTA_CODE_TIMEZONE_UNKNOWN : OTA_CODE_TIMEZONE_MISSING,
                    "timezone");
    }
    const char *known[] = {"Asia/Calcutta", "US/Eastern", "UTC", "Etc/GMT-8"};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        f.plan.timezone = known[i];
        expect_clean(&f.plan);
    }
    f.plan.timezone = "US/Eastern";
    ota_compiled_plan *compiled = fixture_compile(&f.plan);
    assert_string_equal(ota_compiled_plan_timezone(compiled), "America/New_York");
    ota_compiled_plan_free(compiled);

    ota_validate_options options;
    ota_validate_options_init(&options, OTA_VALIDATE_OPTIONS_VERSION);
    options.system_tzdata_version = "9999z";
    fixture_silent(&f);
    ota_diagnostics *list = fixture_validate(&f.plan, &options);
    assert_diagnostic(list, OTA_CODE_TZDATA_STALE, "timezone");
    ota_diagnostics_free(list);
    options.system_tzdata_version = "1999a";
    list = fixture_validate(&f.plan, &options);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
}

static void plan_period_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.start = NULL;
    expect_code(&f.plan, OTA_CODE_TIME_MISSING, "start");
    const char *malformed[] = {"2026-02-30T10:00",
                               "2026-01-01 10:00",
                               "2026-01-01T10:00Z",
                               "2026-1-01T10:00",
                               "2026-01-01T24:00",
                               "2026-01-01T10:60",
                               "x"};
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
        f.plan.start = malformed[i];
        expect_code(&f.plan, OTA_CODE_TIME_INVALID, "start");
    }
    f.plan.start = "1999-12-31T23:00"; /* 15:00Z in Shanghai: before 2000 */
    expect_code(&f.plan, OTA_CODE_TIME_OUT_OF_RANGE, "start");
    f.plan.start = "2000-01-01T08:00"; /* exactly 2000-01-01T00:00:00Z */
    expect_clean(&f.plan);
    f.plan.end = "2100-01-01T08:00";
    expect_code(&f.plan, OTA_CODE_TIME_OUT_OF_RANGE, "end");
    f.plan.end = "9999-12-31T23:59";
    expect_code(&f.plan, OTA_CODE_TIME_OUT_OF_RANGE, "end");
    fixture_silent(&f);
    f.plan.end = f.plan.start;
    expect_code(&f.plan, OTA_CODE_TIME_ORDER, "end");

    fixture_silent(&f);
    f.plan.activated_at = INT64_C(946684799);
    expect_code(&f.plan, OTA_CODE_TIME_OUT_OF_RANGE, "activated_at");

    ota_validate_options options;
    ota_validate_options_init(&options, OTA_VALIDATE_OPTIONS_VERSION);
    options.now = fixture_instant("2026-12-31T00:00:00Z"); /* after 2026-12-30T16:00Z */
    ota_diagnostics *list = fixture_validate(&f.plan, &options);
    assert_diagnostic(list, OTA_CODE_PLAN_ALREADY_ENDED, "end");
    ota_diagnostics_free(list);
    options.now = INT64_C(5000000000);
    list = NULL;
    assert_int_equal(ota_plan_validate(&f.plan, &options, &list), OTA_ERR_RANGE);
    assert_null(list);
}

static void daylight_saving_warnings(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.push_window = NULL;
    f.plan.timezone = "America/New_York";
    f.plan.start = "2026-03-08T02:30"; /* spring forward: 02:00 -> 03:00 */
    f.plan.end = "2026-11-01T01:30";   /* fall back: 01:00-02:00 twice */
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_TIME_IN_GAP, "start");
    assert_diagnostic(list, OTA_CODE_TIME_AMBIGUOUS, "end");
    assert_no_errors(list);
    ota_diagnostics_free(list);
    ota_compiled_plan *compiled = fixture_compile(&f.plan);
    int64_t start, end, effective;
    ota_compiled_plan_period(compiled, &start, &end, &effective);
    /* 02:30 in the gap becomes 03:30 EDT; 01:30 twice takes EDT, the earlier. */
    assert_int_equal(start, fixture_instant("2026-03-08T07:30:00Z"));
    assert_int_equal(end, fixture_instant("2026-11-01T05:30:00Z"));
    ota_compiled_plan_free(compiled);

    /* Lord Howe moves its clocks by 30 minutes. */
    f.plan.timezone = "Australia/Lord_Howe";
    f.plan.start = "2026-10-04T02:10"; /* 02:00 -> 02:30 */
    f.plan.end = "2027-04-04T01:45";   /* 02:00 -> 01:30: 01:30-02:00 twice */
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_TIME_IN_GAP, "start");
    assert_diagnostic(list, OTA_CODE_TIME_AMBIGUOUS, "end");
    ota_diagnostics_free(list);
    compiled = fixture_compile(&f.plan);
    ota_compiled_plan_period(compiled, &start, &end, &effective);
    /* 02:10 at +10:30 is 15:40Z the day before, shown as 02:40 +11:00. */
    assert_int_equal(start, fixture_instant("2026-10-03T15:40:00Z"));
    /* 01:45 first at +11:00. */
    assert_int_equal(end, fixture_instant("2027-04-03T14:45:00Z"));
    ota_compiled_plan_free(compiled);
}

static void plan_that_never_pushes(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.timezone = "America/New_York";
    f.plan.start = "2026-03-08T01:00";
    f.plan.end = "2026-03-08T04:00";
    f.push_window = (ota_window){2, 3}; /* the skipped hour */
    expect_code(&f.plan, OTA_CODE_PLAN_NEVER_PUSHES, "push_window");
    f.push_window = (ota_window){1, 3};
    expect_clean(&f.plan);
}

static void window_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.push_window = (ota_window){5, 5};
    expect_code(&f.plan, OTA_CODE_WINDOW_INVALID, "push_window.end_hour");
    f.push_window = (ota_window){24, 1};
    expect_code(&f.plan, OTA_CODE_WINDOW_INVALID, "push_window.start_hour");
    f.push_window = (ota_window){0, 25};
    expect_code(&f.plan, OTA_CODE_WINDOW_INVALID, "push_window.end_hour");
    f.push_window = (ota_window){-1, 0};
    expect_code(&f.plan, OTA_CODE_WINDOW_INVALID, "push_window.start_hour");
    expect_code(&f.plan, OTA_CODE_WINDOW_INVALID, "push_window.end_hour");
    f.push_window = (ota_window){0, 24};
    expect_clean(&f.plan);
    f.push_window = (ota_window){22, 2};
    expect_clean(&f.plan);

    fixture_user_confirm(&f);
    f.auto_upgrade_window = (ota_window){3, 3};
    f.plan.auto_upgrade_window = &f.auto_upgrade_window;
    expect_code(&f.plan, OTA_CODE_WINDOW_INVALID, "auto_upgrade_window.end_hour");
}

static void numeric_ranges(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    int32_t refusals[] = {9, 10, 1440, 1441};
    for (int i = 0; i < 4; i++) {
        f.plan.refusal_retry_minutes = refusals[i];
        if (i == 0 || i == 3)
            expect_code(&f.plan, OTA_CODE_REFUSAL_OUT_OF_RANGE, "refusal_retry_minutes");
        else
            expect_clean(&f.plan);
    }
    fixture_silent(&f);
    f.plan.retry_count = 11;
    expect_code(&f.plan, OTA_CODE_RETRY_OUT_OF_RANGE, "strategy.retry_count");
    f.plan.retry_count = -1;
    expect_code(&f.plan, OTA_CODE_RETRY_OUT_OF_RANGE, "strategy.retry_count");
    f.plan.retry_count = 10;
    expect_clean(&f.plan);
    f.plan.min_signal = -141;
    expect_code(&f.plan, OTA_CODE_SIGNAL_OUT_OF_RANGE, "strategy.min_signal");
    f.plan.min_signal = -43;
    expect_code(&f.plan, OTA_CODE_SIGNAL_OUT_OF_RANGE, "strategy.min_signal");
    f.plan.min_signal = -44;
    expect_clean(&f.plan);
    f.plan.min_battery = 101;
    expect_code(&f.plan, OTA_CODE_BATTERY_OUT_OF_RANGE, "strategy.min_battery");
    f.plan.min_battery = -1;
    expect_code(&f.plan, OTA_CODE_BATTERY_OUT_OF_RANGE, "strategy.min_battery");
    f.plan.min_battery = 0;
    expect_clean(&f.plan);
    /* SPEC 14.1: a priority from -1000 to 1000. */
    int32_t priorities[] = {-1001, -1000, 1000, 1001, INT32_MIN};
    for (int i = 0; i < 5; i++) {
        f.plan.priority = priorities[i];
        if (i == 1 || i == 2)
            expect_clean(&f.plan);
        else
            expect_code(&f.plan, OTA_CODE_PRIORITY_OUT_OF_RANGE, "priority");
    }
}

static void fields_not_applicable_to_the_mode(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_user_confirm(&f);
    f.plan.push_window = &f.push_window;
    f.push_window = (ota_window){5, 5}; /* ignored, so not window_invalid */
    f.plan.active_push = 1;
    f.plan.refusal_retry_minutes = 60;
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_PUSH_WINDOW_NOT_APPLICABLE, "push_window");
    assert_diagnostic(list, OTA_CODE_ACTIVE_PUSH_NOT_APPLICABLE, "active_push");
    assert_diagnostic(list, OTA_CODE_REFUSAL_RETRY_MINUTES_NOT_APPLICABLE, "refusal_retry_minutes");
    assert_no_errors(list);
    ota_diagnostics_free(list);

    fixture_silent(&f);
    f.auto_upgrade_window = (ota_window){1, 2};
    f.plan.auto_upgrade_window = &f.auto_upgrade_window;
    f.texts[0] = (ota_text){"en", "hello"};
    f.plan.texts = f.texts;
    f.plan.text_count = 1;
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_AUTO_UPGRADE_WINDOW_NOT_APPLICABLE, "auto_upgrade_window");
    assert_diagnostic(list, OTA_CODE_TEXTS_NOT_APPLICABLE, "texts");
    assert_no_errors(list);
    ota_diagnostics_free(list);

    fixture_silent(&f);
    f.plan.active_push = 0;
    f.plan.refusal_retry_minutes = 30;
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_PUSH_WINDOW_NOT_APPLICABLE, "push_window");
    assert_diagnostic(list, OTA_CODE_REFUSAL_RETRY_MINUTES_NOT_APPLICABLE, "refusal_retry_minutes");
    ota_diagnostics_free(list);
}

static void list_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    char long_id[130];
    memset(long_id, 'd', 129);
    long_id[129] = '\0';
    const char *black[] = {"dev-1", "", long_id, "a\x01", "\xff", NULL, "dev-1"};
    f.plan.blacklist = black;
    f.plan.blacklist_count = 7;
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    for (int i = 1; i <= 5; i++) {
        char path[32];
        snprintf(path, sizeof path, "blacklist[%d]", i);
        assert_diagnostic(list, OTA_CODE_LIST_ENTRY_INVALID, path);
    }
    ota_diagnostics_free(list);

    long_id[128] = '\0'; /* exactly 128 bytes is fine */
    const char *black_ok[] = {"dev-1", long_id, "dev-1"};
    const char *white[] = {"dev-2", "dev-1"};
    f.plan.blacklist = black_ok;
    f.plan.blacklist_count = 3;
    f.plan.whitelist = white;
    f.plan.whitelist_count = 2;
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_LIST_DUPLICATE, "blacklist[2]");
    assert_diagnostic(list, OTA_CODE_DEVICE_IN_BOTH_LISTS, "whitelist[1]");
    assert_no_errors(list);
    ota_diagnostics_free(list);

    const char **huge = malloc((OTA_MAX_LIST_ENTRIES + 1) * sizeof *huge);
    for (uint32_t i = 0; i <= OTA_MAX_LIST_ENTRIES; i++)
        huge[i] = "x";
    f.plan.whitelist = huge;
    f.plan.whitelist_count = OTA_MAX_LIST_ENTRIES + 1;
    expect_code(&f.plan, OTA_CODE_LIST_TOO_LONG, "whitelist");
    free(huge);
}

static void component_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.component_count = 0;
    expect_code(&f.plan, OTA_CODE_COMPONENTS_MISSING, "components");
    f.plan.component_count = 17;
    expect_code(&f.plan, OTA_CODE_COMPONENTS_TOO_MANY, "components");

    fixture_silent(&f);
    f.components[0].type = 0;
    expect_code(&f.plan, OTA_CODE_COMPONENT_TYPE_INVALID, "components[0].type");
    fixture_silent(&f);
    f.plan.product_type = OTA_PRODUCT_SUBDEVICE;
    expect_code(&f.plan, OTA_CODE_SUBDEVICE_REQUIRES_MODULE, "components[1].type");
    fixture_silent(&f);
    f.components[0].id = "wifi fw";
    expect_code(&f.plan, OTA_CODE_COMPONENT_ID_INVALID, "components[0].id");
    f.components[0].id = NULL;
    expect_code(&f.plan, OTA_CODE_COMPONENT_ID_INVALID, "components[0].id");
    fixture_silent(&f);
    f.components[1].id = "wifi";
    expect_code(&f.plan, OTA_CODE_COMPONENT_DUPLICATE, "components[1].id");
    fixture_silent(&f);
    f.components[0].method = 0;
    expect_code(&f.plan, OTA_CODE_COMPONENT_METHOD_INVALID, "components[0].method");

    fixture_silent(&f);
    char version[66];
    memset(version, 'v', 65);
    version[65] = '\0';
    f.components[0].target_version = version;
    expect_code(&f.plan, OTA_CODE_VERSION_INVALID, "components[0].target_version");
    version[64] = '\0';
    expect_clean(&f.plan);
    f.components[0].target_version = NULL;
    expect_code(&f.plan, OTA_CODE_VERSION_INVALID, "components[0].target_version");
    fixture_silent(&f);
    f.components[1].source_version = "1.0 rc";
    expect_code(&f.plan, OTA_CODE_VERSION_INVALID, "components[1].source_version");
    f.components[1].source_version = NULL;
    expect_code(&f.plan, OTA_CODE_SOURCE_VERSION_MISSING, "components[1].source_version");
    f.components[1].source_version = "1.1";
    expect_code(&f.plan, OTA_CODE_SOURCE_EQUALS_TARGET, "components[1].source_version");

    fixture_silent(&f);
    f.components[0].source_version = "1.0";
    f.components[1].specified_versions = "1.0";
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_SOURCE_VERSION_NOT_APPLICABLE, "components[0].source_version");
    assert_diagnostic(list, OTA_CODE_SPECIFIED_VERSIONS_NOT_APPLICABLE,
                      "components[1].specified_versions");
    assert_no_errors(list);
    ota_diagnostics_free(list);
}

static void specified_versions_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    const char *invalid[] = {"a;;b", "a;", ";a", "", "a; b", " a", "a b"};
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        f.components[0].specified_versions = invalid[i];
        expect_code(&f.plan, OTA_CODE_SPECIFIED_VERSIONS_INVALID,
                    "components[0].specified_versions");
    }
    f.components[0].specified_versions = "1;2;3;4;5;6;7;8";
    expect_clean(&f.plan);
    f.components[0].specified_versions = "1;2;3;4;5;6;7;8;9";
    expect_code(&f.plan, OTA_CODE_SPECIFIED_VERSIONS_TOO_MANY, "components[0].specified_versions");
    f.components[0].specified_versions = "1.0;1.1;1.0";
    expect_code(&f.plan, OTA_CODE_SPECIFIED_VERSIONS_DUPLICATE, "components[0].specified_versions");
    f.components[0].specified_versions = "1.0;2.0";
    expect_code(&f.plan, OTA_CODE_TARGET_IN_SPECIFIED_VERSIONS, "components[0].specified_versions");
}

static void catalog_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    ota_package packages[] = {
        {.id = "wifi", .method = OTA_METHOD_FULL, .target_version = "2.0"},
        {.id = "mcu", .method = OTA_METHOD_DELTA, .target_version = "1.1", .source_version = "0.9"},
    };
    ota_validate_options options;
    ota_validate_options_init(&options, OTA_VALIDATE_OPTIONS_VERSION);
    options.catalog = packages;
    options.catalog_count = 2;
    ota_diagnostics *list = fixture_validate(&f.plan, &options);
    assert_diagnostic(list, OTA_CODE_PACKAGE_MISSING, "components[1]");
    assert_false(fixture_has(list, OTA_CODE_PACKAGE_MISSING, "components[0]"));
    ota_diagnostics_free(list);
    packages[1].source_version = "1.0";
    list = fixture_validate(&f.plan, &options);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
}

static void text_rules(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_user_confirm(&f);
    f.texts[0] = (ota_text){"zh-CN", "\xe5\x8d\x87\xe7\xba\xa7"};
    expect_code(&f.plan, OTA_CODE_TEXT_REQUIRED_MISSING, "texts");
    f.plan.region = OTA_REGION_CN;
    expect_clean(&f.plan);

    fixture_user_confirm(&f);
    f.texts[1] = (ota_text){"en_US", "x"};
    f.texts[2] = (ota_text){"EN", "again"};
    f.texts[3] = (ota_text){"fr", ""};
    f.plan.text_count = 4;
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_INVALID, "texts[\"en_US\"]");
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_DUPLICATE, "texts[\"EN\"]");
    assert_diagnostic(list, OTA_CODE_TEXT_INVALID, "texts[\"fr\"]");
    ota_diagnostics_free(list);

    const char *bad_tags[] = {"123", "", "en-", "toolonglanguage", "en--US"};
    for (size_t i = 0; i < sizeof bad_tags / sizeof *bad_tags; i++) {
        fixture_user_confirm(&f);
        f.texts[1] = (ota_text){bad_tags[i], "x"};
        f.plan.text_count = 2;
        char path[64];
        snprintf(path, sizeof path, "texts[\"%s\"]", bad_tags[i]);
        expect_code(&f.plan, OTA_CODE_TEXT_LANG_INVALID, path);
    }
    fixture_user_confirm(&f);
    f.texts[1] = (ota_text){"zh-Hant-TW", "\xff"};
    f.plan.text_count = 2;
    expect_code(&f.plan, OTA_CODE_TEXT_INVALID, "texts[\"zh-Hant-TW\"]");
    char *long_text = repeat("\xe4\xb8\xad", 2001, "");
    f.texts[1].text = long_text;
    expect_code(&f.plan, OTA_CODE_TEXT_INVALID, "texts[\"zh-Hant-TW\"]");
    long_text[2000 * 3] = '\0';
    expect_clean(&f.plan);
    free(long_text);
}

static void many_problems_are_all_reported_in_field_order(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.name = NULL;
    f.plan.product = "bad product";
    f.plan.timezone = "Nowhere/City";
    f.push_window = (ota_window){5, 5};
    f.plan.retry_count = 99;
    f.components[0].target_version = "bad version";
    f.components[1].source_version = NULL;
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    static const struct {
        int32_t code;
        const char *path;
    } expected[] = {
        {OTA_CODE_NAME_MISSING, "name"},
        {OTA_CODE_PRODUCT_INVALID, "product"},
        {OTA_CODE_TIMEZONE_UNKNOWN, "timezone"},
        {OTA_CODE_WINDOW_INVALID, "push_window.end_hour"},
        {OTA_CODE_RETRY_OUT_OF_RANGE, "strategy.retry_count"},
        {OTA_CODE_VERSION_INVALID, "components[0].target_version"},
        {OTA_CODE_SOURCE_VERSION_MISSING, "components[1].source_version"},
    };
    assert_int_equal(ota_diagnostics_count(list), sizeof expected / sizeof *expected);
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        assert_int_equal(ota_diagnostics_get(list, i, &d), OTA_OK);
        assert_int_equal(d.code, expected[i].code);
        assert_string_equal(d.path, expected[i].path);
        assert_int_equal(d.severity, OTA_SEVERITY_ERROR);
        assert_true(strlen(d.message) > 10);
    }
    ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
    assert_int_equal(ota_diagnostics_get(list, 99, &d), OTA_ERR_INDEX);
    ota_diagnostics_free(list);
}

static void wall_times_malformed_at_every_position(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    const char *good = "2026-07-15T10:20";
    for (size_t i = 0; i < strlen(good); i++) {
        char text[24];
        strcpy(text, good);
        text[i] = i == 4 || i == 7 ? '/' : i == 10 ? ' ' : i == 13 ? '.' : 'x';
        f.plan.start = text;
        expect_code(&f.plan, OTA_CODE_TIME_INVALID, "start");
    }
    const char *bad[] = {"2026-00-15T10:20", "2026-13-15T10:20", "2026-07-00T10:20",
                         "2026-06-31T10:20", "2100-02-29T10:20", "2026-07-15T10:20 "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        f.plan.start = bad[i];
        expect_code(&f.plan, OTA_CODE_TIME_INVALID, "start");
    }
    f.plan.start = "2024-02-29T10:20"; /* leap year */
    f.plan.end = "2024-12-31T23:59";
    expect_clean(&f.plan);
}

static void utf8_sequence_shapes(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    static const struct {
        const char *text;
        int valid;
    } names[] = {
        {"\xc2\xa9 2-byte", 1},
        {"\xe2\x82\xac 3-byte", 1},
        {"\xf0\x9f\x98\x80 4-byte", 1},
        {"\xf4\x8f\xbf\xbf max", 1},
        {"\xed\x9f\xbf below surrogates", 1},
        {"\xc1\xbf overlong 2", 0},
        {"\xe0\x80\xaf overlong 3", 0},
        {"\xf0\x80\x80\xaf overlong 4", 0},
        {"\xed\xbf\xbf surrogate", 0},
        {"\xf4\x90\x80\x80 above max", 0},
        {"\xf5\x80\x80\x80 F5", 0},
        {"\xc2 lone lead", 0},
        {"\xe2\x82 cut 3", 0},
        {"\xf0\x9f\x98 cut 4", 0},
        {"x\xbf continuation", 0},
        {"end cut \xe2\x82", 0},
        {"end lone \xf0", 0},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        f.plan.name = names[i].text;
        if (names[i].valid)
            expect_clean(&f.plan);
        else
            expect_code(&f.plan, OTA_CODE_NAME_INVALID_UTF8, "name");
    }
    /* Trimming walks back over multi-byte white space. */
    char name[128];
    snprintf(name, sizeof name, "\xe3\x80\x80%s\xe3\x80\x80\xc2\xa0", "x");
    f.plan.name = name;
    expect_clean(&f.plan);
    /* Device IDs: the same rules, decoded without ICU calls. */
    ota_device d;
    ota_device_init(&d, OTA_DEVICE_STRUCT_VERSION);
    d.product = "p";
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        d.id = names[i].text;
        int32_t status = ota_device_check(&d, NULL);
        assert_int_equal(status, names[i].valid ? OTA_OK : OTA_ERR_INVALID_DEVICE);
    }
}

static void validation_corner_cases(void **state)
{
    (void)state;
    fixture_plan f;
    ota_validate_options options;
    ota_diagnostics *list;
    /* Existing names: NULL entries and invalid UTF-8 are skipped; a count
     * without an array, or an array without a count, means none. */
    const char *names[] = {NULL, "\xff", "Night upgrade"};
    fixture_silent(&f);
    ota_validate_options_init(&options, OTA_VALIDATE_OPTIONS_VERSION);
    options.existing_names = names;
    options.existing_name_count = 3;
    list = fixture_validate(&f.plan, &options);
    assert_diagnostic(list, OTA_CODE_NAME_DUPLICATE, "name");
    ota_diagnostics_free(list);
    options.existing_name_count = 0;
    list = fixture_validate(&f.plan, &options);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
    options.existing_names = NULL;
    options.existing_name_count = 3;
    list = fixture_validate(&f.plan, &options);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);

    /* Both times unusable in a known zone: only their own errors. */
    fixture_silent(&f);
    f.plan.start = "soon";
    f.plan.end = "later";
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_TIME_INVALID, "start");
    assert_diagnostic(list, OTA_CODE_TIME_INVALID, "end");
    assert_false(fixture_has(list, OTA_CODE_TIME_ORDER, "end"));
    ota_diagnostics_free(list);

    /* Without a mode, mode-bound fields are checked but not judged applicable. */
    fixture_silent(&f);
    f.plan.mode = OTA_MODE_MISSING;
    f.plan.refusal_retry_minutes = 5;
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_REFUSAL_OUT_OF_RANGE, "refusal_retry_minutes");
    ota_diagnostics_free(list);

    /* One bad list and one good one: the good one is not hashed either. */
    const char *bad[] = {""}, *good[] = {"a", "a"};
    fixture_silent(&f);
    f.plan.blacklist = good;
    f.plan.blacklist_count = 2;
    f.plan.whitelist = bad;
    f.plan.whitelist_count = 1;
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_LIST_ENTRY_INVALID, "whitelist[0]");
    assert_false(fixture_has(list, OTA_CODE_LIST_DUPLICATE, "blacklist[1]"));
    ota_diagnostics_free(list);

    /* Catalog entries that cannot match: missing fields, another method,
     * another source. */
    ota_package packages[] = {
        {.id = NULL, .method = OTA_METHOD_FULL, .target_version = "2.0"},
        {.id = "wifi", .method = OTA_METHOD_FULL, .target_version = NULL},
        {.id = "wifi",
         .method = OTA_METHOD_DELTA,
         .target_version = "2.0",
         .source_version = "1.0"},
        {.id = "mcu", .method = OTA_METHOD_DELTA, .target_version = "1.1", .source_version = NULL},
        {.id = "mcu", .method = OTA_METHOD_DELTA, .target_version = "1.1", .source_version = "0.5"},
    };
    fixture_silent(&f);
    ota_validate_options_init(&options, OTA_VALIDATE_OPTIONS_VERSION);
    options.catalog = packages;
    options.catalog_count = 5;
    list = fixture_validate(&f.plan, &options);
    assert_diagnostic(list, OTA_CODE_PACKAGE_MISSING, "components[0]");
    assert_diagnostic(list, OTA_CODE_PACKAGE_MISSING, "components[1]");
    ota_diagnostics_free(list);

    /* Specified versions next to a missing target; on an unknown method. */
    fixture_silent(&f);
    f.components[0].target_version = NULL;
    f.components[0].specified_versions = "1.0;1.1";
    expect_code(&f.plan, OTA_CODE_VERSION_INVALID, "components[0].target_version");
    f.components[0].method = 9;
    expect_code(&f.plan, OTA_CODE_COMPONENT_METHOD_INVALID, "components[0].method");
    /* A delta without a target still checks its source. */
    fixture_silent(&f);
    f.components[1].target_version = NULL;
    expect_code(&f.plan, OTA_CODE_VERSION_INVALID, "components[1].target_version");

    /* Tags with characters a path must escape; duplicates after an invalid
     * tag; the cn region's required language. */
    fixture_user_confirm(&f);
    f.texts[0] = (ota_text){"en\\x", "t"};
    f.texts[1] = (ota_text){"e\x7f", "t"};
    f.texts[2] = (ota_text){"en", "t"};
    f.texts[3] = (ota_text){"EN", "t"};
    f.plan.text_count = 4;
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_INVALID, "texts[\"en\\x5cx\"]");
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_INVALID, "texts[\"e\\x7f\"]");
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_DUPLICATE, "texts[\"EN\"]");
    ota_diagnostics_free(list);
    fixture_user_confirm(&f);
    f.plan.region = OTA_REGION_CN;
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_TEXT_REQUIRED_MISSING, "texts");
    ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostics_get(list, i, &d);
        if (d.code == OTA_CODE_TEXT_REQUIRED_MISSING)
            assert_non_null(strstr(d.message, "cn"));
    }
    ota_diagnostics_free(list);
}

static void every_code_has_a_name_and_severity(void **state)
{
    (void)state;
    int named = 0;
    for (int32_t code = -5; code < 300; code++) {
        const char *name = ota_code_name(code);
        if (!name) {
            assert_int_equal(ota_code_severity(code), 0);
            continue;
        }
        named++;
        assert_int_equal(ota_code_severity(code),
                         code < 100 ? OTA_SEVERITY_ERROR : OTA_SEVERITY_WARNING);
    }
    /* 46 errors and 17 warnings of SPEC 7 (with the reader's and update's),
     * the 8 errors and 2 warnings of SPEC 11, the 5 and 3 of SPEC 13, and
     * priority_out_of_range of SPEC 14.1 and upgrade_cycle of 14.4. */
    assert_int_equal(named, 46 + 17 + 8 + 2 + 5 + 3 + 1 + 1);
    assert_string_equal(ota_code_name(OTA_CODE_VERSION_INVALID), "version_invalid");
    assert_string_equal(ota_code_name(OTA_CODE_FIELD_UNKNOWN), "field_unknown");
}

/* Every code of the library is in one family, and each family has its
 * binary (fixture.h); this binary's is SPEC 3 and 7's. */
static void every_code_has_a_family(void **state)
{
    (void)state;
    int counted[FIXTURE_FAMILY_SET + 1] = {0};
    for (int32_t code = 1; code < 256; code++) {
        int family = fixture_code_family(code);
        assert_int_equal(family < 0, ota_code_name(code) == NULL);
        if (family >= 0)
            counted[family]++;
    }
    assert_int_equal(counted[FIXTURE_FAMILY_ROLLOUT], 10);
    assert_int_equal(counted[FIXTURE_FAMILY_READER], 2);
    assert_int_equal(counted[FIXTURE_FAMILY_UPDATE], 1);
    assert_int_equal(counted[FIXTURE_FAMILY_ORDER], 8);
    assert_int_equal(counted[FIXTURE_FAMILY_SET], 1);
}

static void every_validation_code_was_found_by_a_test(void **state)
{
    (void)state;
    fixture_assert_family_asserted(FIXTURE_FAMILY_VALIDATION);
}

/* The hint API itself: a reader's own diagnostics get hints as the
 * library's do, and the hint ends the message. */
static void hints_of_a_list(void **state)
{
    (void)state;
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_diagnostics_new(NULL, &list), OTA_OK);
    assert_int_equal(ota_diagnostics_add_hint(list, "x"), OTA_ERR_INDEX);
    assert_int_equal(ota_diagnostics_add_hint(NULL, "x"), OTA_ERR_NULL);
    assert_int_equal(ota_diagnostics_add_hint(list, NULL), OTA_ERR_NULL);
    for (int i = 0; i < 40; i++) /* past the first growth of the list */
        assert_int_equal(ota_diagnostics_add(list, OTA_CODE_FIELD_UNKNOWN, "k", "unknown"), OTA_OK);
    assert_int_equal(ota_diagnostics_add_hint(list, "did you mean key?"), OTA_OK);
    assert_int_equal(ota_diagnostics_add(list, OTA_CODE_FIELD_UNKNOWN, "j", "unknown"), OTA_OK);
    assert_null(ota_diagnostics_hint(list, 0));
    assert_string_equal(ota_diagnostics_hint(list, 39), "did you mean key?");
    assert_null(ota_diagnostics_hint(list, 40));
    assert_null(ota_diagnostics_hint(list, 41));
    assert_null(ota_diagnostics_hint(NULL, 0));
    ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
    assert_int_equal(ota_diagnostics_get(list, 39, &d), OTA_OK);
    assert_string_equal(d.message, "unknown; did you mean key?");
    /* A second hint replaces the hint and is appended after the first. */
    assert_int_equal(ota_diagnostics_add_hint(list, "or k?"), OTA_OK);
    assert_string_equal(ota_diagnostics_hint(list, 40), "or k?");
    ota_diagnostics_free(list);
}

static void duplicate_texts_are_found_in_any_order(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_user_confirm(&f);
    ota_text texts[] = {{"en", "a"},    {"zh-CN", "b"}, {"EN", "c"},
                        {"zh-cn", "d"}, {"fr", "e"},    {"en", "f"}};
    f.plan.texts = texts;
    f.plan.text_count = 6;
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_DUPLICATE, "texts[\"EN\"]");
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_DUPLICATE, "texts[\"zh-cn\"]");
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_DUPLICATE, "texts[\"en\"]");
    assert_int_equal(ota_diagnostics_count(list), 3);
    /* Each names the earliest text of its locale, in the plan's order. */
    ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
    ota_diagnostics_get(list, 0, &d);
    assert_string_equal(d.path, "texts[\"EN\"]");
    assert_string_equal(d.message, "this tag names the same locale as texts[\"en\"]");
    ota_diagnostics_get(list, 1, &d);
    assert_string_equal(d.message, "this tag names the same locale as texts[\"zh-CN\"]");
    ota_diagnostics_free(list);
}

static void sixteen_thousand_texts_are_checked(void **state)
{
    (void)state;
    enum { N = 16000 };
    fixture_plan f;
    fixture_user_confirm(&f);
    ota_text *texts = calloc(N, sizeof *texts);
    char(*tags)[16] = calloc(N, sizeof *tags);
    assert_non_null(texts);
    assert_non_null(tags);
    /* Private-use tags are all distinct; the last one repeats the first. */
    for (int i = 0; i < N; i++) {
        snprintf(tags[i], sizeof tags[i], "en-x-%d", i == N - 1 ? 0 : i);
        texts[i] = (ota_text){tags[i], "text"};
    }
    f.plan.texts = texts;
    f.plan.text_count = N;
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_int_equal(ota_diagnostics_count(list), 1);
    assert_diagnostic(list, OTA_CODE_TEXT_LANG_DUPLICATE, "texts[\"en-x-0\"]");
    ota_diagnostics_free(list);
    free(tags);
    free(texts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_plans_have_no_diagnostic),
        cmocka_unit_test(null_arguments_are_errors),
        cmocka_unit_test(name_rules),
        cmocka_unit_test(name_length_counts_code_points_after_trimming),
        cmocka_unit_test(name_duplicate_compares_nfc_and_trimmed),
        cmocka_unit_test(product_and_enumerations),
        cmocka_unit_test(time_zone_rules),
        cmocka_unit_test(plan_period_rules),
        cmocka_unit_test(daylight_saving_warnings),
        cmocka_unit_test(plan_that_never_pushes),
        cmocka_unit_test(window_rules),
        cmocka_unit_test(numeric_ranges),
        cmocka_unit_test(fields_not_applicable_to_the_mode),
        cmocka_unit_test(list_rules),
        cmocka_unit_test(component_rules),
        cmocka_unit_test(specified_versions_rules),
        cmocka_unit_test(catalog_rules),
        cmocka_unit_test(text_rules),
        cmocka_unit_test(many_problems_are_all_reported_in_field_order),
        cmocka_unit_test(wall_times_malformed_at_every_position),
        cmocka_unit_test(validation_corner_cases),
        cmocka_unit_test(utf8_sequence_shapes),
        cmocka_unit_test(every_code_has_a_name_and_severity),
        cmocka_unit_test(every_code_has_a_family),
        cmocka_unit_test(hints_of_a_list),
        cmocka_unit_test(duplicate_texts_are_found_in_any_order),
        cmocka_unit_test(sixteen_thousand_texts_are_checked),
        /* last: it reads what the tests above asserted */
        cmocka_unit_test(every_validation_code_was_found_by_a_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
