/* otaplan evaluate PLAN FLEET [--now T] [--tick N] [--json] [--jobs N]
 * The fleet is streamed a batch of lines at a time, evaluated by --jobs
 * threads on one compiled plan, and written in input order: memory does
 * not grow with the fleet, and the output is that of one job. */
#include "canonical.h"
#include "cli.h"
#include "fleet.h"
#include "pipeline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REASON_SLOTS 32

typedef struct counters {
    unsigned long long by_reason[REASON_SLOTS];
    unsigned long long devices;
    unsigned long long bad_lines;
    /* SPEC 11.6: devices that finished an attempt, and those that failed */
    uint64_t attempted, failed;
} counters;

/* What every worker reads. */
typedef struct run {
    const ota_json_plan *plan;
    const ota_compiled_plan *compiled;
    int64_t now;
    ota_eval_options eval;
    int json;
    const char *hash; /* --hash: the plan's, else NULL */
} run;

typedef struct worker {
    const run *r;
    ota_json_device_reader *reader;
    counters c;
    unsigned long long out_of_memory_line; /* the first, or 0 */
} worker;

static void put_bad_line(worker *w, ota_json_buffer *out, unsigned long long line, const char *why)
{
    w->c.bad_lines++;
    fleet_put_bad_line(out, w->r->json, line, why);
}

static void put_table_row(const run *r, ota_json_buffer *out, const ota_device *d,
                          const ota_eligibility *e, const ota_push_result *push)
{
    char when[OTA_JSON_INSTANT_SIZE + 8] = "";
    if (push->status == OTA_PUSH_AT)
        ota_json_format_instant(push->at, when);
    else if (push->status == OTA_PUSH_NEVER)
        snprintf(when, sizeof when, "%s", ota_reason_name(push->reason));
    char components[256] = "";
    size_t used = 0;
    const ota_plan *plan = ota_json_plan_get(r->plan);
    for (uint32_t i = 0; i < e->component_count; i++) {
        if (!e->components[i].applies)
            continue;
        int n = snprintf(components + used, sizeof components - used, "%s%s", used ? "," : "",
                         plan->components[i].id);
        if (n < 0 || (size_t)n >= sizeof components - used)
            break;
        used += (size_t)n;
    }
    cli_append_cell(out, d->id, 24);
    char row[256];
    snprintf(row, sizeof row, " %-3s %-24s %-20s %-24s %s\n",
             e->reason == OTA_REASON_OK ? "yes" : "no", ota_reason_name(e->reason),
             ota_push_status_name(push->status), when, used ? components : "-");
    ota_json_put_cstr(out, row);
}

static void evaluate_line(void *context, const char *text, size_t length, unsigned long long number,
                          lines_status status, ota_json_buffer *out)
{
    worker *w = context;
    const run *r = w->r;
    const ota_device *device = NULL;
    char why[256];
    fleet_line_kind kind =
        fleet_read_line(w->reader, text, length, status, &device, why, sizeof why);
    if (kind == FLEET_BLANK)
        return;
    if (kind == FLEET_NO_MEMORY) {
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
    ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    int32_t result = ota_device_eligible(r->compiled, device, r->now, &eligibility);
    if (result == OTA_OK)
        result = ota_next_push_time(r->compiled, device, r->now, &r->eval, &push);
    if (result != OTA_OK) {
        put_bad_line(w, out, number, ota_strerror(result));
        return;
    }
    w->c.devices++;
    w->c.by_reason[eligibility.reason % REASON_SLOTS]++;
    w->c.attempted += device->state == OTA_DEVICE_SUCCEEDED || device->state == OTA_DEVICE_FAILED;
    w->c.failed += device->state == OTA_DEVICE_FAILED;
    if (r->json) {
        ota_json_put_evaluation(out, ota_json_plan_get(r->plan), device->id, &eligibility, &push);
        if (r->hash)
            cli_put_plan_hash(out, r->hash);
        ota_json_put(out, "\n", 1);
    } else {
        put_table_row(r, out, device, &eligibility, &push);
    }
}

static void print_summary(const run *r, const counters *c)
{
    printf("\n%llu device%s evaluated", c->devices, c->devices == 1 ? "" : "s");
    if (c->bad_lines)
        printf(", %llu bad line%s", c->bad_lines, c->bad_lines == 1 ? "" : "s");
    printf("\n");
    for (int reason = 0; reason < REASON_SLOTS; reason++)
        if (c->by_reason[reason])
            printf("  %-26s %llu\n", ota_reason_name(reason), c->by_reason[reason]);
    /* SPEC 11.6: the verdict of the fleet read, when the plan has a
     * threshold. */
    const ota_rollout *rollout = ota_json_plan_get(r->plan)->rollout;
    int32_t verdict;
    if (rollout && rollout->abort &&
        ota_compiled_plan_rollout_verdict(r->compiled, c->attempted, c->failed, &verdict) == OTA_OK)
        printf("\nabort verdict: %s (%llu failed of %llu attempted; abort at %d.%02d%% from %d "
               "attempts)\n",
               verdict == OTA_VERDICT_ABORT ? "abort" : "continue", (unsigned long long)c->failed,
               (unsigned long long)c->attempted, rollout->abort->failure_basis_points / 100,
               rollout->abort->failure_basis_points % 100, rollout->abort->min_attempts);
}

static void add_counters(counters *into, const counters *c)
{
    for (int i = 0; i < REASON_SLOTS; i++)
        into->by_reason[i] += c->by_reason[i];
    into->devices += c->devices;
    into->bad_lines += c->bad_lines;
    into->attempted += c->attempted;
    into->failed += c->failed;
}

/* Every line of the fleet gives a result or a bad line in its place; a read
 * error ends the run with exit 2, and so does output that cannot be
 * written (there is no point evaluating what nobody will read). */
static int stream_fleet(const run *r, const char *path, int jobs)
{
    worker workers[64];
    void *contexts[64];
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
        fprintf(stderr, "otaplan evaluate: out of memory\n");
    } else {
        if (!r->json)
            printf("%-24s %-3s %-24s %-20s %-24s %s\n", "DEVICE", "OK", "REASON", "PUSH", "AT/WHY",
                   "COMPONENTS");
        pipeline_job job = {evaluate_line, contexts, jobs, fleet_emit, &out_of_memory};
        status = pipeline_run(path, &job, &last);
    }
    counters total = {0};
    for (int i = 0; i < ready; i++) {
        unsigned long long line = workers[i].out_of_memory_line;
        if (line && (line < last || !out_of_memory))
            last = line;
        out_of_memory |= line != 0;
        add_counters(&total, &workers[i].c);
        ota_json_device_reader_free(workers[i].reader);
    }
    status = fleet_run_end(status, out_of_memory, last);
    if (status == 0) {
        if (!r->json)
            print_summary(r, &total);
        status = total.bad_lines ? EXIT_INVALID : EXIT_VALID;
    }
    return status;
}

int command_evaluate(int argc, char **argv)
{
    static const char *const allowed[] = {"--now",  "--tick", "--json", "--strict",
                                          "--jobs", "--hash", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 2, "evaluate", &options))
        return EXIT_USAGE;
    if (cli_check_one_stdin("evaluate", &options, "fleet"))
        return EXIT_USAGE;
    ota_json_plan *plan = NULL;
    int exit_status;
    ota_compiled_plan *compiled = cli_compile(options.positional[0], &options, &plan, &exit_status);
    if (!compiled)
        return exit_status;
    run r = {.plan = plan, .compiled = compiled, .now = options.now, .json = options.json};
    char hash[OTA_PLAN_HASH_SIZE];
    if (options.hash && cli_hash_or_say(options.positional[0], ota_json_plan_get(plan), hash))
        r.hash = hash;
    else if (options.hash) {
        ota_compiled_plan_free(compiled);
        ota_json_plan_free(plan);
        return EXIT_USAGE;
    }
    ota_eval_options_init(&r.eval, OTA_EVAL_OPTIONS_VERSION);
    r.eval.tick_minutes = options.tick;
    exit_status = stream_fleet(&r, options.positional[1], options.jobs);
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
    return exit_status;
}
