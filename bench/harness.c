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
    /* A row slower than its baseline says so, rather than "0.8x faster". */
    if (baseline && r.median_ns <= baseline->median_ns)
        snprintf(ratio, sizeof ratio, "%.1fx faster", baseline->median_ns / r.median_ns);
    else if (baseline)
        snprintf(ratio, sizeof ratio, "%.2fx slower", r.median_ns / baseline->median_ns);
    printf("| %s | %.1f | %.1f | %.1f | %.3g | %s |\n", name, r.median_ns, r.min_ns, r.max_ns,
           1e9 / r.median_ns, ratio);
    fflush(stdout);
}

void bench_emit(const char *name, const char *key, double value)
{
    const char *path = getenv("OTAPLAN_BENCH_JSON");
    if (!path || !*path)
        return;
    FILE *out = fopen(path, "a");
    if (!out) {
        fprintf(stderr, "bench: cannot write %s\n", path);
        exit(2);
    }
    fprintf(out, "{\"name\": \"%s\", \"%s\": %.3f}\n", name, key, value);
    if (fclose(out) != 0) {
        fprintf(stderr, "bench: cannot write %s\n", path);
        exit(2);
    }
}

enum { LINE_WORDS = 8 }; /* 64-byte cache lines of uint64_t */

static uint64_t probe_state = 88172645463325252ull;
static uint64_t probe_random(void)
{
    probe_state ^= probe_state << 13;
    probe_state ^= probe_state >> 7;
    probe_state ^= probe_state << 17;
    return probe_state;
}

double bench_latency_probe_ns(size_t bytes)
{
    size_t lines = bytes / 64;
    uint64_t *buffer = aligned_alloc(64, lines * 64);
    uint32_t *order = malloc(lines * sizeof *order);
    if (!buffer || !order) {
        fprintf(stderr, "bench: out of memory for the probes\n");
        exit(2);
    }
    /* One random cycle through every line (Sattolo), so no prefetcher can
     * guess the next address and each load waits for the one before. */
    for (size_t i = 0; i < lines; i++)
        order[i] = (uint32_t)i;
    for (size_t i = lines - 1; i > 0; i--) {
        size_t j = probe_random() % i;
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < lines; i++)
        buffer[(size_t)order[i] * LINE_WORDS] = order[(i + 1) % lines];
    free(order);
    size_t steps = bench_quick() ? 100000 : 4000000;
    double runs[5];
    uint64_t at = 0;
    for (int r = 0; r < 5; r++) {
        double start = now_ns();
        for (size_t s = 0; s < steps; s++)
            at = buffer[at * LINE_WORDS];
        runs[r] = (now_ns() - start) / (double)steps;
    }
    sink += at;
    free(buffer);
    qsort(runs, 5, sizeof runs[0], compare_doubles);
    return runs[2];
}

double bench_throughput_probe_ns(size_t bytes)
{
    size_t lines = bytes / 64;
    uint64_t *buffer = aligned_alloc(64, lines * 64);
    if (!buffer) {
        fprintf(stderr, "bench: out of memory for the probes\n");
        exit(2);
    }
    for (size_t i = 0; i < lines; i++)
        buffer[i * LINE_WORDS] = i;
    size_t steps = bench_quick() ? 100000 : 16000000;
    double runs[5];
    uint64_t total = 0;
    for (int r = 0; r < 5; r++) {
        uint64_t x = probe_random() | 1;
        double start = now_ns();
        /* The addresses come from arithmetic, not from loads: every load is
         * independent of the others. */
        for (size_t s = 0; s < steps; s++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            total += buffer[(x % lines) * LINE_WORDS];
        }
        runs[r] = (now_ns() - start) / (double)steps;
    }
    sink += total;
    free(buffer);
    qsort(runs, 5, sizeof runs[0], compare_doubles);
    return runs[2];
}
