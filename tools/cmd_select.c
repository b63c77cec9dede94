/* otaplan select PLANS FLEET [--now T] [--tick N] [--json] [--jobs N]
 * Which plan of the set governs each device, and its answer (SPEC 14.3),
 * streamed as evaluate streams: batches of lines over --jobs threads, the
 * output in input order, memory flat. */
#include "canonical.h"
#include "cli.h"
#include "fleet.h"
#include "pipeline.h"
#include "plan_set.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REASON_SLOTS 32

typedef struct run {
    const ota_plan_set *set;
    int64_t now;
    ota_eval_options eval;
    int json;
    char (*hashes)[OTA_PLAN_HASH_SIZE]; /* --hash: each plan's, by index; else NULL */
} run;

typedef struct worker {
    const run *r;
    ota_json_device_reader *reader;
    ota_candidate *others; /* grows to the most candidates a device had */
    uint32_t capacity;
    unsigned long long devices, bad_lines, by_reason[REASON_SLOTS];
    unsigned long long out_of_memory_line; /* the first, or 0 */
} worker;

static void put_bad_line(worker *w, ota_json_buffer *out, unsigned long long line, const char *why)
{
    w->bad_lines++;
    fleet_put_bad_line(out, w->r->json, line, why);
}

static void put_table_row(const run *r, ota_json_buffer *out, const ota_set_device *d,
                          const ota_selection *s)
{
    char when[OTA_JSON_INSTANT_SIZE + 8] = "";
    if (s->push.status == OTA_PUSH_AT)
        ota_json_format_instant(s->push.at, when);
    else if (s->push.status == OTA_PUSH_NEVER)
        snprintf(when, sizeof when, "%s", ota_reason_name(s->push.reason));
    const ota_compiled_plan *plan =
        s->plan >= 0 ? ota_plan_set_plan(r->set, (uint32_t)s->plan) : NULL;
    cli_append_cell(out, d->device->id, 24);
    ota_json_put_cstr(out, " ");
    cli_append_cell(out, plan ? ota_compiled_plan_name(plan) : "-", 24);
    char row[160];
    snprintf(row, sizeof row, " %-3s %-24s %-20s %-24s %u\n",
             s->eligibility.reason == OTA_REASON_OK ? "yes" : "no",
             ota_reason_name(s->eligibility.reason), ota_push_status_name(s->push.status), when,
             s->candidate_count - (s->plan >= 0));
    ota_json_put_cstr(out, row);
}

/* Selects with room for every other candidate, growing the array once for
 * a device that has more than any before it. */
static int32_t select_all(worker *w, const ota_set_device *d, ota_selection *s)
{
    for (;;) {
        ota_selection_init(s, OTA_SELECTION_VERSION);
        s->others = w->others;
        s->other_capacity = w->capacity;
        int32_t status = ota_plan_set_select(w->r->set, d, w->r->now, &w->r->eval, s);
        if (status != OTA_OK || s->other_count + (s->plan >= 0) == s->candidate_count)
            return status;
        uint32_t capacity = s->candidate_count;
        ota_candidate *grown = realloc(w->others, capacity * sizeof *grown);
        if (!grown)
            return OTA_ERR_NOMEM;
        w->others = grown;
        w->capacity = capacity;
    }
}

static void select_line(void *context, const char *text, size_t length, unsigned long long number,
                        lines_status status, ota_json_buffer *out)
{
    worker *w = context;
    const run *r = w->r;
    const ota_set_device *device = NULL;
    char why[256];
    fleet_line_kind kind =
        fleet_read_set_line(w->reader, r->set, text, length, status, &device, why, sizeof why);
    if (kind == FLEET_BLANK)
        return;
    ota_selection selection;
    int32_t result = kind == FLEET_DEVICE ? select_all(w, device, &selection) : OTA_OK;
    if (kind == FLEET_NO_MEMORY || result == OTA_ERR_NOMEM) {
        /* The batch is lost: emit() ends the run with exit 2. */
        if (!w->out_of_memory_line)
            w->out_of_memory_line = number;
        out->failed = 1;
        return;
    }
    if (kind == FLEET_BAD) {
        put_bad_line(w, out, number, why);
        return;
    }
    if (result != OTA_OK) {
        put_bad_line(w, out, number, ota_strerror(result));
        return;
    }
    w->devices++;
    w->by_reason[selection.eligibility.reason % REASON_SLOTS]++;
    if (r->json) {
        ota_json_put_selection(out, r->set, device->device->id, &selection);
        if (r->hashes)
            cli_put_plan_hash(out, selection.plan >= 0 ? r->hashes[selection.plan] : NULL);
        ota_json_put(out, "\n", 1);
    } else {
        put_table_row(r, out, device, &selection);
    }
}

static void print_summary(unsigned long long devices, unsigned long long bad_lines,
                          const unsigned long long *by_reason)
{
    printf("\n%llu device%s selected", devices, devices == 1 ? "" : "s");
    if (bad_lines)
        printf(", %llu bad line%s", bad_lines, bad_lines == 1 ? "" : "s");
    printf("\n");
    for (int reason = 0; reason < REASON_SLOTS; reason++)
        if (by_reason[reason])
            printf("  %-26s %llu\n", ota_reason_name(reason), by_reason[reason]);
}

static int stream_fleet(const run *r, const char *path, int jobs)
{
    worker workers[PIPELINE_MAX_JOBS];
    void *contexts[PIPELINE_MAX_JOBS];
    int ready = 0;
    for (; ready < jobs; ready++) {
        workers[ready] = (worker){.r = r, .reader = ota_json_device_reader_new()};
        contexts[ready] = &workers[ready];
        if (!workers[ready].reader)
            break;
    }
    int status = EXIT_USAGE;
    int out_of_memory = 0;
    unsigned long long last = 0;
    if (ready < jobs) {
        fprintf(stderr, "otaplan select: out of memory\n");
    } else {
        if (!r->json)
            printf("%-24s %-24s %-3s %-24s %-20s %-24s %s\n", "DEVICE", "PLAN", "OK", "REASON",
                   "PUSH", "AT/WHY", "OTHERS");
        pipeline_job job = {select_line, contexts, jobs, fleet_emit, &out_of_memory};
        status = pipeline_run(path, &job, &last);
    }
    unsigned long long devices = 0, bad_lines = 0, by_reason[REASON_SLOTS] = {0};
    for (int i = 0; i < ready; i++) {
        unsigned long long line = workers[i].out_of_memory_line;
        if (line && (line < last || !out_of_memory))
            last = line;
        out_of_memory |= line != 0;
        devices += workers[i].devices;
        bad_lines += workers[i].bad_lines;
        for (int k = 0; k < REASON_SLOTS; k++)
            by_reason[k] += workers[i].by_reason[k];
        ota_json_device_reader_free(workers[i].reader);
        free(workers[i].others);
    }
    status = fleet_run_end(status, out_of_memory, last);
    if (status == 0) {
        if (!r->json)
            print_summary(devices, bad_lines, by_reason);
        status = bad_lines ? EXIT_INVALID : EXIT_VALID;
    }
    return status;
}

/* --hash: every plan's hash, by index, into r->hashes: 0, or EXIT_USAGE
 * after printing why. */
static int hash_plans(const char *path, const ota_json_set *set, run *r)
{
    uint32_t count = ota_json_set_count(set);
    r->hashes = malloc(count * sizeof *r->hashes);
    if (!r->hashes) {
        fprintf(stderr, "otaplan select: out of memory\n");
        return EXIT_USAGE;
    }
    for (uint32_t i = 0; i < count; i++)
        if (!cli_hash_or_say(path, ota_json_plan_get(ota_json_set_plan(set, i)), r->hashes[i]))
            return EXIT_USAGE;
    return 0;
}

int command_select(int argc, char **argv)
{
    static const char *const allowed[] = {"--now",  "--tick", "--json", "--strict",
                                          "--jobs", "--hash", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 2, "select", &options))
        return EXIT_USAGE;
    if (cli_check_one_stdin("select", &options, "fleet"))
        return EXIT_USAGE;
    int exit_status;
    ota_json_set *set = cli_compile_set(options.positional[0], &options, &exit_status);
    if (!set)
        return exit_status;
    run r = {.set = ota_json_set_get(set), .now = options.now, .json = options.json};
    ota_eval_options_init(&r.eval, OTA_EVAL_OPTIONS_VERSION);
    r.eval.tick_minutes = options.tick;
    exit_status = options.hash ? hash_plans(options.positional[0], set, &r) : 0;
    if (exit_status == 0)
        exit_status = stream_fleet(&r, options.positional[1], options.jobs);
    free(r.hashes);
    ota_json_set_free(set);
    return exit_status;
}
