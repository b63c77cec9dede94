/* Plan sets (SPEC 14): selection's cost against the set's size, and the
 * cost of building and validating a large set.
 *
 * The sets: 10 plans (5 products, 2 fleet-wide plans each), and 10,000
 * plans (100 products; per product 2 fleet-wide plans and 98 whitelist
 * plans of 100 IDs).  Each device selected is covered by the 2 fleet-wide
 * plans of its product only; the baseline is ota_device_eligible() +
 * ota_next_push_time() of the governing plan for the same devices, in the
 * same run.  usage: bench_set */
#include "harness.h"
#include "otaplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { DEVICES = 4096 };

typedef struct plan_storage {
    ota_plan plan;
    ota_component component;
    ota_window window;
    char name[32];
    char product[16];
    const char **whitelist;
} plan_storage;

static char *ids_block; /* whitelist IDs, 16 bytes each */

static void plan_of(plan_storage *s, uint32_t product, uint32_t n, uint32_t listed)
{
    memset(s, 0, sizeof *s);
    ota_plan_init(&s->plan, OTA_PLAN_STRUCT_VERSION);
    snprintf(s->name, sizeof s->name, "plan %u/%u", product, n);
    snprintf(s->product, sizeof s->product, "prod-%u", product);
    s->plan.name = s->name;
    s->plan.product = s->product;
    s->plan.timezone = "Asia/Shanghai";
    s->plan.start = "2026-01-01T00:00";
    s->plan.end = "2026-12-31T00:00";
    s->plan.state = OTA_PLAN_ACTIVE;
    s->plan.mode = OTA_MODE_SILENT;
    s->window = (ota_window){1, 5, 0};
    s->plan.push_window = &s->window;
    s->plan.priority = n == 0 ? 1 : 0;
    s->component = (ota_component){.type = OTA_COMPONENT_MODULE,
                                   .method = OTA_METHOD_FULL,
                                   .id = "fw",
                                   .target_version = n < 2 ? "2.0" : "2.1"};
    s->plan.components = &s->component;
    s->plan.component_count = 1;
    if (listed) {
        s->whitelist = malloc(100 * sizeof *s->whitelist);
        for (uint32_t k = 0; k < 100; k++) {
            char *id = ids_block + ((size_t)(product * 98 + n - 2) * 100 + k) * 16;
            snprintf(id, 16, "wl-%u-%u-%u", product, n, k);
            s->whitelist[k] = id;
        }
        s->plan.whitelist = s->whitelist;
        s->plan.whitelist_count = 100;
    }
}

typedef struct bench_set {
    uint32_t count;
    plan_storage *storage;
    ota_compiled_plan **compiled;
    const ota_plan **plans;
    ota_plan_set *set;
} bench_set;

static void build(bench_set *b, uint32_t products, uint32_t per_product)
{
    b->count = products * per_product;
    b->storage = calloc(b->count, sizeof *b->storage);
    b->compiled = calloc(b->count, sizeof *b->compiled);
    b->plans = calloc(b->count, sizeof *b->plans);
    for (uint32_t p = 0; p < products; p++)
        for (uint32_t n = 0; n < per_product; n++) {
            uint32_t i = p * per_product + n;
            plan_of(&b->storage[i], p, n, n >= 2);
            b->plans[i] = &b->storage[i].plan;
            if (ota_plan_compile(b->plans[i], NULL, &b->compiled[i], NULL) != OTA_OK) {
                fprintf(stderr, "bench_set: plan %u does not compile\n", i);
                exit(1);
            }
        }
    if (ota_plan_set_new((const ota_compiled_plan *const *)b->compiled, b->count, NULL, &b->set) !=
        OTA_OK) {
        fprintf(stderr, "bench_set: the set does not build\n");
        exit(1);
    }
}

typedef struct devices {
    char ids[DEVICES][24];
    char products[DEVICES][16];
    ota_device_version version;
    ota_device device[DEVICES];
    ota_set_device set_device[DEVICES];
    const ota_compiled_plan *governing[DEVICES];
} devices;

static devices *devices_for(const bench_set *b, uint32_t products)
{
    devices *d = calloc(1, sizeof *d);
    d->version = (ota_device_version){"fw", "1.0"};
    uint64_t x = 88172645463325252u;
    for (uint32_t i = 0; i < DEVICES; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint32_t product = (uint32_t)(x % products);
        snprintf(d->ids[i], sizeof d->ids[i], "device-%08x", (unsigned)(x >> 20));
        snprintf(d->products[i], sizeof d->products[i], "prod-%u", product);
        ota_device_init(&d->device[i], OTA_DEVICE_STRUCT_VERSION);
        d->device[i].id = d->ids[i];
        d->device[i].product = d->products[i];
        d->device[i].versions = &d->version;
        d->device[i].version_count = 1;
        ota_set_device_init(&d->set_device[i], OTA_SET_DEVICE_VERSION);
        d->set_device[i].device = &d->device[i];
        d->governing[i] = b->compiled[product * (b->count / products)];
    }
    return d;
}

#define NOW INT64_C(1780272000) /* 2026-06-01T00:00:00Z */

typedef struct run {
    const ota_plan_set *set;
    devices *d;
} run;

static uint64_t select_op(void *context, size_t i)
{
    run *r = context;
    ota_candidate others[4];
    ota_selection s = OTA_SELECTION_INIT;
    s.others = others;
    s.other_capacity = 4;
    ota_plan_set_select(r->set, &r->d->set_device[i % DEVICES], NOW, NULL, &s);
    return (uint64_t)s.push.at + s.candidate_count;
}

static uint64_t single_plan_op(void *context, size_t i)
{
    run *r = context;
    size_t k = i % DEVICES;
    ota_eligibility e = OTA_ELIGIBILITY_INIT;
    ota_push_result p = OTA_PUSH_RESULT_INIT;
    ota_device_eligible(r->d->governing[k], &r->d->device[k], NOW, &e);
    ota_next_push_time(r->d->governing[k], &r->d->device[k], NOW, NULL, &p);
    return (uint64_t)p.at + (uint64_t)e.reason;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    ids_block = calloc((size_t)100 * 98 * 100, 16);
    bench_set small, large;
    build(&small, 5, 2);
    build(&large, 100, 100);
    devices *small_devices = devices_for(&small, 5), *large_devices = devices_for(&large, 100);
    int repetitions = bench_quick() ? 3 : 15;
    size_t batch = bench_quick() ? 20000 : 400000;
    bench_print_header("selection, a device covered by 2 plans (ns/op)");
    run single = {small.set, small_devices};
    bench_result base = bench_run(single_plan_op, &single, batch, repetitions);
    bench_print_row("eligible + next_push of the governing plan", base, NULL);
    run ten = {small.set, small_devices};
    bench_result r10 = bench_run(select_op, &ten, batch, repetitions);
    bench_print_row("select, 10 plans", r10, &base);
    run many = {large.set, large_devices};
    bench_result r10000 = bench_run(select_op, &many, batch, repetitions);
    bench_print_row("select, 10,000 plans", r10000, &base);
    printf("10,000 / 10 plans: %.2f (target <= 1.5); 10,000 plans / one plan's calls: %.2f "
           "(target <= 3)\n",
           r10000.median_ns / r10.median_ns, r10000.median_ns / base.median_ns);
    bench_emit("set_select_10", "median_ns", r10.median_ns);
    bench_emit("set_select_10000", "median_ns", r10000.median_ns);
    bench_emit("set_select_baseline", "median_ns", base.median_ns);

    int builds = bench_quick() ? 1 : 5;
    double build_ms[5], validate_ms[5];
    for (int k = 0; k < builds; k++) {
        ota_plan_set *set = NULL;
        double t = now_ms();
        ota_plan_set_new((const ota_compiled_plan *const *)large.compiled, large.count, NULL, &set);
        build_ms[k] = now_ms() - t;
        ota_plan_set_free(set);
    }
    int validations = bench_quick() ? 1 : 3;
    uint32_t warnings = 0;
    for (int k = 0; k < validations; k++) {
        ota_diagnostics *list = NULL;
        double t = now_ms();
        ota_plan_set_validate(large.plans, large.count, NULL, &list);
        validate_ms[k] = now_ms() - t;
        warnings = ota_diagnostics_count(list);
        ota_diagnostics_free(list);
    }
    qsort(build_ms, (size_t)builds, sizeof build_ms[0], compare_doubles);
    qsort(validate_ms, (size_t)validations, sizeof validate_ms[0], compare_doubles);
    printf("\n10,000-plan set (980,000 whitelisted IDs): ota_plan_set_new %.1f ms (median of %d; "
           "target <= 200), ota_plan_set_validate %.0f ms (median of %d, %u diagnostics; target "
           "<= 2000)\n",
           build_ms[builds / 2], builds, validate_ms[validations / 2], validations, warnings);
    bench_emit("set_build_10000", "median_ms", build_ms[builds / 2]);
    bench_emit("set_validate_10000", "median_ms", validate_ms[validations / 2]);
    printf("(sink %llu)\n", (unsigned long long)bench_sink_value());
    return 0;
}
