/* Issue 14, the library's side: each case failed (or was quadratic, or
 * undefined behaviour) before its fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include "otaplan_json.h"
#include "path.h"
#include "text.h"
#include "zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unicode/ucal.h>
#include <unicode/uenum.h>

/* ------------------------------------------------------------ texts (4) */

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

/* ------------------------------------------------------------- zones (5) */

/* Every ID ICU enumerates is accepted exactly when the tz database of this
 * machine names it (as a zone or a link). */
static void zone_ids_are_the_tz_databases(void **state)
{
    (void)state;
    FILE *zi = fopen("/usr/share/zoneinfo/tzdata.zi", "r");
    if (!zi)
        skip();
    size_t capacity = 1 << 16, used = 0;
    char *names = malloc(capacity);
    assert_non_null(names);
    char line[512];
    while (fgets(line, sizeof line, zi)) {
        char kind[4], a[200], b[200];
        int fields = sscanf(line, "%3s %199s %199s", kind, a, b);
        const char *name = fields >= 2 && strcmp(kind, "Z") == 0   ? a
                           : fields == 3 && strcmp(kind, "L") == 0 ? b
                                                                   : NULL;
        if (!name)
            continue;
        size_t n = strlen(name) + 2;
        if (used + n + 1 > capacity) {
            capacity *= 2;
            names = realloc(names, capacity);
            assert_non_null(names);
        }
        snprintf(names + used, capacity - used, "\n%s\n", name);
        used += n - 1;
    }
    fclose(zi);
    UErrorCode status = U_ZERO_ERROR;
    UEnumeration *ids = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_ANY, NULL, NULL, &status);
    assert_true(U_SUCCESS(status));
    const char *id;
    int32_t length;
    int checked = 0;
    while ((id = uenum_next(ids, &length, &status))) {
        char needle[220], canonical[ZONE_ID_CAPACITY];
        snprintf(needle, sizeof needle, "\n%s\n", id);
        int in_tz = strstr(names, needle) != NULL;
        int accepted = ota__zone_canonical_id(id, canonical);
        if (in_tz != accepted)
            fail_msg("%s: in the tz database %d, accepted %d", id, in_tz, accepted);
        checked++;
    }
    uenum_close(ids);
    free(names);
    assert_true(checked > 500);
}

static void icu_only_ids_are_unknown(void **state)
{
    (void)state;
    static const char *const refused[] = {"BST", "IST", "CST",          "AST",           "ECT",
                                          "PST", "ACT", "SystemV/AST4", "US/Pacific-New"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        fixture_plan f;
        fixture_silent(&f);
        f.plan.timezone = refused[i];
        ota_diagnostics *list = fixture_validate(&f.plan, NULL);
        assert_diagnostic(list, OTA_CODE_TIMEZONE_UNKNOWN, "timezone");
        ota_diagnostics_free(list);
    }
    char canonical[ZONE_ID_CAPACITY];
    assert_true(ota__zone_canonical_id("EST", canonical)); /* a tz name, kept */
    assert_true(ota__zone_canonical_id("Asia/Calcutta", canonical));
}

/* ------------------------------------------------- UTF-8 when cut (7) */

static void cuts_fall_between_code_points(void **state)
{
    (void)state;
    assert_int_equal(ota__utf8_boundary("ab\xe2\x82", 4), 2); /* € cut after 2 bytes */
    assert_int_equal(ota__utf8_boundary("ab\xe2\x82\xac", 5), 5);
    assert_int_equal(ota__utf8_boundary("a\xf0\x9f\x98", 4), 1);
    assert_int_equal(ota__utf8_boundary("a\xc3", 2), 1);
    assert_int_equal(ota__utf8_boundary("abc", 3), 3);
    char text[] = "x\xe2\x82";
    ota__utf8_cut(text);
    assert_string_equal(text, "x");

    char key[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(key, "\xe2\x82\xac"); /* 300 bytes of € */
    for (size_t capacity = 8; capacity <= 40; capacity++) {
        char path[64];
        ota__path_key(path, capacity, "texts", key, 1);
        assert_true(strlen(path) < capacity);
        assert_true(ota__text_is_utf8(path, strlen(path)));
        assert_int_equal(strncmp(path, "texts[\"", 7), 0);
    }
    char path[OTA_PATH_CAPACITY];
    ota__path_key(path, sizeof path, "texts", "\xe6\x97\xa5\xe6\x9c\xac", 1);
    assert_string_equal(path, "texts[\"\xe6\x97\xa5\xe6\x9c\xac\"]"); /* texts["日本"] */
    ota__path_key(path, sizeof path, "texts", "a\"\n\xc2\x85\xff", 1);
    assert_string_equal(path, "texts[\"a\\x22\\x0a\\xc2\\x85\\xff\"]");
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

/* ------------------------------------------------ size arithmetic (8) */

/* 716 MB whose NFC worst case (three times its UTF-16 length) passes
 * INT32_MAX: out of memory, without signed overflow (UBSan watches).  The
 * pages are the kernel's zero page, so they cost no memory. */
static void nfc_of_a_huge_string_is_out_of_memory(void **state)
{
    (void)state;
    size_t length = (size_t)716 << 20;
    char *huge = mmap(NULL, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (huge == MAP_FAILED)
        skip();
    uint16_t *out = NULL;
    int32_t out_length = 0;
    assert_int_equal(ota__text_nfc(NULL, huge, length, &out, &out_length), OTA_ERR_NOMEM);
    assert_null(out);
    munmap(huge, length);
}

/* ----------------------------------------------- garbage options (12) */

static void options_of_an_unknown_version_are_not_read(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    ota_validate_options garbage;
    memset(&garbage, 0xA5, sizeof garbage);
    ota_diagnostics *list = (ota_diagnostics *)&garbage; /* must be set to NULL */
    assert_int_equal(ota_plan_validate(&f.plan, &garbage, &list), OTA_ERR_STRUCT_VERSION);
    assert_null(list);
    ota_compiled_plan *compiled = (ota_compiled_plan *)&garbage;
    list = (ota_diagnostics *)&garbage;
    assert_int_equal(ota_plan_compile(&f.plan, &garbage, &compiled, &list), OTA_ERR_STRUCT_VERSION);
    assert_null(compiled);
    assert_null(list);
}

/* ----------------------------------- non-string list entries (15) */

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

/* ------------------------------------------- texts are a map (16) */

static void reordered_texts_are_no_change(void **state)
{
    (void)state;
    fixture_plan a, b;
    fixture_user_confirm(&a);
    fixture_user_confirm(&b);
    ota_text before[] = {{"en", "Update"}, {"de", "Aktualisierung"}, {"fr", "Mise à jour"}};
    ota_text after[] = {{"fr", "Mise à jour"}, {"en", "Update"}, {"de", "Aktualisierung"}};
    a.plan.texts = before;
    b.plan.texts = after;
    a.plan.text_count = b.plan.text_count = 3;
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_validate_update(&a.plan, &b.plan, NULL, &list), OTA_OK);
    assert_false(fixture_has(list, OTA_CODE_IMMUTABLE_FIELD, "texts"));
    ota_diagnostics_free(list);
    after[0].text = "Mise a jour";
    assert_int_equal(ota_plan_validate_update(&a.plan, &b.plan, NULL, &list), OTA_OK);
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "texts");
    ota_diagnostics_free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duplicate_texts_are_found_in_any_order),
        cmocka_unit_test(sixteen_thousand_texts_are_checked),
        cmocka_unit_test(zone_ids_are_the_tz_databases),
        cmocka_unit_test(icu_only_ids_are_unknown),
        cmocka_unit_test(cuts_fall_between_code_points),
        cmocka_unit_test(device_errors_are_cut_between_code_points),
        cmocka_unit_test(nfc_of_a_huge_string_is_out_of_memory),
        cmocka_unit_test(options_of_an_unknown_version_are_not_read),
        cmocka_unit_test(every_bad_list_entry_is_one_diagnostic_in_order),
        cmocka_unit_test(reordered_texts_are_no_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
