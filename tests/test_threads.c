/* SPEC 10: one compiled plan evaluated by many threads at once gives the
 * answers of a single-threaded run.  Run under ThreadSanitizer by
 * scripts/test.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

enum { THREADS = 4, DEVICES = 4000, ROUNDS = 5 };

typedef struct shared {
    const ota_compiled_plan *plan;
    ota_device devices[DEVICES];
    int64_t now[DEVICES];
    ota_push_result expected_push[DEVICES];
    ota_eligibility expected_eligibility[DEVICES];
    int mismatches[THREADS];
} shared;

typedef struct worker {
    shared *s;
    int index;
} worker;

static void evaluate(const shared *s, int i, ota_push_result *push, ota_eligibility *e)
{
    ota_eval_options options;
    ota_eval_options_init(&options, OTA_EVAL_OPTIONS_VERSION);
    options.tick_minutes = (i % 4) * 5;
    ota_push_result_init(push, OTA_PUSH_RESULT_VERSION);
    ota_eligibility_init(e, OTA_ELIGIBILITY_VERSION);
    assert_int_equal(ota_next_push_time(s->plan, &s->devices[i], s->now[i], &options, push),
                     OTA_OK);
    assert_int_equal(ota_device_eligible(s->plan, &s->devices[i], s->now[i], e), OTA_OK);
}

static void *run(void *argument)
{
    worker *w = argument;
    shared *s = w->s;
    for (int round = 0; round < ROUNDS; round++) {
        /* Each thread walks the devices from a different place. */
        for (int k = 0; k < DEVICES; k++) {
            int i = (k + w->index * DEVICES / THREADS) % DEVICES;
            ota_push_result push = OTA_PUSH_RESULT_INIT;
            ota_eligibility e = OTA_ELIGIBILITY_INIT;
            evaluate(s, i, &push, &e);
            if (memcmp(&push, &s->expected_push[i], sizeof push) != 0 ||
                memcmp(&e, &s->expected_eligibility[i], sizeof e) != 0)
                s->mismatches[w->index]++;
        }
    }
    return NULL;
}

static void threads_agree_with_one_thread(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    f.plan.timezone = "America/New_York";
    f.plan.start = "2026-01-01T00:00";
    f.plan.end = "2031-01-01T00:00";
    f.push_window = (ota_window){22, 3};
    static const char *const black[] = {"dev-7", "dev-70", "dev-700"};
    f.plan.blacklist = black;
    f.plan.blacklist_count = 3;
    ota_compiled_plan *plan = fixture_compile(&f.plan);
    shared *s = calloc(1, sizeof *s);
    s->plan = plan;
    static char ids[DEVICES][16];
    static ota_device_version versions[DEVICES][2];
    srand(7);
    for (int i = 0; i < DEVICES; i++) {
        ota_device *d = &s->devices[i];
        ota_device_init(d, OTA_DEVICE_STRUCT_VERSION);
        snprintf(ids[i], sizeof ids[i], "dev-%d", i);
        d->id = ids[i];
        d->product = "lamp-1";
        versions[i][0] = (ota_device_version){"wifi", i % 5 ? "1.0" : "2.0"};
        versions[i][1] = (ota_device_version){"mcu", i % 3 ? "1.0" : "0.1"};
        d->versions = versions[i];
        d->version_count = 2;
        /* Instants across five years, DST changes included. */
        s->now[i] = fixture_instant("2026-01-01T00:00:00Z") + (int64_t)rand() % (5 * 365 * 86400);
        if (i % 7 == 0) {
            d->state = OTA_DEVICE_REFUSED;
            d->state_at = s->now[i] - 600;
        }
        evaluate(s, i, &s->expected_push[i], &s->expected_eligibility[i]);
    }
    pthread_t threads[THREADS];
    worker workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t] = (worker){s, t};
        assert_int_equal(pthread_create(&threads[t], NULL, run, &workers[t]), 0);
    }
    for (int t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(s->mismatches[t], 0);
    free(s);
    ota_compiled_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_agree_with_one_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
