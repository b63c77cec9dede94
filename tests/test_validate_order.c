/* SPEC 13.4: every code of version order at its exact path, what each
 * leaves unsaid, and compilation of ordered plans; the last test checks
 * that each code was found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

/* fixture_silent with both components in semver: a full "wifi" 1.0.0 ->
 * 2.0.0 from 1.0.0 below 2.0.0, and a delta "mcu" 1.0.0 -> 1.1.0. */
static void ordered_plan(fixture_plan *f)
{
    fixture_silent(f);
    f->components[0].target_version = "2.0.0";
    f->components[0].version_order = OTA_ORDER_SEMVER;
    f->components[0].min_version = "1.0.0";
    f->components[0].below_version = "2.0.0";
    f->components[1].target_version = "1.1.0";
    f->components[1].source_version = "1.0.0";
    f->components[1].version_order = OTA_ORDER_SEMVER;
}

static void ordered_plan_is_valid(void **state)
{
    (void)state;
    fixture_plan f;
    ordered_plan(&f);
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    if (ota_diagnostics_count(list))
        fixture_print(list);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
    f.components[0].version_order = OTA_ORDER_NATURAL;
    f.components[0].allow_downgrade = OTA_DOWNGRADE_DENIED;
    f.components[1].allow_downgrade = OTA_DOWNGRADE_ALLOWED;
    list = fixture_validate(&f.plan, NULL);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
}

FIXTURE_CHANGE(order_seven, f->components[0].version_order = 7)
FIXTURE_CHANGE(order_negative, f->components[1].version_order = -1)
FIXTURE_CHANGE(target_not_semver, f->components[0].target_version = "2.0")
FIXTURE_CHANGE(source_not_semver, f->components[1].source_version = "v1.0.0")
FIXTURE_CHANGE(specified_not_semver,
               (f->components[0].min_version = NULL, f->components[0].below_version = NULL,
                f->components[0].specified_versions = "1.0.0;1.5;02.0.0"))
FIXTURE_CHANGE(min_not_semver, f->components[0].min_version = "1.0.0_b1")
FIXTURE_CHANGE(below_not_semver, f->components[0].below_version = "2.0.0-")
FIXTURE_CHANGE(min_without_order, (f->components[0].version_order = OTA_ORDER_NONE,
                                   f->components[0].target_version = "2.0"))
FIXTURE_CHANGE(list_and_min, (f->components[0].specified_versions = "1.0.0;1.5.0",
                              f->components[0].below_version = NULL))
FIXTURE_CHANGE(list_and_below, (f->components[0].specified_versions = "1.0.0;1.5.0",
                                f->components[0].min_version = NULL))
FIXTURE_CHANGE(range_equal, f->components[0].below_version = "1.0.0")
FIXTURE_CHANGE(range_reversed, (f->components[0].min_version = "1.9.0",
                                f->components[0].below_version = "1.9.0-rc.1"))
FIXTURE_CHANGE(downgrade_without_order, (f->components[1].version_order = OTA_ORDER_NONE,
                                         f->components[1].allow_downgrade = OTA_DOWNGRADE_DENIED))
FIXTURE_CHANGE(downgrade_not_a_boolean, f->components[1].allow_downgrade = 5)
FIXTURE_CHANGE(range_on_delta, f->components[1].below_version = "1.1.0")
FIXTURE_CHANGE(delta_source_above, (f->components[1].source_version = "1.2.0"))
FIXTURE_CHANGE(list_at_or_above,
               (f->components[0].min_version = NULL, f->components[0].below_version = NULL,
                f->components[0].specified_versions = "2.0.0;3.0.0-alpha"))
FIXTURE_CHANGE(min_at_target,
               (f->components[0].min_version = "2.0.0", f->components[0].below_version = NULL))
FIXTURE_CHANGE(natural_min_above_target,
               (f->components[0].version_order = OTA_ORDER_NATURAL,
                f->components[0].target_version = "V2.9", f->components[0].min_version = "V2.10",
                f->components[0].below_version = NULL))

static void order_codes_and_paths(void **state)
{
    (void)state;
    static const fixture_change cases[] = {
        {order_seven, OTA_CODE_VERSION_ORDER_INVALID, "components[0].version_order"},
        {order_negative, OTA_CODE_VERSION_ORDER_INVALID, "components[1].version_order"},
        {target_not_semver, OTA_CODE_VERSION_UNORDERED, "components[0].target_version"},
        {source_not_semver, OTA_CODE_VERSION_UNORDERED, "components[1].source_version"},
        {specified_not_semver, OTA_CODE_VERSION_UNORDERED, "components[0].specified_versions"},
        {min_not_semver, OTA_CODE_VERSION_UNORDERED, "components[0].min_version"},
        {below_not_semver, OTA_CODE_VERSION_UNORDERED, "components[0].below_version"},
        {min_without_order, OTA_CODE_VERSION_ORDER_MISSING, "components[0].min_version"},
        {min_without_order, OTA_CODE_VERSION_ORDER_MISSING, "components[0].below_version"},
        {list_and_min, OTA_CODE_VERSION_RANGE_WITH_LIST, "components[0].min_version"},
        {list_and_below, OTA_CODE_VERSION_RANGE_WITH_LIST, "components[0].below_version"},
        {range_equal, OTA_CODE_VERSION_RANGE_EMPTY, "components[0].below_version"},
        {range_reversed, OTA_CODE_VERSION_RANGE_EMPTY, "components[0].below_version"},
        {downgrade_without_order, OTA_CODE_ALLOW_DOWNGRADE_NOT_APPLICABLE,
         "components[1].allow_downgrade"},
        {downgrade_not_a_boolean, OTA_CODE_FIELD_TYPE_INVALID, "components[1].allow_downgrade"},
        {range_on_delta, OTA_CODE_VERSION_RANGE_NOT_APPLICABLE, "components[1].below_version"},
        {delta_source_above, OTA_CODE_COMPONENT_NEVER_APPLIES, "components[1]"},
        {list_at_or_above, OTA_CODE_COMPONENT_NEVER_APPLIES, "components[0]"},
        {min_at_target, OTA_CODE_COMPONENT_NEVER_APPLIES, "components[0]"},
        {natural_min_above_target, OTA_CODE_COMPONENT_NEVER_APPLIES, "components[0]"},
    };
    fixture_assert_changes(ordered_plan, cases, sizeof cases / sizeof cases[0]);
}

static uint32_t count_of(const ota_diagnostics *list, int32_t code)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        n += d.code == code;
    }
    return n;
}

/* One diagnostic a token of a list; none for what another code says. */
static void each_code_where_it_belongs(void **state)
{
    (void)state;
    fixture_plan f;
    ordered_plan(&f);
    specified_not_semver(&f);
    ota_diagnostics *list = fixture_validate(&f.plan, NULL);
    assert_int_equal(count_of(list, OTA_CODE_VERSION_UNORDERED), 2); /* 1.5 and 02.0.0 */
    ota_diagnostics_free(list);

    /* An invalid order is one error: nothing is compared under it. */
    ordered_plan(&f);
    f.components[0].version_order = 9;
    f.components[0].target_version = "2.0";
    list = fixture_validate(&f.plan, NULL);
    assert_int_equal(ota_diagnostics_count(list), 1);
    ota_diagnostics_free(list);

    /* A bound that is no version token is version_invalid only. */
    ordered_plan(&f);
    f.components[0].min_version = "1.0 beta";
    list = fixture_validate(&f.plan, NULL);
    assert_diagnostic(list, OTA_CODE_VERSION_INVALID, "components[0].min_version");
    assert_int_equal(ota_diagnostics_count(list), 1);
    ota_diagnostics_free(list);

    /* Downgrades allowed: the component may apply, no warning. */
    ordered_plan(&f);
    f.components[1].source_version = "1.2.0";
    f.components[1].allow_downgrade = OTA_DOWNGRADE_ALLOWED;
    list = fixture_validate(&f.plan, NULL);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);

    /* A list with a version below the target can apply. */
    ordered_plan(&f);
    f.components[0].min_version = f.components[0].below_version = NULL;
    f.components[0].specified_versions = "2.0.0;1.9.9";
    list = fixture_validate(&f.plan, NULL);
    assert_false(fixture_has(list, OTA_CODE_COMPONENT_NEVER_APPLIES, "components[0]"));
    assert_true(fixture_has(list, OTA_CODE_TARGET_IN_SPECIFIED_VERSIONS,
                            "components[0].specified_versions"));
    ota_diagnostics_free(list);

    /* Without an order, bounds are version_order_missing and nothing else. */
    ordered_plan(&f);
    min_without_order(&f);
    list = fixture_validate(&f.plan, NULL);
    assert_int_equal(ota_diagnostics_count(list), 2);
    assert_int_equal(ota_diagnostics_error_count(list), 2);
    ota_diagnostics_free(list);
}

/* An ordered plan compiles, and a plan with an order error does not. */
static void ordered_plans_compile(void **state)
{
    (void)state;
    fixture_plan f;
    ordered_plan(&f);
    ota_compiled_plan *compiled = fixture_compile(&f.plan);
    ota_compiled_plan_free(compiled);
    range_equal(&f);
    ota_compiled_plan *none = NULL;
    assert_int_equal(ota_plan_compile(&f.plan, NULL, &none, NULL), OTA_ERR_INVALID_PLAN);
    assert_null(none);
}

static void every_order_code_was_found_by_a_test(void **state)
{
    (void)state;
    fixture_assert_family_asserted(FIXTURE_FAMILY_ORDER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ordered_plan_is_valid),
        cmocka_unit_test(order_codes_and_paths),
        cmocka_unit_test(each_code_where_it_belongs),
        cmocka_unit_test(ordered_plans_compile),
        /* last: it reads what the tests above found */
        cmocka_unit_test(every_order_code_was_found_by_a_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
