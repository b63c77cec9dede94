/* The ABI of include/otaplan.h on LP64 targets.
 *
 * 1. Every struct's size and every field's offset, pinned: bindings mirror
 *    these layouts (bindings/python/tests checks the same numbers), so a
 *    change here must be deliberate.  Structs only grow at the end, with a
 *    new version number.
 * 2. Every number of the interface (status codes, code and reason numbers),
 *    pinned: they are written out in the header and never renumbered.
 * 3. Versions: an unknown version is refused everywhere, and the version
 *    macros agree with the library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "otaplan.h"

#include <stdio.h>
#include <string.h>

static void struct_layouts(void **state)
{
    (void)state;
    if (sizeof(void *) != 8)
        skip();
    assert_int_equal(sizeof(ota_allocator), 24);
    assert_int_equal(offsetof(ota_allocator, alloc), 0);
    assert_int_equal(offsetof(ota_allocator, free), 8);
    assert_int_equal(offsetof(ota_allocator, context), 16);
    assert_int_equal(sizeof(ota_window), 8);
    assert_int_equal(offsetof(ota_window, start_hour), 0);
    assert_int_equal(offsetof(ota_window, end_hour), 4);
    assert_int_equal(sizeof(ota_component), 40);
    assert_int_equal(offsetof(ota_component, type), 0);
    assert_int_equal(offsetof(ota_component, method), 4);
    assert_int_equal(offsetof(ota_component, id), 8);
    assert_int_equal(offsetof(ota_component, target_version), 16);
    assert_int_equal(offsetof(ota_component, specified_versions), 24);
    assert_int_equal(offsetof(ota_component, source_version), 32);
    assert_int_equal(sizeof(ota_text), 16);
    assert_int_equal(offsetof(ota_text, lang), 0);
    assert_int_equal(offsetof(ota_text, text), 8);
    assert_int_equal(sizeof(ota_plan), 184);
    assert_int_equal(offsetof(ota_plan, version), 0);
    assert_int_equal(offsetof(ota_plan, name), 8);
    assert_int_equal(offsetof(ota_plan, product), 16);
    assert_int_equal(offsetof(ota_plan, product_type), 24);
    assert_int_equal(offsetof(ota_plan, bluetooth), 28);
    assert_int_equal(offsetof(ota_plan, region), 32);
    assert_int_equal(offsetof(ota_plan, timezone), 40);
    assert_int_equal(offsetof(ota_plan, start), 48);
    assert_int_equal(offsetof(ota_plan, end), 56);
    assert_int_equal(offsetof(ota_plan, activated_at), 64);
    assert_int_equal(offsetof(ota_plan, state), 72);
    assert_int_equal(offsetof(ota_plan, mode), 76);
    assert_int_equal(offsetof(ota_plan, active_push), 80);
    assert_int_equal(offsetof(ota_plan, push_window), 88);
    assert_int_equal(offsetof(ota_plan, auto_upgrade_window), 96);
    assert_int_equal(offsetof(ota_plan, refusal_retry_minutes), 104);
    assert_int_equal(offsetof(ota_plan, retry_count), 108);
    assert_int_equal(offsetof(ota_plan, min_signal), 112);
    assert_int_equal(offsetof(ota_plan, min_battery), 116);
    assert_int_equal(offsetof(ota_plan, blacklist), 120);
    assert_int_equal(offsetof(ota_plan, blacklist_count), 128);
    assert_int_equal(offsetof(ota_plan, whitelist), 136);
    assert_int_equal(offsetof(ota_plan, whitelist_count), 144);
    assert_int_equal(offsetof(ota_plan, components), 152);
    assert_int_equal(offsetof(ota_plan, component_count), 160);
    assert_int_equal(offsetof(ota_plan, texts), 168);
    assert_int_equal(offsetof(ota_plan, text_count), 176);
    assert_int_equal(sizeof(ota_diagnostic), 32);
    assert_int_equal(offsetof(ota_diagnostic, version), 0);
    assert_int_equal(offsetof(ota_diagnostic, severity), 4);
    assert_int_equal(offsetof(ota_diagnostic, code), 8);
    assert_int_equal(offsetof(ota_diagnostic, path), 16);
    assert_int_equal(offsetof(ota_diagnostic, message), 24);
    assert_int_equal(sizeof(ota_package), 32);
    assert_int_equal(offsetof(ota_package, id), 0);
    assert_int_equal(offsetof(ota_package, method), 8);
    assert_int_equal(offsetof(ota_package, target_version), 16);
    assert_int_equal(offsetof(ota_package, source_version), 24);
    assert_int_equal(sizeof(ota_validate_options), 64);
    assert_int_equal(offsetof(ota_validate_options, version), 0);
    assert_int_equal(offsetof(ota_validate_options, now), 8);
    assert_int_equal(offsetof(ota_validate_options, existing_names), 16);
    assert_int_equal(offsetof(ota_validate_options, existing_name_count), 24);
    assert_int_equal(offsetof(ota_validate_options, catalog), 32);
    assert_int_equal(offsetof(ota_validate_options, catalog_count), 40);
    assert_int_equal(offsetof(ota_validate_options, system_tzdata_version), 48);
    assert_int_equal(offsetof(ota_validate_options, allocator), 56);
    assert_int_equal(sizeof(ota_device_version), 16);
    assert_int_equal(offsetof(ota_device_version, component_id), 0);
    assert_int_equal(offsetof(ota_device_version, version), 8);
    assert_int_equal(sizeof(ota_device), 88);
    assert_int_equal(offsetof(ota_device, version), 0);
    assert_int_equal(offsetof(ota_device, id), 8);
    assert_int_equal(offsetof(ota_device, product), 16);
    assert_int_equal(offsetof(ota_device, versions), 24);
    assert_int_equal(offsetof(ota_device, version_count), 32);
    assert_int_equal(offsetof(ota_device, signal), 36);
    assert_int_equal(offsetof(ota_device, battery), 40);
    assert_int_equal(offsetof(ota_device, auto_update), 44);
    assert_int_equal(offsetof(ota_device, state), 48);
    assert_int_equal(offsetof(ota_device, state_at), 56);
    assert_int_equal(offsetof(ota_device, appointment_start), 64);
    assert_int_equal(offsetof(ota_device, appointment_end), 72);
    assert_int_equal(offsetof(ota_device, failed_attempts), 80);
    assert_int_equal(sizeof(ota_component_result), 8);
    assert_int_equal(offsetof(ota_component_result, applies), 0);
    assert_int_equal(offsetof(ota_component_result, reason), 4);
    assert_int_equal(sizeof(ota_eligibility), 144);
    assert_int_equal(offsetof(ota_eligibility, version), 0);
    assert_int_equal(offsetof(ota_eligibility, reason), 4);
    assert_int_equal(offsetof(ota_eligibility, kind), 8);
    assert_int_equal(offsetof(ota_eligibility, component_count), 12);
    assert_int_equal(offsetof(ota_eligibility, components), 16);
    assert_int_equal(sizeof(ota_eval_options), 8);
    assert_int_equal(offsetof(ota_eval_options, version), 0);
    assert_int_equal(offsetof(ota_eval_options, tick_minutes), 4);
    assert_int_equal(sizeof(ota_push_result), 24);
    assert_int_equal(offsetof(ota_push_result, version), 0);
    assert_int_equal(offsetof(ota_push_result, status), 4);
    assert_int_equal(offsetof(ota_push_result, reason), 8);
    assert_int_equal(offsetof(ota_push_result, at), 16);
    assert_int_equal(sizeof(ota_interval), 24);
    assert_int_equal(offsetof(ota_interval, version), 0);
    assert_int_equal(offsetof(ota_interval, start), 8);
    assert_int_equal(offsetof(ota_interval, end), 16);
}

static void numbers_are_pinned(void **state)
{
    (void)state;
    assert_int_equal(OTA_OK, 0);
    assert_int_equal(OTA_ERR_NULL, -1);
    assert_int_equal(OTA_ERR_NOMEM, -2);
    assert_int_equal(OTA_ERR_INVALID_PLAN, -3);
    assert_int_equal(OTA_ERR_INVALID_DEVICE, -4);
    assert_int_equal(OTA_ERR_RANGE, -5);
    assert_int_equal(OTA_ERR_STRUCT_VERSION, -6);
    assert_int_equal(OTA_ERR_ARGUMENT, -7);
    assert_int_equal(OTA_ERR_ICU, -8);
    assert_int_equal(OTA_ERR_INDEX, -9);
    assert_int_equal(OTA_NO_MORE, 1);
    assert_int_equal(OTA_CODE_NAME_MISSING, 1);
    assert_int_equal(OTA_CODE_FIELD_TYPE_INVALID, 46);
    assert_int_equal(OTA_CODE_TZDATA_STALE, 100);
    assert_int_equal(OTA_CODE_FIELD_UNKNOWN, 116);
    assert_int_equal(OTA_REASON_LOW_BATTERY, 14);
    assert_int_equal(OTA_REASON_COMPONENT_MISSING, 20);
    assert_int_equal(OTA_REASON_APPOINTMENT_MISSED, 30);
    assert_int_equal(OTA_PUSH_NEVER, 4);
    /* Each code number names one code, and its name maps back. */
    for (int32_t code = 0; code < 200; code++)
        if (ota_code_name(code))
            assert_int_not_equal(ota_code_severity(code), 0);
    for (int32_t status = -9; status <= 1; status++)
        assert_string_not_equal(ota_strerror(status), "unknown status code");
    assert_string_equal(ota_strerror(-100), "unknown status code");
}

static void versions_agree(void **state)
{
    (void)state;
    assert_int_equal(ota_version_number(), OTA_VERSION_NUMBER);
    assert_int_equal(OTA_VERSION_NUMBER,
                     OTA_VERSION_MAJOR * 10000 + OTA_VERSION_MINOR * 100 + OTA_VERSION_PATCH);
    assert_string_equal(ota_version_string(), OTA_VERSION_STRING);
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", OTA_VERSION_MAJOR, OTA_VERSION_MINOR,
             OTA_VERSION_PATCH);
    assert_string_equal(ota_version_string(), expected);
}

/* Every _init() refuses a version it does not know, and sets exactly what
 * its _INIT macro sets. */
#define CHECK_INIT(type, init, version, macro)                                                     \
    do {                                                                                           \
        type by_function, by_macro = macro;                                                        \
        memset(&by_function, 0x5A, sizeof by_function);                                            \
        assert_int_equal(init(&by_function, (version) + 1), OTA_ERR_STRUCT_VERSION);               \
        assert_int_equal(init(&by_function, 0), OTA_ERR_STRUCT_VERSION);                           \
        assert_int_equal(init(NULL, version), OTA_ERR_NULL);                                       \
        memset(&by_function, 0, sizeof by_function);                                               \
        assert_int_equal(init(&by_function, version), OTA_OK);                                     \
        assert_memory_equal(&by_function, &by_macro, sizeof by_macro);                             \
    } while (0)

static void init_functions_and_macros_agree(void **state)
{
    (void)state;
    CHECK_INIT(ota_plan, ota_plan_init, OTA_PLAN_STRUCT_VERSION, OTA_PLAN_INIT);
    CHECK_INIT(ota_validate_options, ota_validate_options_init, OTA_VALIDATE_OPTIONS_VERSION,
               OTA_VALIDATE_OPTIONS_INIT);
    CHECK_INIT(ota_diagnostic, ota_diagnostic_init, OTA_DIAGNOSTIC_VERSION, OTA_DIAGNOSTIC_INIT);
    CHECK_INIT(ota_device, ota_device_init, OTA_DEVICE_STRUCT_VERSION, OTA_DEVICE_INIT);
    CHECK_INIT(ota_eligibility, ota_eligibility_init, OTA_ELIGIBILITY_VERSION,
               OTA_ELIGIBILITY_INIT);
    CHECK_INIT(ota_eval_options, ota_eval_options_init, OTA_EVAL_OPTIONS_VERSION,
               OTA_EVAL_OPTIONS_INIT);
    CHECK_INIT(ota_push_result, ota_push_result_init, OTA_PUSH_RESULT_VERSION,
               OTA_PUSH_RESULT_INIT);
    CHECK_INIT(ota_interval, ota_interval_init, OTA_INTERVAL_VERSION, OTA_INTERVAL_INIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(struct_layouts),
        cmocka_unit_test(numbers_are_pinned),
        cmocka_unit_test(versions_agree),
        cmocka_unit_test(init_functions_and_macros_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
