/* The public conformance cases (tests/conformance, a copy of ../shared/conformance; see its README)
 * through the C API: every device of every case, byte-exact on the fields
 * the cases give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "conformance_cases.h"

static void every_evaluate_case(void **state)
{
    (void)state;
    json_t *cases = conformance_load("evaluate.jsonl");
    assert_non_null(cases);
    /* The README promises 300 cases. */
    assert_int_equal(json_array_size(cases), 300);
    int mismatches = 0;
    size_t devices = 0;
    for (size_t i = 0; i < json_array_size(cases); i++) {
        json_t *c = json_array_get(cases, i);
        devices += json_array_size(json_object_get(c, "fleet"));
        mismatches += conformance_evaluate_case(c, 1);
    }
    assert_int_equal(devices, 1473);
    assert_int_equal(mismatches, 0);
    json_decref(cases);
}

static void every_windows_case(void **state)
{
    (void)state;
    json_t *cases = conformance_load("windows.jsonl");
    assert_non_null(cases);
    assert_int_equal(json_array_size(cases), 60);
    int mismatches = 0;
    for (size_t i = 0; i < json_array_size(cases); i++)
        mismatches += conformance_windows_case(json_array_get(cases, i), 1);
    assert_int_equal(mismatches, 0);
    json_decref(cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_evaluate_case),
        cmocka_unit_test(every_windows_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
