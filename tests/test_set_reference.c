/* The indexed selection and set validation against the obvious ones
 * (SPEC 14.3, 14.4), on random sets: every plan evaluated, sorted by
 * precedence, the rules applied in order; every pair of plans compared.
 * Zero disagreements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "otaplan.h"
#include "slow_select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 100,000 selections over 20,000 random sets; 20,000 sets validated. */
enum { PLANS_MAX = 6, SETS = 20000, DEVICES_PER_SET = 5, IDS = 6 };

static const char *const ids[IDS] = {"d0", "d1", "d2", "d3", "d4", "d5"};
static const char *const products[] = {"p0", "p1"};
static const char *const versions[] = {"1.0", "2.0", "3.0"};
static const char *const starts[] = {"2030-01-01T00:00", "2030-01-05T00:00", "2030-01-09T00:00"};
static const char *const ends[] = {"2030-01-06T00:00", "2030-01-10T00:00", "2030-01-20T00:00"};
static const int32_t states[] = {OTA_PLAN_ACTIVE,    OTA_PLAN_ACTIVE, OTA_PLAN_ACTIVE,
                                 OTA_PLAN_SUSPENDED, OTA_PLAN_SAVED,  OTA_PLAN_TERMINATED};

static uint64_t seed = 0x9e3779b97f4a7c15u;
static uint32_t next(uint32_t n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (uint32_t)(seed % n);
}

typedef struct random_plan {
    ota_plan plan;
    ota_component component;
    char name[16];
    const char *white[IDS], *black[IDS];
    char specified[16];
} random_plan;

static void random_plan_of(random_plan *r, uint32_t i)
{
    memset(r, 0, sizeof *r);
    ota_plan_init(&r->plan, OTA_PLAN_STRUCT_VERSION);
    snprintf(r->name, sizeof r->name, "plan-%c%u", 'a' + next(3), i);
    r->plan.name = r->name;
    r->plan.product = products[next(2)];
    r->plan.timezone = "UTC";
    uint32_t s = next(3);
    r->plan.start = starts[s];
    r->plan.end = ends[s + next(3 - s)];
    r->plan.state = states[next(6)];
    r->plan.mode = OTA_MODE_SILENT;
    r->plan.priority = (int32_t)next(3) - 1;
    if (next(3) == 0)
        r->plan.activated_at = INT64_C(1893456000) + (int64_t)next(8) * 86400; /* 2030-01-01 + */
    r->plan.retry_count = (int32_t)next(2);
    for (uint32_t k = 0; k < IDS; k++) {
        if (next(4) == 0)
            r->black[r->plan.blacklist_count++] = ids[k];
        else if (next(3) == 0)
            r->white[r->plan.whitelist_count++] = ids[k];
    }
    if (next(2))
        r->plan.whitelist_count = 0;
    r->plan.blacklist = r->black;
    r->plan.whitelist = r->white;
    r->component = (ota_component){.type = OTA_COMPONENT_MODULE, .id = "fw"};
    uint32_t target = next(3);
    r->component.target_version = versions[target];
    if (next(3) == 0) {
        r->component.method = OTA_METHOD_DELTA;
        r->component.source_version = versions[(target + 1 + next(2)) % 3];
    } else {
        r->component.method = OTA_METHOD_FULL;
        if (next(2)) {
            snprintf(r->specified, sizeof r->specified, "%s", versions[(target + 1 + next(2)) % 3]);
            r->component.specified_versions = r->specified;
        }
    }
    r->plan.components = &r->component;
    r->plan.component_count = 1;
}

static void selection_agrees_with_the_reference(void **state)
{
    (void)state;
    static const int32_t device_states[] = {OTA_DEVICE_IDLE,           OTA_DEVICE_UPGRADING,
                                            OTA_DEVICE_USER_CONFIRMED, OTA_DEVICE_SUCCEEDED,
                                            OTA_DEVICE_FAILED,         OTA_DEVICE_REFUSED};
    uint64_t compared = 0, disagreements = 0, governed = 0;
    for (uint32_t s = 0; s < SETS; s++) {
        random_plan plans[PLANS_MAX];
        ota_compiled_plan *compiled[PLANS_MAX];
        uint32_t count = 1 + next(PLANS_MAX);
        for (uint32_t i = 0; i < count; i++) {
            random_plan_of(&plans[i], i);
            assert_int_equal(ota_plan_compile(&plans[i].plan, NULL, &compiled[i], NULL), OTA_OK);
        }
        ota_plan_set *set = NULL;
        assert_int_equal(
            ota_plan_set_new((const ota_compiled_plan *const *)compiled, count, NULL, &set),
            OTA_OK);
        for (uint32_t n = 0; n < DEVICES_PER_SET; n++) {
            ota_device_version reported = {"fw", versions[next(3)]};
            ota_device d = OTA_DEVICE_INIT;
            d.id = ids[next(IDS)];
            d.product = products[next(2)];
            d.versions = &reported;
            d.version_count = 1;
            ota_plan_state plan_states[PLANS_MAX];
            uint32_t state_count = 0;
            for (uint32_t i = 0; i < count; i++) {
                if (next(2))
                    continue;
                ota_plan_state ps = OTA_PLAN_STATE_INIT(i);
                ps.state = device_states[next(6)];
                ps.state_at = INT64_C(1893456000) + (int64_t)next(20) * 43200;
                ps.failed_attempts = (int32_t)next(3);
                plan_states[state_count++] = ps;
            }
            ota_set_device sd = OTA_SET_DEVICE_INIT;
            sd.device = &d;
            sd.states = plan_states;
            sd.state_count = state_count;
            int64_t now = INT64_C(1893456000) + (int64_t)next(24) * 86400;
            const ota_plan *written[PLANS_MAX];
            for (uint32_t i = 0; i < count; i++)
                written[i] = &plans[i].plan;
            slow_selection want;
            assert_int_equal(slow_select(written, (const ota_compiled_plan *const *)compiled, count,
                                         &sd, now, &want),
                             OTA_OK);
            ota_candidate others[PLANS_MAX];
            ota_selection got = OTA_SELECTION_INIT;
            got.others = others;
            got.other_capacity = PLANS_MAX;
            assert_int_equal(ota_plan_set_select(set, &sd, now, NULL, &got), OTA_OK);
            int same = slow_selection_agrees(
                &want, &got, (const ota_compiled_plan *const *)compiled, &sd, now, NULL);
            governed += want.plan >= 0;
            if (!same && disagreements++ < 5)
                print_message("set %u device %u: plan %d, reference %d\n", s, n, got.plan,
                              want.plan);
            compared++;
        }
        ota_plan_set_free(set);
        for (uint32_t i = 0; i < count; i++)
            ota_compiled_plan_free(compiled[i]);
    }
    print_message("%llu selections compared, %llu governed by a plan\n",
                  (unsigned long long)compared, (unsigned long long)governed);
    assert_int_equal(compared, (uint64_t)SETS * DEVICES_PER_SET);
    assert_true(governed > compared / 10);
    assert_int_equal(disagreements, 0);
}

/* The component of plan p applies to a device of that product on
 * `version` (the component rule alone: an active, open, unlimited copy). */
static int applies(const ota_compiled_plan *p, const char *version)
{
    ota_device_version reported = {"fw", version};
    ota_device d = OTA_DEVICE_INIT;
    d.id = "nobody";
    d.product = ota_compiled_plan_product(p);
    d.versions = &reported;
    d.version_count = 1;
    ota_eligibility e = OTA_ELIGIBILITY_INIT;
    ota_device_eligible(p, &d, INT64_C(1893456000), &e);
    return e.components[0].applies;
}

static int can_meet(const ota_plan *a, const ota_plan *b)
{
    if (a->whitelist_count == 0 && b->whitelist_count == 0)
        return 1;
    for (uint32_t k = 0; k < IDS; k++) {
        const char *id = ids[k];
        if (slow_listed(a->blacklist, a->blacklist_count, id) ||
            slow_listed(b->blacklist, b->blacklist_count, id))
            continue;
        if ((a->whitelist_count == 0 || slow_listed(a->whitelist, a->whitelist_count, id)) &&
            (b->whitelist_count == 0 || slow_listed(b->whitelist, b->whitelist_count, id)))
            return 1;
    }
    return 0;
}

static void upgrade_cycles_agree_with_all_pairs(void **state)
{
    (void)state;
    uint64_t disagreements = 0, cycles = 0;
    for (uint32_t s = 0; s < SETS; s++) {
        random_plan plans[PLANS_MAX];
        ota_compiled_plan *compiled[PLANS_MAX];
        const ota_plan *pointers[PLANS_MAX];
        uint32_t count = 2 + next(PLANS_MAX - 1);
        for (uint32_t i = 0; i < count; i++) {
            random_plan_of(&plans[i], i);
            plans[i].plan.activated_at = OTA_NO_INSTANT; /* before now or not: any */
            pointers[i] = &plans[i].plan;
            assert_int_equal(ota_plan_compile(&plans[i].plan, NULL, &compiled[i], NULL), OTA_OK);
        }
        uint32_t expected[PLANS_MAX] = {0};
        for (uint32_t j = 0; j < count; j++)
            for (uint32_t i = 0; i < j; i++) {
                const ota_plan *pi = pointers[i], *pj = pointers[j];
                int64_t si, ei, sj, ej, fi, fj;
                ota_compiled_plan_period(compiled[i], &si, &ei, &fi);
                ota_compiled_plan_period(compiled[j], &sj, &ej, &fj);
                int runs = pi->state != OTA_PLAN_TERMINATED && pi->state != OTA_PLAN_ENDED &&
                           pj->state != OTA_PLAN_TERMINATED && pj->state != OTA_PLAN_ENDED;
                int overlap = (fi > fj ? fi : fj) < (ei < ej ? ei : ej);
                const char *ti = pi->components[0].target_version;
                const char *tj = pj->components[0].target_version;
                if (runs && overlap && strcmp(pi->product, pj->product) == 0 && can_meet(pi, pj) &&
                    strcmp(ti, tj) != 0 && applies(compiled[j], ti) && applies(compiled[i], tj))
                    expected[j]++;
            }
        ota_diagnostics *list = NULL;
        assert_int_equal(ota_plan_set_validate(pointers, count, NULL, &list), OTA_OK);
        uint32_t got[PLANS_MAX] = {0};
        for (uint32_t k = 0; k < ota_diagnostics_count(list); k++) {
            ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
            ota_diagnostics_get(list, k, &d);
            unsigned j;
            if (d.code == OTA_CODE_UPGRADE_CYCLE &&
                sscanf(d.path, "plans[%u].components[0]", &j) == 1 && j < PLANS_MAX)
                got[j]++;
        }
        for (uint32_t j = 0; j < count; j++) {
            cycles += expected[j];
            if (got[j] != expected[j] && disagreements++ < 5)
                print_message("set %u plan %u: %u cycles, the pairs say %u\n", s, j, got[j],
                              expected[j]);
        }
        /* From the built set's own index: the same warnings, in order. */
        ota_plan_set *set = NULL;
        assert_int_equal(
            ota_plan_set_new((const ota_compiled_plan *const *)compiled, count, NULL, &set),
            OTA_OK);
        ota_diagnostics *from_set = NULL;
        assert_int_equal(ota_diagnostics_new(NULL, &from_set), OTA_OK);
        assert_int_equal(ota_plan_set_check_cycles(set, from_set), OTA_OK);
        uint32_t n = 0;
        for (uint32_t k = 0; k < ota_diagnostics_count(list); k++) {
            ota_diagnostic d = OTA_DIAGNOSTIC_INIT, e = OTA_DIAGNOSTIC_INIT;
            ota_diagnostics_get(list, k, &d);
            if (d.code != OTA_CODE_UPGRADE_CYCLE)
                continue;
            if ((ota_diagnostics_get(from_set, n++, &e) != OTA_OK || e.code != d.code ||
                 strcmp(e.path, d.path) != 0 || strcmp(e.message, d.message) != 0) &&
                disagreements++ < 5)
                print_message("set %u: cycle %u differs from the set's own\n", s, n - 1);
        }
        if (n != ota_diagnostics_count(from_set) && disagreements++ < 5)
            print_message("set %u: %u cycles, the set's own check %u\n", s, n,
                          ota_diagnostics_count(from_set));
        ota_diagnostics_free(from_set);
        ota_plan_set_free(set);
        ota_diagnostics_free(list);
        for (uint32_t i = 0; i < count; i++)
            ota_compiled_plan_free(compiled[i]);
    }
    print_message("%llu cycles in %d random sets\n", (unsigned long long)cycles, SETS);
    assert_true(cycles > 100);
    assert_int_equal(disagreements, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(selection_agrees_with_the_reference),
        cmocka_unit_test(upgrade_cycles_agree_with_all_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
