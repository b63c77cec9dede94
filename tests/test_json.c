/* The JSON reader/writer (SPEC 9): instants, the reader's own diagnostics,
 * device lines, and the string escaper checked against jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "fixture.h"
#include "otaplan_batch.h"
#include "otaplan_json.h"
#include "text.h"

/* ota_json_evaluate_many(): the devices of a JSON array, each answered as
 * the single calls answer it, and every way the array can be wrong named
 * by the device where it went wrong. */
static void many_devices_and_every_malformed_array(void **state)
{
    (void)state;
    static const char plan_text[] =
        "{\"name\":\"m\",\"product\":\"lamp-1\",\"timezone\":\"UTC\",\"start\":"
        "\"2026-01-01T00:00\",\"end\":\"2026-12-01T00:00\",\"state\":\"active\",\"mode\":"
        "\"silent\",\"blacklist\":[\"d2\"],\"components\":[{\"type\":\"module\",\"id\":\"w\","
        "\"method\":\"full\",\"target_version\":\"2\"}]}";
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_plan_read(plan_text, strlen(plan_text), &plan, &error), OTA_OK);
    ota_compiled_plan *compiled = NULL;
    assert_int_equal(ota_json_plan_compile(plan, NULL, &compiled, NULL), OTA_OK);
    const int64_t now = 1772323200; /* 2026-03-01T00:00:00Z */
    int32_t reasons[4], components[4 * OTA_MAX_COMPONENTS], status[4], why[4];
    int64_t at[4];
    size_t failed = 99;
    const char good[] = " [ {\"id\":\"d1\",\"product\":\"lamp-1\",\"versions\":{\"w\":\"1\"}} ,"
                        "{\"id\":\"d2\",\"product\":\"lamp-1\"},\n{\"id\":\"d3\",\"product\":"
                        "\"lamp-1\",\"versions\":{\"w\":\"2\"}} ] ";
    assert_int_equal(ota_json_evaluate_many(compiled, good, strlen(good), 3, now, NULL, reasons,
                                            components, status, why, at, &failed, &error),
                     OTA_OK);
    assert_int_equal(reasons[0], OTA_REASON_OK);
    assert_int_equal(reasons[1], OTA_REASON_BLACKLISTED);
    assert_int_equal(reasons[2], OTA_REASON_NO_APPLICABLE_COMPONENT);
    assert_int_equal(status[0], OTA_PUSH_AT);
    assert_int_equal(status[1], OTA_PUSH_NEVER);
    /* Eligibility alone: no push arrays at all. */
    assert_int_equal(ota_json_evaluate_many(compiled, good, strlen(good), 3, now, NULL, reasons,
                                            components, NULL, NULL, NULL, &failed, &error),
                     OTA_OK);
    assert_int_equal(ota_json_evaluate_many(compiled, "[]", 2, 0, now, NULL, NULL, NULL, NULL, NULL,
                                            NULL, &failed, &error),
                     OTA_OK);
    static const struct {
        const char *text;
        size_t count, failed;
    } bad[] = {
        {"{}", 1, 0}, /* not an array */
        {"[{\"id\":\"a\",\"product\":\"lamp-1\"} {\"id\":\"b\",\"product\":\"lamp-1\"}]", 2, 1},
        {"[{\"id\":\"a\",\"product\":\"lamp-1\"}]", 2, 1}, /* fewer than count */
        {"[{\"id\":\"a\",\"product\":\"lamp-1\"},{\"id\":\"b\",\"product\":\"lamp-1\"}]", 1, 1},
        {"[{\"id\":\"a\",\"product\":\"lamp-1\"}] x", 1, 1}, /* trailing text */
        {"[{\"id\":\"a\",\"product\":\"lamp-1\"},{\"id\":\"b\",\"product\":7}]", 2, 1},
        {"[{\"id\":\"a\",\"product\":\"lamp-1\"},{\"id\":", 2, 1}, /* cut short */
        {"", 1, 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        failed = 99;
        int32_t result =
            ota_json_evaluate_many(compiled, bad[i].text, strlen(bad[i].text), bad[i].count, now,
                                   NULL, reasons, components, status, why, at, &failed, &error);
        if (result == OTA_OK || failed != bad[i].failed || !error.text[0])
            fail_msg("case %zu: %d, failed %zu, \"%s\"", i, result, failed, error.text);
    }
    /* Out of range now, at the first device. */
    assert_int_equal(ota_json_evaluate_many(compiled, good, strlen(good), 3, 0, NULL, reasons,
                                            components, status, why, at, &failed, &error),
                     OTA_ERR_RANGE);
    assert_int_equal(failed, 0);
    /* Pointers: any missing one of what is asked for. */
    assert_int_equal(ota_json_evaluate_many(NULL, good, strlen(good), 3, now, NULL, reasons,
                                            components, NULL, NULL, NULL, &failed, &error),
                     OTA_ERR_NULL);
    assert_int_equal(ota_json_evaluate_many(compiled, NULL, 0, 3, now, NULL, reasons, components,
                                            NULL, NULL, NULL, &failed, &error),
                     OTA_ERR_NULL);
    assert_int_equal(ota_json_evaluate_many(compiled, good, strlen(good), 3, now, NULL, NULL,
                                            components, NULL, NULL, NULL, &failed, &error),
                     OTA_ERR_NULL);
    assert_int_equal(ota_json_evaluate_many(compiled, good, strlen(good), 3, now, NULL, reasons,
                                            components, status, NULL, at, &failed, &error),
                     OTA_ERR_NULL);
    assert_int_equal(ota_json_evaluate_many(compiled, good, strlen(good), 3, now, NULL, reasons,
                                            components, NULL, NULL, NULL, NULL, &error),
                     OTA_ERR_NULL);
    assert_int_equal(ota_json_evaluate_many(compiled, good, strlen(good), 3, now, NULL, reasons,
                                            components, NULL, NULL, NULL, &failed, NULL),
                     OTA_ERR_NULL);
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
}

/* ota_json_evaluate_batch(): the struct form, a component stride of the
 * caller's, and the versions of the three structs of otaplan_json.h. */
static void batch_stride_and_struct_versions(void **state)
{
    (void)state;
    static const char plan_text[] =
        "{\"name\":\"b\",\"product\":\"lamp-1\",\"timezone\":\"UTC\",\"start\":"
        "\"2026-01-01T00:00\",\"end\":\"2026-12-01T00:00\",\"state\":\"active\",\"mode\":"
        "\"silent\",\"components\":[{\"type\":\"module\",\"id\":\"w\",\"method\":\"full\","
        "\"target_version\":\"2\"},{\"type\":\"mcu\",\"id\":\"m\",\"method\":\"full\","
        "\"target_version\":\"5\"}]}";
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_plan_read(plan_text, strlen(plan_text), &plan, &error), OTA_OK);
    ota_compiled_plan *compiled = NULL;
    assert_int_equal(ota_json_plan_compile(plan, NULL, &compiled, NULL), OTA_OK);
    const char devices[] = "[{\"id\":\"d1\",\"product\":\"lamp-1\",\"versions\":{\"w\":\"1\"}},"
                           "{\"id\":\"d2\",\"product\":\"lamp-1\",\"versions\":{\"m\":\"5\"}}]";
    int32_t reasons[2], components[2 * 2] = {0};
    ota_json_batch batch = OTA_JSON_BATCH_INIT;
    batch.devices_json = devices;
    batch.length = strlen(devices);
    batch.count = 2;
    batch.now = 1772323200;
    batch.reasons = reasons;
    batch.component_reasons = components;
    batch.component_stride = 2;
    assert_int_equal(ota_json_evaluate_batch(compiled, &batch, &error), OTA_OK);
    assert_int_equal(batch.failed, 2);
    assert_int_equal(reasons[0], OTA_REASON_OK);
    assert_int_equal(components[0], OTA_REASON_OK);
    assert_int_equal(components[1], OTA_REASON_COMPONENT_MISSING);
    assert_int_equal(reasons[1], OTA_REASON_NO_APPLICABLE_COMPONENT);
    assert_int_equal(components[2], OTA_REASON_COMPONENT_MISSING);
    assert_int_equal(components[3], OTA_REASON_AT_TARGET);
    /* A stride below the plan's two components would lose answers. */
    batch.component_stride = 1;
    assert_int_equal(ota_json_evaluate_batch(compiled, &batch, &error), OTA_ERR_ARGUMENT);
    assert_int_equal(batch.failed, 0);
    assert_non_null(strstr(error.text, "component_stride"));
    batch.component_stride = 2;
    /* Versions: the batch's and the error's are the caller's promise. */
    batch.version = 99;
    assert_int_equal(ota_json_evaluate_batch(compiled, &batch, &error), OTA_ERR_STRUCT_VERSION);
    batch.version = OTA_JSON_BATCH_VERSION;
    ota_json_error unversioned = {0};
    assert_int_equal(ota_json_evaluate_batch(compiled, &batch, &unversioned),
                     OTA_ERR_STRUCT_VERSION);
    ota_json_plan *unread = plan;
    assert_int_equal(ota_json_plan_read(plan_text, strlen(plan_text), &unread, &unversioned),
                     OTA_ERR_STRUCT_VERSION);
    assert_null(unread);
    assert_int_equal(ota_json_evaluate_batch(NULL, &batch, &error), OTA_ERR_NULL);
    assert_int_equal(ota_json_evaluate_batch(compiled, NULL, &error), OTA_ERR_NULL);
    assert_int_equal(ota_json_batch_init(&batch, 2), OTA_ERR_STRUCT_VERSION);
    assert_int_equal(ota_json_batch_init(&batch, OTA_JSON_BATCH_VERSION), OTA_OK);
    assert_int_equal(batch.version, OTA_JSON_BATCH_VERSION);
    assert_null(batch.reasons);
    assert_int_equal(ota_json_error_init(&unversioned, OTA_JSON_ERROR_VERSION), OTA_OK);
    assert_int_equal(unversioned.version, OTA_JSON_ERROR_VERSION);
    assert_int_equal(ota_json_error_init(NULL, OTA_JSON_ERROR_VERSION), OTA_ERR_NULL);
    /* A buffer of an unknown version is never written. */
    ota_json_buffer foreign = {0};
    ota_json_put_cstr(&foreign, "x");
    assert_null(foreign.data);
    assert_int_equal(foreign.failed, 0);
    ota_json_buffer out = OTA_JSON_BUFFER_INIT;
    ota_json_put_cstr(&out, "xy");
    assert_int_equal(out.length, 2);
    ota_json_buffer_free(&out);
    assert_int_equal(out.version, OTA_JSON_BUFFER_VERSION);
    assert_null(out.data);
    assert_int_equal(ota_json_buffer_init(&out, 0), OTA_ERR_STRUCT_VERSION);
    /* The layouts bindings mirror (bindings/python/tests checks them too). */
    if (sizeof(void *) == 8) {
        assert_int_equal(sizeof(ota_json_error), 212);
        assert_int_equal(offsetof(ota_json_error, text), 12);
        assert_int_equal(sizeof(ota_json_buffer), 32);
        assert_int_equal(offsetof(ota_json_buffer, data), 8);
        assert_int_equal(sizeof(ota_json_batch), 104);
        assert_int_equal(offsetof(ota_json_batch, component_stride), 64);
        assert_int_equal(offsetof(ota_json_batch, failed), 96);
    }
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
}

/* The names file: one name a line, a trailing \r dropped, empty lines
 * skipped, the last line without its newline kept, a NUL refused at its
 * place. */
static void names_files(void **state)
{
    (void)state;
    const char text[] = "night plan\r\n\n\xe6\x97\xa5\xe6\x9c\xac\r\n\r\nlast";
    ota_json_names *names = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_names_read(text, sizeof text - 1, &names, &error), OTA_OK);
    uint32_t count = 0;
    const char *const *list = ota_json_names_get(names, &count);
    assert_int_equal(count, 3);
    assert_string_equal(list[0], "night plan");
    assert_string_equal(list[1], "\xe6\x97\xa5\xe6\x9c\xac");
    assert_string_equal(list[2], "last");
    ota_json_names_free(names);
    assert_int_equal(ota_json_names_read("", 0, &names, &error), OTA_OK);
    ota_json_names_get(names, NULL); /* a NULL count is allowed */
    ota_json_names_get(names, &count);
    assert_int_equal(count, 0);
    ota_json_names_free(names);
    const char nul[] = "a\nb\xc3\xa9\0c";
    assert_int_equal(ota_json_names_read(nul, sizeof nul - 1, &names, &error), OTA_ERR_ARGUMENT);
    assert_null(names);
    assert_int_equal(error.line, 2);
    assert_int_equal(error.column, 3);
    assert_int_equal(ota_json_names_read(NULL, 0, &names, &error), OTA_ERR_NULL);
    assert_int_equal(ota_json_names_read("a", 1, NULL, &error), OTA_ERR_NULL);
    assert_int_equal(ota_json_names_read("a", 1, &names, NULL), OTA_ERR_NULL);
    count = 9;
    assert_null(ota_json_names_get(NULL, &count));
    assert_int_equal(count, 0);
    ota_json_names_free(NULL);
}

/* A package that is not one is named with its place, found by a scan that
 * knows strings (escapes, brackets and commas in them), nesting, lines and
 * UTF-8 columns; a good catalog reads whole. */
static void catalog_errors_name_the_package_and_its_place(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *why; /* NULL: reads */
        int line, column;
    } cases[] = {
        {"[{\"id\": \"a,[{\", \"method\": \"full\", \"target_version\": \"1\"},\n {\"id\": "
         "\"b\\\"]\", \"method\": \"half\"}]",
         "package 1: ", 2, 2},
        {"[\n  "
         "{\"id\":\"\xc3\xa9\",\"method\":\"full\",\"target_version\":\"1\",\"x\":[1,{\"y\":2}]},"
         "\n  {\"id\":\"w\",\"method\":\"delta\",\"target_version\":\"2\",\"source_version\":3}\n]",
         "package 1: ", 3, 3},
        {"[{\"id\":\"\xc3\xa9\xc3\xa9\",\"method\":\"full\",\"target_version\":\"1\"}, 7]",
         "package 1: ", 1, 52},
        {"[ 5 ]", "package 0: ", 1, 3},
        {"[{\"id\":\"a\",\"method\":\"full\",\"target_version\":\"1\"},{\"id\":\"b\","
         "\"target_version\":\"1\"}]",
         "package 1: ", 1, 50},
        {"[{\"id\":\"a\",\"method\":\"delta\",\"target_version\":\"2\",\"source_version\":null},"
         "{\"id\":\"b\",\"method\":\"full\",\"target_version\":\"1\"}]",
         NULL, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ota_json_catalog *catalog = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        int32_t status =
            ota_json_catalog_read(cases[i].text, strlen(cases[i].text), &catalog, &error);
        if (!cases[i].why) {
            assert_int_equal(status, OTA_OK);
            uint32_t count = 0;
            const ota_package *packages = ota_json_catalog_packages(catalog, &count);
            assert_int_equal(count, 2);
            assert_null(packages[0].source_version);
            assert_int_equal(packages[1].method, OTA_METHOD_FULL);
            ota_json_catalog_free(catalog);
            continue;
        }
        assert_int_equal(status, OTA_ERR_ARGUMENT);
        assert_null(catalog);
        if (strncmp(error.text, cases[i].why, strlen(cases[i].why)) != 0 ||
            error.line != cases[i].line || error.column != cases[i].column)
            fail_msg("case %zu: %d:%d %s", i, error.line, error.column, error.text);
    }
    ota_json_catalog *catalog = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_catalog_read(NULL, 0, &catalog, &error), OTA_ERR_NULL);
    assert_int_equal(ota_json_catalog_read("[]", 2, NULL, &error), OTA_ERR_NULL);
    uint32_t count = 9;
    assert_null(ota_json_catalog_packages(NULL, &count));
    assert_int_equal(count, 0);
    ota_json_catalog_free(NULL);
}

/* Every percent with two decimals or fewer, 0.01 to 100, written as a
 * person writes it, is read as exactly its basis points (SPEC 11.2). */
static void every_two_decimal_percent_reads_exactly(void **state)
{
    (void)state;
    for (int b = 1; b <= 10000; b++) {
        char text[256], percent[32];
        /* 12.34, 12.3 (and 12.30 every other time), 12.0 */
        if (b % 10)
            snprintf(percent, sizeof percent, "%d.%02d", b / 100, b % 100);
        else if (b % 100)
            snprintf(percent, sizeof percent, b % 20 ? "%d.%d" : "%d.%d0", b / 100, b % 100 / 10);
        else
            snprintf(percent, sizeof percent, "%d.0", b / 100);
        snprintf(text, sizeof text,
                 "{\"rollout\":{\"phases\":[{\"start\":\"2026-01-02T00:00\",\"percent\":%s}]}}",
                 percent);
        ota_json_plan *plan = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        assert_int_equal(ota_json_plan_read(text, strlen(text), &plan, &error), OTA_OK);
        const ota_plan *p = ota_json_plan_get(plan);
        if (p->rollout->phases[0].basis_points != b)
            fail_msg("%s read as %d basis points", percent, p->rollout->phases[0].basis_points);
        ota_json_plan_free(plan);
    }
}

static void instants_parse_and_format(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *utc; /* NULL: invalid */
    } cases[] = {
        {"2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"},
        {"2026-01-01T10:00:00+08:00", "2026-01-01T02:00:00Z"},
        {"2026-01-01T10:00:00-05:30", "2026-01-01T15:30:00Z"},
        {"2026-01-01t10:00:00z", "2026-01-01T10:00:00Z"},
        {"2026-01-01T10:00:00.000Z", "2026-01-01T10:00:00Z"},
        /* fractions round up: an instant is never moved earlier */
        {"2026-01-01T10:00:00.001Z", "2026-01-01T10:00:01Z"},
        {"2026-12-31T23:59:59.5Z", "2027-01-01T00:00:00Z"},
        {"2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
        {"2026-02-29T00:00:00Z", NULL},
        {"2026-01-01T10:00:00", NULL},
        {"2026-01-01T10:00Z", NULL},
        {"2026-01-01 10:00:00Z", NULL},
        {"2026-01-01T24:00:00Z", NULL},
        {"2026-01-01T10:00:60Z", NULL},
        {"2026-01-01T10:00:00.Z", NULL},
        {"2026-01-01T10:00:00+0800", NULL},
        {"2026-01-01T10:00:00Z ", NULL},
        {"", NULL},
        {"2026", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t t;
        int rc = ota_json_parse_instant(cases[i].text, &t);
        if (!cases[i].utc) {
            if (rc == 0)
                fail_msg("\"%s\" should be refused", cases[i].text);
            continue;
        }
        assert_int_equal(rc, 0);
        char out[OTA_JSON_INSTANT_SIZE];
        ota_json_format_instant(t, out);
        assert_string_equal(out, cases[i].utc);
    }
    char out[OTA_JSON_INSTANT_SIZE];
    ota_json_format_instant(OTA_INSTANT_MIN, out);
    assert_string_equal(out, "2000-01-01T00:00:00Z");
    ota_json_format_instant(OTA_INSTANT_MAX - 1, out);
    assert_string_equal(out, "2099-12-31T23:59:59Z");
    /* The functions are libotaplan's (otaplan.h), with their statuses. */
    int64_t t = 0;
    assert_int_equal(ota_instant_parse("2026-01-01T10:00:00+08:00", &t), OTA_OK);
    assert_int_equal(t, 1767232800);
    assert_int_equal(ota_instant_parse("2026-01-01T10:00Z", &t), OTA_ERR_ARGUMENT);
    assert_int_equal(ota_instant_parse(NULL, &t), OTA_ERR_NULL);
    assert_int_equal(ota_instant_parse("2026-01-01T10:00:00Z", NULL), OTA_ERR_NULL);
    assert_int_equal(ota_json_parse_instant(NULL, &t), -1);
    char text[OTA_INSTANT_TEXT_SIZE], local[OTA_LOCAL_TEXT_SIZE];
    assert_int_equal(ota_instant_format(INT64_MAX, text), OTA_ERR_RANGE);
    assert_string_equal(text, "out-of-range");
    assert_int_equal(ota_instant_format(0, NULL), OTA_ERR_NULL);
    assert_int_equal(ota_instant_format_local(1767232800, 8 * 3600, local), OTA_OK);
    assert_string_equal(local, "2026-01-01T10:00:00+08:00");
    assert_int_equal(ota_instant_format_local(INT64_MAX, 3600, local), OTA_ERR_RANGE);
    assert_int_equal(ota_instant_format_local(0, 0, NULL), OTA_ERR_NULL);
}

/* Against the C library's calendar: random instants of years 0 to 9999 and
 * the edges of that range. */
static void instants_format_like_gmtime(void **state)
{
    (void)state;
    const int64_t first = INT64_C(-62167219200), last = INT64_C(253402300799);
    uint64_t random = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 300000; i++) {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        int64_t t = i == 0   ? first
                    : i == 1 ? last
                             : first + (int64_t)(random % (uint64_t)(last - first + 1));
        time_t seconds = (time_t)t;
        struct tm tm;
        assert_non_null(gmtime_r(&seconds, &tm));
        char expected[80], out[OTA_JSON_INSTANT_SIZE];
        snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        ota_json_format_instant(t, out);
        if (strcmp(out, expected) != 0)
            fail_msg("%lld: %s, not %s", (long long)t, out, expected);
    }
}

static ota_diagnostics *validate_json(const char *text);

static void instants_malformed_at_every_position(void **state)
{
    (void)state;
    const char *good = "2026-07-15T10:20:30+05:45";
    int64_t t;
    assert_int_equal(ota_json_parse_instant(good, &t), 0);
    /* Replacing any one character by 'x' makes it invalid, except inside
     * the fraction-free tail, which has none. */
    for (size_t i = 0; i < strlen(good); i++) {
        char text[32];
        strcpy(text, good);
        text[i] = 'x';
        if (ota_json_parse_instant(text, &t) == 0)
            fail_msg("\"%s\" accepted", text);
        text[i] = '\0'; /* and cutting it there */
        if (ota_json_parse_instant(text, &t) == 0)
            fail_msg("\"%s\" accepted", text);
    }
    const char *bad[] = {
        "2026-00-10T00:00:00Z",   "2026-13-10T00:00:00Z",      "2026-01-00T00:00:00Z",
        "2026-04-31T00:00:00Z",   "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+05:60",
        "2026-01-01T00:00:00.5x", "2026-01-01T00:00:00.Z",     "1900-02-29T00:00:00Z"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (ota_json_parse_instant(bad[i], &t) == 0)
            fail_msg("\"%s\" accepted", bad[i]);
    const char *fine[] = {"2000-02-29T00:00:00Z", "2024-02-29T23:59:59.999999999-23:59"};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++)
        assert_int_equal(ota_json_parse_instant(fine[i], &t), 0);
    char out[OTA_JSON_INSTANT_SIZE];
    ota_json_format_instant(INT64_C(-99999999999999), out); /* far before year 0 */
    assert_string_equal(out, "out-of-range");
    ota_json_format_instant(INT64_C(253402300800), out); /* year 10000 */
    assert_string_equal(out, "out-of-range");
}

static void every_plan_field_with_the_wrong_type_or_null(void **state)
{
    (void)state;
    static const char *const fields[] = {
        "name",      "product",     "product_type", "bluetooth",           "region",
        "timezone",  "start",       "end",          "activated_at",        "state",
        "mode",      "active_push", "push_window",  "auto_upgrade_window", "refusal_retry_minutes",
        "strategy",  "blacklist",   "whitelist",    "components",          "texts",
        "blackouts", "rollout",     "priority"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        for (int variant = 0; variant < 2; variant++) {
            /* A value no field takes (an array of a number; or an object for
             * array fields), then null, which means absent. */
            int wants_array =
                strcmp(fields[i], "blacklist") == 0 || strcmp(fields[i], "whitelist") == 0 ||
                strcmp(fields[i], "components") == 0 || strcmp(fields[i], "blackouts") == 0;
            char text[256];
            snprintf(text, sizeof text, "{\"%s\":%s}", fields[i],
                     variant       ? "null"
                     : wants_array ? "{\"a\":1}"
                                   : "[7]");
            ota_diagnostics *list = validate_json(text);
            int flagged = fixture_has(list, OTA_CODE_FIELD_TYPE_INVALID, fields[i]);
            if (flagged != !variant) {
                fixture_print(list);
                fail_msg("%s: field_type_invalid %s", text, flagged ? "given" : "missing");
            }
            ota_diagnostics_free(list);
        }
    }
    const char *nested[] = {
        "{\"push_window\":{\"start_hour\":\"1\",\"end_hour\":null}}",
        "push_window.start_hour",
        "{\"strategy\":{\"min_signal\":true}}",
        "strategy.min_signal",
        "{\"components\":[{\"type\":1}]}",
        "components[0].type",
        "{\"components\":[{\"id\":[]}]}",
        "components[0].id",
        "{\"components\":[{\"method\":{}}]}",
        "components[0].method",
        "{\"texts\":{\"en\":null,\"de\":5}}",
        "texts[\"de\"]",
        "{\"whitelist\":[null]}",
        "whitelist[0]",
        /* SPEC 11's fields */
        "{\"blackouts\":[7]}",
        "blackouts[0]",
        "{\"blackouts\":[{\"start\":1,\"end\":\"2026-01-02T00:00\"}]}",
        "blackouts[0].start",
        "{\"rollout\":{\"salt\":5}}",
        "rollout.salt",
        "{\"rollout\":{\"spread\":\"yes\"}}",
        "rollout.spread",
        "{\"rollout\":{\"phases\":{\"start\":\"2026-01-02T00:00\"}}}",
        "rollout.phases",
        "{\"rollout\":{\"phases\":[\"2026-01-02T00:00\"]}}",
        "rollout.phases[0]",
        "{\"rollout\":{\"phases\":[{\"start\":20260102,\"percent\":5}]}}",
        "rollout.phases[0].start",
        "{\"rollout\":{\"phases\":[{\"start\":\"2026-01-02T00:00\",\"percent\":\"5\"}]}}",
        "rollout.phases[0].percent",
        "{\"rollout\":{\"abort\":[5,200]}}",
        "rollout.abort",
        "{\"rollout\":{\"abort\":{\"failure_percent\":5,\"min_attempts\":\"200\"}}}",
        "rollout.abort.min_attempts",
    };
    for (size_t i = 0; i < sizeof nested / sizeof *nested; i += 2) {
        ota_diagnostics *list = validate_json(nested[i]);
        assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, nested[i + 1]);
        ota_diagnostics_free(list);
    }
    /* Integers beyond 32 bits are clamped, so the range checks report them. */
    ota_diagnostics *list = validate_json("{\"strategy\":{\"min_signal\":-9999999999,"
                                          "\"min_battery\":9999999999}}");
    assert_diagnostic(list, OTA_CODE_SIGNAL_OUT_OF_RANGE, "strategy.min_signal");
    assert_diagnostic(list, OTA_CODE_BATTERY_OUT_OF_RANGE, "strategy.min_battery");
    ota_diagnostics_free(list);
    /* Unknown keys inside SPEC 11's objects are field_unknown at their path. */
    list = validate_json("{\"rollout\":{\"phase\":1,\"phases\":[{\"start\":\"2026-01-02T00:00\","
                         "\"percent\":5,\"pct\":5}],\"abort\":{\"failure_percent\":5,"
                         "\"min_attempts\":10,\"after\":1}},\"blackouts\":[{\"start\":"
                         "\"2026-01-02T00:00\",\"end\":\"2026-01-03T00:00\",\"why\":\"x\"}]}");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "rollout.phase");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "rollout.phases[0].pct");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "rollout.abort.after");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "blackouts[0].why");
    ota_diagnostics_free(list);
    /* Keys that are not plain identifiers are quoted and escaped in paths. */
    list = validate_json("{\"\":1,\"a b\":2,\"\\u0001\":3,\"tab\\t\":4}");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "[\"\"]");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "[\"a b\"]");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "[\"\\x01\"]");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "[\"tab\\x09\"]");
    ota_diagnostics_free(list);
}

static void every_device_field_with_the_wrong_type_or_null(void **state)
{
    (void)state;
    static const char *const fields[] = {"id",          "product",        "versions", "signal",
                                         "battery",     "auto_update",    "state",    "state_at",
                                         "appointment", "failed_attempts"};
    ota_json_device_reader *reader = ota_json_device_reader_new();
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char text[256];
        snprintf(text, sizeof text, "{\"id\":\"d\",\"product\":\"p\",\"%s\":[1]}", fields[i]);
        /* the repeated id/product keys make those two unreadable instead */
        int duplicate = i < 2;
        const ota_device *d = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        int32_t status = ota_json_device_read(reader, text, strlen(text), &d, &error);
        assert_int_equal(status, duplicate ? OTA_ERR_ARGUMENT : OTA_ERR_INVALID_DEVICE);
        if (!duplicate && !strstr(error.text, fields[i]))
            fail_msg("%s: \"%s\" does not name the field", text, error.text);
        snprintf(text, sizeof text, "{\"id\":\"d\",\"product\":\"p\"%s%s%s}",
                 duplicate ? "" : ",\"", duplicate ? "" : fields[i], duplicate ? "" : "\":null");
        assert_int_equal(ota_json_device_read(reader, text, strlen(text), &d, &error), OTA_OK);
    }
    /* The reader's version buffer grows and is reused. */
    const char *big = "{\"id\":\"d\",\"product\":\"p\",\"versions\":{\"a\":\"1\",\"b\":\"1\","
                      "\"c\":\"1\",\"d\":\"1\",\"e\":\"1\"}}";
    const char *small = "{\"id\":\"d\",\"product\":\"p\",\"versions\":{\"a\":\"1\"}}";
    const ota_device *d = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_device_read(reader, small, strlen(small), &d, &error), OTA_OK);
    assert_int_equal(ota_json_device_read(reader, big, strlen(big), &d, &error), OTA_OK);
    assert_int_equal(d->version_count, 5);
    assert_int_equal(ota_json_device_read(reader, small, strlen(small), &d, &error), OTA_OK);
    assert_int_equal(d->version_count, 1);
    assert_int_equal(ota_json_device_read(NULL, small, 1, &d, &error), OTA_ERR_NULL);
    ota_json_device_reader_free(reader);
}

/* The same fields through jansson's tree (an escape makes the one-pass
 * scan decline the line): absent, null, and each of another type. */
static void device_fields_through_the_tree(void **state)
{
    (void)state;
    ota_json_device_reader *reader = ota_json_device_reader_new();
    assert_non_null(reader);
    static const char *const good[] = {
        "{\"id\":\"d\\u0041\",\"product\":\"p\"}",
        "{\"id\":\"d\\u0041\",\"product\":\"p\",\"versions\":null,\"signal\":null,\"battery\":"
        "null,\"auto_update\":null,\"state\":null,\"state_at\":null,\"appointment\":null,"
        "\"failed_attempts\":null}",
        "{\"id\":\"d\\u0041\",\"product\":\"p\",\"versions\":{\"w\":\"1\\u002e0\"},\"signal\":-80,"
        "\"battery\":50,\"auto_update\":false,\"state\":\"refused\",\"state_at\":"
        "\"2026-01-01T00:00:00Z\",\"appointment\":{\"start\":\"2026-01-02T00:00:00Z\",\"end\":"
        "\"2026-01-02T01:00:00Z\"},\"failed_attempts\":1}",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        const ota_device *d = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        if (ota_json_device_read(reader, good[i], strlen(good[i]), &d, &error) != OTA_OK)
            fail_msg("line %zu: %s", i, error.text);
        assert_string_equal(d->id, "dA");
    }
    static const struct {
        const char *field, *value, *why;
    } bad[] = {
        {"signal", "\"-80\"", "signal must be an integer"},
        {"battery", "1.5", "battery must be an integer"},
        {"failed_attempts", "true", "failed_attempts must be an integer"},
        {"state_at", "5", "state_at must be an RFC 3339 instant"},
        {"state_at", "\"yesterday\"", "state_at must be an RFC 3339 instant"},
        {"state", "7", "state must be a string"},
        {"state", "\"sleeping\"", "is not a device state"},
        {"versions", "[]", "versions must be an object"},
        {"versions", "{\"w\":1}", "must be a string"},
        {"appointment", "\"now\"", "appointment must be an object"},
        {"appointment", "{\"begin\":\"2026-01-02T00:00:00Z\"}", "appointment has no field"},
        {"appointment", "{\"start\":1}", "must be an RFC 3339 instant"},
        {"auto_update", "\"yes\"", "auto_update must be true or false"},
        {"colour", "1", "a device has no field"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "{\"id\":\"d\\u0041\",\"product\":\"p\",\"%s\":%s}",
                 bad[i].field, bad[i].value);
        const ota_device *d = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        int32_t status = ota_json_device_read(reader, text, strlen(text), &d, &error);
        if (status != OTA_ERR_INVALID_DEVICE || !strstr(error.text, bad[i].why))
            fail_msg("%s: %d \"%s\"", text, status, error.text);
    }
    ota_json_device_reader_free(reader);
}

static void reader_arguments_and_limits(void **state)
{
    (void)state;
    ota_diagnostics *list = (ota_diagnostics *)&list;
    ota_compiled_plan *compiled = (ota_compiled_plan *)&list;
    assert_int_equal(ota_json_plan_validate(NULL, NULL, &list), OTA_ERR_NULL);
    assert_null(list);
    assert_int_equal(ota_json_plan_compile(NULL, NULL, &compiled, &list), OTA_ERR_NULL);
    assert_null(compiled);
    assert_null(ota_json_plan_get(NULL));
    ota_json_plan_free(NULL);
    /* More wrong-typed fields than the reader keeps paths for: all are
     * reported all the same. */
    char text[2048] = "{\"blacklist\":[";
    for (int i = 0; i < 100; i++)
        strcat(text, i ? ",1" : "1");
    strcat(text, "]}");
    list = validate_json(text);
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "blacklist[0]");
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "blacklist[99]");
    ota_diagnostics_free(list);
    /* A language tag longer than BCP 47 allows in practice. */
    char tag_doc[512] = "{\"mode\":\"user_confirm\",\"texts\":{\"en-";
    for (int i = 0; i < 50; i++)
        strcat(tag_doc, "abcd-");
    strcat(tag_doc, "x\":\"t\"}}");
    list = validate_json(tag_doc);
    int found = 0;
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        found |= d.code == OTA_CODE_TEXT_LANG_INVALID;
    }
    assert_true(found);
    ota_diagnostics_free(list);
}

static void escaper_matches_jansson(void **state)
{
    (void)state;
    srand(3);
    for (int round = 0; round < 2000; round++) {
        char text[64];
        size_t n = (size_t)(rand() % 40);
        for (size_t i = 0; i < n; i++) {
            int pick = rand() % 6;
            text[i] = pick == 0   ? (char)(1 + rand() % 31)
                      : pick == 1 ? "\"\\/"[rand() % 3]
                                  : (char)(' ' + rand() % 95);
        }
        text[n] = '\0';
        if (round == 0)
            strcpy(text, "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\t\n\x1f\"\\");
        ota_json_buffer b = OTA_JSON_BUFFER_INIT;
        ota_json_put_string(&b, text);
        json_error_t error;
        json_t *parsed = json_loadb(b.data, b.length, JSON_DECODE_ANY, &error);
        assert_non_null(parsed);
        assert_string_equal(json_string_value(parsed), text);
        json_decref(parsed);
        ota_json_buffer_free(&b);
    }
}

static ota_json_plan *read_plan(const char *text)
{
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_plan_read(text, strlen(text), &plan, &error), OTA_OK);
    return plan;
}

static ota_diagnostics *validate_json(const char *text)
{
    ota_json_plan *plan = read_plan(text);
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_json_plan_validate(plan, NULL, &list), OTA_OK);
    ota_json_plan_free(plan);
    return list;
}

#define VALID_PLAN_KEYS                                                                            \
    "\"product\":\"lamp-1\",\"timezone\":\"Asia/Shanghai\",\"start\":\"2026-01-01T00:00\","        \
    "\"end\":\"2026-06-01T00:00\",\"mode\":\"silent\",\"components\":[{\"type\":\"module\","       \
    "\"id\":\"wifi\",\"method\":\"full\",\"target_version\":\"2.0\"}]"

static void wrong_types_are_reported_once(void **state)
{
    (void)state;
    ota_diagnostics *list = validate_json("{\"name\":5," VALID_PLAN_KEYS ",\"bluetooth\":\"yes\","
                                          "\"strategy\":{\"retry_count\":1.5},"
                                          "\"blacklist\":[\"a\",7],\"push_window\":[0,2]}");
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "name");
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "bluetooth");
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "strategy.retry_count");
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "blacklist[1]");
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "push_window");
    /* The library's complaint about the same field would only repeat it. */
    assert_false(fixture_has(list, OTA_CODE_NAME_MISSING, "name"));
    assert_false(fixture_has(list, OTA_CODE_LIST_ENTRY_INVALID, "blacklist[1]"));
    /* Field order: name first. */
    ota_diagnostic first = OTA_DIAGNOSTIC_INIT;
    ota_diagnostics_get(list, 0, &first);
    assert_string_equal(first.path, "name");
    ota_diagnostics_free(list);
}

static void unknown_keys_are_warnings(void **state)
{
    (void)state;
    ota_diagnostics *list =
        validate_json("{\"name\":\"n\"," VALID_PLAN_KEYS ",\"pushWindow\":{\"start_hour\":1},"
                      "\"strategy\":{\"retries\":2},\"we\\\"ird\":1}");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "pushWindow");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "strategy.retries");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "[\"we\\x22ird\"]");
    assert_int_equal(ota_diagnostics_error_count(list), 0);
    ota_diagnostics_free(list);
    list = validate_json("{\"name\":\"n\",\"product\":\"lamp-1\",\"timezone\":\"UTC\","
                         "\"start\":\"2026-01-01T00:00\",\"end\":\"2026-06-01T00:00\","
                         "\"mode\":\"quiet\",\"state\":\"paused\",\"region\":\"eu\","
                         "\"activated_at\":\"yesterday\",\"components\":[{\"type\":\"cpu\","
                         "\"id\":\"w\",\"method\":\"patch\",\"target_version\":\"2\",\"x\":1}]}");
    assert_diagnostic(list, OTA_CODE_MODE_INVALID, "mode");
    assert_diagnostic(list, OTA_CODE_STATE_INVALID, "state");
    assert_diagnostic(list, OTA_CODE_REGION_INVALID, "region");
    assert_diagnostic(list, OTA_CODE_TIME_INVALID, "activated_at");
    assert_diagnostic(list, OTA_CODE_COMPONENT_TYPE_INVALID, "components[0].type");
    assert_diagnostic(list, OTA_CODE_COMPONENT_METHOD_INVALID, "components[0].method");
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "components[0].x");
    ota_diagnostics_free(list);
}

/* The hint of the diagnostic with this code and path, or NULL. */
static const char *hint_at(const ota_diagnostics *list, int32_t code, const char *path)
{
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        if (d.code == code && strcmp(d.path, path) == 0)
            return ota_diagnostics_hint(list, i);
    }
    return NULL;
}

#define ORDERED_PLAN(component)                                                                    \
    "{\"name\":\"n\",\"product\":\"lamp-1\",\"timezone\":\"Asia/Shanghai\","                       \
    "\"start\":\"2026-01-01T00:00\",\"end\":\"2026-06-01T00:00\",\"mode\":\"silent\","             \
    "\"components\":[{\"type\":\"module\",\"id\":\"wifi\",\"method\":\"full\","                    \
    "\"target_version\":\"2.4.0\"" component "}]}"

/* SPEC 13's component fields: read into the struct, wrong types, and the
 * likely words of other products. */
static void version_order_fields(void **state)
{
    (void)state;
    ota_json_plan *plan = read_plan(ORDERED_PLAN(",\"version_order\":\"semver\","
                                                 "\"allow_downgrade\":true,\"min_version\":"
                                                 "\"2.0.0\",\"below_version\":\"3.0.0\""));
    const ota_component *k = &ota_json_plan_get(plan)->components[0];
    assert_int_equal(k->version_order, OTA_ORDER_SEMVER);
    assert_int_equal(k->allow_downgrade, OTA_DOWNGRADE_ALLOWED);
    assert_string_equal(k->min_version, "2.0.0");
    assert_string_equal(k->below_version, "3.0.0");
    ota_json_plan_free(plan);
    /* SPEC 14.1's priority, a top-level field, read alongside. */
    plan = read_plan("{\"priority\":-7}");
    assert_int_equal(ota_json_plan_get(plan)->priority, -7);
    ota_json_plan_free(plan);
    plan = read_plan(ORDERED_PLAN(",\"version_order\":\"natural\",\"allow_downgrade\":false"));
    k = &ota_json_plan_get(plan)->components[0];
    assert_int_equal(k->version_order, OTA_ORDER_NATURAL);
    assert_int_equal(k->allow_downgrade, OTA_DOWNGRADE_DENIED);
    assert_null(k->min_version);
    ota_json_plan_free(plan);
    plan = read_plan(ORDERED_PLAN(""));
    k = &ota_json_plan_get(plan)->components[0];
    assert_int_equal(k->version_order, OTA_ORDER_NONE);
    assert_int_equal(k->allow_downgrade, OTA_DOWNGRADE_ABSENT);
    ota_json_plan_free(plan);

    /* Wrong types, each once: no version_order_missing for a bound whose
     * order had the wrong type. */
    ota_diagnostics *list =
        validate_json(ORDERED_PLAN(",\"version_order\":1,\"allow_downgrade\":\"no\","
                                   "\"min_version\":2,\"below_version\":\"3.0.0\""));
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "components[0].version_order");
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "components[0].allow_downgrade");
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "components[0].min_version");
    assert_false(fixture_has(list, OTA_CODE_VERSION_ORDER_INVALID, "components[0].version_order"));
    assert_false(fixture_has(list, OTA_CODE_VERSION_ORDER_MISSING, "components[0].below_version"));
    assert_int_equal(ota_diagnostics_count(list), 3);
    ota_diagnostics_free(list);

    /* A word that is no order: the library's error, with the reader's hint. */
    static const char *const words[][2] = {{"semantic", "semver"}, {"SemVer", "semver"},
                                           {"sem_ver", "semver"},  {"numeric", "natural"},
                                           {"natrual", "natural"}, {"Natural", "natural"}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char text[512], expected[64];
        snprintf(text, sizeof text, ORDERED_PLAN(",\"version_order\":\"%s\""), words[i][0]);
        list = validate_json(text);
        assert_diagnostic(list, OTA_CODE_VERSION_ORDER_INVALID, "components[0].version_order");
        snprintf(expected, sizeof expected, "did you mean \"%s\"?", words[i][1]);
        const char *hint =
            hint_at(list, OTA_CODE_VERSION_ORDER_INVALID, "components[0].version_order");
        if (!hint || strcmp(hint, expected) != 0)
            fail_msg("%s: hint %s, expected %s", words[i][0], hint ? hint : "(none)", expected);
        ota_diagnostics_free(list);
    }
    list = validate_json(ORDERED_PLAN(",\"version_order\":\"lexicographic\""));
    assert_null(hint_at(list, OTA_CODE_VERSION_ORDER_INVALID, "components[0].version_order"));
    ota_diagnostics_free(list);

    /* Keys of other products: the field of SPEC 13 they mean. */
    list = validate_json(ORDERED_PLAN(",\"version_order\":\"semver\",\"max_version\":"
                                      "\"3.0.0\",\"order\":1,\"allow_downgrades\":true"));
    const char *hint = hint_at(list, OTA_CODE_FIELD_UNKNOWN, "components[0].max_version");
    assert_non_null(hint);
    assert_non_null(strstr(hint, "components[0].below_version"));
    assert_non_null(strstr(hint, "exclusive"));
    hint = hint_at(list, OTA_CODE_FIELD_UNKNOWN, "components[0].order");
    assert_non_null(hint);
    assert_non_null(strstr(hint, "components[0].version_order"));
    hint = hint_at(list, OTA_CODE_FIELD_UNKNOWN, "components[0].allow_downgrades");
    assert_non_null(hint);
    assert_non_null(strstr(hint, "components[0].allow_downgrade"));
    ota_diagnostics_free(list);
    /* At the top level, a component's field is named where it belongs. */
    list = validate_json("{\"min_version\":\"1.0\"}");
    hint = hint_at(list, OTA_CODE_FIELD_UNKNOWN, "min_version");
    assert_non_null(hint);
    assert_non_null(strstr(hint, "components[i].min_version"));
    ota_diagnostics_free(list);
}

static void reader_errors_refuse_compilation(void **state)
{
    (void)state;
    ota_json_plan *plan =
        read_plan("{\"name\":\"n\"," VALID_PLAN_KEYS ",\"retry\":1,\"bluetooth\":1}");
    ota_compiled_plan *compiled = NULL;
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_json_plan_compile(plan, NULL, &compiled, &list), OTA_ERR_INVALID_PLAN);
    assert_null(compiled);
    assert_diagnostic(list, OTA_CODE_FIELD_TYPE_INVALID, "bluetooth");
    ota_diagnostics_free(list);
    ota_json_plan_free(plan);
    plan = read_plan("{\"name\":\"n\"," VALID_PLAN_KEYS ",\"retry\":1,\"push_window\":null}");
    assert_int_equal(ota_json_plan_compile(plan, NULL, &compiled, &list), OTA_OK);
    assert_diagnostic(list, OTA_CODE_FIELD_UNKNOWN, "retry");
    ota_compiled_plan_free(compiled);
    ota_diagnostics_free(list);
    ota_json_plan_free(plan);
}

static void unreadable_documents(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int line, column;
    } cases[] = {
        {"{\"name\": \"x\",\n  \"product\": }", 2, 14},
        {"[1, 2]", 1, 1},
        {"", 1, 1},
        {"{\"name\":\"a\",\"name\":\"b\"}", 1, 0},
        {"{\"name\":\"a\\u0000b\"}", 1, 0},
        {"{\"name\":\"\xff\"}", 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ota_json_plan *plan = (ota_json_plan *)&cases;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        assert_int_equal(ota_json_plan_read(cases[i].text, strlen(cases[i].text), &plan, &error),
                         OTA_ERR_ARGUMENT);
        assert_null(plan);
        assert_int_equal(error.line, cases[i].line);
        if (cases[i].column)
            assert_int_equal(error.column, cases[i].column);
        assert_true(strlen(error.text) > 0);
    }
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_plan_read(NULL, 0, NULL, &error), OTA_ERR_NULL);
}

static void device_lines(void **state)
{
    (void)state;
    ota_json_device_reader *reader = ota_json_device_reader_new();
    const ota_device *d = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    const char *good = "{\"id\":\"dev-1\",\"product\":\"p\",\"versions\":{\"a\":\"1\",\"b\":\"2\"},"
                       "\"signal\":-90,\"battery\":50,\"auto_update\":true,\"state\":\"refused\","
                       "\"state_at\":\"2026-01-01T00:00:00+01:00\",\"failed_attempts\":2,"
                       "\"appointment\":{\"start\":\"2026-01-02T00:00:00Z\","
                       "\"end\":\"2026-01-02T01:00:00Z\"}}";
    assert_int_equal(ota_json_device_read(reader, good, strlen(good), &d, &error), OTA_OK);
    assert_string_equal(d->id, "dev-1");
    assert_int_equal(d->version_count, 2);
    assert_string_equal(d->versions[1].component_id, "b");
    assert_int_equal(d->state, OTA_DEVICE_REFUSED);
    assert_int_equal(d->state_at, fixture_instant("2025-12-31T23:00:00Z"));
    assert_int_equal(d->appointment_end - d->appointment_start, 3600);
    assert_int_equal(d->signal, -90);
    assert_true(d->auto_update);

    static const struct {
        const char *text;
        int32_t status;
        const char *mentions;
    } bad[] = {
        {"{\"id\":\"d\",\"product\":\"p\",\"stateAt\":1}", OTA_ERR_INVALID_DEVICE, "stateAt"},
        {"{\"id\":7,\"product\":\"p\"}", OTA_ERR_INVALID_DEVICE, "id"},
        {"{\"product\":\"p\"}", OTA_ERR_INVALID_DEVICE, "id"},
        {"{\"id\":\"d\",\"product\":\"p\",\"state\":\"refused\"}", OTA_ERR_INVALID_DEVICE,
         "state_at"},
        {"{\"id\":\"d\",\"product\":\"p\",\"state\":\"sleeping\"}", OTA_ERR_INVALID_DEVICE,
         "sleeping"},
        {"{\"id\":\"d\",\"product\":\"p\",\"versions\":{\"a\":1}}", OTA_ERR_INVALID_DEVICE,
         "versions"},
        {"{\"id\":\"d\",\"product\":\"p\",\"battery\":\"full\"}", OTA_ERR_INVALID_DEVICE,
         "battery"},
        {"{\"id\":\"d\",\"product\":\"p\",\"state_at\":\"1999-01-01T00:00:00Z\"}", OTA_ERR_RANGE,
         "state_at"},
        {"{\"id\":\"d\\u0000x\",\"product\":\"p\"}", OTA_ERR_ARGUMENT, ""},
        {"{\"id\":\"d\",", OTA_ERR_ARGUMENT, ""},
        {"42", OTA_ERR_ARGUMENT, "expected"},
        {"[1]", OTA_ERR_ARGUMENT, "object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int32_t status = ota_json_device_read(reader, bad[i].text, strlen(bad[i].text), &d, &error);
        if (status != bad[i].status)
            fail_msg("%s: status %d, expected %d", bad[i].text, status, bad[i].status);
        assert_null(d);
        if (!strstr(error.text, bad[i].mentions))
            fail_msg("%s: message \"%s\" does not name %s", bad[i].text, error.text,
                     bad[i].mentions);
    }
    ota_json_device_reader_free(reader);
    ota_json_device_reader_free(NULL);
}

static struct {
    long blocks;
    long long bytes;
} live;

/* Counts what the JSON module holds: a size header before each block. */
static void *counting_alloc(size_t size)
{
    max_align_t *block = malloc(sizeof(max_align_t) + size);
    if (!block)
        return NULL;
    memcpy(block, &size, sizeof size);
    live.blocks++;
    live.bytes += (long long)size;
    return block + 1;
}

static void counting_free(void *pointer)
{
    if (!pointer)
        return;
    max_align_t *block = (max_align_t *)pointer - 1;
    size_t size;
    memcpy(&size, block, sizeof size);
    live.blocks--;
    live.bytes -= (long long)size;
    free(block);
}

/* A device reader keeps each line's tree in an arena until the next read:
 * after a line of a megabyte, the next small line gives the megabyte back,
 * and freeing the reader returns everything. */
static void device_reader_returns_a_long_lines_memory(void **state)
{
    (void)state;
    ota_json_set_allocator(counting_alloc, counting_free);
    live.blocks = 0;
    live.bytes = 0;
    ota_json_device_reader *reader = ota_json_device_reader_new();
    assert_non_null(reader);
    const ota_device *d = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    const char *small = "{\"id\":\"dev-1\",\"product\":\"p\",\"versions\":{\"a\":\"1\"}}";
    assert_int_equal(ota_json_device_read(reader, small, strlen(small), &d, &error), OTA_OK);
    long long after_small = live.bytes;
    enum { LONG = 1 << 20 };
    char *line = malloc(LONG + 64);
    int n = snprintf(line, 64, "{\"id\":\"dev-2\",\"product\":\"");
    memset(line + n, 'x', LONG);
    strcpy(line + n + LONG, "\"}");
    assert_int_equal(ota_json_device_read(reader, line, strlen(line), &d, &error), OTA_OK);
    assert_int_equal(strlen(d->product), LONG);
    assert_true(live.bytes > after_small + LONG);
    assert_int_equal(ota_json_device_read(reader, small, strlen(small), &d, &error), OTA_OK);
    assert_string_equal(d->versions[0].component_id, "a");
    /* What stays is at most the one chunk a reader keeps (64 KiB). */
    assert_true(live.bytes <= after_small + 65 * 1024);
    ota_json_device_reader_free(reader);
    assert_int_equal(live.blocks, 0);
    assert_int_equal(live.bytes, 0);
    ota_json_set_allocator(NULL, NULL);
    free(line);
}

static void diagnostics_json_shape(void **state)
{
    (void)state;
    ota_diagnostics *list = validate_json("{\"name\":\"n\"," VALID_PLAN_KEYS ",\"x\":1}");
    ota_json_buffer b = OTA_JSON_BUFFER_INIT;
    ota_json_put_diagnostics(&b, list);
    json_t *doc = json_loads(b.data, 0, NULL);
    assert_non_null(doc);
    assert_true(json_is_true(json_object_get(doc, "valid")));
    json_t *d = json_array_get(json_object_get(doc, "diagnostics"), 0);
    assert_string_equal(json_string_value(json_object_get(d, "severity")), "warning");
    assert_string_equal(json_string_value(json_object_get(d, "code")), "field_unknown");
    assert_string_equal(json_string_value(json_object_get(d, "path")), "x");
    assert_non_null(json_string_value(json_object_get(d, "message")));
    json_decref(doc);
    ota_json_buffer_free(&b);
    ota_diagnostics_free(list);
}

static void device_errors_are_cut_between_code_points(void **state)
{
    (void)state;
    char line[1024] = "{\"id\": \"d\", \"product\": \"p\", \"";
    for (int i = 0; i < 80; i++)
        strcat(line, "\xe2\x82\xac");
    strcat(line, "\": 1}");
    ota_json_device_reader *reader = ota_json_device_reader_new();
    const ota_device *device;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_not_equal(ota_json_device_read(reader, line, strlen(line), &device, &error), OTA_OK);
    assert_true(ota__text_is_utf8(error.text, strlen(error.text)));
    assert_non_null(strstr(error.text, "a device has no field"));
    ota_json_device_reader_free(reader);
}

static void every_bad_list_entry_is_one_diagnostic_in_order(void **state)
{
    (void)state;
    enum { N = 200 };
    char *text = malloc(64 + N * 4 + 512);
    assert_non_null(text);
    strcpy(text, "{\"name\": \"n\", \"blacklist\": [");
    for (int i = 0; i < N; i++)
        strcat(text, i ? ", 5" : "5");
    strcat(text, "]}");
    ota_json_plan *plan;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_plan_read(text, strlen(text), &plan, &error), OTA_OK);
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_json_plan_validate(plan, NULL, &list), OTA_OK);
    int seen = 0;
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        assert_int_not_equal(d.code, OTA_CODE_LIST_ENTRY_INVALID);
        if (strncmp(d.path, "blacklist[", 10) == 0) {
            char expected[32];
            snprintf(expected, sizeof expected, "blacklist[%d]", seen++);
            assert_string_equal(d.path, expected);
            assert_int_equal(d.code, OTA_CODE_FIELD_TYPE_INVALID);
        }
    }
    assert_int_equal(seen, N);
    ota_diagnostics_free(list);
    ota_json_plan_free(plan);
    free(text);
}

/* The codes only this binary's subject produces (fixture.h, families). */
static void every_reader_code_was_found_by_a_test(void **state)
{
    (void)state;
    fixture_assert_family_asserted(FIXTURE_FAMILY_READER);
}

/* The names ota_json_device_state_name() gives are those a device line
 * takes: each one read back as the state it names. */
static void device_state_names_are_the_readers(void **state)
{
    (void)state;
    ota_json_device_reader *reader = ota_json_device_reader_new();
    assert_non_null(reader);
    for (int32_t s = OTA_DEVICE_IDLE; s <= OTA_DEVICE_FAILED; s++) {
        const char *name = ota_json_device_state_name(s);
        assert_non_null(name);
        char line[200];
        snprintf(line, sizeof line, "{\"id\":\"d\",\"product\":\"p\",\"state\":\"%s\"%s}", name,
                 s == OTA_DEVICE_IDLE ? "" : ",\"state_at\":\"2026-01-01T00:00:00Z\"");
        const ota_device *device = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        assert_int_equal(ota_json_device_read(reader, line, strlen(line), &device, &error), OTA_OK);
        assert_int_equal(device->state, s);
    }
    assert_null(ota_json_device_state_name(OTA_DEVICE_FAILED + 1));
    assert_null(ota_json_device_state_name(-1));
    ota_json_device_reader_free(reader);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_two_decimal_percent_reads_exactly),
        cmocka_unit_test(catalog_errors_name_the_package_and_its_place),
        cmocka_unit_test(names_files),
        cmocka_unit_test(many_devices_and_every_malformed_array),
        cmocka_unit_test(batch_stride_and_struct_versions),
        cmocka_unit_test(instants_parse_and_format),
        cmocka_unit_test(instants_malformed_at_every_position),
        cmocka_unit_test(instants_format_like_gmtime),
        cmocka_unit_test(every_plan_field_with_the_wrong_type_or_null),
        cmocka_unit_test(every_device_field_with_the_wrong_type_or_null),
        cmocka_unit_test(device_fields_through_the_tree),
        cmocka_unit_test(reader_arguments_and_limits),
        cmocka_unit_test(escaper_matches_jansson),
        cmocka_unit_test(wrong_types_are_reported_once),
        cmocka_unit_test(unknown_keys_are_warnings),
        cmocka_unit_test(reader_errors_refuse_compilation),
        cmocka_unit_test(version_order_fields),
        cmocka_unit_test(unreadable_documents),
        cmocka_unit_test(device_lines),
        cmocka_unit_test(diagnostics_json_shape),
        cmocka_unit_test(device_reader_returns_a_long_lines_memory),
        cmocka_unit_test(device_errors_are_cut_between_code_points),
        cmocka_unit_test(every_bad_list_entry_is_one_diagnostic_in_order),
        cmocka_unit_test(device_state_names_are_the_readers),
        /* last: it reads what the tests above found */
        cmocka_unit_test(every_reader_code_was_found_by_a_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
