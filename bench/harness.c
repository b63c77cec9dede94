#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile uint64_t sink;

uint64_t bench_sink_value(void)
{
    return sink;
}

int bench_quick(void)
{
    const char *quick = getenv("OTAPLAN_BENCH_QUICK");
    return quick && strcmp(quick, "0") != 0;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

bench_result bench_run(uint64_t (*operation)(void *context, size_t i), void *context, size_t batch,
                       int repetitions)
{
    if (bench_quick()) {
        batch = batch / 100 + 1;
        repetitions = 3;
    }
    double *per_op = calloc((size_t)repetitions, sizeof *per_op);
    uint64_t total = 0;
    size_t i = 0;
    for (size_t k = 0; k < batch; k++) /* warm-up */
        total += operation(context, i++);
    for (int r = 0; r < repetitions; r++) {
        double start = now_ns();
        for (size_t k = 0; k < batch; k++)
            total += operation(context, i++);
        per_op[r] = (now_ns() - start) / (double)batch;
    }
    sink += total;
    qsort(per_op, (size_t)repetitions, sizeof *per_op, compare_doubles);
    bench_result result = {per_op[repetitions / 2], per_op[0], per_op[repetitions - 1]};
    free(per_op);
    return result;
}

void bench_print_header(const char *title)
{
    printf("\n## %s\n\n", title);
    printf("| case | median ns/op | min | max | ops/s | vs baseline |\n");
    printf("|---|---:|---:|---:|---:|---:|\n");
}

void bench_print_row(const char *name, bench_result r, const bench_result *baseline)
{
    char ratio[48] = "";
    if (baseline)
        snprintf(ratio, sizeof ratio, "%.1fx faster", baseline->median_ns / r.median_ns);
    printf("| %s | %.1f | %.1f | %.1f | %.3g | %s |\n", name, r.median_ns, r.min_ns, r.max_ns,
           1e9 / r.median_ns, ratio);
    fflush(stdout);
}
