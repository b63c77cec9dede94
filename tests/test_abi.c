/* The ABI of include/otaplan.h on LP64 targets: struct sizes and the offset
 * of each struct's last field.  Bindings mirror these layouts (the Python
 * binding checks the same numbers in bindings/python/tests), so a change
 * here must be deliberate: structs only grow at the end, with a new
 * version number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "otaplan.h"

static void struct_layouts(void **state)
{
    (void)state;
    if (sizeof(void *) != 8)
        skip();
    assert_int_equal(sizeof(ota_plan), 184);
    assert_int_equal(offsetof(ota_plan, text_count), 176);
    assert_int_equal(sizeof(ota_window), 8);
    assert_int_equal(sizeof(ota_component), 40);
    assert_int_equal(sizeof(ota_text), 16);
    assert_int_equal(sizeof(ota_diagnostic), 24);
    assert_int_equal(sizeof(ota_package), 32);
    assert_int_equal(sizeof(ota_validate_options), 64);
    assert_int_equal(offsetof(ota_validate_options, allocator), 56);
    assert_int_equal(sizeof(ota_device), 88);
    assert_int_equal(offsetof(ota_device, failed_attempts), 80);
    assert_int_equal(sizeof(ota_device_version), 16);
    assert_int_equal(sizeof(ota_eligibility), 140);
    assert_int_equal(sizeof(ota_eval_options), 8);
    assert_int_equal(sizeof(ota_push_result), 16);
    assert_int_equal(sizeof(ota_interval), 16);
    assert_int_equal(sizeof(ota_allocator), 24);
}

static void versions_agree(void **state)
{
    (void)state;
    assert_int_equal(ota_version_number(), OTA_VERSION_NUMBER);
    assert_string_equal(ota_version_string(), "0.1.0");
    /* Pinned status codes: never renumbered. */
    assert_int_equal(OTA_ERR_NULL, -1);
    assert_int_equal(OTA_ERR_INDEX, -9);
    assert_int_equal(OTA_CODE_FIELD_TYPE_INVALID, 46);
    assert_int_equal(OTA_CODE_FIELD_UNKNOWN, 116);
    for (int32_t status = -9; status <= 0; status++)
        assert_non_null(ota_strerror(status));
    assert_string_equal(ota_strerror(-100), "unknown status code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(struct_layouts),
        cmocka_unit_test(versions_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
