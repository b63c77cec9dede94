/* ota_plan -> the plan JSON of SPEC 3, the inverse of plan_reader.c: what a
 * server that holds plans as C structs stores or sends, and how the tests
 * give the same plan to the C API, the `otaplan` program and Python. */
#include "names.h"
#include "otaplan_json.h"

#include "reader.h"
#include "writer.h"

#include <stdio.h>
#include <string.h>

typedef struct writer {
    json_t *root;
    int no_form;   /* a value JSON cannot hold (invalid UTF-8, a count without its array) */
    int canonical; /* the texts by tag: a map's order is no part of the plan (rules 3.3) */
} writer;

static json_t *string_of(writer *w, const char *text)
{
    json_t *value = json_string(text); /* NULL for text that is not UTF-8 */
    if (!value)
        w->no_form = 1;
    return value;
}

static void put_string(writer *w, json_t *object, const char *key, const char *text)
{
    if (text)
        json_object_set_new(object, key, string_of(w, text));
}

static void put_int(json_t *object, const char *key, int32_t value)
{
    if (value != OTA_UNSET)
        json_object_set_new(object, key, json_integer(value));
}

/* A closed set: the SPEC's name, or for a number that is none "#N", which
 * the reader takes for an unknown name (so validation says the same). */
static void put_enum(json_t *object, const char *key, int32_t value, const char *const *names,
                     int32_t first)
{
    int32_t count = 0;
    while (names[count])
        count++;
    if (value >= first && value < first + count) {
        json_object_set_new(object, key, json_string(names[value - first]));
    } else {
        char text[16];
        snprintf(text, sizeof text, "#%d", (int)value);
        json_object_set_new(object, key, json_string(text));
    }
}

static void put_window(json_t *object, const char *key, const ota_window *window)
{
    const char *const *days = ota__weekday_names;
    if (!window)
        return;
    json_t *w =
        json_pack("{s:i,s:i}", "start_hour", window->start_hour, "end_hour", window->end_hour);
    if (window->weekdays) {
        /* A bit past Sunday has no name: "#bit" is read as an unknown one. */
        json_t *list = json_array();
        for (int d = 0; d < 32; d++)
            if (window->weekdays & (1u << d))
                json_array_append_new(list, d < 7 ? json_string(days[d]) : json_string("#bit"));
        json_object_set_new(w, "weekdays", list);
    }
    json_object_set_new(object, key, w);
}

/* Basis points as the percent of SPEC 11.2. */
static json_t *percent_of(int32_t basis_points)
{
    return basis_points % 100 == 0 ? json_integer(basis_points / 100)
                                   : json_real(basis_points / 100.0);
}

static void put_blackouts(writer *w, const ota_plan *p)
{
    if (p->blackout_count == 0)
        return;
    if (!p->blackouts) {
        w->no_form = 1;
        return;
    }
    json_t *list = json_array();
    for (uint32_t i = 0; i < p->blackout_count; i++) {
        json_t *b = json_object();
        put_string(w, b, "start", p->blackouts[i].start);
        put_string(w, b, "end", p->blackouts[i].end);
        json_array_append_new(list, b);
    }
    json_object_set_new(w->root, "blackouts", list);
}

static void put_rollout(writer *w, const ota_rollout *r)
{
    if (!r)
        return;
    json_t *o = json_object();
    put_string(w, o, "salt", r->salt);
    if (r->spread)
        json_object_set_new(o, "spread", r->spread == 1 ? json_true() : json_integer(r->spread));
    if (r->phases || r->phase_count) {
        json_t *phases = json_array();
        for (uint32_t i = 0; r->phases && i < r->phase_count; i++) {
            json_t *phase = json_object();
            put_string(w, phase, "start", r->phases[i].start);
            json_object_set_new(phase, "percent", percent_of(r->phases[i].basis_points));
            json_array_append_new(phases, phase);
        }
        if (!r->phases)
            w->no_form = 1;
        json_object_set_new(o, "phases", phases);
    }
    if (r->abort)
        json_object_set_new(o, "abort",
                            json_pack("{s:o,s:i}", "failure_percent",
                                      percent_of(r->abort->failure_basis_points), "min_attempts",
                                      r->abort->min_attempts));
    json_object_set_new(w->root, "rollout", o);
}

static void put_list(writer *w, json_t *object, const char *key, const char *const *ids,
                     uint32_t count)
{
    if (count == 0)
        return;
    json_t *list = json_array();
    for (uint32_t i = 0; i < count && !w->no_form; i++) {
        if (!ids || !ids[i])
            w->no_form = 1;
        else
            json_array_append_new(list, string_of(w, ids[i]));
    }
    json_object_set_new(object, key, list);
}

static void put_components(writer *w, const ota_plan *p)
{
    static const char *const types[] = {"module", "mcu", NULL};
    static const char *const methods[] = {"full", "delta", NULL};
    if (p->component_count == 0)
        return;
    if (!p->components || p->component_count > OTA_MAX_COMPONENTS * 64) {
        w->no_form = 1;
        return;
    }
    static const char *const orders[] = {"semver", "natural", NULL};
    json_t *list = json_array();
    for (uint32_t i = 0; i < p->component_count; i++) {
        ota_component k = ota__json_component_at(p, i);
        json_t *c = json_object();
        /* 0 is "not given" (type_missing, method_missing): left out, as
         * the reader found it, not written as an unknown name. */
        if (k.type != 0)
            put_enum(c, "type", k.type, types, OTA_COMPONENT_MODULE);
        put_string(w, c, "id", k.id);
        if (k.method != 0)
            put_enum(c, "method", k.method, methods, OTA_METHOD_FULL);
        put_string(w, c, "target_version", k.target_version);
        put_string(w, c, "specified_versions", k.specified_versions);
        put_string(w, c, "source_version", k.source_version);
        if (k.version_order != OTA_ORDER_NONE)
            put_enum(c, "version_order", k.version_order, orders, OTA_ORDER_SEMVER);
        /* A number that is no OTA_DOWNGRADE_* stays a number, which the
         * reader rejects as validation does. */
        if (k.allow_downgrade != OTA_DOWNGRADE_ABSENT)
            json_object_set_new(c, "allow_downgrade",
                                k.allow_downgrade == OTA_DOWNGRADE_ALLOWED ? json_true()
                                : k.allow_downgrade == OTA_DOWNGRADE_DENIED
                                    ? json_false()
                                    : json_integer(k.allow_downgrade));
        put_string(w, c, "min_version", k.min_version);
        put_string(w, c, "below_version", k.below_version);
        json_array_append_new(list, c);
    }
    json_object_set_new(w->root, "components", list);
}

/* The texts' indexes in the order they are written: as given, or by tag
 * (bytewise) in the canonical form.  An insertion sort: a plan has few. */
static void text_order(const writer *w, const ota_plan *p, uint32_t *order)
{
    for (uint32_t i = 0; i < p->text_count; i++) {
        uint32_t at = i;
        if (w->canonical && p->texts)
            while (at > 0 && p->texts[order[at - 1]].lang && p->texts[i].lang &&
                   strcmp(p->texts[order[at - 1]].lang, p->texts[i].lang) > 0) {
                order[at] = order[at - 1];
                at--;
            }
        order[at] = i;
    }
}

static void put_texts(writer *w, const ota_plan *p)
{
    if (p->text_count == 0)
        return;
    /* A failed allocation is recorded: the write is then out of memory. */
    uint32_t *order = ota__json_alloc_plain(p->text_count * sizeof *order);
    if (!order)
        return;
    json_t *texts = json_object();
    text_order(w, p, order);
    for (uint32_t k = 0; k < p->text_count && !w->no_form; k++) {
        uint32_t i = order[k];
        const ota_text *t = p->texts ? &p->texts[i] : NULL;
        /* jansson checks that a key is UTF-8; a repeated key has no form. */
        if (!t || !t->lang || !t->text || json_object_get(texts, t->lang) ||
            json_object_set_new(texts, t->lang, string_of(w, t->text)) != 0)
            w->no_form = 1;
    }
    ota__json_free(order);
    json_object_set_new(w->root, "texts", texts);
}

static void put_instant(writer *w, json_t *object, const char *key, int64_t t)
{
    if (t == OTA_NO_INSTANT)
        return;
    /* RFC 3339 holds years 0000 to 9999 only. */
    if (t < INT64_C(-62167219200) || t > INT64_C(253402300799)) {
        w->no_form = 1;
        return;
    }
    char text[OTA_JSON_INSTANT_SIZE];
    ota_json_format_instant(t, text);
    json_object_set_new(object, key, json_string(text));
}

static void write_plan(writer *w, const ota_plan *p)
{
    static const char *const product_types[] = {"direct", "subdevice", NULL};
    static const char *const regions[] = {"cn", "intl", NULL};
    const char *const *states = ota__plan_state_names;
    static const char *const modes[] = {"silent", "user_confirm", NULL};
    json_t *o = w->root;
    put_string(w, o, "name", p->name);
    put_string(w, o, "product", p->product);
    if (p->product_type != OTA_PRODUCT_DIRECT)
        put_enum(o, "product_type", p->product_type, product_types, OTA_PRODUCT_DIRECT);
    if (p->bluetooth)
        json_object_set_new(o, "bluetooth",
                            p->bluetooth == 1 ? json_true() : json_integer(p->bluetooth));
    if (p->region != OTA_REGION_MISSING)
        put_enum(o, "region", p->region, regions, OTA_REGION_CN);
    put_string(w, o, "timezone", p->timezone);
    put_string(w, o, "start", p->start);
    put_string(w, o, "end", p->end);
    put_instant(w, o, "activated_at", p->activated_at);
    put_enum(o, "state", p->state, states, OTA_PLAN_SAVED);
    if (p->mode != OTA_MODE_MISSING)
        put_enum(o, "mode", p->mode, modes, OTA_MODE_SILENT);
    if (p->active_push != OTA_UNSET)
        json_object_set_new(o, "active_push",
                            p->active_push == 0   ? json_false()
                            : p->active_push == 1 ? json_true()
                                                  : json_integer(p->active_push));
    put_window(o, "push_window", p->push_window);
    put_window(o, "auto_upgrade_window", p->auto_upgrade_window);
    put_int(o, "refusal_retry_minutes", p->refusal_retry_minutes);
    json_t *strategy = json_object();
    if (p->retry_count != 0)
        json_object_set_new(strategy, "retry_count", json_integer(p->retry_count));
    put_int(strategy, "min_signal", p->min_signal);
    put_int(strategy, "min_battery", p->min_battery);
    if (json_object_size(strategy))
        json_object_set(o, "strategy", strategy);
    json_decref(strategy);
    put_list(w, o, "blacklist", p->blacklist, p->blacklist_count);
    put_list(w, o, "whitelist", p->whitelist, p->whitelist_count);
    put_components(w, p);
    put_texts(w, p);
    put_blackouts(w, p);
    put_rollout(w, p->rollout);
    /* A plan of version 2 has no `priority` (its 208 bytes end before it). */
    if (p->version == OTA_PLAN_STRUCT_VERSION && p->priority != 0)
        json_object_set_new(o, "priority", json_integer(p->priority));
}

/* The plan's JSON text dumped with `flags` (and a newline when `newline`)
 * into the buffer. */
static int32_t put_plan(ota_json_buffer *buffer, const ota_plan *plan, int canonical, size_t flags,
                        int newline)
{
    if (!buffer || !plan)
        return OTA_ERR_NULL;
    /* Version 2 differs in its components only (component_at()). */
    if ((plan->version != OTA_PLAN_STRUCT_VERSION && plan->version != 2) ||
        buffer->version != OTA_JSON_BUFFER_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    ota__json_begin();
    ota__json_enter();
    writer w = {.root = json_object(), .canonical = canonical};
    if (w.root)
        write_plan(&w, plan);
    char *text = w.root && !w.no_form ? json_dumps(w.root, flags | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(w.root);
    ota__json_leave();
    int32_t status = ota__json_failed() || (!text && !w.no_form) ? OTA_ERR_NOMEM
                     : w.no_form                                 ? OTA_ERR_ARGUMENT
                                                                 : OTA_OK;
    if (status == OTA_OK) {
        size_t before = buffer->length;
        ota_json_put_cstr(buffer, text);
        if (newline)
            ota_json_put(buffer, "\n", 1);
        if (buffer->failed) {
            status = OTA_ERR_NOMEM;
            buffer->length = before;
        }
    }
    /* json_dumps allocates through the functions the module installed. */
    if (text)
        ota__json_free(text);
    return status;
}

int32_t ota_json_put_plan(ota_json_buffer *buffer, const ota_plan *plan)
{
    return put_plan(buffer, plan, 0, JSON_SORT_KEYS | JSON_COMPACT, 0);
}

int32_t ota_json_put_plan_canonical(ota_json_buffer *buffer, const ota_plan *plan, int32_t form)
{
    if (form != OTA_JSON_CANONICAL_BLOCK && form != OTA_JSON_CANONICAL_LINE)
        return buffer && plan ? OTA_ERR_ARGUMENT : OTA_ERR_NULL;
    /* jansson keeps an object's keys in the order they were set, which is
     * write_plan()'s: the rules document's. */
    return form == OTA_JSON_CANONICAL_BLOCK ? put_plan(buffer, plan, 1, JSON_INDENT(2), 1)
                                            : put_plan(buffer, plan, 1, 0, 1);
}
