/* The device lists of a plan with 0 to 1,000,000 IDs in each of the two
 * lists, hits and misses:
 *   - the list lookup alone, otaplan's table (one probe answers both lists)
 *     against the obvious alternatives, a linear scan and a binary search
 *     over a sorted array (each asked about the whitelist only, which
 *     favours them: otaplan answers for both lists);
 *   - the whole ota_device_eligible call, which the target is about;
 *   - ota_plan_compile with the two lists. */
#include "compiled.h"
#include "harness.h"
#include "otaplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { PROBES = 1 << 16 };

typedef struct context {
    ota_compiled_plan *compiled;
    const char **whitelist; /* in plan order */
    const char **sorted;
    uint32_t count;
    const char *probes[PROBES];
    ota_device device;
    ota_device_version version;
    int64_t now;
} context;

static uint64_t rng = 2463534242u;
static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t op_otaplan(void *c, size_t i)
{
    context *x = c;
    x->device.id = x->probes[i % PROBES];
    ota_eligibility r = OTA_ELIGIBILITY_INIT;
    ota_device_eligible(x->compiled, &x->device, x->now, &r);
    return (uint64_t)r.reason;
}

enum { BATCH = 256 };

/* Batch i's devices: BATCH copies of the context's device with the next
 * probe IDs, as a server's freshly parsed records would be. */
static const ota_device *const *batch_devices(context *x, size_t i)
{
    static ota_device devices[BATCH];
    static const ota_device *pointers[BATCH];
    size_t base = (i * BATCH) % PROBES;
    for (size_t k = 0; k < BATCH; k++) {
        devices[k] = x->device;
        devices[k].id = x->probes[(base + k) % PROBES];
        pointers[k] = &devices[k];
    }
    return pointers;
}

/* One call evaluates BATCH devices; the harness's "operation" is one batch,
 * divided back to per device when printed. */
static uint64_t op_batch(void *c, size_t i)
{
    context *x = c;
    static ota_eligibility out[BATCH];
    static ota_eligibility *out_pointers[BATCH];
    const ota_device *const *device_pointers = batch_devices(x, i);
    for (size_t k = 0; k < BATCH; k++) {
        out[k].version = OTA_ELIGIBILITY_VERSION;
        out_pointers[k] = &out[k];
    }
    ota_device_eligible_many(x->compiled, device_pointers, BATCH, x->now, out_pointers, NULL);
    return (uint64_t)out[BATCH - 1].reason;
}

static uint64_t op_next_push(void *c, size_t i)
{
    context *x = c;
    x->device.id = x->probes[i % PROBES];
    ota_push_result r = OTA_PUSH_RESULT_INIT;
    ota_next_push_time(x->compiled, &x->device, x->now, NULL, &r);
    return (uint64_t)r.at;
}

static uint64_t op_next_push_batch(void *c, size_t i)
{
    context *x = c;
    static ota_push_result out[BATCH];
    static ota_push_result *out_pointers[BATCH];
    const ota_device *const *device_pointers = batch_devices(x, i);
    for (size_t k = 0; k < BATCH; k++) {
        out[k].version = OTA_PUSH_RESULT_VERSION;
        out_pointers[k] = &out[k];
    }
    ota_next_push_time_many(x->compiled, device_pointers, BATCH, x->now, NULL, out_pointers, NULL);
    return (uint64_t)out[BATCH - 1].at;
}

/* The part of every call that is not the lists: the device's own check
 * (ota_device_check(), which ota_device_eligible() runs first). */
static uint64_t op_device_check(void *c, size_t i)
{
    context *x = c;
    x->device.id = x->probes[i % PROBES];
    return (uint64_t)ota_device_check(&x->device, NULL);
}

static uint64_t op_table(void *c, size_t i)
{
    context *x = c;
    const char *id = x->probes[i % PROBES];
    size_t length = strlen(id);
    return ota__idset_lists_of(&x->compiled->devices, id, length, ota__idset_hash(id, length));
}

static uint64_t op_linear(void *c, size_t i)
{
    context *x = c;
    const char *id = x->probes[i % PROBES];
    for (uint32_t k = 0; k < x->count; k++)
        if (strcmp(x->whitelist[k], id) == 0)
            return 1;
    return 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static uint64_t op_bsearch(void *c, size_t i)
{
    context *x = c;
    const char *id = x->probes[i % PROBES];
    return bsearch(&id, x->sorted, x->count, sizeof *x->sorted, compare_strings) != NULL;
}

static char *make_ids(uint32_t count, const char *prefix, const char ***out)
{
    char *storage = malloc((size_t)count * 24 + 1);
    const char **ids = malloc(((size_t)count + 1) * sizeof *ids);
    for (uint32_t i = 0; i < count; i++) {
        /* IDs as platforms issue them: a prefix and a hex serial. */
        snprintf(storage + (size_t)i * 24, 24, "%s%012llx", prefix,
                 (unsigned long long)(next_random() & 0xffffffffffffull));
        ids[i] = storage + (size_t)i * 24;
    }
    *out = ids;
    return storage;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double median_of_three(const double runs[3])
{
    double a = runs[0], b = runs[1], c = runs[2];
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

/* The benchmarks' plan: one component and the two lists. */
static ota_plan plan_with(const char **black, uint32_t black_count, const char **white,
                          uint32_t white_count)
{
    static const ota_component component = {.type = OTA_COMPONENT_MODULE,
                                            .method = OTA_METHOD_FULL,
                                            .id = "fw",
                                            .target_version = "2.0"};
    ota_plan plan;
    ota_plan_init(&plan, OTA_PLAN_STRUCT_VERSION);
    plan.name = "bench";
    plan.product = "p";
    plan.timezone = "Europe/Berlin";
    plan.start = "2026-01-01T00:00";
    plan.end = "2027-01-01T00:00";
    plan.state = OTA_PLAN_ACTIVE;
    plan.mode = OTA_MODE_SILENT;
    plan.components = &component;
    plan.component_count = 1;
    plan.blacklist = black;
    plan.blacklist_count = black_count;
    plan.whitelist = white;
    plan.whitelist_count = white_count;
    return plan;
}

static ota_compiled_plan *compile_with(const char **black, uint32_t black_count, const char **white,
                                       uint32_t white_count, double *seconds)
{
    ota_plan plan = plan_with(black, black_count, white, white_count);
    ota_compiled_plan *compiled = NULL;
    double start = seconds_now();
    if (ota_plan_compile(&plan, NULL, &compiled, NULL) != OTA_OK) {
        fprintf(stderr, "bench_eligible: the plan does not compile\n");
        exit(1);
    }
    *seconds = seconds_now() - start;
    return compiled;
}

/* ota_plan_validate with the two lists, the median of three runs, in s. */
static double validate_with(const char **black, uint32_t black_count, const char **white,
                            uint32_t white_count)
{
    ota_plan plan = plan_with(black, black_count, white, white_count);
    double runs[3];
    for (int r = 0; r < 3; r++) {
        ota_diagnostics *list = NULL;
        double start = seconds_now();
        if (ota_plan_validate(&plan, NULL, &list) != OTA_OK) {
            fprintf(stderr, "bench_eligible: validation failed\n");
            exit(1);
        }
        runs[r] = seconds_now() - start;
        ota_diagnostics_free(list);
    }
    return median_of_three(runs);
}

/* ota_plan_compile with the two lists, the median of three runs, in s. */
static double compile_median(const char **black, uint32_t black_count, const char **white,
                             uint32_t white_count)
{
    double runs[3];
    for (int r = 0; r < 3; r++)
        ota_compiled_plan_free(compile_with(black, black_count, white, white_count, &runs[r]));
    return median_of_three(runs);
}

static void run_size(uint32_t count)
{
    context *x = calloc(1, sizeof *x);
    char *white_storage = make_ids(count, "dev-", &x->whitelist);
    const char **black;
    char *black_storage = make_ids(count, "blk-", &black);
    x->count = count;
    double seconds;
    x->compiled = compile_with(black, count, x->whitelist, count, &seconds);
    x->sorted = malloc(((size_t)count + 1) * sizeof *x->sorted);
    memcpy(x->sorted, x->whitelist, (size_t)count * sizeof *x->sorted);
    qsort(x->sorted, count, sizeof *x->sorted, compare_strings);
    ota_device_init(&x->device, OTA_DEVICE_STRUCT_VERSION);
    x->device.product = "p";
    x->version = (ota_device_version){"fw", "1.0"};
    x->device.versions = &x->version;
    x->device.version_count = 1;
    x->now = 1780000000; /* 2026-05-28 */
    char title[96];
    snprintf(title, sizeof title, "ota_device_eligible, two lists of %u IDs", count);
    bench_print_header(title);
    char *miss_storage = malloc((size_t)PROBES * 24);
    for (int hit = 1; hit >= 0; hit--) {
        for (int i = 0; i < PROBES; i++) {
            if (hit && count) {
                /* A copy in a compact buffer, as a server's parsed device
                 * records would be: the probe's own bytes are not the
                 * subject here. */
                snprintf(miss_storage + (size_t)i * 24, 24, "%s",
                         x->whitelist[next_random() % count]);
                x->probes[i] = miss_storage + (size_t)i * 24;
            } else {
                snprintf(miss_storage + (size_t)i * 24, 24, "dev-%012llx",
                         (unsigned long long)(next_random() & 0xffffffffffffull) | 1ull << 47);
                x->probes[i] = miss_storage + (size_t)i * 24;
            }
        }
        if (hit && count == 0)
            continue;
        const char *what = hit ? "hit" : "miss";
        char name[80];
        bench_result linear = {0}, search = {0};
        int with_linear = count <= 100000;
        if (count > 0) {
            if (with_linear) {
                linear = bench_run(op_linear, x, count >= 100000 ? 20 : 20000, 7);
                snprintf(name, sizeof name, "lookup: linear scan, %s", what);
                bench_print_row(name, linear, NULL);
            }
            search = bench_run(op_bsearch, x, 200000, 11);
            snprintf(name, sizeof name, "lookup: sorted array + bsearch, %s", what);
            bench_print_row(name, search, with_linear ? &linear : NULL);
            bench_result table = bench_run(op_table, x, 1000000, 11);
            snprintf(name, sizeof name, "lookup: otaplan table (both lists), %s", what);
            bench_print_row(name, table, &search);
            if (count == 1000000 && hit)
                bench_emit("lookup_1m_hit", "median_ns", table.median_ns);
        }
        bench_result check = bench_run(op_device_check, x, 1000000, 11);
        snprintf(name, sizeof name, "ota_device_check alone (part of every call), %s", what);
        bench_print_row(name, check, NULL);
        bench_result ours = bench_run(op_otaplan, x, 1000000, 11);
        snprintf(name, sizeof name, "ota_device_eligible, whole call, %s", what);
        bench_print_row(name, ours, NULL);
        bench_result batch = bench_run(op_batch, x, 4000, 11);
        batch.median_ns /= BATCH;
        batch.min_ns /= BATCH;
        batch.max_ns /= BATCH;
        snprintf(name, sizeof name, "ota_device_eligible_many, batches of %d, per device, %s",
                 BATCH, what);
        bench_print_row(name, batch, &ours);
        bench_result push = bench_run(op_next_push, x, 1000000, 11);
        snprintf(name, sizeof name, "ota_next_push_time, whole call, %s", what);
        bench_print_row(name, push, NULL);
        bench_result push_batch = bench_run(op_next_push_batch, x, 4000, 11);
        push_batch.median_ns /= BATCH;
        push_batch.min_ns /= BATCH;
        push_batch.max_ns /= BATCH;
        snprintf(name, sizeof name, "ota_next_push_time_many, batches of %d, per device, %s", BATCH,
                 what);
        bench_print_row(name, push_batch, &push);
        if (count == 1000000) {
            bench_emit(hit ? "next_push_1m_hit" : "next_push_1m_miss", "median_ns", push.median_ns);
            bench_emit(hit ? "next_push_batch_1m_hit" : "next_push_batch_1m_miss", "median_ns",
                       push_batch.median_ns);
            bench_emit(hit ? "eligible_1m_hit" : "eligible_1m_miss", "median_ns", ours.median_ns);
            bench_emit(hit ? "eligible_batch_1m_hit" : "eligible_batch_1m_miss", "median_ns",
                       batch.median_ns);
        }
    }
    if (count == 1000000) {
        /* The machine's limits over a buffer of the table's size, in the
         * same run as the figures above. */
        size_t table_bytes = ((size_t)x->compiled->devices.mask + 1) * sizeof(idset_entry);
        double latency = bench_latency_probe_ns(table_bytes);
        double throughput = bench_throughput_probe_ns(table_bytes);
        printf("\nthe machine over %zu MiB (the table's size): one dependent random load %.1f ns, "
               "one independent random load %.1f ns\n",
               table_bytes >> 20, latency, throughput);
        printf("the device table: %zu bytes of entries, %zu bytes of arena\n", table_bytes,
               x->compiled->devices.arena_bytes);
        bench_emit("device_table_2x1m_bytes", "bytes", (double)table_bytes);
        bench_emit("device_arena_2x1m_bytes", "bytes", (double)x->compiled->devices.arena_bytes);
        bench_emit("latency_probe_ns", "median_ns", latency);
        bench_emit("throughput_probe_ns", "median_ns", throughput);
        double validate_ms = validate_with(black, count, x->whitelist, count) * 1e3;
        printf("ota_plan_validate with two lists of %u IDs: %.1f ms\n", count, validate_ms);
        seconds = compile_median(black, count, x->whitelist, count);
        bench_emit("compile_2x1m_ms", "median_ms", seconds * 1e3);
        bench_emit("validate_2x1m_ms", "median_ms", validate_ms);
    }
    printf("\nota_plan_compile with two lists of %u IDs: %.1f ms%s\n", count, seconds * 1e3,
           count == 1000000 ? " (median of 3)" : "");
    ota_compiled_plan_free(x->compiled);
    free(miss_storage);
    free(x->sorted);
    free(x->whitelist);
    free(black);
    free(white_storage);
    free(black_storage);
    free(x);
}

/* Compiles the plan with two lists of `count` IDs `times` times and prints
 * each time: a loop to run under a profiler (perf record). */
static void compile_only(uint32_t count, int times)
{
    const char **black, **white;
    char *black_storage = make_ids(count, "blk-", &black);
    char *white_storage = make_ids(count, "dev-", &white);
    for (int t = 0; t < times; t++) {
        double seconds;
        ota_compiled_plan_free(compile_with(black, count, white, count, &seconds));
        printf("ota_plan_compile with two lists of %u IDs: %.1f ms\n", count, seconds * 1e3);
    }
    free(black);
    free(white);
    free(black_storage);
    free(white_storage);
}

/* The list sizes to run: the arguments (bench_eligible 1000000), or all;
 * bench_eligible --compile 1000000 compiles five times and does nothing else. */
int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--compile") == 0) {
        compile_only((uint32_t)strtoul(argv[2], NULL, 10), 5);
        return 0;
    }
    uint32_t sizes[] = {0, 1000, 100000, 1000000};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        if (bench_quick() && sizes[i] > 1000)
            break;
        int wanted = argc < 2;
        for (int a = 1; a < argc; a++)
            wanted |= strtoul(argv[a], NULL, 10) == sizes[i];
        if (wanted)
            run_size(sizes[i]);
    }
    return bench_sink_value() == 42 ? 1 : 0;
}
