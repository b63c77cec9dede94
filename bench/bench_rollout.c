/* ota_next_push_time with rollout control (SPEC 11), side by side in one
 * process with the same plans without it: phases and three blackouts,
 * spread, and everything at once (weekdays too); and the bucket of one
 * device.  24 zones, random windows, `now` uniform over 2024-2040, a
 * device ID per case. */
#include "bench_zones.h"
#include "harness.h"
#include "otaplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ZONES = BENCH_ZONES, PLANS = ZONES * 4, CASES = 4096, KINDS = 4 };
#define START_2024 BENCH_START_2024
#define END_2040   BENCH_END_2040

enum { PLAIN, PHASES_AND_BLACKOUTS, SPREAD, EVERYTHING };
static const char *const kind_names[] = {"no rollout control (the baseline)",
                                         "3 phases and 3 blackouts", "spread",
                                         "spread, phases, 3 blackouts, weekdays"};

typedef struct context {
    ota_compiled_plan *plans[KINDS][PLANS];
    int plan_of[CASES];
    int64_t now[CASES];
    char ids[CASES][16];
    ota_device device;
    ota_device_version version;
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
    x->device.id = x->ids[k];
    ota_push_result r = OTA_PUSH_RESULT_INIT;
    ota_next_push_time(x->plans[x->kind][x->plan_of[k]], &x->device, x->now[k], NULL, &r);
    return (uint64_t)r.at;
}

static uint64_t op_bucket(void *c, size_t i)
{
    context *x = c;
    int32_t bucket;
    ota_rollout_bucket("smart-lock_v2", x->ids[i % CASES], &bucket, NULL);
    return (uint64_t)bucket;
}

static void build(context *x)
{
    static const ota_component component = {.type = OTA_COMPONENT_MODULE,
                                            .method = OTA_METHOD_FULL,
                                            .id = "fw",
                                            .target_version = "2.0"};
    /* Phases that take the whole fleet in during 2024 (so that every device
     * takes the whole path), blackouts of a few days in later years. */
    static const ota_rollout_phase phases[] = {
        {"2024-01-01T00:00", 100}, {"2024-03-01T00:00", 2500}, {"2024-06-01T00:00", 10000}};
    static const ota_blackout blackouts[] = {{"2027-02-05T00:00", "2027-02-13T00:00"},
                                             {"2031-10-01T00:00", "2031-10-08T00:00"},
                                             {"2036-12-24T00:00", "2036-12-27T00:00"}};
    for (int p = 0; p < PLANS; p++) {
        int32_t h1 = (int32_t)(next_random() % 24), h2 = (int32_t)(1 + next_random() % 24);
        if (h1 == h2)
            h2 = h1 + 1;
        for (int kind = 0; kind < KINDS; kind++) {
            ota_window window = {.start_hour = h1, .end_hour = h2};
            if (kind == EVERYTHING)
                window.weekdays = OTA_WEEKDAY_MON | OTA_WEEKDAY_TUE | OTA_WEEKDAY_WED |
                                  OTA_WEEKDAY_THU | OTA_WEEKDAY_FRI;
            ota_rollout rollout = {.spread = kind == SPREAD || kind == EVERYTHING};
            if (kind == PHASES_AND_BLACKOUTS || kind == EVERYTHING) {
                rollout.phases = phases;
                rollout.phase_count = 3;
            }
            ota_plan plan = OTA_PLAN_INIT;
            plan.name = "bench";
            plan.product = "smart-lock_v2";
            plan.timezone = bench_zones[p / 4];
            plan.start = "2024-01-01T00:00";
            plan.end = "2041-01-01T00:00";
            plan.state = OTA_PLAN_ACTIVE;
            plan.mode = OTA_MODE_SILENT;
            plan.push_window = &window;
            plan.components = &component;
            plan.component_count = 1;
            if (kind != PLAIN && kind != SPREAD) {
                plan.blackouts = blackouts;
                plan.blackout_count = 3;
            }
            if (kind != PLAIN)
                plan.rollout = &rollout;
            if (ota_plan_compile(&plan, NULL, &x->plans[kind][p], NULL) != OTA_OK) {
                fprintf(stderr, "bench_rollout: cannot compile a %s plan\n", bench_zones[p / 4]);
                exit(1);
            }
        }
    }
    for (int i = 0; i < CASES; i++) {
        x->plan_of[i] = (int)(next_random() % PLANS);
        x->now[i] = START_2024 + 86400 * 200 +
                    (int64_t)(next_random() % (uint64_t)(END_2040 - START_2024 - 86400 * 203));
        snprintf(x->ids[i], sizeof x->ids[i], "dev-%06d", (int)(next_random() % 1000000));
    }
    x->device = (ota_device)OTA_DEVICE_INIT;
    x->device.product = "smart-lock_v2";
    x->version = (ota_device_version){"fw", "1.0"};
    x->device.versions = &x->version;
    x->device.version_count = 1;
}

int main(void)
{
    context *x = calloc(1, sizeof *x);
    build(x);
    int quick = bench_quick();
    size_t batch = quick ? 20000 : 2000000;
    /* Every kind pushes every case: the work measured is a whole search. */
    for (x->kind = 0; x->kind < KINDS; x->kind++)
        for (size_t i = 0; i < CASES; i++)
            if ((int64_t)op_push(x, i) == INT64_MIN) {
                fprintf(stderr, "bench_rollout: a %s case does not push\n", kind_names[x->kind]);
                return 1;
            }
    bench_print_header("ota_next_push_time with rollout control (SPEC 11)");
    bench_result results[KINDS];
    for (x->kind = 0; x->kind < KINDS; x->kind++)
        results[x->kind] = bench_run(op_push, x, batch, 11);
    for (int kind = 0; kind < KINDS; kind++)
        bench_print_row(kind_names[kind], results[kind], kind ? &results[PLAIN] : NULL);
    bench_print_header("the bucket of one device (SPEC 11.1, XXH64 of salt:id)");
    bench_print_row("ota_rollout_bucket", bench_run(op_bucket, x, batch * 4, 11), NULL);
    for (int kind = 0; kind < KINDS; kind++)
        for (int p = 0; p < PLANS; p++)
            ota_compiled_plan_free(x->plans[kind][p]);
    free(x);
    printf("(sink %llu)\n", (unsigned long long)bench_sink_value());
    return 0;
}
