/* otaplan explain PLANS DEVICE for a set (doc/rules.md 14.5): the
 * candidates in precedence with their keys and reasons, why the governing
 * plan won, then that plan's whole explanation. */
#include "canonical.h"
#include "explain.h"

#include <stdlib.h>
#include <string.h>

/* One candidate, in precedence order. */
typedef struct candidate {
    uint32_t plan;
    int32_t reason;
    int32_t outranked_by; /* -1 */
    int governs;
} candidate;

/* Every candidate in precedence: the governing plan put back among the
 * others at its rank. */
static candidate *candidates_of(const ota_plan_set *set, const ota_selection *s, uint32_t *count)
{
    uint32_t plans = ota_plan_set_count(set);
    uint32_t *rank = malloc(plans * sizeof *rank);
    candidate *all = malloc((s->other_count + 1) * sizeof *all);
    if (!rank || !all) {
        free(rank);
        free(all);
        return NULL;
    }
    for (uint32_t position = 0; position < plans; position++) {
        uint32_t index = 0;
        ota_plan_set_ranked(set, position, &index);
        rank[index] = position;
    }
    uint32_t n = 0;
    int placed = s->plan < 0;
    for (uint32_t i = 0; i <= s->other_count; i++) {
        const ota_candidate *o = i < s->other_count ? &s->others[i] : NULL;
        if (!placed && (!o || rank[o->plan] > rank[s->plan])) {
            all[n++] = (candidate){(uint32_t)s->plan, s->eligibility.reason, -1, 1};
            placed = 1;
        }
        if (o)
            all[n++] = (candidate){o->plan, o->reason, o->outranked_by, 0};
    }
    free(rank);
    *count = n;
    return all;
}

/* Why the governing plan won (SPEC 14.3), one sentence. */
static void why(const ota_set_device *d, const ota_selection *s, uint32_t candidates, char *out,
                size_t capacity)
{
    if (candidates == 0) {
        snprintf(out, capacity,
                 "no plan of the set targets the device (its product, blacklists, whitelists)");
        return;
    }
    if (s->plan < 0) {
        snprintf(out, capacity, "no candidate is live (every reason is final): no_plan");
        return;
    }
    ota_device view;
    ota_set_device_in_plan(d, (uint32_t)s->plan, &view);
    if (view.state == OTA_DEVICE_UPGRADING || view.state == OTA_DEVICE_USER_CONFIRMED)
        snprintf(out, capacity,
                 "the device is %s in it, and it is live: a device is never switched "
                 "mid-upgrade (14.3, step 3)",
                 ota_json_device_state_name(view.state));
    else if (ota_reason_kind(s->eligibility.reason) == OTA_KIND_WAIT)
        snprintf(out, capacity,
                 "the first live candidate in precedence (14.3, step 4): it will govern later, "
                 "and holds back the plans after it");
    else
        snprintf(out, capacity, "the first live candidate in precedence (14.3, step 4)");
}

static int64_t effective_start(const ota_compiled_plan *plan)
{
    int64_t start = 0, end = 0, effective = 0;
    ota_compiled_plan_period(plan, &start, &end, &effective);
    return effective;
}

static void put_json(ota_json_buffer *out, const ota_json_set *set, const ota_set_device *d,
                     const candidate *all, uint32_t count, const char *because,
                     const ota_explanation *e)
{
    const ota_plan_set *plans = ota_json_set_get(set);
    ota_json_put_cstr(out, "{\"id\":");
    ota_json_put_string(out, d->device->id);
    ota_json_put_cstr(out, ",\"plan\":");
    const candidate *governing = NULL;
    for (uint32_t i = 0; i < count; i++)
        if (all[i].governs)
            governing = &all[i];
    if (governing)
        ota_json_put_string(out, ota_compiled_plan_name(ota_plan_set_plan(plans, governing->plan)));
    else
        ota_json_put_cstr(out, "null");
    ota_json_put_cstr(out, ",\"candidates\":[");
    for (uint32_t i = 0; i < count; i++) {
        const ota_compiled_plan *plan = ota_plan_set_plan(plans, all[i].plan);
        ota_device view;
        ota_set_device_in_plan(d, all[i].plan, &view);
        char start[OTA_JSON_INSTANT_SIZE], row[256];
        ota_json_format_instant(effective_start(plan), start);
        ota_json_put_cstr(out, i ? ",{\"plan\":" : "{\"plan\":");
        ota_json_put_string(out, ota_compiled_plan_name(plan));
        snprintf(row, sizeof row,
                 ",\"priority\":%d,\"start\":\"%s\",\"state\":\"%s\",\"reason\":\"%s\","
                 "\"live\":%s,\"governs\":%s",
                 ota_compiled_plan_priority(plan), start, ota_json_device_state_name(view.state),
                 ota_reason_name(all[i].reason),
                 ota_reason_kind(all[i].reason) != OTA_KIND_FINAL ? "true" : "false",
                 all[i].governs ? "true" : "false");
        ota_json_put_cstr(out, row);
        if (all[i].outranked_by >= 0) {
            ota_json_put_cstr(out, ",\"outranked_by\":");
            ota_json_put_string(out, ota_compiled_plan_name(
                                         ota_plan_set_plan(plans, (uint32_t)all[i].outranked_by)));
        }
        ota_json_put_cstr(out, "}");
    }
    ota_json_put_cstr(out, "],\"why\":");
    ota_json_put_string(out, because);
    ota_json_put_cstr(out, ",\"explanation\":");
    if (governing) {
        ota_device view;
        ota_set_device_in_plan(d, governing->plan, &view);
        ota_json_put_explanation(out, ota_json_plan_get(ota_json_set_plan(set, governing->plan)),
                                 &view, e);
    } else {
        ota_json_put_cstr(out, "null");
    }
    ota_json_put_cstr(out, "}\n");
}

static void print_candidates(const ota_plan_set *plans, const ota_set_device *d,
                             const candidate *all, uint32_t count, const char *because)
{
    printf("candidates, in precedence (priority, then the later start, then the name; 14.1):\n");
    if (count)
        printf("  %-3s %8s  %-20s  %-14s  %-24s  %s\n", "#", "PRIORITY", "START", "STATE", "REASON",
               "PLAN");
    for (uint32_t i = 0; i < count; i++) {
        const ota_compiled_plan *plan = ota_plan_set_plan(plans, all[i].plan);
        ota_device view;
        ota_set_device_in_plan(d, all[i].plan, &view);
        char start[OTA_JSON_INSTANT_SIZE];
        ota_json_format_instant(effective_start(plan), start);
        printf("  %-3u %8d  %-20s  %-14s  %-24s  ", i + 1, ota_compiled_plan_priority(plan), start,
               ota_json_device_state_name(view.state), ota_reason_name(all[i].reason));
        cli_put_escaped(ota_compiled_plan_name(plan));
        if (all[i].governs) {
            printf(": governs");
        } else if (all[i].outranked_by >= 0) {
            printf(": live, outranked by ");
            cli_put_escaped(
                ota_compiled_plan_name(ota_plan_set_plan(plans, (uint32_t)all[i].outranked_by)));
        } else {
            printf(": final");
        }
        printf("\n");
    }
    if (!count)
        printf("  (none)\n");
    printf("why: %s\n", because);
}

/* Selects with room for every plan of the set: no device has more
 * candidates. */
static int select_device(const cli_options *options, const ota_plan_set *plans,
                         const ota_set_device *d, ota_selection *s)
{
    ota_eval_options eval = OTA_EVAL_OPTIONS_INIT;
    eval.tick_minutes = options->tick;
    ota_selection_init(s, OTA_SELECTION_VERSION);
    s->other_capacity = ota_plan_set_count(plans);
    s->others = malloc(s->other_capacity * sizeof *s->others);
    if (!s->others) {
        fprintf(stderr, "otaplan explain: out of memory\n");
        return EXIT_USAGE;
    }
    int32_t status = ota_plan_set_select(plans, d, options->now, &eval, s);
    if (status != OTA_OK) {
        fprintf(stderr, "otaplan explain: %s: %s\n", options->positional[1], ota_strerror(status));
        return EXIT_INVALID;
    }
    return EXIT_VALID;
}

static int explain_selection(const cli_options *options, const ota_json_set *set,
                             const ota_set_device *d, const ota_selection *s)
{
    const ota_plan_set *plans = ota_json_set_get(set);
    uint32_t count = 0;
    candidate *all = candidates_of(plans, s, &count);
    if (!all) {
        fprintf(stderr, "otaplan explain: out of memory\n");
        return EXIT_USAGE;
    }
    char because[256];
    why(d, s, count, because, sizeof because);
    ota_explanation e = OTA_EXPLANATION_INIT;
    ota_device view;
    int status = EXIT_VALID;
    if (s->plan >= 0) {
        ota_eval_options eval = OTA_EVAL_OPTIONS_INIT;
        eval.tick_minutes = options->tick;
        ota_set_device_in_plan(d, (uint32_t)s->plan, &view);
        const ota_compiled_plan *plan = ota_plan_set_plan(plans, (uint32_t)s->plan);
        if (options->json && ota_device_explain(plan, &view, options->now, &eval, &e) != OTA_OK)
            status = EXIT_USAGE;
    }
    if (status == EXIT_VALID && options->json) {
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        put_json(&out, set, d, all, count, because, &e);
        char hash[OTA_PLAN_HASH_SIZE];
        const ota_plan *governing =
            s->plan >= 0 ? ota_json_plan_get(ota_json_set_plan(set, (uint32_t)s->plan)) : NULL;
        if (options->hash && governing && !cli_hash_or_say(options->positional[0], governing, hash))
            status = EXIT_USAGE;
        else if (options->hash)
            cli_put_plan_hash(&out, governing ? hash : NULL);
        if (status == EXIT_USAGE) {
            /* cli_hash_or_say() said why */
        } else if (out.failed) {
            fprintf(stderr, "otaplan explain: out of memory\n");
            status = EXIT_USAGE;
        } else {
            cli_write(out.data, out.length);
        }
        ota_json_buffer_free(&out);
    } else if (status == EXIT_VALID) {
        printf("device ");
        cli_put_escaped(d->device->id);
        char now[OTA_JSON_INSTANT_SIZE];
        ota_json_format_instant(options->now, now);
        printf(", a set of %u plans, tick %d min\nnow %s\n\n", ota_plan_set_count(plans),
               options->tick, now);
        print_candidates(plans, d, all, count, because);
        if (s->plan >= 0) {
            printf("\n");
            status = explain_plan(options, ota_json_set_plan(set, (uint32_t)s->plan),
                                  ota_plan_set_plan(plans, (uint32_t)s->plan), &view);
        }
    }
    free(all);
    return status;
}

int explain_set_device(const cli_options *options, const ota_json_set *set,
                       const ota_set_device *device)
{
    ota_selection selection;
    int exit_status = select_device(options, ota_json_set_get(set), device, &selection);
    if (exit_status == EXIT_VALID)
        exit_status = explain_selection(options, set, device, &selection);
    free(selection.others);
    return exit_status;
}

int explain_set(const cli_options *options, const ota_json_set *set, const char *text,
                size_t length)
{
    ota_json_device_reader *reader = ota_json_device_reader_new();
    if (!reader) {
        fprintf(stderr, "otaplan explain: out of memory\n");
        return EXIT_USAGE;
    }
    const ota_plan_set *plans = ota_json_set_get(set);
    const ota_set_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_set_device_read(reader, plans, text, length, &device, &error);
    int exit_status;
    if (status != OTA_OK) {
        exit_status = explain_device_verdict(options->positional[1], status, &error);
    } else {
        exit_status = explain_set_device(options, set, device);
    }
    ota_json_device_reader_free(reader);
    return exit_status;
}
