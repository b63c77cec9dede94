/* A small benchmark harness: each case runs in batches timed with
 * CLOCK_MONOTONIC; a repetition is one batch; the figure is the median
 * ns/op of the repetitions, with min and max.  Ratios compare cases measured
 * in the same process, one after the other. */
#ifndef OTA_BENCH_HARNESS_H
#define OTA_BENCH_HARNESS_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_result {
    double median_ns;
    double min_ns;
    double max_ns;
} bench_result;

/* Runs `operation(context, i)` for i = 0, 1, ... in `repetitions` batches
 * of `batch` operations each (after one warm-up batch) and returns the
 * per-operation figures.  The operation returns a value that is summed
 * into a sink so the compiler cannot drop it. */
bench_result bench_run(uint64_t (*operation)(void *context, size_t i), void *context, size_t batch,
                       int repetitions);

/* Prints a header, and one row per case: name, median, min, max ns/op,
 * operations per second, and the ratio baseline/this when `baseline` is
 * not NULL ("12.3x faster"). */
void bench_print_header(const char *title);
void bench_print_row(const char *name, bench_result r, const bench_result *baseline);

/* Repetitions and batch sizes scale down with OTAPLAN_BENCH_QUICK=1 (the
 * CI smoke run, which asserts nothing about time). */
int bench_quick(void);

uint64_t bench_sink_value(void);

/* Machine-readable figures (bench/run.sh --json): with OTAPLAN_BENCH_JSON
 * naming a file, appends {"name": NAME, KEY: VALUE} to it, KEY one of
 * "median_ns", "median_ms", "ratio", "bytes".  Without it, does nothing. */
void bench_emit(const char *name, const char *key, double value);

/* The machine's limits over a buffer of `bytes` (bench_eligible): the
 * latency of one dependent random load (pointer chasing over a random
 * cycle of cache lines) and the cost of one random load when loads are
 * independent (as many in flight as the core keeps), in ns. */
double bench_latency_probe_ns(size_t bytes);
double bench_throughput_probe_ns(size_t bytes);

#endif
