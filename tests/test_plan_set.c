/* Plan sets (SPEC 14): selection's rules one by one, bad input, set
 * validation's codes, and the public cases through the C API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "conformance_cases.h"
#include "fixture.h"
#include "otaplan.h"
#include "otaplan_json.h"

#include <stdlib.h>
#include <string.h>

#define T_2026_06_01 INT64_C(1780272000) /* 2026-06-01T00:00:00Z */

typedef struct set_fixture {
    fixture_plan plans[4];
    ota_compiled_plan *compiled[4];
    uint32_t count;
    ota_plan_set *set;
} set_fixture;

/* Silent plans of product "lamp" (fixture_silent: components wifi 1.0 ->
 * 2.0 full, mcu 1.0 -> 1.1 delta), with the given names and priorities. */
static void build(set_fixture *s, uint32_t count, const char *const *names,
                  const int32_t *priorities, void (*change)(fixture_plan *f, uint32_t i))
{
    s->count = count;
    for (uint32_t i = 0; i < count; i++) {
        fixture_silent(&s->plans[i]);
        s->plans[i].plan.name = names[i];
        s->plans[i].plan.priority = priorities[i];
        if (change)
            change(&s->plans[i], i);
        assert_int_equal(ota_plan_compile(&s->plans[i].plan, NULL, &s->compiled[i], NULL), OTA_OK);
    }
    assert_int_equal(
        ota_plan_set_new((const ota_compiled_plan *const *)s->compiled, count, NULL, &s->set),
        OTA_OK);
}

static void release(set_fixture *s)
{
    ota_plan_set_free(s->set);
    for (uint32_t i = 0; i < s->count; i++)
        ota_compiled_plan_free(s->compiled[i]);
}

static const ota_device_version old_versions[] = {{"wifi", "1.0"}, {"mcu", "1.0"}};

static ota_device lamp(void)
{
    ota_device d = OTA_DEVICE_INIT;
    d.id = "lamp-1";
    d.product = "lamp-1";
    d.versions = old_versions;
    d.version_count = 2;
    return d;
}

static int32_t select_device(const ota_plan_set *set, const ota_device *d,
                             const ota_plan_state *states, uint32_t count, ota_selection *out,
                             ota_candidate *others, uint32_t capacity)
{
    ota_set_device sd = OTA_SET_DEVICE_INIT;
    sd.device = d;
    sd.states = states;
    sd.state_count = count;
    ota_selection_init(out, OTA_SELECTION_VERSION);
    out->others = others;
    out->other_capacity = capacity;
    return ota_plan_set_select(set, &sd, T_2026_06_01, NULL, out);
}

static void precedence_priority_then_start_then_name(void **state)
{
    (void)state;
    set_fixture s;
    static const char *const names[] = {"b", "a", "c"};
    static const int32_t priorities[] = {0, 0, 5};
    build(&s, 3, names, priorities, NULL);
    uint32_t index;
    /* c first (priority 5); a and b start together: the name decides. */
    assert_int_equal(ota_plan_set_ranked(s.set, 0, &index), OTA_OK);
    assert_int_equal(index, 2);
    assert_int_equal(ota_plan_set_ranked(s.set, 1, &index), OTA_OK);
    assert_int_equal(index, 1);
    assert_int_equal(ota_plan_set_ranked(s.set, 2, &index), OTA_OK);
    assert_int_equal(index, 0);
    assert_int_equal(ota_plan_set_ranked(s.set, 3, &index), OTA_ERR_INDEX);
    ota_device d = lamp();
    ota_selection sel;
    ota_candidate others[4];
    assert_int_equal(select_device(s.set, &d, NULL, 0, &sel, others, 4), OTA_OK);
    assert_int_equal(sel.plan, 2);
    assert_int_equal(sel.eligibility.reason, OTA_REASON_OK);
    assert_int_equal(sel.candidate_count, 3);
    assert_int_equal(sel.other_count, 2);
    assert_int_equal(others[0].plan, 1);
    assert_int_equal(others[0].outranked_by, 2);
    assert_int_equal(others[1].plan, 0);
    release(&s);
}

static void later_start(fixture_plan *f, uint32_t i)
{
    /* plan 1 activated later: it is the newer plan */
    if (i == 1)
        f->plan.activated_at = INT64_C(1772323200); /* 2026-03-01 */
}

static void newer_plan_wins_a_tie_of_priority(void **state)
{
    (void)state;
    set_fixture s;
    static const char *const names[] = {"a", "z"};
    static const int32_t priorities[] = {0, 0};
    build(&s, 2, names, priorities, later_start);
    uint32_t index;
    assert_int_equal(ota_plan_set_ranked(s.set, 0, &index), OTA_OK);
    assert_int_equal(index, 1);
    release(&s);
}

static void an_upgrade_is_never_switched(void **state)
{
    (void)state;
    set_fixture s;
    static const char *const names[] = {"first", "second"};
    static const int32_t priorities[] = {1, 0};
    build(&s, 2, names, priorities, NULL);
    ota_device d = lamp();
    /* upgrading in the second plan: in_progress there is live, and it
     * governs although the first comes first. */
    ota_plan_state states[] = {OTA_PLAN_STATE_INIT(1)};
    states[0].state = OTA_DEVICE_UPGRADING;
    ota_selection sel;
    ota_candidate others[2];
    assert_int_equal(select_device(s.set, &d, states, 1, &sel, others, 2), OTA_OK);
    assert_int_equal(sel.plan, 1);
    assert_int_equal(sel.eligibility.reason, OTA_REASON_IN_PROGRESS);
    assert_int_equal(sel.other_count, 1);
    assert_int_equal(others[0].plan, 0);
    assert_int_equal(others[0].reason, OTA_REASON_OK);
    assert_int_equal(others[0].outranked_by, 1);
    release(&s);
}

static void suspended(fixture_plan *f, uint32_t i)
{
    if (i == 0)
        f->plan.state = OTA_PLAN_SUSPENDED;
}

static void a_plan_that_waits_holds_back_the_rest(void **state)
{
    (void)state;
    set_fixture s;
    static const char *const names[] = {"release", "older"};
    static const int32_t priorities[] = {1, 0};
    build(&s, 2, names, priorities, suspended);
    ota_device d = lamp();
    ota_selection sel;
    ota_candidate others[2];
    assert_int_equal(select_device(s.set, &d, NULL, 0, &sel, others, 2), OTA_OK);
    assert_int_equal(sel.plan, 0);
    assert_int_equal(sel.eligibility.reason, OTA_REASON_PLAN_SUSPENDED);
    assert_int_equal(sel.push.status, OTA_PUSH_NEVER);
    assert_int_equal(others[0].outranked_by, 0);
    release(&s);
}

static void whitelist_one(fixture_plan *f, uint32_t i)
{
    static const char *const hotfix[] = {"lamp-2"};
    static const char *const barred[] = {"lamp-1"};
    if (i == 0) {
        f->plan.whitelist = hotfix;
        f->plan.whitelist_count = 1;
    } else {
        f->plan.blacklist = barred;
        f->plan.blacklist_count = 1;
    }
}

static void no_plan_and_the_plans_that_do_not_target(void **state)
{
    (void)state;
    set_fixture s;
    static const char *const names[] = {"hotfix", "fleet"};
    static const int32_t priorities[] = {0, 0};
    build(&s, 2, names, priorities, whitelist_one);
    ota_device d = lamp(); /* not in the hotfix's whitelist, in the fleet's blacklist */
    ota_selection sel;
    ota_candidate others[2];
    assert_int_equal(select_device(s.set, &d, NULL, 0, &sel, others, 2), OTA_OK);
    assert_int_equal(sel.plan, -1);
    assert_int_equal(sel.candidate_count, 0);
    assert_int_equal(sel.eligibility.reason, OTA_REASON_NO_PLAN);
    assert_int_equal(ota_reason_kind(sel.eligibility.reason), OTA_KIND_FINAL);
    assert_int_equal(sel.push.reason, OTA_REASON_NO_PLAN);
    d.id = "lamp-2";
    assert_int_equal(select_device(s.set, &d, NULL, 0, &sel, others, 2), OTA_OK);
    assert_int_equal(sel.candidate_count, 2);
    d.product = "other-product";
    assert_int_equal(select_device(s.set, &d, NULL, 0, &sel, others, 2), OTA_OK);
    assert_int_equal(sel.candidate_count, 0);
    /* final everywhere: no_plan, and the candidates listed without
     * outranked_by */
    d.product = "lamp-1";
    ota_plan_state done[] = {OTA_PLAN_STATE_INIT(0), OTA_PLAN_STATE_INIT(1)};
    done[0].state = done[1].state = OTA_DEVICE_SUCCEEDED;
    assert_int_equal(select_device(s.set, &d, done, 2, &sel, others, 2), OTA_OK);
    assert_int_equal(sel.plan, -1);
    assert_int_equal(sel.other_count, 2);
    assert_int_equal(others[0].reason, OTA_REASON_ALREADY_SUCCEEDED);
    assert_int_equal(others[0].outranked_by, -1);
    release(&s);
}

static void a_small_array_holds_the_first_others(void **state)
{
    (void)state;
    set_fixture s;
    static const char *const names[] = {"a", "b", "c", "d"};
    static const int32_t priorities[] = {0, 0, 0, 0};
    build(&s, 4, names, priorities, NULL);
    ota_device d = lamp();
    /* upgrading in d (last in precedence): it governs; a, b, c are the
     * others, of which room for two */
    ota_plan_state states[] = {OTA_PLAN_STATE_INIT(3)};
    states[0].state = OTA_DEVICE_UPGRADING;
    ota_selection sel;
    ota_candidate others[2];
    assert_int_equal(select_device(s.set, &d, states, 1, &sel, others, 2), OTA_OK);
    assert_int_equal(sel.plan, 3);
    assert_int_equal(sel.candidate_count, 4);
    assert_int_equal(sel.other_count, 2);
    assert_int_equal(others[0].plan, 0);
    assert_int_equal(others[1].plan, 1);
    /* governing first: the spare fills the place it leaves */
    states[0].plan = 0;
    assert_int_equal(select_device(s.set, &d, states, 1, &sel, others, 2), OTA_OK);
    assert_int_equal(sel.plan, 0);
    assert_int_equal(sel.other_count, 2);
    assert_int_equal(others[0].plan, 1);
    assert_int_equal(others[1].plan, 2);
    assert_int_equal(select_device(s.set, &d, states, 1, &sel, NULL, 0), OTA_OK);
    assert_int_equal(sel.other_count, 0);
    assert_int_equal(sel.candidate_count, 4);
    release(&s);
}

static void bad_input_is_an_error(void **state)
{
    (void)state;
    set_fixture s;
    static const char *const names[] = {"a", "b"};
    static const int32_t priorities[] = {0, 0};
    build(&s, 2, names, priorities, NULL);
    ota_device d = lamp();
    ota_selection sel;
    ota_candidate others[2];
    ota_plan_state states[] = {OTA_PLAN_STATE_INIT(1), OTA_PLAN_STATE_INIT(0)};
    assert_int_equal(select_device(s.set, &d, states, 2, &sel, others, 2),
                     OTA_ERR_INVALID_DEVICE); /* unsorted */
    states[0].plan = 0;
    states[1].plan = 0;
    assert_int_equal(select_device(s.set, &d, states, 2, &sel, others, 2),
                     OTA_ERR_INVALID_DEVICE); /* twice */
    states[1].plan = 7;
    assert_int_equal(select_device(s.set, &d, states, 2, &sel, others, 2), OTA_ERR_INDEX);
    states[1].plan = 1;
    states[1].state = OTA_DEVICE_REFUSED; /* without state_at */
    assert_int_equal(select_device(s.set, &d, states, 2, &sel, others, 2), OTA_ERR_INVALID_DEVICE);
    d.state = OTA_DEVICE_SUCCEEDED; /* a state of its own */
    assert_int_equal(select_device(s.set, &d, NULL, 0, &sel, others, 2), OTA_ERR_INVALID_DEVICE);
    d = lamp();
    assert_int_equal(select_device(s.set, &d, states, 1, &sel, NULL, 2), OTA_ERR_ARGUMENT);
    assert_int_equal(select_device(NULL, &d, NULL, 0, &sel, others, 2), OTA_ERR_NULL);
    ota_selection untouched;
    ota_selection_init(&untouched, OTA_SELECTION_VERSION);
    untouched.version = 99;
    ota_set_device sd = OTA_SET_DEVICE_INIT;
    sd.device = &d;
    assert_int_equal(ota_plan_set_select(s.set, &sd, T_2026_06_01, NULL, &untouched),
                     OTA_ERR_STRUCT_VERSION);
    ota_selection_init(&sel, OTA_SELECTION_VERSION);
    assert_int_equal(ota_plan_set_select(s.set, &sd, INT64_C(0), NULL, &sel), OTA_ERR_RANGE);
    ota_eval_options bad_tick = OTA_EVAL_OPTIONS_INIT;
    bad_tick.tick_minutes = 7;
    assert_int_equal(ota_plan_set_select(s.set, &sd, T_2026_06_01, &bad_tick, &sel),
                     OTA_ERR_ARGUMENT);
    ota_plan_set *none = (ota_plan_set *)&sel;
    assert_int_equal(ota_plan_set_new(NULL, 1, NULL, &none), OTA_ERR_NULL);
    assert_null(none);
    assert_int_equal(ota_plan_set_new((const ota_compiled_plan *const *)s.compiled, 0, NULL, &none),
                     OTA_ERR_ARGUMENT);
    /* 100,001 plans: refused before anything is read */
    const ota_compiled_plan **many = calloc(OTA_MAX_SET_PLANS + 1, sizeof *many);
    assert_non_null(many);
    for (uint32_t i = 0; i <= OTA_MAX_SET_PLANS; i++)
        many[i] = s.compiled[0];
    assert_int_equal(ota_plan_set_new(many, OTA_MAX_SET_PLANS + 1, NULL, &none), OTA_ERR_ARGUMENT);
    many[5] = NULL;
    assert_int_equal(ota_plan_set_new(many, 10, NULL, &none), OTA_ERR_NULL);
    free(many);
    assert_int_equal(ota_plan_set_count(NULL), 0);
    assert_null(ota_plan_set_plan(s.set, 2));
    ota_plan_set_free(NULL);
    release(&s);
}

static void names_compare_trimmed_and_nfc(void **state)
{
    (void)state;
    set_fixture s;
    /* "é" precomposed in the set, decomposed (e + U+0301) in the lookup */
    static const char *const names[] = {"  caf\xc3\xa9 ", "tea"};
    static const int32_t priorities[] = {0, 0};
    build(&s, 2, names, priorities, NULL);
    uint32_t index = 9;
    assert_int_equal(ota_plan_set_find(s.set, "cafe\xcc\x81", &index), OTA_OK);
    assert_int_equal(index, 0);
    assert_int_equal(ota_plan_set_find(s.set, " tea\t", &index), OTA_OK);
    assert_int_equal(index, 1);
    assert_int_equal(ota_plan_set_find(s.set, "coffee", &index), OTA_NO_MORE);
    assert_int_equal(ota_plan_set_find(s.set, "\xff", &index), OTA_NO_MORE);
    assert_string_equal(ota_compiled_plan_name(ota_plan_set_plan(s.set, 0)), "caf\xc3\xa9");
    /* two plans of one name make no set */
    ota_plan_set *twice = NULL;
    const ota_compiled_plan *same[] = {s.compiled[0], s.compiled[0]};
    assert_int_equal(ota_plan_set_new(same, 2, NULL, &twice), OTA_ERR_ARGUMENT);
    assert_null(twice);
    release(&s);
}

static void set_validation_codes(void **state)
{
    (void)state;
    fixture_plan a, b, c;
    fixture_silent(&a);
    fixture_silent(&b);
    fixture_silent(&c);
    a.plan.name = "Release";
    b.plan.name = " Release";
    c.plan.name = "Rollback";
    /* c takes wifi from 2.0 back to 1.0, and a's full wifi takes any
     * version but 2.0 to 2.0: a cycle */
    c.components[0].target_version = "1.0";
    c.components[0].specified_versions = "2.0";
    const ota_plan *plans[] = {&a.plan, &b.plan, &c.plan};
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_set_validate(plans, 3, NULL, &list), OTA_OK);
    assert_true(fixture_has(list, OTA_CODE_NAME_DUPLICATE, "plans[1].name"));
    assert_true(fixture_has(list, OTA_CODE_UPGRADE_CYCLE, "plans[2].components[0]"));
    assert_false(fixture_has(list, OTA_CODE_UPGRADE_CYCLE, "plans[1].components[0]"));
    assert_int_equal(ota_diagnostics_error_count(list), 1);
    ota_diagnostics_free(list);
    /* terminated or apart in time: no cycle */
    c.plan.state = OTA_PLAN_TERMINATED;
    assert_int_equal(ota_plan_set_validate(plans, 3, NULL, &list), OTA_OK);
    assert_false(fixture_has(list, OTA_CODE_UPGRADE_CYCLE, "plans[2].components[0]"));
    ota_diagnostics_free(list);
    /* a plan's own diagnostics are under plans[i] */
    c.plan.state = OTA_PLAN_ACTIVE;
    c.plan.retry_count = 99;
    assert_int_equal(ota_plan_set_validate(plans, 3, NULL, &list), OTA_OK);
    assert_true(fixture_has(list, OTA_CODE_RETRY_OUT_OF_RANGE, "plans[2].strategy.retry_count"));
    ota_diagnostics_free(list);
    assert_int_equal(ota_plan_set_validate(plans, 0, NULL, &list), OTA_ERR_ARGUMENT);
    assert_int_equal(ota_plan_set_check_between(plans, 3, NULL, NULL), OTA_ERR_NULL);
    fixture_assert_family_asserted(FIXTURE_FAMILY_SET);
}

/* The public cases through libotaplan-json and the C API: each case's set
 * read plan by plan, each device read and selected, the line written. */
static int select_case(const json_t *c)
{
    ota_json_set *set = NULL;
    assert_int_equal(ota_json_set_new(&set), OTA_OK);
    size_t i;
    json_t *plan;
    json_array_foreach(json_object_get(c, "plans"), i, plan)
    {
        char *text = json_dumps(plan, 0);
        ota_json_error error = OTA_JSON_ERROR_INIT;
        assert_int_equal(ota_json_set_add(set, text, strlen(text), &error), OTA_OK);
        free(text);
    }
    assert_int_equal(ota_json_set_compile(set, NULL, NULL), OTA_OK);
    int64_t now;
    assert_int_equal(ota_json_parse_instant(json_string_value(json_object_get(c, "now")), &now), 0);
    ota_eval_options options = OTA_EVAL_OPTIONS_INIT;
    options.tick_minutes = (int32_t)json_integer_value(json_object_get(c, "tick"));
    ota_json_device_reader *reader = ota_json_device_reader_new();
    int differences = 0;
    json_t *device;
    json_array_foreach(json_object_get(c, "fleet"), i, device)
    {
        char *text = json_dumps(device, 0);
        const ota_set_device *d = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        assert_int_equal(
            ota_json_set_device_read(reader, ota_json_set_get(set), text, strlen(text), &d, &error),
            OTA_OK);
        ota_candidate others[16];
        ota_selection sel = OTA_SELECTION_INIT;
        sel.others = others;
        sel.other_capacity = 16;
        assert_int_equal(ota_plan_set_select(ota_json_set_get(set), d, now, &options, &sel),
                         OTA_OK);
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        ota_json_put_selection(&out, ota_json_set_get(set), d->device->id, &sel);
        json_t *got = json_loads(out.data, 0, NULL);
        json_t *expected = json_array_get(json_object_get(c, "expected"), i);
        static const char *const keys[] = {"id",         "plan", "eligible", "reason",
                                           "components", "push", "others"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            if (!json_equal(json_object_get(got, keys[k]), json_object_get(expected, keys[k]))) {
                print_message("%s: %s differs: %s\n", json_string_value(json_object_get(c, "case")),
                              keys[k], out.data);
                differences++;
                break;
            }
        json_decref(got);
        ota_json_buffer_free(&out);
        free(text);
    }
    ota_json_device_reader_free(reader);
    ota_json_set_free(set);
    return differences;
}

static void every_select_case(void **state)
{
    (void)state;
    json_t *cases = conformance_load("select.jsonl");
    assert_non_null(cases);
    assert_int_equal(json_array_size(cases), 150);
    size_t i, devices = 0;
    int differences = 0;
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        differences += select_case(c);
        devices += json_array_size(json_object_get(c, "fleet"));
    }
    assert_int_equal(devices, 923);
    assert_int_equal(differences, 0);
    json_decref(cases);
}

static void every_set_validate_case(void **state)
{
    (void)state;
    json_t *cases = conformance_load("set-validate.jsonl");
    assert_non_null(cases);
    assert_int_equal(json_array_size(cases), 80);
    size_t i;
    json_t *c;
    int differences = 0;
    json_array_foreach(cases, i, c)
    {
        ota_json_set *set = NULL;
        assert_int_equal(ota_json_set_new(&set), OTA_OK);
        size_t p;
        json_t *plan;
        json_array_foreach(json_object_get(c, "plans"), p, plan)
        {
            char *text = json_dumps(plan, 0);
            ota_json_error error = OTA_JSON_ERROR_INIT;
            assert_int_equal(ota_json_set_add(set, text, strlen(text), &error), OTA_OK);
            free(text);
        }
        ota_diagnostics *list = NULL;
        assert_int_equal(ota_json_set_validate(set, NULL, &list), OTA_OK);
        /* as multisets: each expected one found and taken once */
        json_t *expected = json_object_get(c, "expected");
        uint32_t count = ota_diagnostics_count(list), set_codes = 0;
        unsigned char *taken = calloc(count + 1, 1);
        for (uint32_t k = 0; k < count; k++) {
            ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
            ota_diagnostics_get(list, k, &d);
            set_codes += d.code == OTA_CODE_NAME_DUPLICATE || d.code == OTA_CODE_UPGRADE_CYCLE;
        }
        size_t e;
        json_t *want;
        json_array_foreach(expected, e, want)
        {
            int found = 0;
            for (uint32_t k = 0; k < count && !found; k++) {
                ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
                ota_diagnostics_get(list, k, &d);
                found = !taken[k] &&
                        strcmp(ota_code_name(d.code),
                               json_string_value(json_object_get(want, "code"))) == 0 &&
                        strcmp(d.path, json_string_value(json_object_get(want, "path"))) == 0;
                if (found)
                    taken[k] = 1;
            }
            differences += !found;
        }
        differences += set_codes != json_array_size(expected);
        free(taken);
        ota_diagnostics_free(list);
        ota_json_set_free(set);
    }
    assert_int_equal(differences, 0);
    json_decref(cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(precedence_priority_then_start_then_name),
        cmocka_unit_test(newer_plan_wins_a_tie_of_priority),
        cmocka_unit_test(an_upgrade_is_never_switched),
        cmocka_unit_test(a_plan_that_waits_holds_back_the_rest),
        cmocka_unit_test(no_plan_and_the_plans_that_do_not_target),
        cmocka_unit_test(a_small_array_holds_the_first_others),
        cmocka_unit_test(bad_input_is_an_error),
        cmocka_unit_test(names_compare_trimmed_and_nfc),
        cmocka_unit_test(every_select_case),
        cmocka_unit_test(every_set_validate_case),
        cmocka_unit_test(set_validation_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
