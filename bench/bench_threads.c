/* Evaluation throughput with 1 and 2 threads sharing one compiled plan:
 * each thread runs ota_device_eligible + ota_next_push_time over its own
 * slice of devices for a fixed number of calls; the figure is calls per
 * second over the wall time, median of 7 runs. */
#include "harness.h"
#include "otaplan.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { DEVICES = 1 << 14 };

typedef struct shared {
    ota_compiled_plan *plan;
    ota_device devices[DEVICES];
    ota_device_version versions[DEVICES];
    char ids[DEVICES][16];
    int64_t now[DEVICES];
    long calls_per_thread;
} shared;

typedef struct worker {
    shared *s;
    int index;
    uint64_t sum;
} worker;

static void *run(void *argument)
{
    worker *w = argument;
    ota_eval_options options;
    ota_eval_options_init(&options, OTA_EVAL_OPTIONS_VERSION);
    uint64_t sum = 0;
    for (long k = 0; k < w->s->calls_per_thread; k++) {
        int i = (int)((k * 7 + w->index * (DEVICES / 2)) % DEVICES);
        ota_eligibility e = OTA_ELIGIBILITY_INIT;
        ota_push_result r = OTA_PUSH_RESULT_INIT;
        ota_device_eligible(w->s->plan, &w->s->devices[i], w->s->now[i], &e);
        ota_next_push_time(w->s->plan, &w->s->devices[i], w->s->now[i], &options, &r);
        sum += (uint64_t)r.at + (uint64_t)e.reason;
    }
    w->sum = sum;
    return NULL;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double throughput(shared *s, int threads)
{
    double rates[7];
    for (int r = 0; r < 7; r++) {
        pthread_t ids[2];
        worker workers[2];
        double start = seconds_now();
        for (int t = 0; t < threads; t++) {
            workers[t] = (worker){s, t, 0};
            pthread_create(&ids[t], NULL, run, &workers[t]);
        }
        for (int t = 0; t < threads; t++)
            pthread_join(ids[t], NULL);
        rates[r] = (double)s->calls_per_thread * threads / (seconds_now() - start);
    }
    qsort(rates, 7, sizeof *rates, compare_doubles);
    return rates[3];
}

int main(void)
{
    static const ota_component component = {.type = OTA_COMPONENT_MODULE,
                                            .method = OTA_METHOD_FULL,
                                            .id = "fw",
                                            .target_version = "2.0"};
    ota_window window = {22, 3};
    ota_plan plan;
    ota_plan_init(&plan, OTA_PLAN_STRUCT_VERSION);
    plan.name = "bench";
    plan.product = "p";
    plan.timezone = "America/New_York";
    plan.start = "2026-01-01T00:00";
    plan.end = "2031-01-01T00:00";
    plan.state = OTA_PLAN_ACTIVE;
    plan.mode = OTA_MODE_SILENT;
    plan.push_window = &window;
    plan.components = &component;
    plan.component_count = 1;
    shared *s = calloc(1, sizeof *s);
    if (ota_plan_compile(&plan, NULL, &s->plan, NULL) != OTA_OK)
        return 1;
    srand(1);
    for (int i = 0; i < DEVICES; i++) {
        ota_device_init(&s->devices[i], OTA_DEVICE_STRUCT_VERSION);
        snprintf(s->ids[i], sizeof s->ids[i], "dev-%d", i);
        s->devices[i].id = s->ids[i];
        s->devices[i].product = "p";
        s->versions[i] = (ota_device_version){"fw", "1.0"};
        s->devices[i].versions = &s->versions[i];
        s->devices[i].version_count = 1;
        s->now[i] = 1767225600 + (int64_t)rand() % (4 * 365 * 86400);
    }
    s->calls_per_thread = bench_quick() ? 20000 : 4000000;
    double one = throughput(s, 1), two = throughput(s, 2);
    printf(
        "\n## Evaluation throughput, one shared compiled plan (eligible + next push per call)\n\n");
    printf("| threads | calls/s (median of 7) | speed-up |\n|---|---:|---:|\n");
    printf("| 1 | %.3g | 1.00x |\n| 2 | %.3g | %.2fx |\n", one, two, two / one);
    bench_emit("threads_2_ratio", "ratio", two / one);
    ota_compiled_plan_free(s->plan);
    free(s);
    return 0;
}
