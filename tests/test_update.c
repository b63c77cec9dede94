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

static void every_field_comparison(void **state)
{
    (void)state;
    fixture_plan a, b;
    fixture_silent(&a);
    const char *list_a[] = {"x", "y"}, *list_b[] = {"x", "z"};
    ota_text texts_a[] = {{"en", "a"}}, texts_b[] = {{"en", "b"}}, texts_c[] = {{"de", "a"}};
    ota_window other_window = {0, 2};
    for (int k = 0; k < 25; k++) {
        fixture_silent(&b);
        const char *path = NULL;
        switch (k) {
        case 0:
            b.plan.name = NULL;
            path = "name";
            break;
        case 1:
            a.plan.name = NULL;
            b.plan.name = "x";
            path = "name";
            break;
        case 2:
            b.plan.push_window = NULL;
            path = "push_window";
            break;
        case 3: b.plan.push_window = &other_window; break; /* equal contents */
        case 4:
            b.push_window.end_hour = 3;
            path = "push_window";
            break;
        case 5:
            b.plan.whitelist = list_a;
            b.plan.whitelist_count = 2;
            path = "whitelist";
            break;
        case 6:
            a.plan.whitelist = list_a;
            a.plan.whitelist_count = 2;
            b.plan.whitelist = list_b;
            b.plan.whitelist_count = 2;
            path = "whitelist";
            break;
        case 7:
            b.components[0].type = OTA_COMPONENT_MCU;
            path = "components";
            break;
        case 8:
            b.components[0].method = OTA_METHOD_DELTA;
            path = "components";
            break;
        case 9:
            b.components[0].id = "other";
            path = "components";
            break;
        case 10:
            b.components[0].specified_versions = "1.0";
            path = "components";
            break;
        case 11:
            b.components[1].source_version = "0.1";
            path = "components";
            break;
        case 12:
            b.plan.component_count = 1;
            path = "components";
            break;
        case 13:
            a.plan.texts = texts_a;
            a.plan.text_count = 1;
            b.plan.texts = texts_b;
            b.plan.text_count = 1;
            path = "texts";
            break;
        case 14:
            a.plan.texts = texts_a;
            a.plan.text_count = 1;
            b.plan.texts = texts_c;
            b.plan.text_count = 1;
            path = "texts";
            break;
        case 15:
            b.plan.texts = texts_a;
            b.plan.text_count = 1;
            path = "texts";
            break;
        case 16:
            b.plan.product_type = OTA_PRODUCT_SUBDEVICE;
            path = "product_type";
            break;
        case 17:
            b.plan.bluetooth = 1;
            path = "bluetooth";
            break;
        case 18:
            b.plan.timezone = "UTC";
            path = "timezone";
            break;
        case 19:
            b.plan.activated_at = 1800000000;
            path = "activated_at";
            break;
        case 20:
            b.plan.mode = OTA_MODE_USER_CONFIRM;
            path = "mode";
            break;
        case 21:
            b.plan.min_signal = -100;
            path = "strategy.min_signal";
            break;
        case 22:
            b.plan.auto_upgrade_window = &other_window;
            path = "auto_upgrade_window";
            break;
        case 23:
            b.plan.refusal_retry_minutes = 30;
            path = "refusal_retry_minutes";
            break;
        case 24:
            b.plan.priority = 5;
            path = "priority";
            break;
        }
        ota_diagnostics *list = update(&a.plan, &b.plan);
        if (path)
            assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, path);
        else
            assert_false(fixture_has(list, OTA_CODE_IMMUTABLE_FIELD, "push_window"));
        ota_diagnostics_free(list);
        fixture_silent(&a);
    }
}

/* SPEC 13's fields are the component's: each change is immutable_field at
 * components, and an absent allow_downgrade equals a false one. */
static void every_order_field_comparison(void **state)
{
    (void)state;
    for (int k = 0; k < 6; k++) {
        fixture_plan a, b;
        fixture_silent(&a);
        fixture_silent(&b);
        a.components[0].version_order = b.components[0].version_order = OTA_ORDER_NATURAL;
        int changed = 1;
        switch (k) {
        case 0: b.components[0].version_order = OTA_ORDER_SEMVER; break;
        case 1: b.components[0].allow_downgrade = OTA_DOWNGRADE_ALLOWED; break;
        case 2: b.components[0].min_version = "1.0"; break;
        case 3: b.components[0].below_version = "3.0"; break;
        case 4:
            b.components[0].allow_downgrade = OTA_DOWNGRADE_DENIED;
            changed = 0;
            break;
        case 5:
            a.components[0].min_version = "1.0";
            b.components[0].min_version = "1.0";
            changed = 0;
            break;
        }
        ota_diagnostics *list = update(&a.plan, &b.plan);
        if (fixture_has(list, OTA_CODE_IMMUTABLE_FIELD, "components") != changed)
            fail_msg("case %d: immutable_field %s", k, changed ? "missing" : "given");
        ota_diagnostics_free(list);
    }
}

/* SPEC 11's fields compare as the others do: each change alone of a
 * blackout, a weekday, the salt, spread, a phase or the abort threshold is
 * immutable_field at its field; equal contents elsewhere are no change. */
static void every_rollout_field_comparison(void **state)
{
    (void)state;
    static const ota_blackout spans_a[] = {{"2026-02-01T00:00", "2026-02-02T00:00"}},
                              spans_b[] = {{"2026-02-01T00:00", "2026-02-03T00:00"}},
                              spans_c[] = {{"2026-02-01T01:00", "2026-02-02T00:00"}},
                              spans_d[] = {{"2026-02-01T00:00", "2026-02-02T00:00"}};
    static const ota_rollout_phase phases_a[] = {{"2026-01-02T00:00", 500},
                                                 {"2026-01-09T00:00", 10000}},
                                   phases_b[] = {{"2026-01-02T00:00", 600},
                                                 {"2026-01-09T00:00", 10000}},
                                   phases_c[] = {{"2026-01-03T00:00", 500},
                                                 {"2026-01-09T00:00", 10000}};
    ota_rollout_abort abort_a = {500, 100}, abort_b = {500, 200}, abort_c = {600, 100};
    for (int k = 0; k < 14; k++) {
        fixture_plan a, b;
        fixture_silent(&a);
        fixture_silent(&b);
        ota_rollout ra = {.salt = "s", .phases = phases_a, .phase_count = 2, .abort = &abort_a};
        ota_rollout rb = ra;
        a.plan.rollout = &ra;
        b.plan.rollout = &rb;
        a.plan.blackouts = spans_a;
        a.plan.blackout_count = 1;
        b.plan.blackouts = spans_d; /* equal contents */
        b.plan.blackout_count = 1;
        const char *path = NULL;
        switch (k) {
        case 0: break;
        case 1: b.plan.blackout_count = 0, path = "blackouts"; break;
        case 2: b.plan.blackouts = spans_b, path = "blackouts"; break;
        case 3: b.plan.blackouts = spans_c, path = "blackouts"; break;
        case 4: b.push_window.weekdays = 0x1F, path = "push_window"; break;
        case 5: rb.salt = "t", path = "rollout"; break;
        case 6: rb.salt = NULL, path = "rollout"; break;
        case 7: rb.spread = 1, path = "rollout"; break;
        case 8: rb.phase_count = 1, path = "rollout"; break;
        case 9: rb.phases = phases_b, path = "rollout"; break;
        case 10: rb.phases = phases_c, path = "rollout"; break;
        case 11: rb.abort = NULL, path = "rollout"; break;
        case 12: rb.abort = &abort_b, path = "rollout"; break;
        case 13: b.plan.rollout = NULL, path = "rollout"; break;
        }
        ota_diagnostics *list = update(&a.plan, &b.plan);
        if (path)
            assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, path);
        else
            assert_int_equal(ota_diagnostics_count(list), 0);
        ota_diagnostics_free(list);
        if (k == 12) { /* the other number of the threshold */
            rb.abort = &abort_c;
            list = update(&a.plan, &b.plan);
            assert_diagnostic(list, OTA_CODE_IMMUTABLE_FIELD, "rollout");
            ota_diagnostics_free(list);
        }
    }
}

static void lifecycle_table(void **state)
{
    (void)state;
    /* SPEC 3.3: allowed[from][to] */
    static const int allowed[5][5] = {
        /* saved      */ {1, 1, 0, 0, 0},
        /* active     */ {0, 1, 1, 1, 1},
        /* suspended  */ {0, 1, 1, 1, 1},
        /* terminated */ {0, 0, 0, 1, 0},
        /* ended      */ {0, 0, 0, 0, 1},
    };
    for (int from = 0; from < 5; from++) {
        for (int to = 0; to < 5; to++) {
            fixture_plan a, b;
            fixture_silent(&a);
            fixture_silent(&b);
            a.plan.state = from;
            b.plan.state = to;
            ota_diagnostics *list = update(&a.plan, &b.plan);
            if (fixture_has(list, OTA_CODE_IMMUTABLE_FIELD, "state") == allowed[from][to])
                fail_msg("state %d -> %d: %s", from, to, allowed[from][to] ? "refused" : "allowed");
            ota_diagnostics_free(list);
        }
    }
}

static void missing_arrays_in_either_plan(void **state)
{
    (void)state;
    for (int k = 0; k < 8; k++) {
        fixture_plan a, b;
        fixture_silent(&a);
        fixture_silent(&b);
        ota_plan *p = k < 4 ? &a.plan : &b.plan;
        switch (k % 4) {
        case 0:
            p->blacklist = NULL;
            p->blacklist_count = 1;
            break;
        case 1:
            p->whitelist = NULL;
            p->whitelist_count = 1;
            break;
        case 2:
            p->components = NULL;
            p->component_count = 1;
            break;
        case 3:
            p->texts = NULL;
            p->text_count = 1;
            break;
        }
        ota_diagnostics *list = (ota_diagnostics *)&a;
        assert_int_equal(ota_plan_validate_update(&a.plan, &b.plan, NULL, &list), OTA_ERR_NULL);
        assert_null(list);
    }
    fixture_plan a;
    fixture_silent(&a);
    a.plan.version = OTA_PLAN_STRUCT_VERSION + 1;
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_validate_update(&a.plan, &a.plan, NULL, &list),
                     OTA_ERR_STRUCT_VERSION);
}

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

/* The codes only this binary's subject produces (fixture.h, families). */
static void every_update_code_was_found_by_a_test(void **state)
{
    (void)state;
    fixture_assert_family_asserted(FIXTURE_FAMILY_UPDATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(saved_plan_may_change_all_but_product),
        cmocka_unit_test(other_plans_cannot_be_edited),
        cmocka_unit_test(update_also_validates_the_new_plan),
        cmocka_unit_test(every_field_comparison),
        cmocka_unit_test(every_rollout_field_comparison),
        cmocka_unit_test(every_order_field_comparison),
        cmocka_unit_test(lifecycle_table),
        cmocka_unit_test(missing_arrays_in_either_plan),
        cmocka_unit_test(reordered_texts_are_no_change),
        /* last: it reads what the tests above found */
        cmocka_unit_test(every_update_code_was_found_by_a_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
