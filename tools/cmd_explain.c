/* otaplan explain PLANS DEVICE [--now T] [--tick N] [--json]
 * One device's whole decision: every check in order with what it compared,
 * each component, and how the push was found; for a set, which plan
 * governs it first (explain_set.c). */
#include "canonical.h"
#include "explain.h"
#include "plan_set.h"

#include <stdlib.h>
#include <string.h>

static void print_checks(const ota_plan *plan, const ota_device *device, const ota_explanation *e)
{
    printf("checks, in order (SPEC 5):\n");
    for (uint32_t i = 0; i < e->check_count; i++) {
        char detail[320];
        ota_json_check_detail(plan, device, &e->checks[i], detail, sizeof detail);
        printf("  %s %-24s ", e->checks[i].failed ? "\u2717" : "\u2713",
               ota_reason_name(e->checks[i].check));
        cli_put_escaped(detail);
        printf("\n");
    }
    static const char *const kinds[] = {"", " (final)", " (wait)", " (device-side)"};
    printf("reason: %s%s\n", ota_reason_name(e->eligibility.reason),
           kinds[e->eligibility.kind & 3]);
}

static const char *version_of(const ota_device *device, const char *component_id)
{
    for (uint32_t i = 0; i < device->version_count; i++)
        if (strcmp(device->versions[i].component_id, component_id) == 0)
            return device->versions[i].version;
    return NULL;
}

static void print_components(const ota_plan *plan, const ota_device *device,
                             const ota_explanation *e)
{
    printf("\ncomponents:\n");
    for (uint32_t i = 0; i < e->eligibility.component_count; i++) {
        const ota_component *k = &plan->components[i]; /* a JSON plan: the current layout */
        const ota_component_result *c = &e->eligibility.components[i];
        const char *version = version_of(device, k->id);
        printf("  %s ", c->applies ? "\u2713" : "\u2717");
        cli_put_cell(k->id, 20);
        printf(" ");
        cli_put_escaped(version ? version : "(not reported)");
        printf(" -> ");
        cli_put_escaped(k->target_version);
        if (k->method == OTA_METHOD_DELTA && k->source_version) {
            printf(" (delta from ");
            cli_put_escaped(k->source_version);
            printf(")");
        } else if (k->specified_versions) {
            printf(" (full, from ");
            cli_put_escaped(k->specified_versions);
            printf(")");
        }
        printf("%s%s", c->applies ? "" : ": ", c->applies ? "" : ota_reason_name(c->reason));
        char detail[320];
        ota_json_component_detail(plan, device, i, c, detail, sizeof detail);
        printf(" [");
        cli_put_escaped(detail);
        printf("]\n");
    }
}

static void print_push(const ota_compiled_plan *compiled, const ota_explanation *e)
{
    printf("\npush:\n");
    if (e->t0 != OTA_NO_INSTANT) {
        printf("  T0 ");
        cli_print_instant(compiled, e->t0);
        printf(", set by %s; the maximum of\n", ota_t0_term_name(e->t0_set_by));
        for (uint32_t i = 0; i < e->term_count; i++) {
            printf("    %-14s ", ota_t0_term_name(e->terms[i].term));
            cli_print_instant(compiled, e->terms[i].at);
            printf("\n");
        }
    } else {
        printf("  no search: %s\n", e->push.status == OTA_PUSH_NEVER
                                        ? "a check above ends it"
                                        : "the plan's mode waits for someone else");
    }
    for (uint32_t i = 0; i < e->blackout_count; i++) {
        printf("  blackout ");
        cli_print_instant(compiled, e->blackout_start[i]);
        printf(" to ");
        cli_print_instant(compiled, e->blackout_end[i]);
        printf("\n");
    }
    if (e->occurrence_day != OTA_NO_INSTANT) {
        static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        int bit = 0;
        while (bit < 6 && !(e->occurrence_weekday & (1u << bit)))
            bit++;
        char date[OTA_JSON_INSTANT_SIZE];
        ota_json_format_instant(e->occurrence_day * 86400, date);
        printf("  window occurrence of %.10s (%s)", date, days[bit]);
        if (e->closed_days)
            printf(", after %u day%s closed by weekdays", e->closed_days,
                   e->closed_days == 1 ? "" : "s");
        printf("\n");
    }
    if (e->slot_index >= 0) {
        printf("  spread: position %d, slot %d of the occurrence's %d ticks, at ", e->position,
               e->slot_index, e->slot_count);
        cli_print_instant(compiled, e->slot_at);
        printf("\n");
    }
    printf("  %s", ota_push_status_name(e->push.status));
    if (e->push.status == OTA_PUSH_AT) {
        printf(" ");
        cli_print_instant(compiled, e->push.at);
    } else if (e->push.status == OTA_PUSH_NEVER) {
        printf(": %s", ota_reason_name(e->push.reason));
    }
    printf("\n");
}

int explain_plan(const cli_options *options, const ota_json_plan *plan,
                 const ota_compiled_plan *compiled, const ota_device *device)
{
    ota_eval_options eval = OTA_EVAL_OPTIONS_INIT;
    eval.tick_minutes = options->tick;
    ota_explanation e = OTA_EXPLANATION_INIT;
    int32_t status = ota_device_explain(compiled, device, options->now, &eval, &e);
    if (status != OTA_OK) {
        fprintf(stderr, "otaplan explain: %s: %s\n", options->positional[1], ota_strerror(status));
        return EXIT_INVALID;
    }
    const ota_plan *p = ota_json_plan_get(plan);
    if (options->json) {
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        ota_json_put_explanation(&out, p, device, &e);
        char hash[OTA_PLAN_HASH_SIZE];
        if (options->hash && !cli_hash_or_say(options->positional[0], p, hash)) {
            ota_json_buffer_free(&out);
            return EXIT_USAGE;
        }
        if (options->hash)
            cli_put_plan_hash(&out, hash);
        ota_json_put(&out, "\n", 1);
        if (out.failed) {
            ota_json_buffer_free(&out);
            fprintf(stderr, "otaplan explain: out of memory\n");
            return EXIT_USAGE;
        }
        cli_write(out.data, out.length);
        ota_json_buffer_free(&out);
        return EXIT_VALID;
    }
    printf("device ");
    cli_put_escaped(device->id);
    printf(", plan ");
    cli_put_escaped(p->name ? p->name : "");
    printf(" (%s), tick %d min\nnow ", ota_compiled_plan_timezone(compiled), options->tick);
    cli_print_instant(compiled, options->now);
    printf("\n\n");
    print_checks(p, device, &e);
    print_components(p, device, &e);
    print_push(compiled, &e);
    return EXIT_VALID;
}

int explain_device_verdict(const char *path, int32_t status, const ota_json_error *error)
{
    if (status != OTA_ERR_INVALID_DEVICE) /* not JSON, or out of memory */
        return cli_reader_verdict(path, status, error);
    /* JSON, but not a valid device: the answer is "bad device". */
    fprintf(stderr, "otaplan explain: %s: ", path);
    cli_fput_escaped(stderr, error->text);
    fputc('\n', stderr);
    return EXIT_INVALID;
}

/* The device read as `evaluate` reads a fleet line, then explained. */
static int explain_device(const cli_options *options, const ota_json_plan *plan,
                          const ota_compiled_plan *compiled, const char *text, size_t length)
{
    ota_json_device_reader *reader = ota_json_device_reader_new();
    if (!reader) {
        fprintf(stderr, "otaplan explain: out of memory\n");
        return EXIT_USAGE;
    }
    const ota_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_device_read(reader, text, length, &device, &error);
    int exit_status = status == OTA_OK
                          ? explain_plan(options, plan, compiled, device)
                          : explain_device_verdict(options->positional[1], status, &error);
    ota_json_device_reader_free(reader);
    return exit_status;
}

int command_explain(int argc, char **argv)
{
    static const char *const allowed[] = {"--now", "--tick", "--json", "--strict", "--hash", NULL};
    cli_options options;
    if (cli_parse(argc, argv, allowed, 2, "explain", &options))
        return EXIT_USAGE;
    if (cli_check_one_stdin("explain", &options, "device"))
        return EXIT_USAGE;
    size_t length;
    char *text = cli_read_file(options.positional[1], &length);
    if (!text)
        return EXIT_USAGE;
    int is_set = 0;
    int exit_status = EXIT_USAGE;
    ota_json_set *set = cli_load_set(options.positional[0], &is_set);
    if (set && is_set) {
        if (cli_compile_loaded_set(options.positional[0], &options, set, &exit_status))
            exit_status = explain_set(&options, set, text, length);
    } else if (set) {
        const ota_json_plan *plan = ota_json_set_plan(set, 0);
        ota_compiled_plan *compiled =
            cli_compile_plan(options.positional[0], &options, plan, &exit_status);
        if (compiled)
            exit_status = explain_device(&options, plan, compiled, text, length);
        ota_compiled_plan_free(compiled);
    }
    ota_json_set_free(set);
    free(text);
    return exit_status;
}
