/* Plan JSON (SPEC 3) -> ota_plan, with the reader's diagnostics of SPEC 7:
 * field_type_invalid for a value of the wrong JSON type and field_unknown
 * for a key the specification does not name.  JSON null means absent. */
#include "names.h"
#include "otaplan_json.h"

#include "path.h"
#include "plan_fields.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ota_window *read_window(ota_json_plan *p, json_t *value, const char *field,
                                     ota_window *storage)
{
    if (!value || json_is_null(value))
        return NULL;
    if (!json_is_object(value)) {
        ota__plan_type_invalid(p, field, "an object {\"start_hour\", \"end_hour\"}");
        return NULL;
    }
    static const char *const known[] = {"start_hour", "end_hour", "weekdays", NULL};
    ota__plan_unknown_keys(p, value, field, known);
    ota__plan_read_weekdays(p, json_object_get(value, "weekdays"), field, &storage->weekdays);
    char path[64];
    /* A missing hour is out of range, which window_invalid reports. */
    storage->start_hour = -1;
    storage->end_hour = -1;
    snprintf(path, sizeof path, "%s.start_hour", field);
    ota__plan_read_int(p, json_object_get(value, "start_hour"), path, &storage->start_hour);
    snprintf(path, sizeof path, "%s.end_hour", field);
    ota__plan_read_int(p, json_object_get(value, "end_hour"), path, &storage->end_hour);
    return storage;
}

static void read_instant(ota_json_plan *p, json_t *value, const char *path, int64_t *out)
{
    const char *text = ota__plan_read_string(p, value, path);
    if (!text)
        return;
    if (ota_json_parse_instant(text, out) != 0)
        ota__plan_add(p, OTA_CODE_TIME_INVALID, path,
                      "%s must be an RFC 3339 instant such as 2026-01-01T00:00:00Z", path);
}

/* A device list: the pointers and the IDs' bytes in one block of the
 * plan's, and the array emptied in the tree, so that a plan of a million
 * IDs keeps about 20 bytes an ID rather than jansson's node and copy of
 * each (a set of 10,000 such plans is read in a tenth of the memory). */
static const char **read_list(ota_json_plan *p, json_t *value, const char *field, uint32_t *count)
{
    if (!value || json_is_null(value))
        return NULL;
    if (!json_is_array(value)) {
        ota__plan_type_invalid(p, field, "an array of device IDs");
        return NULL;
    }
    size_t n = json_array_size(value), bytes = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *entry = json_array_get(value, i);
        if (json_is_string(entry))
            bytes += json_string_length(entry) + 1;
    }
    const char **ids = ota__json_alloc((n ? n : 1) * sizeof *ids + bytes);
    if (!ids) {
        p->out_of_memory = 1;
        return NULL;
    }
    char *next = (char *)(ids + (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *entry = json_array_get(value, i);
        if (json_is_string(entry)) {
            size_t length = json_string_length(entry);
            memcpy(next, json_string_value(entry), length + 1);
            ids[i] = next;
            next += length + 1;
        } else {
            char path[64];
            snprintf(path, sizeof path, "%s[%zu]", field, i);
            ota__plan_type_invalid(p, path, "a string");
        }
    }
    ota__json_enter(); /* the nodes go back to the allocator that made them */
    json_array_clear(value);
    ota__json_leave();
    *count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
    return ids;
}

/* SPEC 13.1: a word that is no order is version_order_invalid, which the
 * library reports; the reader knows the word, and a likely one for it. */
static void read_version_order(ota_json_plan *p, json_t *value, const char *path, ota_component *k)
{
    static const char *const names[] = {"semver", "natural", NULL};
    static const int32_t values[] = {OTA_ORDER_SEMVER, OTA_ORDER_NATURAL};
    static const char *const synonyms[][2] = {{"semantic", "semver"},
                                              {"semantic_versioning", "semver"},
                                              {"semantic_version", "semver"},
                                              {"semver2", "semver"},
                                              {"numeric", "natural"},
                                              {"natsort", "natural"},
                                              {"natural_sort", "natural"},
                                              {"alphanumeric", "natural"},
                                              {NULL, NULL}};
    ota__plan_read_enum(p, value, path, names, values, -1, &k->version_order);
    if (value && !json_is_null(value) && !json_is_string(value))
        k->version_order = -1; /* an order was meant: not version_order_missing too */
    if (k->version_order != -1 || !json_is_string(value))
        return;
    const char *likely = ota__plan_likely_value(json_string_value(value), names, synonyms);
    if (likely) {
        char hint[32];
        snprintf(hint, sizeof hint, "did you mean \"%s\"?", likely);
        ota__plan_hint_for(p, OTA_CODE_VERSION_ORDER_INVALID, path, hint);
    }
}

static void read_component(ota_json_plan *p, json_t *value, size_t index, ota_component *k)
{
    char prefix[48], path[96];
    snprintf(prefix, sizeof prefix, "components[%zu]", index);
    if (!json_is_object(value)) {
        ota__plan_type_invalid(p, prefix, "an object");
        return;
    }
    static const char *const known[] = {"type",
                                        "id",
                                        "method",
                                        "target_version",
                                        "specified_versions",
                                        "source_version",
                                        "version_order",
                                        "allow_downgrade",
                                        "min_version",
                                        "below_version",
                                        NULL};
    ota__plan_unknown_keys(p, value, prefix, known);
    static const char *const type_names[] = {"module", "mcu", NULL};
    static const int32_t type_values[] = {OTA_COMPONENT_MODULE, OTA_COMPONENT_MCU};
    static const char *const method_names[] = {"full", "delta", NULL};
    static const int32_t method_values[] = {OTA_METHOD_FULL, OTA_METHOD_DELTA};
#define FIELD(name) (snprintf(path, sizeof path, "%s." name, prefix), path)
    ota__plan_read_enum(p, json_object_get(value, "type"), FIELD("type"), type_names, type_values,
                        -1, &k->type);
    k->id = ota__plan_read_string(p, json_object_get(value, "id"), FIELD("id"));
    ota__plan_read_enum(p, json_object_get(value, "method"), FIELD("method"), method_names,
                        method_values, -1, &k->method);
    k->target_version =
        ota__plan_read_string(p, json_object_get(value, "target_version"), FIELD("target_version"));
    k->specified_versions = ota__plan_read_string(p, json_object_get(value, "specified_versions"),
                                                  FIELD("specified_versions"));
    k->source_version =
        ota__plan_read_string(p, json_object_get(value, "source_version"), FIELD("source_version"));
    read_version_order(p, json_object_get(value, "version_order"), FIELD("version_order"), k);
    int32_t allowed = OTA_UNSET;
    ota__plan_read_bool(p, json_object_get(value, "allow_downgrade"), FIELD("allow_downgrade"),
                        &allowed);
    if (allowed != OTA_UNSET)
        k->allow_downgrade = allowed ? OTA_DOWNGRADE_ALLOWED : OTA_DOWNGRADE_DENIED;
    k->min_version =
        ota__plan_read_string(p, json_object_get(value, "min_version"), FIELD("min_version"));
    k->below_version =
        ota__plan_read_string(p, json_object_get(value, "below_version"), FIELD("below_version"));
#undef FIELD
}

static void read_components(ota_json_plan *p, json_t *value)
{
    if (!value || json_is_null(value))
        return;
    if (!json_is_array(value)) {
        ota__plan_type_invalid(p, "components", "an array of components");
        return;
    }
    size_t n = json_array_size(value);
    p->components = ota__json_alloc((n ? n : 1) * sizeof *p->components);
    if (!p->components) {
        p->out_of_memory = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        read_component(p, json_array_get(value, i), i, &p->components[i]);
    p->plan.components = p->components;
    p->plan.component_count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

static void read_texts(ota_json_plan *p, json_t *value)
{
    if (!value || json_is_null(value))
        return;
    if (!json_is_object(value)) {
        ota__plan_type_invalid(p, "texts", "an object of language tag to text");
        return;
    }
    size_t n = json_object_size(value);
    p->texts = ota__json_alloc((n ? n : 1) * sizeof *p->texts);
    if (!p->texts) {
        p->out_of_memory = 1;
        return;
    }
    const char *key;
    json_t *text;
    size_t i = 0;
    json_object_foreach(value, key, text)
    {
        char path[OTA_PATH_CAPACITY];
        ota__path_key(path, sizeof path, "texts", key, 1);
        p->texts[i].lang = key;
        p->texts[i].text = ota__plan_read_string(p, text, path);
        i++;
    }
    p->plan.texts = p->texts;
    p->plan.text_count = (uint32_t)n;
}

static void read_strategy(ota_json_plan *p, json_t *value)
{
    if (!value || json_is_null(value))
        return;
    if (!json_is_object(value)) {
        ota__plan_type_invalid(p, "strategy", "an object");
        return;
    }
    static const char *const known[] = {"retry_count", "min_signal", "min_battery", NULL};
    ota__plan_unknown_keys(p, value, "strategy", known);
    ota__plan_read_int(p, json_object_get(value, "retry_count"), "strategy.retry_count",
                       &p->plan.retry_count);
    ota__plan_read_int(p, json_object_get(value, "min_signal"), "strategy.min_signal",
                       &p->plan.min_signal);
    ota__plan_read_int(p, json_object_get(value, "min_battery"), "strategy.min_battery",
                       &p->plan.min_battery);
}

static void read_plan(ota_json_plan *p)
{
    json_t *o = p->root;
    ota_plan *plan = &p->plan;
    static const char *const product_types[] = {"direct", "subdevice", NULL};
    static const int32_t product_type_values[] = {OTA_PRODUCT_DIRECT, OTA_PRODUCT_SUBDEVICE};
    static const char *const regions[] = {"cn", "intl", NULL};
    static const int32_t region_values[] = {OTA_REGION_CN, OTA_REGION_INTL};
    const char *const *states = ota__plan_state_names;
    static const int32_t state_values[] = {OTA_PLAN_SAVED, OTA_PLAN_ACTIVE, OTA_PLAN_SUSPENDED,
                                           OTA_PLAN_TERMINATED, OTA_PLAN_ENDED};
    static const char *const modes[] = {"silent", "user_confirm", NULL};
    static const int32_t mode_values[] = {OTA_MODE_SILENT, OTA_MODE_USER_CONFIRM};

    p->schema = ota__plan_read_string(p, json_object_get(o, "$schema"), "$schema");
    plan->name = ota__plan_read_string(p, json_object_get(o, "name"), "name");
    plan->product = ota__plan_read_string(p, json_object_get(o, "product"), "product");
    ota__plan_read_enum(p, json_object_get(o, "product_type"), "product_type", product_types,
                        product_type_values, -1, &plan->product_type);
    ota__plan_read_bool(p, json_object_get(o, "bluetooth"), "bluetooth", &plan->bluetooth);
    ota__plan_read_enum(p, json_object_get(o, "region"), "region", regions, region_values, -1,
                        &plan->region);
    plan->timezone = ota__plan_read_string(p, json_object_get(o, "timezone"), "timezone");
    plan->start = ota__plan_read_string(p, json_object_get(o, "start"), "start");
    plan->end = ota__plan_read_string(p, json_object_get(o, "end"), "end");
    read_instant(p, json_object_get(o, "activated_at"), "activated_at", &plan->activated_at);
    ota__plan_read_enum(p, json_object_get(o, "state"), "state", states, state_values, -1,
                        &plan->state);
    ota__plan_read_enum(p, json_object_get(o, "mode"), "mode", modes, mode_values, -1, &plan->mode);
    ota__plan_read_bool(p, json_object_get(o, "active_push"), "active_push", &plan->active_push);
    plan->push_window =
        read_window(p, json_object_get(o, "push_window"), "push_window", &p->push_window);
    plan->auto_upgrade_window = read_window(p, json_object_get(o, "auto_upgrade_window"),
                                            "auto_upgrade_window", &p->auto_upgrade_window);
    ota__plan_read_int(p, json_object_get(o, "refusal_retry_minutes"), "refusal_retry_minutes",
                       &plan->refusal_retry_minutes);
    read_strategy(p, json_object_get(o, "strategy"));
    plan->blacklist = p->blacklist =
        read_list(p, json_object_get(o, "blacklist"), "blacklist", &plan->blacklist_count);
    plan->whitelist = p->whitelist =
        read_list(p, json_object_get(o, "whitelist"), "whitelist", &plan->whitelist_count);
    read_components(p, json_object_get(o, "components"));
    read_texts(p, json_object_get(o, "texts"));
    ota__plan_read_blackouts(p, json_object_get(o, "blackouts"));
    ota__plan_read_rollout(p, json_object_get(o, "rollout"));
    ota__plan_read_int(p, json_object_get(o, "priority"), "priority", &plan->priority);
    ota__plan_unknown_keys(p, o, "", ota__plan_field_names);
}

/* ------------------------------------------------------------ interface */

int32_t ota_json_plan_read(const char *text, size_t length, ota_json_plan **out,
                           ota_json_error *error)
{
    if (out)
        *out = NULL;
    if (!text || !out)
        return OTA_ERR_NULL;
    int32_t usable = ota__json_error_usable(error);
    if (usable != OTA_OK)
        return usable;
    json_t *root = NULL;
    int32_t loaded = ota__reader_load(text, length, &root, error);
    if (loaded != OTA_OK)
        return loaded;
    if (!json_is_object(root)) {
        ota__json_decref(root);
        ota__json_error_at(error, 1, 1);
        snprintf(error->text, sizeof error->text, "a plan must be a JSON object");
        return OTA_ERR_ARGUMENT;
    }
    ota_json_plan *p = ota__json_alloc(sizeof *p);
    if (!p) {
        ota__json_decref(root);
        return OTA_ERR_NOMEM;
    }
    p->root = root;
    ota_plan_init(&p->plan, OTA_PLAN_STRUCT_VERSION);
    if (ota_diagnostics_new(&ota__json_allocator, &p->diagnostics) == OTA_OK)
        read_plan(p);
    if (!p->diagnostics || p->out_of_memory || ota__json_failed()) {
        ota_json_plan_free(p);
        return OTA_ERR_NOMEM;
    }
    *out = p;
    return OTA_OK;
}

const ota_plan *ota_json_plan_get(const ota_json_plan *plan)
{
    return plan ? &plan->plan : NULL;
}

const char *ota_json_plan_schema(const ota_json_plan *plan)
{
    return plan ? plan->schema : NULL;
}

/* The fields the reader rejected for their type, sorted: the library's own
 * complaints about them (name_missing, list_entry_invalid) would only repeat
 * the reader's, and are left out. */
typedef struct rejections {
    const char **paths;
    uint32_t count;
} rejections;

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int rejections_collect(const ota_json_plan *p, rejections *out)
{
    *out = (rejections){0};
    uint32_t n = ota_diagnostics_count(p->diagnostics);
    out->paths = ota__json_alloc((n ? n : 1) * sizeof *out->paths);
    if (!out->paths)
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(p->diagnostics, i, &d);
        if (d.code == OTA_CODE_FIELD_TYPE_INVALID)
            out->paths[out->count++] = d.path;
    }
    qsort(out->paths, out->count, sizeof *out->paths, compare_paths);
    return 1;
}

typedef struct path_prefix {
    const char *path;
    size_t length;
} path_prefix;

static int compare_prefix(const void *key, const void *entry)
{
    const path_prefix *k = key;
    const char *path = *(const char *const *)entry;
    int order = strncmp(k->path, path, k->length);
    return order ? order : path[k->length] ? -1 : 0;
}

/* 1 if `path` or a field containing it (a prefix ending at '.' or '[') was
 * rejected: O(depth log n), so a million rejected entries stay fast. */
static int repeats_rejection(const rejections *r, const char *path)
{
    for (size_t n = 0;; n++) {
        char c = path[n];
        if (n > 0 && (c == '\0' || c == '.' || c == '[')) {
            path_prefix key = {path, n};
            if (bsearch(&key, r->paths, r->count, sizeof *r->paths, compare_prefix))
                return 1;
        }
        if (c == '\0')
            return 0;
    }
}

/* Appends a copy of d with its hint.  A hint of d's own list already ends
 * its message ("; HINT"): the message is added without it, and the hint
 * then adds it again; a reader's hint for it (`pending`) is only added. */
static int32_t copy_diagnostic(ota_diagnostics *into, const ota_diagnostic *d, const char *hint,
                               int pending)
{
    if (!hint)
        return ota_diagnostics_add(into, d->code, d->path, d->message);
    if (pending) {
        int32_t status = ota_diagnostics_add(into, d->code, d->path, d->message);
        return status == OTA_OK ? ota_diagnostics_add_hint(into, hint) : status;
    }
    size_t length = strlen(d->message), suffix = strlen(hint) + 2;
    char *message = ota__json_alloc(length + 1);
    if (!message)
        return OTA_ERR_NOMEM;
    memcpy(message, d->message, length + 1);
    if (length >= suffix)
        message[length - suffix] = '\0';
    int32_t status = ota_diagnostics_add(into, d->code, d->path, message);
    ota__json_free(message);
    return status == OTA_OK ? ota_diagnostics_add_hint(into, hint) : status;
}

/* The reader's diagnostics and the library's, merged in the document's
 * field order: each of the reader's goes before the first library
 * diagnostic of a later top-level field. */
static int32_t merge(const ota_json_plan *p, ota_diagnostics *library, ota_diagnostics **out)
{
    rejections rejected;
    if (!rejections_collect(p, &rejected))
        return OTA_ERR_NOMEM;
    ota_diagnostics *merged = NULL;
    int32_t status = ota_diagnostics_new(&ota__json_allocator, &merged);
    const ota_diagnostics *mine = p->diagnostics;
    uint32_t mine_count = ota_diagnostics_count(mine);
    uint32_t library_count = ota_diagnostics_count(library);
    uint32_t i = 0, j = 0;
    ota_diagnostic a = OTA_DIAGNOSTIC_INIT, b = OTA_DIAGNOSTIC_INIT;
    while (status == OTA_OK && (i < mine_count || j < library_count)) {
        if (i < mine_count)
            ota_diagnostics_get(mine, i, &a);
        if (j < library_count)
            ota_diagnostics_get(library, j, &b);
        if (j < library_count && repeats_rejection(&rejected, b.path)) {
            j++;
            continue;
        }
        const ota_diagnostic *take;
        const char *hint;
        int pending = 0;
        if (i < mine_count && (j >= library_count ||
                               ota__reader_field_rank(a.path) <= ota__reader_field_rank(b.path))) {
            take = &a;
            hint = ota_diagnostics_hint(mine, i++);
        } else {
            take = &b;
            hint = ota_diagnostics_hint(library, j++);
            if (!hint) {
                hint = ota__plan_hint_of(p, b.code, b.path);
                pending = hint != NULL;
            }
        }
        status = copy_diagnostic(merged, take, hint, pending);
    }
    ota__json_free(rejected.paths);
    if (status != OTA_OK) {
        ota_diagnostics_free(merged);
        return status;
    }
    *out = merged;
    return OTA_OK;
}

int32_t ota_json_plan_validate(const ota_json_plan *plan, const ota_validate_options *options,
                               ota_diagnostics **out)
{
    if (out)
        *out = NULL;
    if (!plan || !out)
        return OTA_ERR_NULL;
    ota_diagnostics *library = NULL;
    int32_t status = ota_plan_validate(&plan->plan, options, &library);
    if (status != OTA_OK)
        return status;
    status = merge(plan, library, out);
    ota_diagnostics_free(library);
    return status;
}

int32_t ota_json_plan_compile(const ota_json_plan *plan, const ota_validate_options *options,
                              ota_compiled_plan **out, ota_diagnostics **diagnostics)
{
    if (out)
        *out = NULL;
    if (diagnostics)
        *diagnostics = NULL;
    if (!plan || !out)
        return OTA_ERR_NULL;
    ota_diagnostics *library = NULL;
    ota_compiled_plan *compiled = NULL;
    int32_t status = ota_plan_compile(&plan->plan, options, &compiled, &library);
    if (status != OTA_OK && status != OTA_ERR_INVALID_PLAN)
        return status;
    ota_diagnostics *merged = NULL;
    int32_t merge_status = merge(plan, library, &merged);
    ota_diagnostics_free(library);
    if (merge_status != OTA_OK) {
        ota_compiled_plan_free(compiled);
        return merge_status;
    }
    if (ota_diagnostics_error_count(plan->diagnostics) > 0) {
        ota_compiled_plan_free(compiled);
        compiled = NULL;
        status = OTA_ERR_INVALID_PLAN;
    }
    *out = compiled;
    if (diagnostics)
        *diagnostics = merged;
    else
        ota_diagnostics_free(merged);
    return status;
}

void ota_json_plan_free(ota_json_plan *plan)
{
    if (!plan)
        return;
    ota__json_decref(plan->root);
    ota__json_free(plan->components);
    ota__json_free(plan->blacklist);
    ota__json_free(plan->whitelist);
    ota__json_free(plan->texts);
    ota__json_free(plan->blackouts);
    ota__json_free(plan->phases);
    ota_diagnostics_free(plan->diagnostics);
    ota__plan_hints_free(plan);
    ota__json_free(plan);
}
