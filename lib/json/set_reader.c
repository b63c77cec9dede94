/* Plan sets in JSON (SPEC 14.5): plans read one by one (a JSON Lines file,
 * a directory's files, a binding's list), validated with the paths of a
 * set and compiled into the library's ota_plan_set. */
#include "otaplan_json.h"

#include "reader.h"

#include <stdio.h>
#include <string.h>

struct ota_json_set {
    ota_json_plan **plans;
    uint32_t count;
    uint32_t capacity;
    ota_compiled_plan **compiled; /* `count` of them once compiled */
    ota_plan_set *set;
};

int32_t ota_json_set_new(ota_json_set **out)
{
    if (!out)
        return OTA_ERR_NULL;
    ota__json_begin();
    *out = ota__json_alloc(sizeof **out);
    return *out ? OTA_OK : OTA_ERR_NOMEM;
}

static void drop_compiled(ota_json_set *set)
{
    ota_plan_set_free(set->set);
    set->set = NULL;
    for (uint32_t i = 0; set->compiled && i < set->count; i++)
        ota_compiled_plan_free(set->compiled[i]);
    ota__json_free(set->compiled);
    set->compiled = NULL;
}

void ota_json_set_free(ota_json_set *set)
{
    if (!set)
        return;
    drop_compiled(set);
    for (uint32_t i = 0; i < set->count; i++)
        ota_json_plan_free(set->plans[i]);
    ota__json_free(set->plans);
    ota__json_free(set);
}

int32_t ota_json_set_add(ota_json_set *set, const char *text, size_t length, ota_json_error *error)
{
    if (!set || !text)
        return OTA_ERR_NULL;
    int32_t usable = ota__json_error_usable(error);
    if (usable != OTA_OK)
        return usable;
    if (set->count == OTA_MAX_SET_PLANS) {
        ota__json_error_at(error, 0, 0);
        snprintf(error->text, sizeof error->text, "a plan set holds at most %u plans",
                 OTA_MAX_SET_PLANS);
        return OTA_ERR_ARGUMENT;
    }
    if (set->count == set->capacity) {
        uint32_t capacity = set->capacity ? set->capacity * 2 : 16;
        ota_json_plan **grown =
            ota__json_grow(set->plans, set->capacity * sizeof *grown, capacity * sizeof *grown);
        if (!grown)
            return OTA_ERR_NOMEM;
        set->plans = grown;
        set->capacity = capacity;
    }
    ota_json_plan *plan = NULL;
    int32_t status = ota_json_plan_read(text, length, &plan, error);
    if (status != OTA_OK)
        return status;
    drop_compiled(set); /* a set that grew is compiled again */
    set->plans[set->count++] = plan;
    return OTA_OK;
}

static int blank(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
            return 0;
    return 1;
}

/* JSON Lines, one plan a line, unless the first line that is not blank is
 * no whole JSON value: then the text is one plan object over many lines. */
int32_t ota_json_set_read(const char *text, size_t length, ota_json_set **out,
                          ota_json_error *error)
{
    if (out)
        *out = NULL;
    if (!text || !out)
        return OTA_ERR_NULL;
    int32_t usable = ota__json_error_usable(error);
    if (usable != OTA_OK)
        return usable;
    ota_json_set *set = NULL;
    int32_t status = ota_json_set_new(&set);
    if (status != OTA_OK)
        return status;
    size_t at = 0;
    int32_t line = 0, lines_mode = -1;
    while (at < length && status == OTA_OK) {
        const char *end = memchr(text + at, '\n', length - at);
        size_t line_length = end ? (size_t)(end - (text + at)) : length - at;
        line++;
        if (!blank(text + at, line_length)) {
            if (lines_mode < 0) {
                json_t *root = NULL;
                ota_json_error ignored = OTA_JSON_ERROR_INIT;
                int32_t loaded = ota__reader_load(text + at, line_length, &root, &ignored);
                ota__json_decref(root);
                if (loaded == OTA_ERR_NOMEM) {
                    /* Not a verdict on the line: reading it as one
                     * multi-line plan would report it as bad JSON. */
                    status = loaded;
                    break;
                }
                lines_mode = loaded == OTA_OK;
                if (!lines_mode)
                    break;
            }
            status = ota_json_set_add(set, text + at, line_length, error);
            if (status == OTA_ERR_ARGUMENT && error->line <= 1)
                error->line = line;
        }
        at += line_length + (end != NULL);
    }
    if (status == OTA_OK && lines_mode == 0)
        status = ota_json_set_add(set, text, length, error);
    if (status == OTA_OK && set->count == 0) {
        ota__json_error_at(error, 1, 1);
        snprintf(error->text, sizeof error->text, "a plan set needs at least one plan");
        status = OTA_ERR_ARGUMENT;
    }
    if (status != OTA_OK) {
        ota_json_set_free(set);
        return status;
    }
    *out = set;
    return OTA_OK;
}

uint32_t ota_json_set_count(const ota_json_set *set)
{
    return set ? set->count : 0;
}

const ota_json_plan *ota_json_set_plan(const ota_json_set *set, uint32_t index)
{
    return set && index < set->count ? set->plans[index] : NULL;
}

const ota_plan_set *ota_json_set_get(const ota_json_set *set)
{
    return set ? set->set : NULL;
}

static int32_t library_plans(const ota_json_set *set, const ota_plan ***out)
{
    const ota_plan **plans = ota__json_alloc((set->count ? set->count : 1) * sizeof *plans);
    if (!plans)
        return OTA_ERR_NOMEM;
    for (uint32_t i = 0; i < set->count; i++)
        plans[i] = ota_json_plan_get(set->plans[i]);
    *out = plans;
    return OTA_OK;
}

/* Every plan's diagnostics (the reader's and the library's) under
 * "plans[i]" into *out; with `compiled` (room for every plan), each plan
 * compiled into it as well (NULL where it has errors). */
static int32_t check_plans(const ota_json_set *set, const ota_validate_options *options,
                           ota_compiled_plan **compiled, ota_diagnostics **out)
{
    ota_diagnostics *list = NULL;
    int32_t status = ota_diagnostics_new(&ota__json_allocator, &list);
    for (uint32_t i = 0; i < set->count && status == OTA_OK; i++) {
        ota_diagnostics *own = NULL;
        if (compiled) {
            status = ota_json_plan_compile(set->plans[i], options, &compiled[i], &own);
            if (status == OTA_ERR_INVALID_PLAN)
                status = OTA_OK;
        } else {
            status = ota_json_plan_validate(set->plans[i], options, &own);
        }
        char prefix[32];
        snprintf(prefix, sizeof prefix, "plans[%u]", i);
        if (status == OTA_OK)
            status = ota_diagnostics_append(list, own, prefix);
        ota_diagnostics_free(own);
    }
    if (status != OTA_OK) {
        ota_diagnostics_free(list);
        return status;
    }
    *out = list;
    return OTA_OK;
}

/* The set's own diagnostics of plans that are not all valid, or not all
 * compiled: the library compiles the members itself. */
static int32_t check_between(const ota_json_set *set, const ota_validate_options *options,
                             ota_diagnostics *list)
{
    const ota_plan **plans = NULL;
    int32_t status = library_plans(set, &plans);
    if (status == OTA_OK)
        status = ota_plan_set_check_between(plans, set->count, options, list);
    ota__json_free(plans);
    return status;
}

/* The plans' diagnostics, then the set's. */
static int32_t check_set(const ota_json_set *set, const ota_validate_options *options,
                         ota_diagnostics **out)
{
    if (set->count == 0)
        return OTA_ERR_ARGUMENT;
    ota_diagnostics *list = NULL;
    int32_t status = check_plans(set, options, NULL, &list);
    if (status == OTA_OK)
        status = check_between(set, options, list);
    if (status != OTA_OK) {
        ota_diagnostics_free(list);
        return status;
    }
    *out = list;
    return OTA_OK;
}

int32_t ota_json_set_validate(const ota_json_set *set, const ota_validate_options *options,
                              ota_diagnostics **out)
{
    if (out)
        *out = NULL;
    if (!set || !out)
        return OTA_ERR_NULL;
    return check_set(set, options, out);
}

/* Each plan compiled once: a set of valid plans is built from them and
 * its cycles found from its own index; only when a plan has an error, or
 * two share a name, does the library check the set from the plans. */
int32_t ota_json_set_compile(ota_json_set *set, const ota_validate_options *options,
                             ota_diagnostics **diagnostics)
{
    if (diagnostics)
        *diagnostics = NULL;
    if (!set)
        return OTA_ERR_NULL;
    drop_compiled(set);
    if (set->count == 0)
        return OTA_ERR_ARGUMENT;
    set->compiled = ota__json_alloc(set->count * sizeof *set->compiled); /* zeroed */
    if (!set->compiled)
        return OTA_ERR_NOMEM;
    ota_diagnostics *list = NULL;
    int32_t status = check_plans(set, options, set->compiled, &list);
    const ota_allocator *allocator = options ? options->allocator : NULL;
    int plans_valid = status == OTA_OK && ota_diagnostics_error_count(list) == 0;
    if (plans_valid) {
        status = ota_plan_set_new((const ota_compiled_plan *const *)set->compiled, set->count,
                                  allocator, &set->set);
        /* Cycles are warnings, never an error: only a caller that takes
         * the diagnostics needs them looked for. */
        if (status == OTA_OK && diagnostics) {
            status = ota_plan_set_check_cycles(set->set, list);
        } else if (status == OTA_ERR_ARGUMENT) { /* two plans of one name */
            plans_valid = 0;
            status = OTA_OK;
        }
    }
    if (status == OTA_OK && !plans_valid) {
        status = check_between(set, options, list);
        if (status == OTA_OK)
            status = OTA_ERR_INVALID_PLAN;
    }
    if (status != OTA_OK)
        drop_compiled(set);
    if (diagnostics && list && status != OTA_ERR_NOMEM)
        *diagnostics = list;
    else
        ota_diagnostics_free(list);
    return status;
}
