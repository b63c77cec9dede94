/* otaplan evaluate PLAN FLEET [--now T] [--tick N] [--json]
 * The fleet is streamed a line at a time: memory does not grow with it. */
#include "cli.h"
#include "fleet.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FLUSH_AT     65536
#define REASON_SLOTS 32

typedef struct run {
    const ota_json_plan *plan;
    const ota_compiled_plan *compiled;
    int64_t now;
    ota_eval_options eval;
    int json;
    ota_json_buffer out;
    unsigned long long by_reason[REASON_SLOTS];
    unsigned long long devices;
    unsigned long long bad_lines;
    /* SPEC 11.6: devices that finished an attempt, and those that failed */
    uint64_t attempted, failed;
} run;

static void flush(run *r, int force)
{
    if (r->out.length && (force || r->out.length >= FLUSH_AT)) {
        cli_write(r->out.data, r->out.length);
        r->out.length = 0;
    }
}

static void put_bad_line(run *r, unsigned long long line, const char *why)
{
    r->bad_lines++;
    char number[32];
    snprintf(number, sizeof number, "%llu", line);
    if (r->json) {
        ota_json_put_cstr(&r->out, "{\"line\":");
        ota_json_put_cstr(&r->out, number);
        ota_json_put_cstr(&r->out, ",\"error\":");
        ota_json_put_string(&r->out, why);
        ota_json_put_cstr(&r->out, "}\n");
    } else {
        flush(r, 1);
        printf("line %s: error: ", number);
        cli_put_escaped(why);
        printf("\n");
    }
}

static void put_table_row(run *r, const ota_device *d, const ota_eligibility *e,
                          const ota_push_result *push)
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
    flush(r, 1);
    cli_put_cell(d->id, 24);
    printf(" %-3s %-24s %-20s %-24s %s\n", e->reason == OTA_REASON_OK ? "yes" : "no",
           ota_reason_name(e->reason), ota_push_status_name(push->status), when,
           used ? components : "-");
}

static void evaluate_device(void *context, const ota_device *device, unsigned long long number)
{
    run *r = context;
    ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    int32_t status = ota_device_eligible(r->compiled, device, r->now, &eligibility);
    if (status == OTA_OK)
        status = ota_next_push_time(r->compiled, device, r->now, &r->eval, &push);
    if (status != OTA_OK) {
        put_bad_line(r, number, ota_strerror(status));
        return;
    }
    r->devices++;
    r->by_reason[eligibility.reason]++;
    r->attempted += device->state == OTA_DEVICE_SUCCEEDED || device->state == OTA_DEVICE_FAILED;
    r->failed += device->state == OTA_DEVICE_FAILED;
    if (r->json) {
        ota_json_put_evaluation(&r->out, ota_json_plan_get(r->plan), device->id, &eligibility,
                                &push);
        ota_json_put(&r->out, "\n", 1);
        flush(r, 0);
    } else {
        put_table_row(r, device, &eligibility, &push);
    }
}

static void bad_line(void *context, unsigned long long number, const char *why)
{
    put_bad_line(context, number, why);
}

static int output_lost(void *context)
{
    const run *r = context;
    return r->out.failed || cli_output_failed();
}

static void print_summary(const run *r)
{
    printf("\n%llu device%s evaluated", r->devices, r->devices == 1 ? "" : "s");
    if (r->bad_lines)
        printf(", %llu bad line%s", r->bad_lines, r->bad_lines == 1 ? "" : "s");
    printf("\n");
    for (int reason = 0; reason < REASON_SLOTS; reason++)
        if (r->by_reason[reason])
            printf("  %-26s %llu\n", ota_reason_name(reason), r->by_reason[reason]);
    /* SPEC 11.6: the verdict of the fleet read, when the plan has a
     * threshold. */
    const ota_rollout *rollout = ota_json_plan_get(r->plan)->rollout;
    int32_t verdict;
    if (rollout && rollout->abort &&
        ota_rollout_verdict(r->compiled, r->attempted, r->failed, &verdict) == OTA_OK)
        printf("\nabort verdict: %s (%llu failed of %llu attempted; abort at %d.%02d%% from %d "
               "attempts)\n",
               verdict == OTA_VERDICT_ABORT ? "abort" : "continue", (unsigned long long)r->failed,
               (unsigned long long)r->attempted, rollout->abort->failure_basis_points / 100,
               rollout->abort->failure_basis_points % 100, rollout->abort->min_attempts);
}

/* Every line of the fleet gives a result or a bad line in its place; a read
 * error ends the run with exit 2, and so does output that cannot be
 * written (there is no point evaluating what nobody will read). */
static int stream_fleet(run *r, const char *path)
{
    if (!r->json)
        printf("%-24s %-3s %-24s %-20s %-24s %s\n", "DEVICE", "OK", "REASON", "PUSH", "AT/WHY",
               "COMPONENTS");
    fleet_visitor visitor = {evaluate_device, bad_line, output_lost, r};
    unsigned long long last;
    int status = fleet_stream(path, &visitor, &last);
    flush(r, 1);
    if (status)
        return status;
    if (r->out.failed) {
        fprintf(stderr, "otaplan: out of memory at fleet line %llu; the results are incomplete\n",
                last);
        return EXIT_USAGE;
    }
    if (cli_output_failed()) {
        cli_report_output_loss("the results", last);
        return EXIT_USAGE;
    }
    if (!r->json)
        print_summary(r);
    return r->bad_lines ? EXIT_INVALID : EXIT_VALID;
}

int command_evaluate(int argc, char **argv)
{
    static const char *const allowed[] = {"--now", "--tick", "--json", "--strict", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 2, "evaluate", &options))
        return EXIT_USAGE;
    if (strcmp(options.positional[0], "-") == 0 && strcmp(options.positional[1], "-") == 0) {
        fprintf(stderr, "otaplan evaluate: the plan and the fleet cannot both be standard input "
                        "(\"-\"); give the plan as a file\n");
        return EXIT_USAGE;
    }
    ota_json_plan *plan = NULL;
    int exit_status;
    ota_compiled_plan *compiled = cli_compile(options.positional[0], &options, &plan, &exit_status);
    if (!compiled)
        return exit_status;
    run r = {.plan = plan, .compiled = compiled, .now = options.now, .json = options.json};
    ota_eval_options_init(&r.eval, OTA_EVAL_OPTIONS_VERSION);
    r.eval.tick_minutes = options.tick;
    exit_status = stream_fleet(&r, options.positional[1]);
    ota_json_buffer_free(&r.out);
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
    return exit_status;
}
