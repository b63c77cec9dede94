/* SPEC 8, bad input: hostile inputs across the C API and the JSON reader,
 * one test for each rule they attack, each input with the answer it must
 * get: a diagnostic code at a path, or a status code.  Never a crash, an
 * abort or a leak (the suite also runs under ASan, UBSan and valgrind). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "otaplan_json.h"

#define TEN_MB (10u * 1024 * 1024)

static char *huge_string(char fill)
{
    char *s = malloc(TEN_MB + 1);
    memset(s, fill, TEN_MB);
    s[TEN_MB] = '\0';
    return s;
}

static char *ten_mb_a, *ten_mb_cjk;

/* ------------------------------------------------------------ plan inputs */

typedef struct plan_case {
    const char *name;
    void (*mutate)(fixture_plan *f);
    int32_t code; /* expected diagnostic */
    const char *path;
} plan_case;

#define MUTATION(name, ...)                                                                        \
    static void name(fixture_plan *f)                                                              \
    {                                                                                              \
        __VA_ARGS__;                                                                               \
    }

MUTATION(name_null, f->plan.name = NULL)
MUTATION(name_overlong_slash, f->plan.name = "\xc0\xaf")
MUTATION(name_overlong_nul, f->plan.name = "a\xc0\x80z")
MUTATION(name_surrogate, f->plan.name = "\xed\xa0\x80")
MUTATION(name_truncated, f->plan.name = "\xe4\xb8")
MUTATION(name_lone_continuation, f->plan.name = "\x80")
MUTATION(name_above_unicode, f->plan.name = "\xf4\x90\x80\x80")
MUTATION(name_ff, f->plan.name = "\xff\xfe")
MUTATION(name_bell, f->plan.name = "ring\a")
MUTATION(name_escape, f->plan.name = "\x1b[31mred")
MUTATION(name_del, f->plan.name = "del\x7f")
MUTATION(name_c1, f->plan.name = "c1\xc2\x9b")
MUTATION(name_only_spaces, f->plan.name = "\xe2\x80\x83\t \n")
MUTATION(name_ten_mb, f->plan.name = ten_mb_a)
MUTATION(name_ten_mb_cjk, f->plan.name = ten_mb_cjk)
MUTATION(product_ten_mb, f->plan.product = ten_mb_a)
MUTATION(product_empty, f->plan.product = "")
MUTATION(product_slash, f->plan.product = "../etc/passwd")
MUTATION(product_unicode, f->plan.product = "l\xc3\xa4mp")
MUTATION(product_type_huge, f->plan.product_type = INT32_MAX)
MUTATION(product_type_negative, f->plan.product_type = -1)
MUTATION(region_negative, f->plan.region = -7)
MUTATION(timezone_ten_mb, f->plan.timezone = ten_mb_a)
MUTATION(timezone_invalid_utf8, f->plan.timezone = "Europe/\xff")
MUTATION(timezone_traversal, f->plan.timezone = "../../etc/localtime")
MUTATION(timezone_posix, f->plan.timezone = "EST5EDT,M3.2.0,M11.1.0")
MUTATION(timezone_custom, f->plan.timezone = "GMT-14:00")
MUTATION(timezone_unknown_ident, f->plan.timezone = "Etc/Unknown")
MUTATION(start_year_zero, f->plan.start = "0000-01-01T00:00")
MUTATION(start_1999, f->plan.start = "1999-06-01T00:00")
MUTATION(end_2100, f->plan.end = "2100-01-02T00:00")
MUTATION(end_9999, f->plan.end = "9999-12-31T23:59")
MUTATION(start_negative_year, f->plan.start = "-001-01-01T00:00")
MUTATION(start_feb_30, f->plan.start = "2026-02-30T00:00")
MUTATION(start_hour_25, f->plan.start = "2026-01-01T25:00")
MUTATION(start_with_seconds, f->plan.start = "2026-01-01T00:00:00")
MUTATION(start_ten_mb, f->plan.start = ten_mb_a)
MUTATION(start_empty, f->plan.start = "")
MUTATION(activated_int64_min_plus, f->plan.activated_at = INT64_MIN + 1)
MUTATION(activated_int64_max, f->plan.activated_at = INT64_MAX)
MUTATION(activated_negative, f->plan.activated_at = -1)
MUTATION(state_huge, f->plan.state = INT32_MAX)
MUTATION(state_negative, f->plan.state = -1)
MUTATION(mode_huge, f->plan.mode = INT32_MIN + 1)
MUTATION(window_int_max, f->push_window = (ota_window){INT32_MAX, INT32_MAX})
MUTATION(window_int_min, f->push_window = (ota_window){INT32_MIN, 3})
MUTATION(window_negative_end, f->push_window = (ota_window){1, -24})
MUTATION(refusal_int_max, f->plan.refusal_retry_minutes = INT32_MAX)
MUTATION(refusal_negative, f->plan.refusal_retry_minutes = -120)
MUTATION(refusal_zero, f->plan.refusal_retry_minutes = 0)
MUTATION(retry_int_max, f->plan.retry_count = INT32_MAX)
MUTATION(retry_int_min, f->plan.retry_count = INT32_MIN + 1)
MUTATION(signal_positive, f->plan.min_signal = 10)
MUTATION(signal_int_min, f->plan.min_signal = INT32_MIN + 1)
MUTATION(battery_int_max, f->plan.min_battery = INT32_MAX)
MUTATION(components_int_max, f->plan.component_count = UINT32_MAX)
MUTATION(components_null_array, (f->plan.components = NULL, f->plan.component_count = 3))
MUTATION(component_type_huge, f->components[0].type = 77)
MUTATION(component_method_negative, f->components[0].method = -2)
MUTATION(component_id_ten_mb, f->components[0].id = ten_mb_a)
MUTATION(component_id_invalid_utf8, f->components[0].id = "wi\xff"
                                                          "fi")
MUTATION(target_ten_mb, f->components[0].target_version = ten_mb_a)
MUTATION(target_empty, f->components[0].target_version = "")
MUTATION(target_space, f->components[0].target_version = "1.0 ")
MUTATION(target_newline, f->components[0].target_version = "1.0\n")
MUTATION(specified_ten_mb, f->components[0].specified_versions = ten_mb_a)
MUTATION(specified_only_separators, f->components[0].specified_versions = ";;;;;;;;;;")
MUTATION(specified_unicode, f->components[0].specified_versions = "1.0;\xe4\xb8\xad")
MUTATION(source_ten_mb, f->components[1].source_version = ten_mb_a)
MUTATION(source_empty, f->components[1].source_version = "")
MUTATION(blacklist_null_array, (f->plan.blacklist = NULL, f->plan.blacklist_count = 5))
MUTATION(whitelist_count_huge, f->plan.whitelist_count = UINT32_MAX)

static const char *null_entries[] = {"dev-1", NULL, "dev-3"};
static const char *ten_mb_entry[1];
static const char *control_entries[] = {"dev\n1"};
static const char *invalid_utf8_entries[] = {"dev-\xc3"};
MUTATION(blacklist_null_entry, (f->plan.blacklist = null_entries, f->plan.blacklist_count = 3))
MUTATION(whitelist_ten_mb_entry, (ten_mb_entry[0] = ten_mb_a, f->plan.whitelist = ten_mb_entry,
                                  f->plan.whitelist_count = 1))
MUTATION(whitelist_control, (f->plan.whitelist = control_entries, f->plan.whitelist_count = 1))
MUTATION(blacklist_invalid_utf8,
         (f->plan.blacklist = invalid_utf8_entries, f->plan.blacklist_count = 1))

static ota_text hostile_texts[2];
MUTATION(texts_on_silent_null_array, (f->plan.texts = NULL, f->plan.text_count = 2))
MUTATION(text_ten_mb, (hostile_texts[0] = (ota_text){"en", ten_mb_cjk},
                       f->plan.texts = hostile_texts, f->plan.text_count = 1))
MUTATION(text_lang_ten_mb,
         (hostile_texts[0] = (ota_text){"en", "x"}, hostile_texts[1] = (ota_text){ten_mb_a, "y"},
          f->plan.texts = hostile_texts, f->plan.text_count = 2))
MUTATION(text_lang_null,
         (hostile_texts[0] = (ota_text){"en", "x"}, hostile_texts[1] = (ota_text){NULL, "y"},
          f->plan.texts = hostile_texts, f->plan.text_count = 2))
MUTATION(text_null, (hostile_texts[0] = (ota_text){"en", NULL}, f->plan.texts = hostile_texts,
                     f->plan.text_count = 1))
MUTATION(text_lang_invalid_utf8,
         (hostile_texts[0] = (ota_text){"en", "x"}, hostile_texts[1] = (ota_text){"e\xffn", "y"},
          f->plan.texts = hostile_texts, f->plan.text_count = 2))

static const plan_case silent_cases[] = {
    {"name NULL", name_null, OTA_CODE_NAME_MISSING, "name"},
    {"name overlong '/'", name_overlong_slash, OTA_CODE_NAME_INVALID_UTF8, "name"},
    {"name overlong NUL", name_overlong_nul, OTA_CODE_NAME_INVALID_UTF8, "name"},
    {"name surrogate", name_surrogate, OTA_CODE_NAME_INVALID_UTF8, "name"},
    {"name truncated", name_truncated, OTA_CODE_NAME_INVALID_UTF8, "name"},
    {"name lone continuation", name_lone_continuation, OTA_CODE_NAME_INVALID_UTF8, "name"},
    {"name above U+10FFFF", name_above_unicode, OTA_CODE_NAME_INVALID_UTF8, "name"},
    {"name FF FE", name_ff, OTA_CODE_NAME_INVALID_UTF8, "name"},
    {"name BEL", name_bell, OTA_CODE_NAME_CONTROL_CHAR, "name"},
    {"name ESC", name_escape, OTA_CODE_NAME_CONTROL_CHAR, "name"},
    {"name DEL", name_del, OTA_CODE_NAME_CONTROL_CHAR, "name"},
    {"name C1", name_c1, OTA_CODE_NAME_CONTROL_CHAR, "name"},
    {"name only white space", name_only_spaces, OTA_CODE_NAME_MISSING, "name"},
    {"name 10 MB", name_ten_mb, OTA_CODE_NAME_TOO_LONG, "name"},
    {"name 10 MB of CJK", name_ten_mb_cjk, OTA_CODE_NAME_TOO_LONG, "name"},
    {"product 10 MB", product_ten_mb, OTA_CODE_PRODUCT_INVALID, "product"},
    {"product empty", product_empty, OTA_CODE_PRODUCT_MISSING, "product"},
    {"product path", product_slash, OTA_CODE_PRODUCT_INVALID, "product"},
    {"product non-ASCII", product_unicode, OTA_CODE_PRODUCT_INVALID, "product"},
    {"product_type INT32_MAX", product_type_huge, OTA_CODE_PRODUCT_TYPE_INVALID, "product_type"},
    {"product_type -1", product_type_negative, OTA_CODE_PRODUCT_TYPE_INVALID, "product_type"},
    {"region -7", region_negative, OTA_CODE_REGION_INVALID, "region"},
    {"timezone 10 MB", timezone_ten_mb, OTA_CODE_TIMEZONE_UNKNOWN, "timezone"},
    {"timezone invalid UTF-8", timezone_invalid_utf8, OTA_CODE_TIMEZONE_UNKNOWN, "timezone"},
    {"timezone path", timezone_traversal, OTA_CODE_TIMEZONE_UNKNOWN, "timezone"},
    {"timezone POSIX rule", timezone_posix, OTA_CODE_TIMEZONE_UNKNOWN, "timezone"},
    {"timezone custom offset", timezone_custom, OTA_CODE_TIMEZONE_UNKNOWN, "timezone"},
    {"timezone Etc/Unknown", timezone_unknown_ident, OTA_CODE_TIMEZONE_UNKNOWN, "timezone"},
    {"start year 0", start_year_zero, OTA_CODE_TIME_OUT_OF_RANGE, "start"},
    {"start 1999", start_1999, OTA_CODE_TIME_OUT_OF_RANGE, "start"},
    {"end 2100", end_2100, OTA_CODE_TIME_OUT_OF_RANGE, "end"},
    {"end 9999", end_9999, OTA_CODE_TIME_OUT_OF_RANGE, "end"},
    {"start negative year", start_negative_year, OTA_CODE_TIME_INVALID, "start"},
    {"start Feb 30", start_feb_30, OTA_CODE_TIME_INVALID, "start"},
    {"start hour 25", start_hour_25, OTA_CODE_TIME_INVALID, "start"},
    {"start with seconds", start_with_seconds, OTA_CODE_TIME_INVALID, "start"},
    {"start 10 MB", start_ten_mb, OTA_CODE_TIME_INVALID, "start"},
    {"start empty", start_empty, OTA_CODE_TIME_MISSING, "start"},
    {"activated_at INT64_MIN+1", activated_int64_min_plus, OTA_CODE_TIME_OUT_OF_RANGE,
     "activated_at"},
    {"activated_at INT64_MAX", activated_int64_max, OTA_CODE_TIME_OUT_OF_RANGE, "activated_at"},
    {"activated_at -1", activated_negative, OTA_CODE_TIME_OUT_OF_RANGE, "activated_at"},
    {"state INT32_MAX", state_huge, OTA_CODE_STATE_INVALID, "state"},
    {"state -1", state_negative, OTA_CODE_STATE_INVALID, "state"},
    {"mode INT32_MIN+1", mode_huge, OTA_CODE_MODE_INVALID, "mode"},
    {"window INT32_MAX", window_int_max, OTA_CODE_WINDOW_INVALID, "push_window.start_hour"},
    {"window INT32_MIN", window_int_min, OTA_CODE_WINDOW_INVALID, "push_window.start_hour"},
    {"window end -24", window_negative_end, OTA_CODE_WINDOW_INVALID, "push_window.end_hour"},
    {"refusal INT32_MAX", refusal_int_max, OTA_CODE_REFUSAL_OUT_OF_RANGE, "refusal_retry_minutes"},
    {"refusal -120", refusal_negative, OTA_CODE_REFUSAL_OUT_OF_RANGE, "refusal_retry_minutes"},
    {"refusal 0", refusal_zero, OTA_CODE_REFUSAL_OUT_OF_RANGE, "refusal_retry_minutes"},
    {"retry INT32_MAX", retry_int_max, OTA_CODE_RETRY_OUT_OF_RANGE, "strategy.retry_count"},
    {"retry INT32_MIN+1", retry_int_min, OTA_CODE_RETRY_OUT_OF_RANGE, "strategy.retry_count"},
    {"min_signal +10", signal_positive, OTA_CODE_SIGNAL_OUT_OF_RANGE, "strategy.min_signal"},
    {"min_signal INT32_MIN+1", signal_int_min, OTA_CODE_SIGNAL_OUT_OF_RANGE, "strategy.min_signal"},
    {"min_battery INT32_MAX", battery_int_max, OTA_CODE_BATTERY_OUT_OF_RANGE,
     "strategy.min_battery"},
    {"component_count UINT32_MAX", components_int_max, OTA_CODE_COMPONENTS_TOO_MANY, "components"},
    {"components NULL with a count", components_null_array, OTA_CODE_COMPONENTS_MISSING,
     "components"},
    {"component type 77", component_type_huge, OTA_CODE_COMPONENT_TYPE_INVALID,
     "components[0].type"},
    {"component method -2", component_method_negative, OTA_CODE_COMPONENT_METHOD_INVALID,
     "components[0].method"},
    {"component id 10 MB", component_id_ten_mb, OTA_CODE_COMPONENT_ID_INVALID, "components[0].id"},
    {"component id invalid UTF-8", component_id_invalid_utf8, OTA_CODE_COMPONENT_ID_INVALID,
     "components[0].id"},
    {"target 10 MB", target_ten_mb, OTA_CODE_VERSION_INVALID, "components[0].target_version"},
    {"target empty", target_empty, OTA_CODE_VERSION_INVALID, "components[0].target_version"},
    {"target trailing space", target_space, OTA_CODE_VERSION_INVALID,
     "components[0].target_version"},
    {"target newline", target_newline, OTA_CODE_VERSION_INVALID, "components[0].target_version"},
    {"specified 10 MB", specified_ten_mb, OTA_CODE_SPECIFIED_VERSIONS_INVALID,
     "components[0].specified_versions"},
    {"specified only ';'", specified_only_separators, OTA_CODE_SPECIFIED_VERSIONS_TOO_MANY,
     "components[0].specified_versions"},
    {"specified non-ASCII", specified_unicode, OTA_CODE_SPECIFIED_VERSIONS_INVALID,
     "components[0].specified_versions"},
    {"source 10 MB", source_ten_mb, OTA_CODE_VERSION_INVALID, "components[1].source_version"},
    {"source empty", source_empty, OTA_CODE_VERSION_INVALID, "components[1].source_version"},
    {"blacklist NULL with a count", blacklist_null_array, OTA_CODE_LIST_ENTRY_INVALID, "blacklist"},
    {"whitelist count UINT32_MAX", whitelist_count_huge, OTA_CODE_LIST_TOO_LONG, "whitelist"},
    {"blacklist NULL entry", blacklist_null_entry, OTA_CODE_LIST_ENTRY_INVALID, "blacklist[1]"},
    {"whitelist 10 MB entry", whitelist_ten_mb_entry, OTA_CODE_LIST_ENTRY_INVALID, "whitelist[0]"},
    {"whitelist newline", whitelist_control, OTA_CODE_LIST_ENTRY_INVALID, "whitelist[0]"},
    {"blacklist invalid UTF-8", blacklist_invalid_utf8, OTA_CODE_LIST_ENTRY_INVALID,
     "blacklist[0]"},
};

static const plan_case confirm_cases[] = {
    {"texts NULL with a count", texts_on_silent_null_array, OTA_CODE_TEXT_LANG_INVALID, "texts"},
    {"text 10 MB", text_ten_mb, OTA_CODE_TEXT_INVALID, "texts[\"en\"]"},
    {"text NULL", text_null, OTA_CODE_TEXT_INVALID, "texts[\"en\"]"},
    {"language tag NULL", text_lang_null, OTA_CODE_TEXT_LANG_INVALID, "texts[\"\"]"},
    {"language tag invalid UTF-8", text_lang_invalid_utf8, OTA_CODE_TEXT_LANG_INVALID,
     "texts[\"e\\xffn\"]"},
};

/* With OTAPLAN_HOSTILE_JSON_DIR set, each hostile plan that has a JSON form
 * is also written there, for tests/parity.py to give to `otaplan validate`
 * and to the Python binding. */
static void emit_json(const char *name, const ota_plan *plan)
{
    const char *dir = getenv("OTAPLAN_HOSTILE_JSON_DIR");
    if (!dir)
        return;
    ota_json_buffer out = OTA_JSON_BUFFER_INIT;
    int32_t status = ota_json_put_plan(&out, plan);
    assert_true(status == OTA_OK || status == OTA_ERR_ARGUMENT);
    if (status == OTA_OK) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.json", dir, name);
        for (char *c = path + strlen(dir) + 1; *c; c++)
            if (*c == ' ' || *c == '/' || *c == '\'' || *c == '"')
                *c = '_';
        FILE *file = fopen(path, "w");
        assert_non_null(file);
        assert_int_equal(fwrite(out.data, 1, out.length, file), out.length);
        assert_int_equal(fclose(file), 0);
    }
    ota_json_buffer_free(&out);
}

static int run_plan_cases(const plan_case *cases, size_t count, void (*base)(fixture_plan *))
{
    int checked = 0;
    for (size_t i = 0; i < count; i++) {
        fixture_plan f;
        base(&f);
        cases[i].mutate(&f);
        emit_json(cases[i].name, &f.plan);
        ota_diagnostics *list = NULL;
        int32_t status = ota_plan_validate(&f.plan, NULL, &list);
        if (status != OTA_OK)
            fail_msg("%s: validation returned %s", cases[i].name, ota_strerror(status));
        if (!fixture_has(list, cases[i].code, cases[i].path)) {
            fixture_print(list);
            fail_msg("%s: expected %s at %s", cases[i].name, ota_code_name(cases[i].code),
                     cases[i].path);
        }
        ota_compiled_plan *compiled = NULL;
        assert_int_equal(ota_plan_compile(&f.plan, NULL, &compiled, NULL), OTA_ERR_INVALID_PLAN);
        assert_null(compiled);
        ota_diagnostics_free(list);
        checked++;
    }
    return checked;
}

/* text_lang_ten_mb: a tag of 10 MB is not well-formed; its path is cut. */
static int ten_mb_language_tag(void)
{
    fixture_plan f;
    fixture_user_confirm(&f);
    text_lang_ten_mb(&f);
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
    int found = 0;
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostics_get(list, i, &d);
        found |= d.code == OTA_CODE_TEXT_LANG_INVALID && strlen(d.path) < 400;
    }
    assert_true(found);
    ota_diagnostics_free(list);
    return 1;
}

/* A million entries, all the same ID: valid, with a warning per repeat. */
static int million_duplicates(void)
{
    fixture_plan f;
    fixture_silent(&f);
    enum { MILLION = 1000000 };
    const char **ids = malloc(MILLION * sizeof *ids);
    for (int i = 0; i < MILLION; i++)
        ids[i] = "same-device";
    f.plan.blacklist = ids;
    f.plan.blacklist_count = MILLION;
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_int_equal(ota_diagnostics_error_count(list), 0);
    assert_int_equal(ota_diagnostics_count(list), MILLION - 1);
    assert_diagnostic(list, OTA_CODE_LIST_DUPLICATE, "blacklist[999999]");
    ota_diagnostics_free(list);
    free(ids);
    return 1;
}

/* ------------------------------------------------------------ API misuse */

static int api_misuse(void)
{
    fixture_plan f;
    fixture_silent(&f);
    ota_compiled_plan *compiled = fixture_compile(&f.plan);
    ota_diagnostics *list = NULL;
    ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
    ota_device device;
    ota_device_init(&device, OTA_DEVICE_STRUCT_VERSION);
    device.id = "d";
    device.product = "lamp-1";
    ota_eligibility e = OTA_ELIGIBILITY_INIT;
    ota_push_result p = OTA_PUSH_RESULT_INIT;
    ota_interval interval = OTA_INTERVAL_INIT;
    const ota_device *device_pointer = &device, *null_device = NULL;
    ota_eligibility *e_pointer = &e;
    int64_t t = fixture_instant("2026-06-01T00:00:00Z");
    int64_t a, b, c;
    ota_validate_options bad_options;
    ota_validate_options_init(&bad_options, OTA_VALIDATE_OPTIONS_VERSION);
    bad_options.version = 9;
    ota_eval_options bad_eval = {.version = 3, .tick_minutes = 10};
    ota_compiled_plan *scratch = compiled;
    const struct {
        const char *name;
        int32_t got, expected;
    } calls[] = {
        {"validate(NULL plan)", ota_plan_validate(NULL, NULL, &list), OTA_ERR_NULL},
        {"validate(NULL out)", ota_plan_validate(&f.plan, NULL, NULL), OTA_ERR_NULL},
        {"validate(options v9)", ota_plan_validate(&f.plan, &bad_options, &list),
         OTA_ERR_STRUCT_VERSION},
        {"update(NULL, plan)", ota_plan_validate_update(NULL, &f.plan, NULL, &list), OTA_ERR_NULL},
        {"update(plan, NULL)", ota_plan_validate_update(&f.plan, NULL, NULL, &list), OTA_ERR_NULL},
        {"update(NULL out)", ota_plan_validate_update(&f.plan, &f.plan, NULL, NULL), OTA_ERR_NULL},
        {"compile(NULL plan)", ota_plan_compile(NULL, NULL, &scratch, NULL), OTA_ERR_NULL},
        {"compile(NULL out)", ota_plan_compile(&f.plan, NULL, NULL, NULL), OTA_ERR_NULL},
        {"diagnostics_get(NULL)", ota_diagnostics_get(NULL, 0, &d), OTA_ERR_NULL},
        {"period(NULL)", ota_compiled_plan_period(NULL, &a, &b, &c), OTA_ERR_NULL},
        {"period(NULL out)", ota_compiled_plan_period(compiled, NULL, &b, &c), OTA_ERR_NULL},
        {"eligible(NULL plan)", ota_device_eligible(NULL, &device, t, &e), OTA_ERR_NULL},
        {"eligible(NULL device)", ota_device_eligible(compiled, NULL, t, &e), OTA_ERR_NULL},
        {"eligible(NULL out)", ota_device_eligible(compiled, &device, t, NULL), OTA_ERR_NULL},
        {"eligible(now INT64_MIN)", ota_device_eligible(compiled, &device, INT64_MIN, &e),
         OTA_ERR_RANGE},
        {"eligible(now INT64_MAX)", ota_device_eligible(compiled, &device, INT64_MAX, &e),
         OTA_ERR_RANGE},
        {"eligible(now 2100)", ota_device_eligible(compiled, &device, OTA_INSTANT_MAX, &e),
         OTA_ERR_RANGE},
        {"batch(NULL plan)",
         ota_device_eligible_many(NULL, &device_pointer, 1, t, &e_pointer, NULL), OTA_ERR_NULL},
        {"batch(NULL out)", ota_device_eligible_many(compiled, &device_pointer, 1, t, NULL, NULL),
         OTA_ERR_NULL},
        {"batch(NULL device)",
         ota_device_eligible_many(compiled, &null_device, 1, t, &e_pointer, NULL), OTA_ERR_NULL},
        {"push(NULL plan)", ota_next_push_time(NULL, &device, t, NULL, &p), OTA_ERR_NULL},
        {"push(NULL device)", ota_next_push_time(compiled, NULL, t, NULL, &p), OTA_ERR_NULL},
        {"push(NULL out)", ota_next_push_time(compiled, &device, t, NULL, NULL), OTA_ERR_NULL},
        {"push(now -1)", ota_next_push_time(compiled, &device, -1, NULL, &p), OTA_ERR_RANGE},
        {"push(options v3)", ota_next_push_time(compiled, &device, t, &bad_eval, &p),
         OTA_ERR_STRUCT_VERSION},
        {"next_window(NULL)", ota_compiled_plan_next_window(NULL, t, t + 1, &interval),
         OTA_ERR_NULL},
        {"next_window(NULL out)", ota_compiled_plan_next_window(compiled, t, t + 1, NULL),
         OTA_ERR_NULL},
        {"next_window(to < from)", ota_compiled_plan_next_window(compiled, t, t - 86400, &interval),
         OTA_NO_MORE},
        {"next_window(INT64 range)",
         ota_compiled_plan_next_window(compiled, INT64_MIN, INT64_MAX, &interval), OTA_OK},
        {"device_check(NULL)", ota_device_check(NULL, NULL), OTA_ERR_NULL},
        {"plan_init(NULL)", ota_plan_init(NULL, OTA_PLAN_STRUCT_VERSION), OTA_ERR_NULL},
        {"device_init(NULL)", ota_device_init(NULL, OTA_DEVICE_STRUCT_VERSION), OTA_ERR_NULL},
        {"eval_options_init(NULL)", ota_eval_options_init(NULL, OTA_EVAL_OPTIONS_VERSION),
         OTA_ERR_NULL},
        {"validate_options_init(NULL)",
         ota_validate_options_init(NULL, OTA_VALIDATE_OPTIONS_VERSION), OTA_ERR_NULL},
    };
    int count = 0;
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++, count++)
        if (calls[i].got != calls[i].expected)
            fail_msg("%s: got %d, expected %d", calls[i].name, calls[i].got, calls[i].expected);
    assert_null(scratch); /* an out pointer is always set, also on failure */
    assert_null(ota_compiled_plan_timezone(NULL));
    assert_null(ota_code_name(-1));
    assert_null(ota_code_name(INT32_MAX));
    ota_compiled_plan_free(compiled);
    return count;
}

/* ---------------------------------------------------------- device inputs */

static int device_cases(void)
{
    static ota_device_version null_component = {NULL, "1"}, null_version = {"fw", NULL};
    ota_device base;
    ota_device_init(&base, OTA_DEVICE_STRUCT_VERSION);
    base.id = "d";
    base.product = "p";
    ota_device cases[16];
    int32_t expected[16];
    const char *names[16];
    int n = 0;
#define DEVICE_CASE(label, status, body)                                                           \
    do {                                                                                           \
        ota_device *d = &cases[n];                                                                 \
        *d = base;                                                                                 \
        body;                                                                                      \
        expected[n] = status;                                                                      \
        names[n++] = label;                                                                        \
    } while (0)
    DEVICE_CASE("id 10 MB", OTA_ERR_INVALID_DEVICE, d->id = ten_mb_a);
    DEVICE_CASE("id 129 bytes", OTA_ERR_INVALID_DEVICE, d->id = ten_mb_a + TEN_MB - 129);
    DEVICE_CASE("id invalid UTF-8", OTA_ERR_INVALID_DEVICE, d->id = "d\xe2\x82");
    DEVICE_CASE("id tab", OTA_ERR_INVALID_DEVICE, d->id = "d\t1");
    DEVICE_CASE("versions entry NULL component", OTA_ERR_INVALID_DEVICE,
                (d->versions = &null_component, d->version_count = 1));
    DEVICE_CASE("versions entry NULL version", OTA_ERR_INVALID_DEVICE,
                (d->versions = &null_version, d->version_count = 1));
    DEVICE_CASE("versions count UINT32_MAX, NULL", OTA_ERR_INVALID_DEVICE,
                d->version_count = UINT32_MAX);
    DEVICE_CASE("battery -1", OTA_ERR_INVALID_DEVICE, d->battery = -1);
    DEVICE_CASE("battery INT32_MAX", OTA_ERR_INVALID_DEVICE, d->battery = INT32_MAX);
    DEVICE_CASE("auto_update 2", OTA_ERR_INVALID_DEVICE, d->auto_update = 2);
    DEVICE_CASE("state -1", OTA_ERR_INVALID_DEVICE, d->state = -1);
    DEVICE_CASE("state_at INT64_MAX", OTA_ERR_RANGE, d->state_at = INT64_MAX);
    DEVICE_CASE("appointment start only", OTA_ERR_INVALID_DEVICE,
                d->appointment_start = 1800000000);
    DEVICE_CASE("appointment reversed", OTA_ERR_INVALID_DEVICE,
                (d->appointment_start = 1800000000, d->appointment_end = 1700000000));
    DEVICE_CASE("failed_attempts INT32_MIN+1", OTA_ERR_INVALID_DEVICE,
                d->failed_attempts = INT32_MIN + 1);
    DEVICE_CASE("struct version 0", OTA_ERR_STRUCT_VERSION, d->version = 0);
#undef DEVICE_CASE
    for (int i = 0; i < n; i++) {
        const char *problem = NULL;
        int32_t status = ota_device_check(&cases[i], &problem);
        if (status != expected[i])
            fail_msg("device %s: got %d, expected %d", names[i], status, expected[i]);
        assert_non_null(problem);
    }
    return n;
}

/* ------------------------------------------------------------ JSON inputs */

static char *nested(int depth)
{
    char *s = malloc((size_t)depth * 2 + 64);
    int n = sprintf(s, "{\"name\":");
    for (int i = 0; i < depth; i++)
        s[n++] = '[';
    for (int i = 0; i < depth; i++)
        s[n++] = ']';
    strcpy(s + n, "}");
    return s;
}

/* A plan with one phase of the given percent, one with the given weekdays. */
#define R_PHASE(percent)                                                                           \
    "{\"rollout\":{\"phases\":[{\"start\":\"2026-01-02T00:00\",\"percent\":" percent "}]}}"
#define W_DAYS(days)                                                                               \
    "{\"mode\":\"silent\",\"push_window\":{\"start_hour\":0,\"end_hour\":2,\"weekdays\":[" days    \
    "]}}"

/* {"<key>": [ITEM, ITEM, ...]} with `count` items, inside `outer`. */
static char *repeated(const char *head, const char *item, const char *tail, int count)
{
    size_t n = strlen(head) + (strlen(item) + 1) * (size_t)count + strlen(tail) + 1;
    char *s = malloc(n), *at = s;
    at += sprintf(at, "%s", head);
    for (int i = 0; i < count; i++)
        at += sprintf(at, "%s%s", i ? "," : "", item);
    sprintf(at, "%s", tail);
    return s;
}

static int json_cases(void)
{
    char *many_blackouts =
        repeated("{\"blackouts\":[",
                 "{\"start\":\"2026-01-02T00:00\",\"end\":\"2026-01-03T00:00\"}", "]}", 100000);
    char *many_phases = repeated("{\"rollout\":{\"phases\":[",
                                 "{\"start\":\"2026-01-02T00:00\",\"percent\":5}", "]}}", 100000);
    char *deep = nested(100000);
    char *long_string = malloc(TEN_MB + 64);
    sprintf(long_string, "{\"name\":\"%s\"}", ten_mb_a);
    const struct {
        const char *name;
        const char *text;
        int32_t read_status; /* of ota_json_plan_read */
        int32_t code;        /* a diagnostic expected when the read succeeds */
        const char *path;
    } plans[] = {
        {"100,000 nested arrays", deep, OTA_ERR_ARGUMENT, 0, NULL},
        {"NUL escape in a string", "{\"name\":\"a\\u0000b\"}", OTA_ERR_ARGUMENT, 0, NULL},
        {"raw NUL byte", "{\"name\":\"a\0b\"}", OTA_ERR_ARGUMENT, 0, NULL},
        {"lone surrogate escape", "{\"name\":\"\\ud800\"}", OTA_ERR_ARGUMENT, 0, NULL},
        {"invalid UTF-8 byte", "{\"name\":\"\xfe\"}", OTA_ERR_ARGUMENT, 0, NULL},
        {"duplicate key", "{\"mode\":\"silent\",\"mode\":\"user_confirm\"}", OTA_ERR_ARGUMENT, 0,
         NULL},
        {"trailing garbage", "{} x", OTA_ERR_ARGUMENT, 0, NULL},
        {"top-level array", "[]", OTA_ERR_ARGUMENT, 0, NULL},
        {"empty document", "", OTA_ERR_ARGUMENT, 0, NULL},
        {"unterminated", "{\"name\":", OTA_ERR_ARGUMENT, 0, NULL},
        {"integer beyond int64", "{\"strategy\":{\"retry_count\":99999999999999999999}}",
         OTA_ERR_ARGUMENT, 0, NULL},
        {"10 MB name", long_string, OTA_OK, OTA_CODE_NAME_TOO_LONG, "name"},
        {"huge retry count", "{\"strategy\":{\"retry_count\":9007199254740993}}", OTA_OK,
         OTA_CODE_RETRY_OUT_OF_RANGE, "strategy.retry_count"},
        {"negative refusal", "{\"mode\":\"silent\",\"refusal_retry_minutes\":-5}", OTA_OK,
         OTA_CODE_REFUSAL_OUT_OF_RANGE, "refusal_retry_minutes"},
        {"float hour", "{\"mode\":\"silent\",\"push_window\":{\"start_hour\":1.5,\"end_hour\":3}}",
         OTA_OK, OTA_CODE_FIELD_TYPE_INVALID, "push_window.start_hour"},
        {"exponent integer", "{\"strategy\":{\"min_battery\":1e2}}", OTA_OK,
         OTA_CODE_FIELD_TYPE_INVALID, "strategy.min_battery"},
        {"boolean as string", "{\"bluetooth\":\"true\"}", OTA_OK, OTA_CODE_FIELD_TYPE_INVALID,
         "bluetooth"},
        {"components as object", "{\"components\":{\"0\":{}}}", OTA_OK, OTA_CODE_FIELD_TYPE_INVALID,
         "components"},
        {"component as number", "{\"components\":[42]}", OTA_OK, OTA_CODE_FIELD_TYPE_INVALID,
         "components[0]"},
        {"texts as array", "{\"texts\":[\"en\"]}", OTA_OK, OTA_CODE_FIELD_TYPE_INVALID, "texts"},
        {"activated_at year 10000", "{\"activated_at\":\"10000-01-01T00:00:00Z\"}", OTA_OK,
         OTA_CODE_TIME_INVALID, "activated_at"},
        {"activated_at 1970", "{\"activated_at\":\"1970-01-01T00:00:00Z\"}", OTA_OK,
         OTA_CODE_TIME_OUT_OF_RANGE, "activated_at"},
        {"unknown key with quotes", "{\"a\\\"b\":1}", OTA_OK, OTA_CODE_FIELD_UNKNOWN,
         "[\"a\\x22b\"]"},
        /* SPEC 11 fields */
        {"percent 1e308", R_PHASE("1e308"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        {"percent -0", R_PHASE("-0"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        {"percent -0.0", R_PHASE("-0.0"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        {"percent 12.345", R_PHASE("12.345"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        /* SPEC 11.2 reads the decimal exactly: more decimals are refused,
         * however close to a two-decimal number. */
        {"percent 99.999999999", R_PHASE("99.999999999"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        {"percent 12.34000001", R_PHASE("12.34000001"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        {"percent 0.0100000001", R_PHASE("0.0100000001"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        {"percent 100.01", R_PHASE("100.01"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        {"percent 0.001", R_PHASE("0.001"), OTA_OK, OTA_CODE_ROLLOUT_PERCENT_INVALID,
         "rollout.phases[0].percent"},
        {"percent NaN as a string", R_PHASE("\"NaN\""), OTA_OK, OTA_CODE_FIELD_TYPE_INVALID,
         "rollout.phases[0].percent"},
        {"percent true", R_PHASE("true"), OTA_OK, OTA_CODE_FIELD_TYPE_INVALID,
         "rollout.phases[0].percent"},
        {"weekday in capitals", W_DAYS("\"Mon\""), OTA_OK, OTA_CODE_WEEKDAYS_INVALID,
         "push_window.weekdays[0]"},
        {"weekday repeated", W_DAYS("\"mon\",\"tue\",\"mon\""), OTA_OK, OTA_CODE_WEEKDAYS_INVALID,
         "push_window.weekdays[2]"},
        {"weekday number", W_DAYS("1"), OTA_OK, OTA_CODE_WEEKDAYS_INVALID,
         "push_window.weekdays[0]"},
        {"weekdays empty", W_DAYS(""), OTA_OK, OTA_CODE_WEEKDAYS_INVALID, "push_window.weekdays"},
        {"weekdays a string",
         "{\"mode\":\"silent\",\"push_window\":{\"start_hour\":0,"
         "\"end_hour\":2,\"weekdays\":\"mon\"}}",
         OTA_OK, OTA_CODE_WEEKDAYS_INVALID, "push_window.weekdays"},
        {"blackout year 1999",
         "{\"blackouts\":[{\"start\":\"1999-01-01T00:00\",\"end\":"
         "\"2026-01-01T00:00\"}]}",
         OTA_OK, OTA_CODE_TIME_OUT_OF_RANGE, "blackouts[0].start"},
        {"blackout as a string", "{\"blackouts\":[\"2026-01-01T00:00\"]}", OTA_OK,
         OTA_CODE_FIELD_TYPE_INVALID, "blackouts[0]"},
        {"blackouts an object", "{\"blackouts\":{}}", OTA_OK, OTA_CODE_FIELD_TYPE_INVALID,
         "blackouts"},
        {"salt a number", "{\"rollout\":{\"salt\":7}}", OTA_OK, OTA_CODE_FIELD_TYPE_INVALID,
         "rollout.salt"},
        {"spread a string", "{\"rollout\":{\"spread\":\"yes\"}}", OTA_OK,
         OTA_CODE_FIELD_TYPE_INVALID, "rollout.spread"},
        {"abort without attempts", "{\"rollout\":{\"abort\":{\"failure_percent\":5}}}", OTA_OK,
         OTA_CODE_ABORT_INVALID, "rollout.abort"},
        {"abort percent 5.555",
         "{\"rollout\":{\"abort\":{\"failure_percent\":5.555,"
         "\"min_attempts\":10}}}",
         OTA_OK, OTA_CODE_ABORT_INVALID, "rollout.abort"},
        {"rollout unknown key", "{\"rollout\":{\"phase\":[]}}", OTA_OK, OTA_CODE_FIELD_UNKNOWN,
         "rollout.phase"},
        {"phases empty", "{\"rollout\":{\"phases\":[]}}", OTA_OK, OTA_CODE_ROLLOUT_PHASES_INVALID,
         "rollout.phases"},
        {"100,000 blackouts", many_blackouts, OTA_OK, OTA_CODE_BLACKOUTS_TOO_MANY, "blackouts"},
        {"100,000 phases", many_phases, OTA_OK, OTA_CODE_ROLLOUT_PHASES_INVALID, "rollout.phases"},
    };
    int count = 0;
    for (size_t i = 0; i < sizeof plans / sizeof *plans; i++, count++) {
        size_t length =
            plans[i].text == deep || plans[i].text == long_string
                ? strlen(plans[i].text)
                : (strcmp(plans[i].name, "raw NUL byte") == 0 ? 14 : strlen(plans[i].text));
        ota_json_plan *plan = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        int32_t status = ota_json_plan_read(plans[i].text, length, &plan, &error);
        if (status != plans[i].read_status)
            fail_msg("JSON %s: read gave %d, expected %d (%s)", plans[i].name, status,
                     plans[i].read_status, error.text);
        if (status != OTA_OK) {
            assert_null(plan);
            assert_true(error.line >= 1 && strlen(error.text) > 0);
            continue;
        }
        ota_diagnostics *list = NULL;
        assert_int_equal(ota_json_plan_validate(plan, NULL, &list), OTA_OK);
        if (!fixture_has(list, plans[i].code, plans[i].path)) {
            fixture_print(list);
            fail_msg("JSON %s: expected %s at %s", plans[i].name, ota_code_name(plans[i].code),
                     plans[i].path);
        }
        ota_diagnostics_free(list);
        ota_json_plan_free(plan);
    }
    free(deep);
    free(many_blackouts);
    free(many_phases);
    free(long_string);

    ota_json_device_reader *reader = ota_json_device_reader_new();
    const struct {
        const char *text;
        int32_t status;
    } devices[] = {
        {"{\"id\":\"d\",\"product\":\"p\",\"versions\":[]}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"versions\":{\"a\":null}}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"signal\":1.5}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"auto_update\":1}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"appointment\":[1,2]}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"appointment\":{\"start\":\"2026-01-01T00:00:00Z\"}}",
         OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"appointment\":{\"start\":1,\"end\":2}}",
         OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"appointment\":{\"when\":1}}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"failed_attempts\":-3}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"battery\":101}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"state_at\":\"2100-01-01T00:00:00Z\"}", OTA_ERR_RANGE},
        {"{\"id\":\"\",\"product\":\"p\"}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\"}", OTA_ERR_INVALID_DEVICE},
        {"{\"id\":\"d\",\"product\":\"p\",\"id\":\"e\"}", OTA_ERR_ARGUMENT},
        {"{\"id\":\"d\",\"product\":\"p\",\"state\":7}", OTA_ERR_INVALID_DEVICE},
        {"null", OTA_ERR_ARGUMENT},
    };
    for (size_t i = 0; i < sizeof devices / sizeof *devices; i++, count++) {
        const ota_device *d = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        int32_t status =
            ota_json_device_read(reader, devices[i].text, strlen(devices[i].text), &d, &error);
        if (status != devices[i].status)
            fail_msg("device line %s: got %d, expected %d", devices[i].text, status,
                     devices[i].status);
        assert_true(strlen(error.text) > 0);
    }
    ota_json_device_reader_free(reader);
    return count;
}

/* The catalogue by the rule each input attacks (doc/rules.md sections). */
static int catalogued;

static int big_strings(void **state)
{
    (void)state;
    ten_mb_a = huge_string('a');
    ten_mb_cjk = malloc(TEN_MB + 1);
    if (!ten_mb_a || !ten_mb_cjk)
        return -1;
    for (size_t i = 0; i + 3 <= TEN_MB; i += 3)
        memcpy(ten_mb_cjk + i, "\xe4\xb8\xad", 3);
    ten_mb_cjk[TEN_MB - TEN_MB % 3] = '\0';
    return 0;
}

static int free_big_strings(void **state)
{
    (void)state;
    free(ten_mb_a);
    free(ten_mb_cjk);
    return 0;
}

/* SPEC 3 and 7: every field of a silent plan. */
static void plan_fields_3_and_7(void **state)
{
    (void)state;
    catalogued +=
        run_plan_cases(silent_cases, sizeof silent_cases / sizeof *silent_cases, fixture_silent);
}

/* SPEC 3.2: the texts and regions of a user_confirm plan. */
static void user_confirm_texts_3_2(void **state)
{
    (void)state;
    catalogued += run_plan_cases(confirm_cases, sizeof confirm_cases / sizeof *confirm_cases,
                                 fixture_user_confirm);
    catalogued += ten_mb_language_tag();
}

/* SPEC 3: black and white lists at their limit. */
static void device_lists_3(void **state)
{
    (void)state;
    catalogued += million_duplicates();
}

/* SPEC 10: the C interface misused. */
static void api_misuse_10(void **state)
{
    (void)state;
    catalogued += api_misuse();
}

/* SPEC 4: device structs. */
static void devices_4(void **state)
{
    (void)state;
    catalogued += device_cases();
}

/* SPEC 9: JSON documents. */
static void json_documents_9(void **state)
{
    (void)state;
    catalogued += json_cases();
}

/* SPEC 14: hostile sets.  10,000 plans of one product, each whitelisting
 * one device: one lookup finds a device's one plan, and validation pairs
 * no two of them (their whitelists cannot meet, though their targets
 * differ); names equal only after NFC or trimming; priorities out of
 * range, in C and in JSON. */
#define ONE_DEVICE_PLANS 10000

typedef struct one_device_plans {
    fixture_plan f[ONE_DEVICE_PLANS];
    char names[ONE_DEVICE_PLANS][16];
    char ids[ONE_DEVICE_PLANS][16];
    const char *lists[ONE_DEVICE_PLANS][1];
    ota_component components[ONE_DEVICE_PLANS];
    const ota_plan *plans[ONE_DEVICE_PLANS];
    ota_compiled_plan *compiled[ONE_DEVICE_PLANS];
} one_device_plans;

static int one_device_set(void)
{
    one_device_plans *p = calloc(1, sizeof *p);
    assert_non_null(p);
    for (uint32_t i = 0; i < ONE_DEVICE_PLANS; i++) {
        fixture_silent(&p->f[i]);
        snprintf(p->names[i], sizeof p->names[i], "p%05u", i);
        snprintf(p->ids[i], sizeof p->ids[i], "dev-%05u", i);
        p->f[i].plan.name = p->names[i];
        p->lists[i][0] = p->ids[i];
        p->f[i].plan.whitelist = p->lists[i];
        p->f[i].plan.whitelist_count = 1;
        /* Every other plan sends the device back: a cycle if two met. */
        p->components[i] = p->f[i].plan.components[0];
        p->components[i].target_version = i % 2 ? "1.0" : "2.0";
        p->components[i].specified_versions = NULL;
        p->f[i].plan.components = &p->components[i];
        p->f[i].plan.component_count = 1;
        p->plans[i] = &p->f[i].plan;
        assert_int_equal(ota_plan_compile(&p->f[i].plan, NULL, &p->compiled[i], NULL), OTA_OK);
    }
    ota_plan_set *set = NULL;
    assert_int_equal(ota_plan_set_new((const ota_compiled_plan *const *)p->compiled,
                                      ONE_DEVICE_PLANS, NULL, &set),
                     OTA_OK);
    ota_device d = OTA_DEVICE_INIT;
    static const ota_device_version v = {"wifi", "1.5"};
    d.product = "lamp-1";
    d.versions = &v;
    d.version_count = 1;
    ota_set_device sd = OTA_SET_DEVICE_INIT;
    sd.device = &d;
    ota_candidate others[4];
    ota_selection sel;
    int64_t now = fixture_instant("2026-06-01T00:00:00Z");
    for (uint32_t i = 0; i < ONE_DEVICE_PLANS; i += 997) {
        d.id = p->ids[i];
        ota_selection_init(&sel, OTA_SELECTION_VERSION);
        sel.others = others;
        sel.other_capacity = 4;
        assert_int_equal(ota_plan_set_select(set, &sd, now, NULL, &sel), OTA_OK);
        assert_int_equal(sel.candidate_count, 1);
        assert_int_equal(sel.plan, (int32_t)i);
    }
    d.id = "dev-unlisted";
    ota_selection_init(&sel, OTA_SELECTION_VERSION);
    assert_int_equal(ota_plan_set_select(set, &sd, now, NULL, &sel), OTA_OK);
    assert_int_equal(sel.candidate_count, 0);
    assert_int_equal(sel.eligibility.reason, OTA_REASON_NO_PLAN);
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_set_validate(p->plans, ONE_DEVICE_PLANS, NULL, &list), OTA_OK);
    assert_int_equal(ota_diagnostics_error_count(list), 0);
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic diagnostic = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &diagnostic);
        assert_int_not_equal(diagnostic.code, OTA_CODE_UPGRADE_CYCLE);
    }
    ota_diagnostics_free(list);
    /* Two of them whitelisting one device: now they meet, one warning. */
    p->lists[1][0] = p->ids[0];
    assert_int_equal(ota_plan_set_validate(p->plans, ONE_DEVICE_PLANS, NULL, &list), OTA_OK);
    int cycles = 0;
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic diagnostic = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &diagnostic);
        if (diagnostic.code == OTA_CODE_UPGRADE_CYCLE) {
            cycles++;
            assert_string_equal(diagnostic.path, "plans[1].components[0]");
        }
    }
    assert_int_equal(cycles, 1);
    ota_diagnostics_free(list);
    ota_plan_set_free(set);
    for (uint32_t i = 0; i < ONE_DEVICE_PLANS; i++)
        ota_compiled_plan_free(p->compiled[i]);
    free(p);
    return 3;
}

static int hostile_names_and_priorities(void)
{
    static const struct {
        const char *a, *b;
        int same; /* name_duplicate */
    } names[] = {
        {"Caf\xc3\xa9", "Cafe\xcc\x81", 1},               /* precomposed, decomposed */
        {" Release\t", "Release", 1},                     /* trimmed */
        {"\xe1\xb8\x8a\xcc\xa3", "D\xcc\xa3\xcc\x87", 1}, /* canonical order of marks */
        {"\xef\xac\x81", "fi", 0},                        /* a ligature: NFKC folds it, NFC not */
        {"release", "Release", 0},                        /* case counts */
    };
    int count = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++, count++) {
        fixture_plan a, b;
        fixture_silent(&a);
        fixture_silent(&b);
        a.plan.name = names[i].a;
        b.plan.name = names[i].b;
        const ota_plan *plans[] = {&a.plan, &b.plan};
        ota_diagnostics *list = NULL;
        assert_int_equal(ota_plan_set_validate(plans, 2, NULL, &list), OTA_OK);
        int duplicates = 0;
        for (uint32_t k = 0; k < ota_diagnostics_count(list); k++) {
            ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
            ota_diagnostics_get(list, k, &d);
            if (d.code == OTA_CODE_NAME_DUPLICATE) {
                duplicates++;
                assert_string_equal(d.path, "plans[1].name");
            }
        }
        if (duplicates != names[i].same)
            fail_msg("names %zu: %d name_duplicate, expected %d", i, duplicates, names[i].same);
        ota_diagnostics_free(list);
        ota_compiled_plan *compiled[2] = {NULL, NULL};
        assert_int_equal(ota_plan_compile(&a.plan, NULL, &compiled[0], NULL), OTA_OK);
        assert_int_equal(ota_plan_compile(&b.plan, NULL, &compiled[1], NULL), OTA_OK);
        ota_plan_set *set = NULL;
        assert_int_equal(
            ota_plan_set_new((const ota_compiled_plan *const *)compiled, 2, NULL, &set),
            names[i].same ? OTA_ERR_ARGUMENT : OTA_OK);
        ota_plan_set_free(set);
        ota_compiled_plan_free(compiled[0]);
        ota_compiled_plan_free(compiled[1]);
    }
    static const int32_t priorities[] = {INT32_MIN, -1001, 1001, INT32_MAX};
    for (size_t i = 0; i < sizeof priorities / sizeof priorities[0]; i++, count++) {
        fixture_plan f;
        fixture_silent(&f);
        f.plan.priority = priorities[i];
        const ota_plan *plans[] = {&f.plan};
        ota_diagnostics *list = NULL;
        assert_int_equal(ota_plan_set_validate(plans, 1, NULL, &list), OTA_OK);
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        assert_int_equal(ota_diagnostics_get(list, 0, &d), OTA_OK);
        assert_int_equal(d.code, OTA_CODE_PRIORITY_OUT_OF_RANGE);
        assert_string_equal(d.path, "plans[0].priority");
        ota_diagnostics_free(list);
        ota_compiled_plan *compiled = NULL;
        assert_int_equal(ota_plan_compile(&f.plan, NULL, &compiled, NULL), OTA_ERR_INVALID_PLAN);
    }
    /* In JSON: a number beyond int32 is out of range (never wrapped into
     * range), one that is no integer a type error, one beyond what the
     * reader holds a read error naming its line; null is absent (0). */
    static const struct {
        const char *value;
        int32_t read_status, compile_status, code;
    } json_priorities[] = {
        {"2147483648", OTA_OK, OTA_ERR_INVALID_PLAN, OTA_CODE_PRIORITY_OUT_OF_RANGE},
        {"-2147483649", OTA_OK, OTA_ERR_INVALID_PLAN, OTA_CODE_PRIORITY_OUT_OF_RANGE},
        {"1001", OTA_OK, OTA_ERR_INVALID_PLAN, OTA_CODE_PRIORITY_OUT_OF_RANGE},
        {"1.5", OTA_OK, OTA_ERR_INVALID_PLAN, OTA_CODE_FIELD_TYPE_INVALID},
        {"\"high\"", OTA_OK, OTA_ERR_INVALID_PLAN, OTA_CODE_FIELD_TYPE_INVALID},
        {"null", OTA_OK, OTA_OK, 0},
        {"1e400", OTA_ERR_ARGUMENT, 0, 0},
        {"99999999999999999999", OTA_ERR_ARGUMENT, 0, 0},
    };
    for (size_t i = 0; i < sizeof json_priorities / sizeof json_priorities[0]; i++, count++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"name\":\"a\",\"product\":\"p\",\"timezone\":\"UTC\",\"start\":"
                 "\"2026-01-01T00:00\",\"end\":\"2026-02-01T00:00\",\"mode\":\"silent\","
                 "\"components\":[{\"type\":\"module\",\"id\":\"w\",\"method\":\"full\","
                 "\"target_version\":\"2\"}]}\n"
                 "{\"name\":\"b\",\"product\":\"p\",\"timezone\":\"UTC\",\"start\":"
                 "\"2026-01-01T00:00\",\"end\":\"2026-02-01T00:00\",\"mode\":\"silent\","
                 "\"components\":[{\"type\":\"module\",\"id\":\"w\",\"method\":\"full\","
                 "\"target_version\":\"2\"}],\"priority\":%s}\n",
                 json_priorities[i].value);
        ota_json_set *set = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        int32_t status = ota_json_set_read(text, strlen(text), &set, &error);
        if (status != json_priorities[i].read_status)
            fail_msg("priority %s: read %s", json_priorities[i].value, ota_strerror(status));
        if (status != OTA_OK) {
            assert_null(set);
            assert_int_equal(error.line, 2);
            continue;
        }
        ota_diagnostics *list = NULL;
        assert_int_equal(ota_json_set_compile(set, NULL, &list), json_priorities[i].compile_status);
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        if (json_priorities[i].code) {
            assert_int_equal(ota_diagnostics_get(list, 0, &d), OTA_OK);
            assert_int_equal(d.code, json_priorities[i].code);
            assert_string_equal(d.path, "plans[1].priority");
        } else {
            assert_int_equal(ota_diagnostics_error_count(list), 0);
        }
        ota_diagnostics_free(list);
        ota_json_set_free(set);
    }
    return count;
}

/* SPEC 14: plan sets. */
static void plan_sets_14(void **state)
{
    (void)state;
    catalogued += one_device_set() + hostile_names_and_priorities();
}

static void the_catalogue_holds_a_hundred_inputs(void **state)
{
    (void)state;
    print_message("bad-input catalogue: %d hostile inputs, each with its expected answer\n",
                  catalogued);
    assert_true(catalogued >= 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plan_fields_3_and_7),
        cmocka_unit_test(user_confirm_texts_3_2),
        cmocka_unit_test(device_lists_3),
        cmocka_unit_test(api_misuse_10),
        cmocka_unit_test(devices_4),
        cmocka_unit_test(json_documents_9),
        cmocka_unit_test(plan_sets_14),
        /* last: it counts what the tests above ran */
        cmocka_unit_test(the_catalogue_holds_a_hundred_inputs),
    };
    return cmocka_run_group_tests(tests, big_strings, free_big_strings);
}
