/* ota_next_push_time against what a user would write with ICU alone:
 *   - naive: step tick by tick from T0, asking ICU for the local time
 *     (ucal_setMillis / ucal_get) until a tick lies inside the window;
 *   - transition walk: ICU's offset at T0 and its next transition
 *     (ucal_getTimeZoneTransitionDate), arithmetic inside each segment.
 * All three answer the same inputs (24 zones, random `now` over 2024-2040,
 * random windows); the answers are compared, not only timed.
 * usage: bench_push [--emit-cases FILE]   (FILE: the cases for bench/croner) */
#include "bench_zones.h"
#include "harness.h"
#include "otaplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

enum { ZONES = BENCH_ZONES, PLANS_PER_ZONE = 4, CASES = 4096, TICK = 10 };
#define START_2024 BENCH_START_2024
#define END_2040   BENCH_END_2040

typedef struct plan_slot {
    ota_compiled_plan *compiled;
    ota_window window;
    const char *zone;
    UCalendar *calendar; /* one per plan: this benchmark is single-threaded */
} plan_slot;

typedef struct bench_case {
    plan_slot *plan;
    int64_t now;
} bench_case;

typedef struct context {
    plan_slot plans[ZONES * PLANS_PER_ZONE];
    bench_case cases[CASES];
    ota_device device;
    ota_device_version version;
    ota_eval_options options;
    int64_t end;
} context;

static uint64_t rng = 88172645463325252u;
static uint64_t next_random(void)
{
    return bench_random(&rng);
}

static int inside(const ota_window *w, int32_t tod)
{
    if (w->start_hour < w->end_hour)
        return tod >= w->start_hour * 3600 && tod < w->end_hour * 3600;
    return tod >= w->start_hour * 3600 || tod < w->end_hour * 3600;
}

/* ------------------------------------------------------------ baselines */

static void local_clock(UCalendar *calendar, int64_t t, int *hour, int *minute, int *second)
{
    UErrorCode status = U_ZERO_ERROR;
    ucal_setMillis(calendar, (UDate)t * 1000.0, &status);
    *hour = ucal_get(calendar, UCAL_HOUR_OF_DAY, &status);
    *minute = ucal_get(calendar, UCAL_MINUTE, &status);
    *second = ucal_get(calendar, UCAL_SECOND, &status);
}

static int64_t naive_next(const plan_slot *p, int64_t from, int64_t end)
{
    int64_t t = from;
    while (t < end) {
        int hour, minute, second;
        local_clock(p->calendar, t, &hour, &minute, &second);
        if (second != 0 || minute % TICK != 0) { /* not on a tick: to the next one */
            t += (TICK - minute % TICK) * 60 - second;
            continue;
        }
        if (inside(&p->window, hour * 3600 + minute * 60))
            return t;
        t += TICK * 60;
    }
    return OTA_NO_INSTANT;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    int64_t m = a % b;
    return m < 0 ? m + b : m;
}

static int64_t walk_next(const plan_slot *p, int64_t from, int64_t end)
{
    int64_t t = from;
    UErrorCode status = U_ZERO_ERROR;
    while (t < end) {
        ucal_setMillis(p->calendar, (UDate)t * 1000.0, &status);
        int64_t offset = (ucal_get(p->calendar, UCAL_ZONE_OFFSET, &status) +
                          ucal_get(p->calendar, UCAL_DST_OFFSET, &status)) /
                         1000;
        UDate transition;
        int64_t segment_end = INT64_MAX;
        if (ucal_getTimeZoneTransitionDate(p->calendar, UCAL_TZ_TRANSITION_NEXT, &transition,
                                           &status))
            segment_end = (int64_t)(transition / 1000.0);
        int64_t local = t + offset;
        local += floor_mod(-local, TICK * 60);
        int64_t tod = floor_mod(local, 86400);
        if (!inside(&p->window, (int32_t)tod))
            local += floor_mod(p->window.start_hour * 3600 - tod, 86400);
        int64_t candidate = local - offset;
        if (candidate < segment_end)
            return candidate < end ? candidate : OTA_NO_INSTANT;
        t = segment_end;
    }
    return OTA_NO_INSTANT;
}

/* ----------------------------------------------------------- operations */

static uint64_t op_otaplan(void *c, size_t i)
{
    context *x = c;
    const bench_case *k = &x->cases[i % CASES];
    ota_push_result r = OTA_PUSH_RESULT_INIT;
    ota_next_push_time(k->plan->compiled, &x->device, k->now, &x->options, &r);
    return (uint64_t)r.at;
}

static uint64_t op_naive(void *c, size_t i)
{
    context *x = c;
    const bench_case *k = &x->cases[i % CASES];
    return (uint64_t)naive_next(k->plan, k->now, x->end);
}

static uint64_t op_walk(void *c, size_t i)
{
    context *x = c;
    const bench_case *k = &x->cases[i % CASES];
    return (uint64_t)walk_next(k->plan, k->now, x->end);
}

/* -------------------------------------------------------------- set-up */

static void build(context *x)
{
    static const ota_component component = {.type = OTA_COMPONENT_MODULE,
                                            .method = OTA_METHOD_FULL,
                                            .id = "fw",
                                            .target_version = "2.0"};
    for (int z = 0; z < ZONES; z++) {
        for (int k = 0; k < PLANS_PER_ZONE; k++) {
            plan_slot *slot = &x->plans[z * PLANS_PER_ZONE + k];
            int32_t h1 = (int32_t)(next_random() % 24), h2 = (int32_t)(1 + next_random() % 24);
            if (h1 == h2)
                h2 = h1 + 1;
            slot->window = (ota_window){h1, h2};
            slot->zone = bench_zones[z];
            ota_plan plan;
            ota_plan_init(&plan, OTA_PLAN_STRUCT_VERSION);
            plan.name = "bench";
            plan.product = "p";
            plan.timezone = bench_zones[z];
            plan.start = "2024-01-01T00:00";
            plan.end = "2041-01-01T00:00";
            plan.state = OTA_PLAN_ACTIVE;
            plan.mode = OTA_MODE_SILENT;
            plan.push_window = &slot->window;
            plan.components = &component;
            plan.component_count = 1;
            if (ota_plan_compile(&plan, NULL, &slot->compiled, NULL) != OTA_OK) {
                fprintf(stderr, "bench_push: cannot compile the %s plan\n", bench_zones[z]);
                exit(1);
            }
            UChar id[64];
            UErrorCode status = U_ZERO_ERROR;
            u_uastrcpy(id, bench_zones[z]);
            slot->calendar = ucal_open(id, -1, "en_US_POSIX", UCAL_GREGORIAN, &status);
        }
    }
    int64_t start, effective;
    ota_compiled_plan_period(x->plans[0].compiled, &start, &x->end, &effective);
    x->end = END_2040; /* every plan runs past it: one bound for all */
    for (int i = 0; i < CASES; i++) {
        x->cases[i].plan = &x->plans[next_random() % (ZONES * PLANS_PER_ZONE)];
        x->cases[i].now =
            START_2024 + (int64_t)(next_random() % (uint64_t)(END_2040 - START_2024 - 86400 * 3));
    }
    ota_device_init(&x->device, OTA_DEVICE_STRUCT_VERSION);
    x->device.id = "dev-1";
    x->device.product = "p";
    x->version = (ota_device_version){"fw", "1.0"};
    x->device.versions = &x->version;
    x->device.version_count = 1;
    ota_eval_options_init(&x->options, OTA_EVAL_OPTIONS_VERSION);
    x->options.tick_minutes = TICK;
}

/* The three must agree before their times mean anything. */
static int count_disagreements(context *x)
{
    int differ = 0;
    for (int i = 0; i < CASES; i++) {
        uint64_t ours = op_otaplan(x, (size_t)i);
        if (ours != op_naive(x, (size_t)i) || ours != op_walk(x, (size_t)i))
            differ++;
    }
    return differ;
}

static void emit_cases(const context *x, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fprintf(f, "[\n");
    for (int i = 0; i < CASES; i++) {
        const bench_case *k = &x->cases[i];
        ota_push_result r = OTA_PUSH_RESULT_INIT;
        ota_next_push_time(k->plan->compiled, &x->device, k->now, &x->options, &r);
        fprintf(f,
                "%s{\"zone\":\"%s\",\"start_hour\":%d,\"end_hour\":%d,\"from\":%lld,\"expected\":%"
                "lld}\n",
                i ? "," : "", k->plan->zone, k->plan->window.start_hour, k->plan->window.end_hour,
                (long long)k->now, (long long)r.at);
    }
    fprintf(f, "]\n");
    fclose(f);
}

int main(int argc, char **argv)
{
    context *x = calloc(1, sizeof *x);
    build(x);
    if (argc == 3 && strcmp(argv[1], "--emit-cases") == 0) {
        emit_cases(x, argv[2]);
        return 0;
    }
    int differ = count_disagreements(x);
    printf("ota_next_push_time: %d zones, %d cases, now uniform over 2024-2040, tick %d; "
           "answers differing between the three: %d\n",
           ZONES, CASES, TICK, differ);
    bench_print_header("ota_next_push_time (silent plan, random window)");
    bench_result naive = bench_run(op_naive, x, 2000, 11);
    bench_result walk = bench_run(op_walk, x, 20000, 11);
    bench_result ours = bench_run(op_otaplan, x, 2000000, 11);
    bench_print_row("naive ICU loop (tick by tick)", naive, NULL);
    bench_print_row("ICU transition walk", walk, &naive);
    bench_print_row("otaplan ota_next_push_time", ours, &naive);
    bench_emit("next_push", "median_ns", ours.median_ns);
    bench_emit("next_push_naive_icu", "median_ns", naive.median_ns);
    bench_emit("next_push_icu_walk", "median_ns", walk.median_ns);
    printf("\notaplan vs ICU transition walk: %.1fx faster\n", walk.median_ns / ours.median_ns);
    for (int i = 0; i < ZONES * PLANS_PER_ZONE; i++) {
        ota_compiled_plan_free(x->plans[i].compiled);
        ucal_close(x->plans[i].calendar);
    }
    free(x);
    return differ ? 1 : 0;
}
