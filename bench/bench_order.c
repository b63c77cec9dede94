/* Version order (SPEC 13) on the evaluation path: ota_next_push_time and
 * ota_device_eligible on plans of two components, side by side in one
 * process: without an order (the baseline), and with version_order, a
 * min_version and a below_version on both components, in semver and in
 * natural order.  24 zones, random windows, `now` uniform over 2024-2040,
 * each case's device reporting versions that apply (so every rule runs).
 * usage: bench_order [KIND]   KIND 0, 1 or 2: run that kind's two calls
 * over the cases once each and print nothing, for callgrind's exact counts
 * (bench/RESULTS.md). */
#include "bench_zones.h"
#include "harness.h"
#include "otaplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ZONES = BENCH_ZONES, PLANS = ZONES * 4, CASES = 4096, KINDS = 3, VERSIONS = 4 };
#define START_2024 BENCH_START_2024
#define END_2040   BENCH_END_2040

enum { PLAIN, SEMVER, NATURAL };
static const char *const kind_names[] = {"no version order (the baseline)",
                                         "semver, min and below on both components",
                                         "natural, min and below on both components"};

/* Per kind: the components' target and bounds, and versions below the
 * target that each case's device reports. */
static const struct {
    int32_t order;
    const char *target, *min, *below;
    const char *reported[VERSIONS];
} kinds[KINDS] = {
    {OTA_ORDER_NONE, "2.0", NULL, NULL, {"1.0", "1.1", "0.9", "1.9"}},
    {OTA_ORDER_SEMVER, "2.4.0", "2.0.0", "3.0.0", {"2.0.0", "2.3.9", "2.4.0-rc.2", "2.3.1"}},
    {OTA_ORDER_NATURAL,
     "EC200UCNAAR03A06M08",
     "EC200UCNAAR03A01M08",
     "EC200UCNAAR04A01M08",
     {"EC200UCNAAR03A05M08", "EC200UCNAAR03A01M08", "EC200UCNAAR03A05M07", "EC200UCNAAR03A02M08"}},
};

typedef struct context {
    ota_compiled_plan *plans[KINDS][PLANS];
    int plan_of[CASES];
    int64_t now[CASES];
    ota_device devices[KINDS][VERSIONS];
    ota_device_version versions[KINDS][VERSIONS][2];
    int kind;
} context;

static uint64_t rng = 88172645463325252u;
static uint64_t next_random(void)
{
    return bench_random(&rng);
}

static uint64_t op_push(void *c, size_t i)
{
    context *x = c;
    size_t k = i % CASES;
    ota_push_result r = OTA_PUSH_RESULT_INIT;
    ota_next_push_time(x->plans[x->kind][x->plan_of[k]], &x->devices[x->kind][k % VERSIONS],
                       x->now[k], NULL, &r);
    return (uint64_t)r.at;
}

static uint64_t op_eligible(void *c, size_t i)
{
    context *x = c;
    size_t k = i % CASES;
    ota_eligibility r = OTA_ELIGIBILITY_INIT;
    ota_device_eligible(x->plans[x->kind][x->plan_of[k]], &x->devices[x->kind][k % VERSIONS],
                        x->now[k], &r);
    return (uint64_t)r.reason + r.components[1].reason;
}

static void build(context *x)
{
    for (int p = 0; p < PLANS; p++) {
        int32_t h1 = (int32_t)(next_random() % 24), h2 = (int32_t)(1 + next_random() % 24);
        if (h1 == h2)
            h2 = h1 + 1;
        for (int kind = 0; kind < KINDS; kind++) {
            ota_component components[2];
            for (int c = 0; c < 2; c++)
                components[c] = (ota_component){.type = OTA_COMPONENT_MODULE,
                                                .method = OTA_METHOD_FULL,
                                                .id = c ? "ble" : "fw",
                                                .target_version = kinds[kind].target,
                                                .version_order = kinds[kind].order,
                                                .min_version = kinds[kind].min,
                                                .below_version = kinds[kind].below};
            ota_window window = {.start_hour = h1, .end_hour = h2};
            ota_plan plan = OTA_PLAN_INIT;
            plan.name = "bench";
            plan.product = "p";
            plan.timezone = bench_zones[p / 4];
            plan.start = "2024-01-01T00:00";
            plan.end = "2041-01-01T00:00";
            plan.state = OTA_PLAN_ACTIVE;
            plan.mode = OTA_MODE_SILENT;
            plan.push_window = &window;
            plan.components = components;
            plan.component_count = 2;
            if (ota_plan_compile(&plan, NULL, &x->plans[kind][p], NULL) != OTA_OK) {
                fprintf(stderr, "bench_order: cannot compile a %s plan\n", kind_names[kind]);
                exit(1);
            }
        }
    }
    for (int i = 0; i < CASES; i++) {
        x->plan_of[i] = (int)(next_random() % PLANS);
        x->now[i] =
            START_2024 + (int64_t)(next_random() % (uint64_t)(END_2040 - START_2024 - 86400 * 3));
    }
    for (int kind = 0; kind < KINDS; kind++)
        for (int v = 0; v < VERSIONS; v++) {
            ota_device *d = &x->devices[kind][v];
            *d = (ota_device)OTA_DEVICE_INIT;
            d->id = "dev-1";
            d->product = "p";
            x->versions[kind][v][0] = (ota_device_version){"fw", kinds[kind].reported[v]};
            x->versions[kind][v][1] =
                (ota_device_version){"ble", kinds[kind].reported[(v + 1) % VERSIONS]};
            d->versions = x->versions[kind][v];
            d->version_count = 2;
        }
}

/* Every kind must push every case at the same instant, with both
 * components applying: the work measured is the same decision. */
static int check_answers(context *x)
{
    for (size_t i = 0; i < CASES; i++) {
        uint64_t at[KINDS];
        for (x->kind = 0; x->kind < KINDS; x->kind++) {
            at[x->kind] = op_push(x, i);
            ota_eligibility e = OTA_ELIGIBILITY_INIT;
            ota_device_eligible(x->plans[x->kind][x->plan_of[i]],
                                &x->devices[x->kind][i % VERSIONS], x->now[i], &e);
            if (!e.components[0].applies || !e.components[1].applies) {
                fprintf(stderr, "bench_order: a %s case: a component does not apply (%s)\n",
                        kind_names[x->kind], ota_reason_name(e.components[0].reason));
                return 1;
            }
        }
        if ((int64_t)at[0] == INT64_MIN || at[1] != at[0] || at[2] != at[0]) {
            fprintf(stderr, "bench_order: case %zu pushes differently by kind\n", i);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    context *x = calloc(1, sizeof *x);
    build(x);
    if (argc == 2) {
        x->kind = atoi(argv[1]) % KINDS;
        for (size_t i = 0; i < CASES; i++)
            op_push(x, i), op_eligible(x, i);
        return 0;
    }
    if (check_answers(x))
        return 1;
    size_t batch = bench_quick() ? 20000 : 2000000;
    static const struct {
        const char *title;
        uint64_t (*operation)(void *, size_t);
        const char *figure;
    } calls[] = {
        {"ota_next_push_time, two components (SPEC 13)", op_push, "next_push_order"},
        {"ota_device_eligible, two components (SPEC 13)", op_eligible, "eligible_order"},
    };
    for (size_t c = 0; c < 2; c++) {
        bench_print_header(calls[c].title);
        bench_result results[KINDS];
        for (x->kind = 0; x->kind < KINDS; x->kind++)
            results[x->kind] = bench_run(calls[c].operation, x, batch, 11);
        for (int kind = 0; kind < KINDS; kind++)
            bench_print_row(kind_names[kind], results[kind], kind ? &results[PLAIN] : NULL);
        char name[64];
        snprintf(name, sizeof name, "%s_semver_ratio", calls[c].figure);
        bench_emit(name, "ratio", results[SEMVER].median_ns / results[PLAIN].median_ns);
        snprintf(name, sizeof name, "%s_natural_ratio", calls[c].figure);
        bench_emit(name, "ratio", results[NATURAL].median_ns / results[PLAIN].median_ns);
    }
    for (int kind = 0; kind < KINDS; kind++)
        for (int p = 0; p < PLANS; p++)
            ota_compiled_plan_free(x->plans[kind][p]);
    free(x);
    printf("(sink %llu)\n", (unsigned long long)bench_sink_value());
    return 0;
}
