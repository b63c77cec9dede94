/* SPEC 3.3: what may change when a plan is updated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"

static ota_diagnostics *update(const ota_plan *a, const ota_plan *b)
{
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_validate_update(a, b, NULL, &list), OTA_OK);
    return list;
}

static void saved_plan_may_change_all_but_product(void **state)
{
    (void)state;
    fixture_plan a, b;
    fixture_silent(&a);
    a.plan.state = OTA_PLAN_SAVED;
    fixture_silent(&b);
    b.plan.state = OTA_PLAN_SAVED;
    b.plan.name = "Renamed";
    b.push_window = (ota_window){1, 3};
    b.components[0].target_version = "2.1";
    ota_diagnostics *list = update(&a.plan, &b.plan);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);

    b.plan.product = "lamp-2";
    list = update(&a.plan, &b.plan);
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "product");
    assert_int_equal(ota_diagnostics_count(list), 1);
    ota_diagnostics_free(list);

    /* saved -> active is the lifecycle; saved -> ended is not. */
    fixture_silent(&b);
    b.plan.state = OTA_PLAN_ACTIVE;
    list = update(&a.plan, &b.plan);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
    b.plan.state = OTA_PLAN_ENDED;
    list = update(&a.plan, &b.plan);
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "state");
    ota_diagnostics_free(list);
}

static void other_plans_cannot_be_edited(void **state)
{
    (void)state;
    fixture_plan a, b;
    fixture_silent(&a);
    fixture_silent(&b);
    b.plan.name = "Renamed";
    b.push_window = (ota_window){1, 3};
    b.components[1].source_version = "0.9";
    b.plan.retry_count = 2;
    const char *black[] = {"dev-1"};
    b.plan.blacklist = black;
    b.plan.blacklist_count = 1;
    ota_diagnostics *list = update(&a.plan, &b.plan);
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "name");
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "push_window");
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "components");
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "strategy.retry_count");
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "blacklist");
    assert_int_equal(ota_diagnostics_count(list), 5);
    ota_diagnostics_free(list);

    /* The lifecycle moves: active <-> suspended, then terminated. */
    fixture_silent(&b);
    b.plan.state = OTA_PLAN_SUSPENDED;
    list = update(&a.plan, &b.plan);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
    a.plan.state = OTA_PLAN_TERMINATED;
    b.plan.state = OTA_PLAN_ACTIVE;
    list = update(&a.plan, &b.plan);
    assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "state");
    ota_diagnostics_free(list);
}

static void update_also_validates_the_new_plan(void **state)
{
    (void)state;
    fixture_plan a, b;
    fixture_silent(&a);
    a.plan.state = OTA_PLAN_SAVED;
    fixture_silent(&b);
    b.plan.state = OTA_PLAN_SAVED;
    b.components[0].target_version = "bad version";
    ota_diagnostics *list = update(&a.plan, &b.plan);
    assert_diagnostic(list, OTA_CODE_VERSION_INVALID, "components[0].target_version");
    ota_diagnostics_free(list);
    list = (ota_diagnostics *)&a;
    assert_int_equal(ota_plan_validate_update(NULL, &b.plan, NULL, &list), OTA_ERR_NULL);
    assert_null(list);
    a.plan.component_count = 3;
    a.plan.components = NULL;
    assert_int_equal(ota_plan_validate_update(&a.plan, &b.plan, NULL, &list), OTA_ERR_NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(saved_plan_may_change_all_but_product),
        cmocka_unit_test(other_plans_cannot_be_edited),
        cmocka_unit_test(update_also_validates_the_new_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
