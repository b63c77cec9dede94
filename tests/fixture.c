#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

void fixture_silent(fixture_plan *f)
{
    memset(f, 0, sizeof *f);
    ota_plan_init(&f->plan, OTA_PLAN_STRUCT_VERSION);
    f->plan.name = "Night upgrade";
    f->plan.product = "lamp-1";
    f->plan.timezone = "Asia/Shanghai";
    f->plan.start = "2026-01-01T10:00";
    f->plan.end = "2026-12-31T00:00";
    f->plan.state = OTA_PLAN_ACTIVE;
    f->plan.mode = OTA_MODE_SILENT;
    f->push_window = (ota_window){0, 2};
    f->plan.push_window = &f->push_window;
    f->components[0] = (ota_component){.type = OTA_COMPONENT_MODULE,
                                       .method = OTA_METHOD_FULL,
                                       .id = "wifi",
                                       .target_version = "2.0"};
    f->components[1] = (ota_component){.type = OTA_COMPONENT_MCU,
                                       .method = OTA_METHOD_DELTA,
                                       .id = "mcu",
                                       .target_version = "1.1",
                                       .source_version = "1.0"};
    f->plan.components = f->components;
    f->plan.component_count = 2;
}

void fixture_user_confirm(fixture_plan *f)
{
    memset(f, 0, sizeof *f);
    ota_plan_init(&f->plan, OTA_PLAN_STRUCT_VERSION);
    f->plan.name = "Spring release";
    f->plan.product = "cam-3";
    f->plan.region = OTA_REGION_INTL;
    f->plan.timezone = "Europe/Berlin";
    f->plan.start = "2026-03-01T00:00";
    f->plan.end = "2026-11-01T00:00";
    f->plan.state = OTA_PLAN_ACTIVE;
    f->plan.mode = OTA_MODE_USER_CONFIRM;
    f->texts[0] = (ota_text){"en", "A new firmware is available."};
    f->plan.texts = f->texts;
    f->plan.text_count = 1;
    f->components[0] = (ota_component){.type = OTA_COMPONENT_MODULE,
                                       .method = OTA_METHOD_FULL,
                                       .id = "main",
                                       .target_version = "3.0"};
    f->plan.components = f->components;
    f->plan.component_count = 1;
}

ota_diagnostics *fixture_validate(const ota_plan *plan, const ota_validate_options *options)
{
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_validate(plan, options, &list), OTA_OK);
    assert_non_null(list);
    return list;
}

static unsigned char asserted_codes[256];

int fixture_code_was_asserted(int32_t code)
{
    return code > 0 && code < 256 && asserted_codes[code];
}

int fixture_has(const ota_diagnostics *list, int32_t code, const char *path)
{
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        if (d.code == code && strcmp(d.path, path) == 0) {
            /* Counted where it was found: a test that checks a code's
             * absence asserts nothing about the code. */
            if (code > 0 && code < 256)
                asserted_codes[code] = 1;
            return 1;
        }
    }
    return 0;
}

int fixture_code_family(int32_t code)
{
    switch (code) {
    case OTA_CODE_FIELD_TYPE_INVALID:
    case OTA_CODE_FIELD_UNKNOWN: return FIXTURE_FAMILY_READER;
    case OTA_CODE_IMMUTABLE_FIELD: return FIXTURE_FAMILY_UPDATE;
    case OTA_CODE_ROLLOUT_SALT_INVALID:
    case OTA_CODE_ROLLOUT_PHASES_INVALID:
    case OTA_CODE_ROLLOUT_PERCENT_INVALID:
    case OTA_CODE_ROLLOUT_PHASES_ORDER:
    case OTA_CODE_WEEKDAYS_INVALID:
    case OTA_CODE_BLACKOUTS_TOO_MANY:
    case OTA_CODE_ABORT_INVALID:
    case OTA_CODE_SPREAD_NOT_APPLICABLE:
    case OTA_CODE_ROLLOUT_PHASE_AFTER_END:
    case OTA_CODE_BLACKOUT_OUTSIDE_PERIOD: return FIXTURE_FAMILY_ROLLOUT;
    case OTA_CODE_VERSION_ORDER_INVALID:
    case OTA_CODE_VERSION_UNORDERED:
    case OTA_CODE_VERSION_ORDER_MISSING:
    case OTA_CODE_VERSION_RANGE_WITH_LIST:
    case OTA_CODE_VERSION_RANGE_EMPTY:
    case OTA_CODE_ALLOW_DOWNGRADE_NOT_APPLICABLE:
    case OTA_CODE_VERSION_RANGE_NOT_APPLICABLE:
    case OTA_CODE_COMPONENT_NEVER_APPLIES: return FIXTURE_FAMILY_ORDER;
    case OTA_CODE_UPGRADE_CYCLE: return FIXTURE_FAMILY_SET;
    default: return ota_code_name(code) ? FIXTURE_FAMILY_VALIDATION : -1;
    }
}

void fixture_assert_family_asserted(int family)
{
    int missing = 0, members = 0;
    for (int32_t code = 1; code < 256; code++) {
        if (fixture_code_family(code) != family)
            continue;
        members++;
        if (!asserted_codes[code]) {
            print_message("no test of this binary finds %s where it expects it\n",
                          ota_code_name(code));
            missing++;
        }
    }
    assert_true(members > 0);
    assert_int_equal(missing, 0);
}

void fixture_assert_changes(void (*base)(fixture_plan *f), const fixture_change *cases,
                            size_t count)
{
    for (size_t i = 0; i < count; i++) {
        fixture_plan f;
        base(&f);
        cases[i].change(&f);
        ota_diagnostics *list = fixture_validate(&f.plan, NULL);
        if (!fixture_has(list, cases[i].code, cases[i].path)) {
            print_message("case %zu: no %s at %s in\n", i, ota_code_name(cases[i].code),
                          cases[i].path);
            fixture_print(list);
        }
        assert_diagnostic(list, cases[i].code, cases[i].path);
        ota_diagnostics_free(list);
    }
}

void fixture_print(const ota_diagnostics *list)
{
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        print_message("  %s %s: %s [%s]\n", d.severity == OTA_SEVERITY_ERROR ? "error" : "warning",
                      d.path, d.message, ota_code_name(d.code));
    }
}

ota_compiled_plan *fixture_compile(const ota_plan *plan)
{
    ota_compiled_plan *compiled = NULL;
    ota_diagnostics *list = NULL;
    int32_t status = ota_plan_compile(plan, NULL, &compiled, &list);
    if (status != OTA_OK)
        fixture_print(list);
    ota_diagnostics_free(list);
    assert_int_equal(status, OTA_OK);
    assert_non_null(compiled);
    return compiled;
}

int64_t fixture_instant(const char *text)
{
    int year, month, day, hour, minute, second;
    assert_int_equal(
        sscanf(text, "%d-%d-%dT%d:%d:%dZ", &year, &month, &day, &hour, &minute, &second), 6);
    /* days from civil, H. Hinnant */
    int y = year - (month <= 2);
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + doe - 719468;
    return days * 86400 + hour * 3600 + minute * 60 + second;
}
