#include "conformance_cases.h"

#include "otaplan.h"
#include "otaplan_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *conformance_load(const char *file_name)
{
    const char *dir = getenv("OTAPLAN_CONFORMANCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/conformance", file_name);
    FILE *file = fopen(path, "r");
    if (!file)
        return NULL;
    json_t *cases = json_array();
    char *line = NULL;
    size_t capacity = 0;
    while (getline(&line, &capacity, file) > 0) {
        json_error_t error;
        json_t *c = json_loads(line, 0, &error);
        if (c)
            json_array_append_new(cases, c);
    }
    free(line);
    fclose(file);
    return cases;
}

static ota_compiled_plan *compile_case(const json_t *c, ota_json_plan **plan)
{
    char *text = json_dumps(json_object_get(c, "plan"), 0);
    ota_json_error error = OTA_JSON_ERROR_INIT;
    ota_compiled_plan *compiled = NULL;
    *plan = NULL;
    if (text && ota_json_plan_read(text, strlen(text), plan, &error) == OTA_OK)
        ota_json_plan_compile(*plan, NULL, &compiled, NULL);
    free(text);
    return compiled;
}

static int64_t instant_of(const json_t *c, const char *key)
{
    int64_t t = OTA_NO_INSTANT;
    const char *text = json_string_value(json_object_get(c, key));
    if (!text || ota_json_parse_instant(text, &t) != 0)
        return OTA_NO_INSTANT;
    return t;
}

int conformance_evaluate_case(const json_t *c, int report)
{
    const char *name = json_string_value(json_object_get(c, "case"));
    ota_json_plan *plan;
    ota_compiled_plan *compiled = compile_case(c, &plan);
    json_t *fleet = json_object_get(c, "fleet");
    json_t *expected = json_object_get(c, "expected");
    if (!compiled) {
        if (report)
            fprintf(stderr, "%s: the plan does not compile\n", name);
        ota_json_plan_free(plan);
        return (int)json_array_size(fleet) + 1;
    }
    int64_t now = instant_of(c, "now");
    ota_eval_options options;
    ota_eval_options_init(&options, OTA_EVAL_OPTIONS_VERSION);
    options.tick_minutes = (int32_t)json_integer_value(json_object_get(c, "tick"));
    ota_json_device_reader *reader = ota_json_device_reader_new();
    int mismatches = 0;
    for (size_t i = 0; i < json_array_size(fleet); i++) {
        char *text = json_dumps(json_array_get(fleet, i), 0);
        const ota_device *device = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
        ota_push_result push = OTA_PUSH_RESULT_INIT;
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        json_t *got = NULL;
        if (ota_json_device_read(reader, text, strlen(text), &device, &error) == OTA_OK &&
            ota_device_eligible(compiled, device, now, &eligibility) == OTA_OK &&
            ota_next_push_time(compiled, device, now, &options, &push) == OTA_OK) {
            ota_json_put_evaluation(&out, ota_json_plan_get(plan), device->id, &eligibility, &push);
            got = out.data ? json_loads(out.data, 0, NULL) : NULL;
        }
        json_t *want = json_array_get(expected, i);
        if (!got || !json_equal(got, want)) {
            mismatches++;
            if (report) {
                char *want_text = json_dumps(want, JSON_COMPACT);
                fprintf(stderr, "%s device %zu:\n  expected %s\n  got      %s\n", name, i,
                        want_text, out.data ? out.data : "(error)");
                free(want_text);
            }
        }
        json_decref(got);
        ota_json_buffer_free(&out);
        free(text);
    }
    ota_json_device_reader_free(reader);
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
    return mismatches;
}

int conformance_batch_case(const json_t *c, int report)
{
    const char *name = json_string_value(json_object_get(c, "case"));
    ota_json_plan *plan;
    ota_compiled_plan *compiled = compile_case(c, &plan);
    json_t *fleet = json_object_get(c, "fleet");
    size_t count = json_array_size(fleet);
    if (!compiled || count == 0) {
        ota_json_plan_free(plan);
        return compiled ? 0 : 1;
    }
    int64_t now = instant_of(c, "now");
    ota_eval_options options;
    ota_eval_options_init(&options, OTA_EVAL_OPTIONS_VERSION);
    options.tick_minutes = (int32_t)json_integer_value(json_object_get(c, "tick"));
    /* A reader per device: a read device lives until its reader's next read. */
    ota_json_device_reader **readers = calloc(count, sizeof *readers);
    const ota_device **devices = calloc(count, sizeof *devices);
    ota_eligibility *eligibility = calloc(count, sizeof *eligibility);
    ota_push_result *push = calloc(count, sizeof *push);
    ota_eligibility **eligibility_out = calloc(count, sizeof *eligibility_out);
    ota_push_result **push_out = calloc(count, sizeof *push_out);
    int differences = 0;
    for (size_t i = 0; i < count; i++) {
        char *text = json_dumps(json_array_get(fleet, i), 0);
        ota_json_error error = OTA_JSON_ERROR_INIT;
        readers[i] = ota_json_device_reader_new();
        if (ota_json_device_read(readers[i], text, strlen(text), &devices[i], &error) != OTA_OK)
            differences = 1;
        free(text);
        eligibility[i] = (ota_eligibility)OTA_ELIGIBILITY_INIT;
        push[i] = (ota_push_result)OTA_PUSH_RESULT_INIT;
        eligibility_out[i] = &eligibility[i];
        push_out[i] = &push[i];
    }
    size_t failed = count;
    if (differences ||
        ota_device_eligible_many(compiled, devices, count, now, eligibility_out, &failed) !=
            OTA_OK ||
        ota_next_push_time_many(compiled, devices, count, now, &options, push_out, &failed) !=
            OTA_OK) {
        if (report)
            fprintf(stderr, "%s: the batch calls fail (device %zu)\n", name, failed);
        differences = 1;
    }
    for (size_t i = 0; i < count && !differences; i++) {
        ota_eligibility single = OTA_ELIGIBILITY_INIT;
        ota_push_result single_push = OTA_PUSH_RESULT_INIT;
        if (ota_device_eligible(compiled, devices[i], now, &single) != OTA_OK ||
            ota_next_push_time(compiled, devices[i], now, &options, &single_push) != OTA_OK ||
            memcmp(&single, &eligibility[i], sizeof single) != 0 ||
            memcmp(&single_push, &push[i], sizeof single_push) != 0) {
            if (report)
                fprintf(stderr, "%s device %zu: batch and single answers differ\n", name, i);
            differences++;
        }
    }
    for (size_t i = 0; i < count; i++)
        ota_json_device_reader_free(readers[i]);
    free(readers);
    free(devices);
    free(eligibility);
    free(push);
    free(eligibility_out);
    free(push_out);
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
    return differences;
}

/* What an explanation must hold against the answers it explains; NULL if
 * it holds, else what is wrong. */
static const char *explanation_problem(const ota_explanation *e, const ota_eligibility *eligibility,
                                       const ota_push_result *push)
{
    if (e->eligibility.reason != eligibility->reason || e->eligibility.kind != eligibility->kind ||
        e->eligibility.component_count != eligibility->component_count ||
        memcmp(e->eligibility.components, eligibility->components,
               sizeof eligibility->components) != 0)
        return "eligibility differs from ota_device_eligible()";
    if (e->push.status != push->status || e->push.reason != push->reason || e->push.at != push->at)
        return "push differs from ota_next_push_time()";
    if (e->check_count != OTA_EXPLAIN_CHECKS)
        return "not every check listed";
    /* The reason is the first check that failed; the push's "never" is the
     * first failed one among those that block a push. */
    int32_t first = OTA_REASON_OK, first_blocking = OTA_REASON_OK;
    for (uint32_t i = 0; i < e->check_count; i++) {
        const ota_check_result *c = &e->checks[i];
        if (!c->failed)
            continue;
        if (first == OTA_REASON_OK)
            first = c->check;
        int blocks = c->check != OTA_REASON_PLAN_NOT_STARTED &&
                     c->check != OTA_REASON_ROLLOUT_PENDING &&
                     ota_reason_kind(c->check) != OTA_KIND_DEVICE_SIDE;
        if (blocks && first_blocking == OTA_REASON_OK)
            first_blocking = c->check;
    }
    if (first != eligibility->reason)
        return "the first failed check is not the reason";
    if (first_blocking != OTA_REASON_OK &&
        (push->status != OTA_PUSH_NEVER || push->reason != first_blocking))
        return "a blocking check failed but the push is not never with it";
    if (first_blocking != OTA_REASON_OK && e->t0 != OTA_NO_INSTANT)
        return "a search is listed after a blocking check";
    if (e->t0 == OTA_NO_INSTANT)
        return e->term_count ? "terms without a search" : NULL;
    int64_t maximum = OTA_NO_INSTANT;
    for (uint32_t i = 0; i < e->term_count; i++)
        if (e->terms[i].at > maximum)
            maximum = e->terms[i].at;
    if (e->term_count == 0 || maximum != e->t0)
        return "t0 is not the maximum of its terms";
    int set_by_found = 0;
    for (uint32_t i = 0; i < e->term_count; i++)
        set_by_found |= e->terms[i].term == e->t0_set_by && e->terms[i].at == e->t0;
    if (!set_by_found)
        return "set_by names no term equal to t0";
    if (push->status == OTA_PUSH_AT && push->at < e->t0)
        return "pushed before t0";
    if (e->slot_index >= 0 &&
        (push->status != OTA_PUSH_AT || push->at < e->slot_at || e->slot_index >= e->slot_count))
        return "pushed before the spread slot";
    return NULL;
}

int conformance_explain_case(const json_t *c, int report)
{
    const char *name = json_string_value(json_object_get(c, "case"));
    ota_json_plan *plan;
    ota_compiled_plan *compiled = compile_case(c, &plan);
    json_t *fleet = json_object_get(c, "fleet");
    json_t *expected = json_object_get(c, "expected");
    if (!compiled) {
        ota_json_plan_free(plan);
        return (int)json_array_size(fleet) + 1;
    }
    int64_t now = instant_of(c, "now");
    ota_eval_options options = OTA_EVAL_OPTIONS_INIT;
    options.tick_minutes = (int32_t)json_integer_value(json_object_get(c, "tick"));
    ota_json_device_reader *reader = ota_json_device_reader_new();
    int mismatches = 0;
    for (size_t i = 0; i < json_array_size(fleet); i++) {
        char *text = json_dumps(json_array_get(fleet, i), 0);
        const ota_device *device = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
        ota_push_result push = OTA_PUSH_RESULT_INIT;
        ota_explanation e = OTA_EXPLANATION_INIT;
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        const char *problem = "the device does not evaluate";
        json_t *got = NULL;
        if (ota_json_device_read(reader, text, strlen(text), &device, &error) == OTA_OK &&
            ota_device_eligible(compiled, device, now, &eligibility) == OTA_OK &&
            ota_next_push_time(compiled, device, now, &options, &push) == OTA_OK &&
            ota_device_explain(compiled, device, now, &options, &e) == OTA_OK) {
            problem = explanation_problem(&e, &eligibility, &push);
            ota_json_put_explanation(&out, ota_json_plan_get(plan), device, &e);
            got = out.data ? json_loads(out.data, 0, NULL) : NULL;
        }
        /* explain --json carries the expected line's fields with the same
         * values (components with more keys). */
        json_t *want = json_array_get(expected, i);
        if (!problem && !got)
            problem = "explain --json is not JSON";
        const char *keys[] = {"id", "eligible", "reason", "push"};
        for (int k = 0; !problem && k < 4; k++)
            if (!json_equal(json_object_get(got, keys[k]), json_object_get(want, keys[k])))
                problem = "explain --json differs from evaluate's line";
        json_t *want_components = json_object_get(want, "components");
        json_t *got_components = json_object_get(got, "components");
        if (!problem && json_array_size(got_components) != json_array_size(want_components))
            problem = "explain --json lists other components";
        for (size_t k = 0; !problem && k < json_array_size(want_components); k++) {
            json_t *w = json_array_get(want_components, k), *g = json_array_get(got_components, k);
            const char *component_keys[] = {"id", "applies", "reason"};
            for (int f = 0; f < 3; f++)
                if (!json_equal(json_object_get(w, component_keys[f]),
                                json_object_get(g, component_keys[f])) &&
                    (json_object_get(w, component_keys[f]) ||
                     json_object_get(g, component_keys[f])))
                    problem = "explain --json differs on a component";
        }
        if (problem) {
            mismatches++;
            if (report)
                fprintf(stderr, "%s device %zu: %s\n  %s\n", name, i, problem,
                        out.data ? out.data : "(no explanation)");
        }
        json_decref(got);
        ota_json_buffer_free(&out);
        free(text);
    }
    ota_json_device_reader_free(reader);
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
    return mismatches;
}

int conformance_windows_case(const json_t *c, int report)
{
    const char *name = json_string_value(json_object_get(c, "case"));
    ota_json_plan *plan;
    ota_compiled_plan *compiled = compile_case(c, &plan);
    if (!compiled) {
        if (report)
            fprintf(stderr, "%s: the plan does not compile\n", name);
        ota_json_plan_free(plan);
        return 1;
    }
    json_t *got = json_array();
    int64_t from = instant_of(c, "from"), to = instant_of(c, "to");
    ota_interval interval = OTA_INTERVAL_INIT;
    while (ota_compiled_plan_next_window(compiled, from, to, &interval) == OTA_OK) {
        char start[OTA_JSON_INSTANT_SIZE], end[OTA_JSON_INSTANT_SIZE];
        ota_json_format_instant(interval.start, start);
        ota_json_format_instant(interval.end, end);
        json_array_append_new(got, json_pack("{s:s, s:s}", "start", start, "end", end));
        from = interval.end;
    }
    int mismatch = !json_equal(got, json_object_get(c, "expected"));
    if (mismatch && report) {
        char *text = json_dumps(got, JSON_COMPACT);
        fprintf(stderr, "%s: got %s\n", name, text);
        free(text);
    }
    json_decref(got);
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(plan);
    return mismatch;
}
