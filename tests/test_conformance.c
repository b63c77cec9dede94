/* The public conformance cases (tests/conformance, a copy of ../shared/conformance; see its README)
 * through the C API: every device of every case, byte-exact on the fields
 * the cases give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conformance_cases.h"
#include "otaplan.h"
#include "otaplan_json.h"

/* Every device of every case of an evaluate file, and the case and device
 * counts its README promises. */
static void check_evaluate_file(const char *name, size_t cases_expected, size_t devices_expected)
{
    json_t *cases = conformance_load(name);
    assert_non_null(cases);
    assert_int_equal(json_array_size(cases), cases_expected);
    int mismatches = 0;
    size_t devices = 0;
    for (size_t i = 0; i < json_array_size(cases); i++) {
        json_t *c = json_array_get(cases, i);
        devices += json_array_size(json_object_get(c, "fleet"));
        mismatches += conformance_evaluate_case(c, 1);
        mismatches += conformance_explain_case(c, 1);
        mismatches += conformance_batch_case(c, 1);
    }
    assert_int_equal(devices, devices_expected);
    assert_int_equal(mismatches, 0);
    json_decref(cases);
}

static void check_windows_file(const char *name, size_t cases_expected)
{
    json_t *cases = conformance_load(name);
    assert_non_null(cases);
    assert_int_equal(json_array_size(cases), cases_expected);
    int mismatches = 0;
    for (size_t i = 0; i < json_array_size(cases); i++)
        mismatches += conformance_windows_case(json_array_get(cases, i), 1);
    assert_int_equal(mismatches, 0);
    json_decref(cases);
}

static void every_evaluate_case(void **state)
{
    (void)state;
    check_evaluate_file("evaluate.jsonl", 300, 1473);
}

static void every_windows_case(void **state)
{
    (void)state;
    check_windows_file("windows.jsonl", 60);
}

/* SPEC 11: the rollout cases, in the shapes of the two files above. */
static void every_rollout_evaluate_case(void **state)
{
    (void)state;
    check_evaluate_file("rollout-evaluate.jsonl", 200, 1295);
}

static void every_rollout_windows_case(void **state)
{
    (void)state;
    check_windows_file("rollout-windows.jsonl", 50);
}

/* SPEC 13: version order, in the shape of evaluate.jsonl. */
static void every_versions_evaluate_case(void **state)
{
    (void)state;
    check_evaluate_file("versions-evaluate.jsonl", 150, 894);
}

/* The plan of `c` written by ota_json_put_plan() from what the reader made
 * of it, as a new JSON value (NULL if it has no JSON form). */
static json_t *rewritten_plan(const json_t *plan, char **text_out)
{
    char *text = json_dumps(plan, JSON_COMPACT);
    assert_non_null(text);
    ota_json_plan *read = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_plan_read(text, strlen(text), &read, &error), OTA_OK);
    free(text);
    ota_json_buffer out = OTA_JSON_BUFFER_INIT;
    int32_t status = ota_json_put_plan(&out, ota_json_plan_get(read));
    ota_json_plan_free(read);
    assert_int_equal(status, OTA_OK);
    json_t *value = json_loadb(out.data, out.length, 0, NULL);
    assert_non_null(value);
    *text_out = strndup(out.data, out.length);
    ota_json_buffer_free(&out);
    return value;
}

/* The plan writer on every conformance plan: what it writes reads back as
 * the same plan (every case's answers unchanged, windows and rollout fields
 * included), and writing that again gives the same bytes. */
static void every_plan_survives_the_writer(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int evaluate; /* else windows */
    } files[] = {{"evaluate.jsonl", 1},
                 {"rollout-evaluate.jsonl", 1},
                 {"windows.jsonl", 0},
                 {"rollout-windows.jsonl", 0},
                 {"versions-evaluate.jsonl", 1}};
    int mismatches = 0, plans = 0;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        json_t *cases = conformance_load(files[f].name);
        assert_non_null(cases);
        for (size_t i = 0; i < json_array_size(cases); i++) {
            json_t *c = json_deep_copy(json_array_get(cases, i));
            char *first, *second;
            json_t *once = rewritten_plan(json_object_get(c, "plan"), &first);
            json_t *twice = rewritten_plan(once, &second);
            if (strcmp(first, second) != 0) {
                print_message("%s: the writer is not idempotent:\n%s\n%s\n",
                              json_string_value(json_object_get(c, "case")), first, second);
                mismatches++;
            }
            free(first);
            free(second);
            json_decref(twice);
            json_object_set_new(c, "plan", once);
            mismatches += files[f].evaluate ? conformance_evaluate_case(c, 1)
                                            : conformance_windows_case(c, 1);
            plans++;
            json_decref(c);
        }
        json_decref(cases);
    }
    assert_int_equal(plans, 300 + 200 + 60 + 50 + 150);
    assert_int_equal(mismatches, 0);
}

/* SPEC 11.1: bucket and position of every vector. */
static void every_bucket_vector(void **state)
{
    (void)state;
    json_t *vectors = conformance_load("buckets.jsonl");
    assert_non_null(vectors);
    assert_int_equal(json_array_size(vectors), 197);
    for (size_t i = 0; i < json_array_size(vectors); i++) {
        json_t *v = json_array_get(vectors, i);
        int32_t bucket = -1, position = -1;
        assert_int_equal(ota_rollout_bucket(json_string_value(json_object_get(v, "salt")),
                                            json_string_value(json_object_get(v, "id")), &bucket,
                                            &position),
                         OTA_OK);
        assert_int_equal(bucket, json_integer_value(json_object_get(v, "bucket")));
        assert_int_equal(position, json_integer_value(json_object_get(v, "position")));
    }
    json_decref(vectors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_evaluate_case),
        cmocka_unit_test(every_windows_case),
        cmocka_unit_test(every_rollout_evaluate_case),
        cmocka_unit_test(every_rollout_windows_case),
        cmocka_unit_test(every_versions_evaluate_case),
        cmocka_unit_test(every_bucket_vector),
        cmocka_unit_test(every_plan_survives_the_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
