/* The canonical form of a plan and its hash (ota_json_put_plan_canonical(),
 * ota_plan_hash()): the arguments, the order of the texts, the fixed point,
 * and a known answer.  test_fmt.py runs them over every conformance plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "otaplan_json.h"

static const char night[] =
    "{\"name\": \"night\", \"product\": \"lamp-1\", \"timezone\": \"Asia/Shanghai\", \"start\": "
    "\"2026-01-01T00:00\", \"end\": \"2026-12-31T00:00\", \"state\": \"active\", \"mode\": "
    "\"silent\", \"push_window\": {\"start_hour\": 0, \"end_hour\": 2}, \"components\": "
    "[{\"type\": \"module\", \"id\": \"wifi\", \"method\": \"full\", \"target_version\": "
    "\"2.0\"}]}";

static ota_json_plan *read_plan(const char *text)
{
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_plan_read(text, strlen(text), &plan, &error), OTA_OK);
    return plan;
}

static void arguments(void **state)
{
    (void)state;
    ota_json_plan *plan = read_plan(night);
    const ota_plan *p = ota_json_plan_get(plan);
    ota_json_buffer out = OTA_JSON_BUFFER_INIT;
    assert_int_equal(ota_json_put_plan_canonical(NULL, p, OTA_JSON_CANONICAL_BLOCK), OTA_ERR_NULL);
    assert_int_equal(ota_json_put_plan_canonical(&out, NULL, OTA_JSON_CANONICAL_LINE),
                     OTA_ERR_NULL);
    assert_int_equal(ota_json_put_plan_canonical(&out, p, 0), OTA_ERR_ARGUMENT);
    assert_int_equal(ota_json_put_plan_canonical(&out, p, 3), OTA_ERR_ARGUMENT);
    assert_int_equal(out.length, 0);
    char hash[OTA_PLAN_HASH_SIZE] = "x";
    assert_int_equal(ota_plan_hash(NULL, hash), OTA_ERR_NULL);
    assert_string_equal(hash, "");
    assert_int_equal(ota_plan_hash(p, NULL), OTA_ERR_NULL);
    ota_plan other = *p;
    other.version = 99;
    assert_int_equal(ota_plan_hash(&other, hash), OTA_ERR_STRUCT_VERSION);
    assert_string_equal(hash, "");
    ota_json_plan_free(plan);
}

/* SHA-256 of the block form below, by `printf ... | sha256sum` and Python's
 * hashlib (test_fmt.py): a change of the form or of the digest shows here. */
static void known_answer_and_form(void **state)
{
    (void)state;
    ota_json_plan *plan = read_plan(night);
    ota_json_buffer out = OTA_JSON_BUFFER_INIT;
    assert_int_equal(
        ota_json_put_plan_canonical(&out, ota_json_plan_get(plan), OTA_JSON_CANONICAL_LINE),
        OTA_OK);
    assert_string_equal(out.data,
                        "{\"name\": \"night\", \"product\": \"lamp-1\", \"timezone\": "
                        "\"Asia/Shanghai\", \"start\": \"2026-01-01T00:00\", \"end\": "
                        "\"2026-12-31T00:00\", \"state\": \"active\", \"mode\": \"silent\", "
                        "\"push_window\": {\"start_hour\": 0, \"end_hour\": 2}, \"components\": "
                        "[{\"type\": \"module\", \"id\": \"wifi\", \"method\": \"full\", "
                        "\"target_version\": \"2.0\"}]}\n");
    char hash[OTA_PLAN_HASH_SIZE];
    assert_int_equal(ota_plan_hash(ota_json_plan_get(plan), hash), OTA_OK);
    assert_string_equal(hash,
                        "sha256:aef689c1030aa383c8e009238584979db14d830b18b22fe1e17335dcc1c65b90");
    ota_json_buffer_free(&out);
    ota_json_plan_free(plan);
}

/* Texts are a map (rules 3.3): in the canonical form they go by tag, so two
 * orders of one map give one form and one hash, while ota_json_put_plan()
 * keeps writing them as before. */
static void texts_by_tag_and_a_fixed_point(void **state)
{
    (void)state;
    static const char *const plans[] = {
        "{\"name\": \"t\", \"product\": \"p\", \"texts\": {\"zh-CN\": \"新\", \"en\": \"new\", "
        "\"de\": \"neu\"}}",
        "{\"texts\": {\"de\": \"neu\", \"en\": \"new\", \"zh-CN\": \"\\u65b0\"}, \"product\": "
        "\"p\", \"name\": \"t\"}",
    };
    char hashes[2][OTA_PLAN_HASH_SIZE];
    ota_json_buffer forms[2] = {OTA_JSON_BUFFER_INIT, OTA_JSON_BUFFER_INIT};
    for (int i = 0; i < 2; i++) {
        ota_json_plan *plan = read_plan(plans[i]);
        assert_int_equal(ota_json_put_plan_canonical(&forms[i], ota_json_plan_get(plan),
                                                     OTA_JSON_CANONICAL_BLOCK),
                         OTA_OK);
        assert_int_equal(ota_plan_hash(ota_json_plan_get(plan), hashes[i]), OTA_OK);
        ota_json_plan_free(plan);
        /* Formatting the form again gives its bytes. */
        ota_json_plan *again = read_plan(forms[i].data);
        ota_json_buffer twice = OTA_JSON_BUFFER_INIT;
        assert_int_equal(
            ota_json_put_plan_canonical(&twice, ota_json_plan_get(again), OTA_JSON_CANONICAL_BLOCK),
            OTA_OK);
        assert_string_equal(twice.data, forms[i].data);
        ota_json_buffer_free(&twice);
        ota_json_plan_free(again);
    }
    assert_string_equal(forms[0].data, forms[1].data);
    assert_string_equal(hashes[0], hashes[1]);
    const char *de = strstr(forms[0].data, "\"de\"");
    const char *en = strstr(forms[0].data, "\"en\"");
    const char *zh = strstr(forms[0].data, "\"zh-CN\": \"新\"");
    assert_non_null(de);
    assert_true(de < en && en < zh);
    for (int i = 0; i < 2; i++)
        ota_json_buffer_free(&forms[i]);
}

/* A component without a type or a method (type_missing, method_missing)
 * is written without them, not as an unknown name: read back it is the
 * same plan (found by fuzz_fmt; ota_json_put_plan() had it too). */
static void a_component_without_type_or_method_reads_back_the_same(void **state)
{
    (void)state;
    ota_json_plan *plan = read_plan("{\"name\": \"c\", \"product\": \"p\", \"components\": "
                                    "[{\"id\": \"w\", \"target_version\": \"2\"}]}");
    for (int form = 0; form <= OTA_JSON_CANONICAL_LINE; form++) {
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        assert_int_equal(form ? ota_json_put_plan_canonical(&out, ota_json_plan_get(plan), form)
                              : ota_json_put_plan(&out, ota_json_plan_get(plan)),
                         OTA_OK);
        assert_null(strstr(out.data, "\"type\""));
        assert_null(strstr(out.data, "\"method\""));
        ota_json_plan *again = read_plan(out.data);
        const ota_component *c = &ota_json_plan_get(again)->components[0];
        assert_int_equal(c->type, 0);
        assert_int_equal(c->method, 0);
        ota_json_plan_free(again);
        ota_json_buffer_free(&out);
    }
    ota_json_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arguments),
        cmocka_unit_test(known_answer_and_form),
        cmocka_unit_test(texts_by_tag_and_a_fixed_point),
        cmocka_unit_test(a_component_without_type_or_method_reads_back_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
