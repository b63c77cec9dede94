/* ota_plan_compile(): a valid plan turned into the plain data evaluation
 * reads (SPEC 10). */
#include "abi.h"
#include "alloc.h"
#include "check.h"
#include "compiled.h"
#include "limits.h"
#include "diag.h"
#include "text.h"

#include <string.h>

/* All strings of the compiled plan live in one block: one allocation to
 * fail cleanly, one to free. */
typedef struct arena {
    char *next;
} arena;

static compiled_string arena_copy(arena *a, const char *text, size_t length)
{
    compiled_string s = {.text = a->next, .length = (uint32_t)length};
    memcpy(a->next, text, length);
    a->next[length] = '\0';
    a->next += length + 1;
    return s;
}

/* A bound applies to a full component without specified versions only
 * (SPEC 13.2); elsewhere it was a warning and is left out. */
static int has_range(const ota_component *k)
{
    return k->version_order && k->method == OTA_METHOD_FULL && !k->specified_versions;
}

static size_t component_bytes(const ota_component *k)
{
    size_t bytes = strlen(k->id) + 1 + strlen(k->target_version) + 1;
    if (k->method == OTA_METHOD_DELTA)
        bytes += strlen(k->source_version) + 1;
    else if (k->specified_versions)
        bytes += strlen(k->specified_versions) + 1 + OTA_MAX_SPECIFIED_VERSIONS;
    if (has_range(k) && k->min_version)
        bytes += strlen(k->min_version) + 1;
    if (has_range(k) && k->below_version)
        bytes += strlen(k->below_version) + 1;
    return bytes;
}

/* Validation accepted every token of the order: parsing cannot fail. */
static ordered_version ordered(int32_t order, compiled_string s)
{
    ordered_version v;
    ota__version_parse(order, s.text, &v);
    return v;
}

static int above_target(const compiled_component *out, compiled_string s)
{
    ordered_version v = ordered(out->order, s);
    return ota__version_compare(out->order, &v, &out->target_order) > 0;
}

/* SPEC 13: the order, the bounds, and what is known of the plan's own
 * versions against the target. */
static void compile_order(arena *a, const ota_component *k, compiled_component *out)
{
    out->order = k->version_order;
    out->target_order = ordered(out->order, out->target);
    out->downgrade_check = k->allow_downgrade != OTA_DOWNGRADE_ALLOWED;
    if (out->downgrade_check && k->method == OTA_METHOD_DELTA)
        out->source_newer = above_target(out, out->source);
    for (uint32_t i = 0; out->downgrade_check && i < out->specified_count; i++)
        if (above_target(out, out->specified[i]))
            out->specified_newer |= 1u << i;
    if (!has_range(k))
        return;
    if (k->min_version) {
        out->has_min = 1;
        out->min = ordered(out->order, arena_copy(a, k->min_version, strlen(k->min_version)));
        out->min_above_target = ota__version_compare(out->order, &out->min, &out->target_order) > 0;
    }
    if (k->below_version) {
        out->has_below = 1;
        out->below = ordered(out->order, arena_copy(a, k->below_version, strlen(k->below_version)));
        out->below_above_target =
            ota__version_compare(out->order, &out->below, &out->target_order) > 0;
    }
}

static void compile_component(arena *a, const ota_component *k, compiled_component *out)
{
    *out = (compiled_component){.method = k->method};
    out->id = arena_copy(a, k->id, strlen(k->id));
    out->target = arena_copy(a, k->target_version, strlen(k->target_version));
    if (k->method == OTA_METHOD_DELTA) {
        out->source = arena_copy(a, k->source_version, strlen(k->source_version));
    } else if (k->specified_versions) {
        /* Validation accepted the list: 1 to 8 tokens, none empty. */
        const char *s = k->specified_versions;
        while (out->specified_count < OTA_MAX_SPECIFIED_VERSIONS) {
            size_t length = strcspn(s, ";");
            out->specified[out->specified_count++] = arena_copy(a, s, length);
            if (s[length] == '\0')
                break;
            s += length + 1;
        }
    }
    if (k->version_order)
        compile_order(a, k, out);
}

/* SPEC 11: what evaluation needs of rollout control, as plain data. */
static void compile_rollout(const ota_plan *plan, const plan_facts *facts, ota_compiled_plan *cp)
{
    cp->weekdays = ota__plan_governing_weekdays(plan);
    memcpy(cp->blackouts, facts->blackouts, facts->blackout_count * sizeof cp->blackouts[0]);
    cp->blackout_count = ota__spans_merge(cp->blackouts, facts->blackout_count);
    const ota_rollout *r = plan->rollout;
    const char *salt = r && r->salt ? r->salt : plan->product;
    cp->salt_length = (uint32_t)strlen(salt); /* validated: at most 64 */
    memcpy(cp->salt, salt, cp->salt_length + 1);
    if (!r)
        return;
    cp->phase_count = facts->phase_count;
    memcpy(cp->phase_start, facts->phase_start, facts->phase_count * sizeof cp->phase_start[0]);
    memcpy(cp->phase_bp, facts->phase_bp, facts->phase_count * sizeof cp->phase_bp[0]);
    cp->spread = r->spread != 0;
    if (r->abort) {
        cp->has_abort = 1;
        cp->abort = *r->abort;
    }
}

static void compile_settings(const ota_plan *plan, const plan_facts *facts, ota_compiled_plan *cp)
{
    memcpy(cp->timezone, facts->timezone, sizeof cp->timezone);
    cp->state = plan->state;
    cp->mode = plan->mode;
    cp->active_push = plan->mode == OTA_MODE_SILENT && plan->active_push != 0;
    int32_t minutes = plan->refusal_retry_minutes == OTA_UNSET ? REFUSAL_DEFAULT_MINUTES
                                                               : plan->refusal_retry_minutes;
    cp->refusal_seconds = (int64_t)minutes * 60;
    cp->retry_count = plan->retry_count;
    cp->min_signal = plan->min_signal;
    cp->min_battery = plan->min_battery;
    cp->start = facts->start;
    cp->end = facts->end;
    cp->effective_start = plan->activated_at != OTA_NO_INSTANT && plan->activated_at > facts->start
                              ? plan->activated_at
                              : facts->start;
    cp->has_window = ota__plan_governing_window(plan, &cp->window);
    compile_rollout(plan, facts, cp);
}

static int32_t build(const ota_plan *plan, const ota_allocator *allocator, plan_facts *facts,
                     ota_compiled_plan **out)
{
    /* SPEC 14.1: a set compares names trimmed and NFC-normalised, and
     * prints them trimmed as written. */
    size_t name_start, name_length;
    ota__text_trim(plan->name, strlen(plan->name), &name_start, &name_length);
    char *key = NULL;
    size_t key_length = 0;
    int32_t status =
        ota__text_nfc_utf8(allocator, plan->name + name_start, name_length, &key, &key_length);
    if (status != OTA_OK)
        return status;
    ota_compiled_plan *cp = ota__alloc_array(allocator, 1, sizeof *cp);
    size_t bytes = strlen(plan->product) + 1 + name_length + 1 + key_length + 1;
    for (uint32_t i = 0; i < plan->component_count; i++)
        bytes += component_bytes(&plan->components[i]);
    if (cp)
        cp->strings = ota__alloc(allocator, bytes);
    if (!cp || !cp->strings) {
        ota__free(allocator, cp);
        ota__free(allocator, key);
        return OTA_ERR_NOMEM;
    }
    if (allocator) {
        cp->custom = *allocator;
        cp->allocator = &cp->custom;
    }
    arena a = {cp->strings};
    cp->product = arena_copy(&a, plan->product, strlen(plan->product));
    cp->name = arena_copy(&a, plan->name + name_start, name_length);
    cp->name_key = arena_copy(&a, key, key_length);
    ota__free(allocator, key);
    cp->priority = plan->priority;
    cp->component_count = plan->component_count;
    for (uint32_t i = 0; i < plan->component_count; i++)
        compile_component(&a, &plan->components[i], &cp->components[i]);
    compile_settings(plan, facts, cp);
    /* The compiled plan takes over the zone table and the lists. */
    cp->zone = facts->zone;
    cp->devices = facts->devices;
    *facts = (plan_facts){0};
    *out = cp;
    return OTA_OK;
}

int32_t ota_plan_compile(const ota_plan *plan, const ota_validate_options *options,
                         ota_compiled_plan **out, ota_diagnostics **diagnostics)
{
    if (out)
        *out = NULL;
    if (diagnostics)
        *diagnostics = NULL;
    if (!plan || !out)
        return OTA_ERR_NULL;
    plan_storage storage;
    int32_t version_status = ota__plan_current(plan, &storage, &plan);
    if (version_status != OTA_OK)
        return version_status;
    plan_facts facts;
    ota_diagnostics *list = NULL;
    int32_t status = ota__plan_check_new(plan, options, &facts, &list);
    if (status != OTA_OK)
        return status;
    const ota_allocator *allocator = list->allocator;
    status = list->errors > 0 ? OTA_ERR_INVALID_PLAN : build(plan, allocator, &facts, out);
    ota__plan_facts_free(allocator, &facts);
    if (status == OTA_ERR_NOMEM) {
        ota_diagnostics_free(list);
        return status;
    }
    if (diagnostics)
        *diagnostics = list;
    else
        ota_diagnostics_free(list);
    return status;
}

void ota_compiled_plan_free(ota_compiled_plan *plan)
{
    if (!plan)
        return;
    const ota_allocator *allocator = plan->allocator;
    ota__zone_table_free(allocator, &plan->zone);
    ota__idset_free(allocator, &plan->devices);
    ota__free(allocator, plan->strings);
    ota__free(allocator, plan);
}

const char *ota_compiled_plan_timezone(const ota_compiled_plan *plan)
{
    return plan ? plan->timezone : NULL;
}

const char *ota_compiled_plan_name(const ota_compiled_plan *plan)
{
    return plan ? plan->name.text : NULL;
}

int32_t ota_compiled_plan_priority(const ota_compiled_plan *plan)
{
    return plan ? plan->priority : 0;
}

const char *ota_compiled_plan_product(const ota_compiled_plan *plan)
{
    return plan ? plan->product.text : NULL;
}

const char *ota_compiled_plan_component_id(const ota_compiled_plan *plan, uint32_t index)
{
    return plan && index < plan->component_count ? plan->components[index].id.text : NULL;
}

int32_t ota_compiled_plan_period(const ota_compiled_plan *plan, int64_t *start, int64_t *end,
                                 int64_t *effective_start)
{
    if (!plan || !start || !end || !effective_start)
        return OTA_ERR_NULL;
    *start = plan->start;
    *end = plan->end;
    *effective_start = plan->effective_start;
    return OTA_OK;
}

int32_t ota_compiled_plan_utc_offset(const ota_compiled_plan *plan, int64_t t, int32_t *offset)
{
    if (!plan || !offset)
        return OTA_ERR_NULL;
    if (t < OTA_INSTANT_MIN || t > OTA_INSTANT_MAX)
        return OTA_ERR_RANGE;
    *offset = ota__zone_offset_at(&plan->zone, t);
    return OTA_OK;
}

int32_t ota_compiled_plan_phase(const ota_compiled_plan *plan, uint32_t index, int64_t *start,
                                int32_t *basis_points)
{
    if (!plan || !start || !basis_points)
        return OTA_ERR_NULL;
    if (index >= plan->phase_count)
        return OTA_NO_MORE;
    *start = plan->phase_start[index];
    *basis_points = plan->phase_bp[index];
    return OTA_OK;
}

int32_t ota_compiled_plan_blackout(const ota_compiled_plan *plan, uint32_t index, int64_t *start,
                                   int64_t *end)
{
    if (!plan || !start || !end)
        return OTA_ERR_NULL;
    if (index >= plan->blackout_count)
        return OTA_NO_MORE;
    *start = plan->blackouts[index].start;
    *end = plan->blackouts[index].end;
    return OTA_OK;
}
