/* SPEC 3.3: ota_plan_validate_update(), what may change when a plan is
 * updated. */
#include "abi.h"
#include "alloc.h"
#include "diag.h"
#include "otaplan.h"

#include <stdlib.h>
#include <string.h>

static int same_string(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_window(const ota_window *a, const ota_window *b)
{
    return a == b || (a && b && a->start_hour == b->start_hour && a->end_hour == b->end_hour &&
                      a->weekdays == b->weekdays);
}

static int same_blackouts(const ota_plan *a, const ota_plan *b)
{
    if (a->blackout_count != b->blackout_count)
        return 0;
    for (uint32_t i = 0; i < a->blackout_count; i++)
        if (!same_string(a->blackouts[i].start, b->blackouts[i].start) ||
            !same_string(a->blackouts[i].end, b->blackouts[i].end))
            return 0;
    return 1;
}

static int same_rollout(const ota_rollout *a, const ota_rollout *b)
{
    if (a == b)
        return 1;
    if (!a || !b || !same_string(a->salt, b->salt) || (a->spread != 0) != (b->spread != 0) ||
        a->phase_count != b->phase_count || !a->abort != !b->abort)
        return 0;
    if (a->abort && (a->abort->failure_basis_points != b->abort->failure_basis_points ||
                     a->abort->min_attempts != b->abort->min_attempts))
        return 0;
    for (uint32_t i = 0; i < a->phase_count; i++)
        if (!same_string(a->phases[i].start, b->phases[i].start) ||
            a->phases[i].basis_points != b->phases[i].basis_points)
            return 0;
    return 1;
}

static int same_list(const char *const *a, uint32_t a_count, const char *const *b, uint32_t b_count)
{
    if (a_count != b_count)
        return 0;
    for (uint32_t i = 0; i < a_count; i++)
        if (!same_string(a[i], b[i]))
            return 0;
    return 1;
}

/* An absent allow_downgrade and a false one are the same rule. */
static int downgrade_allowed(int32_t value)
{
    return value == OTA_DOWNGRADE_ALLOWED;
}

static int same_component(const ota_component *a, const ota_component *b)
{
    return a->type == b->type && a->method == b->method && same_string(a->id, b->id) &&
           same_string(a->target_version, b->target_version) &&
           same_string(a->specified_versions, b->specified_versions) &&
           same_string(a->source_version, b->source_version) &&
           a->version_order == b->version_order &&
           downgrade_allowed(a->allow_downgrade) == downgrade_allowed(b->allow_downgrade) &&
           same_string(a->min_version, b->min_version) &&
           same_string(a->below_version, b->below_version);
}

static int same_components(const ota_plan *a, const ota_plan *b)
{
    if (a->component_count != b->component_count)
        return 0;
    /* An older plan's components are copied up to the limit only (abi.h);
     * a plan past it is components_too_many whatever the rest holds. */
    uint32_t count = a->component_count;
    if (count > OTA_MAX_COMPONENTS)
        count = OTA_MAX_COMPONENTS;
    for (uint32_t i = 0; i < count; i++)
        if (!same_component(&a->components[i], &b->components[i]))
            return 0;
    return 1;
}

static int compare_strings(const char *a, const char *b)
{
    return a == b ? 0 : !a ? -1 : !b ? 1 : strcmp(a, b);
}

static int compare_texts(const void *x, const void *y)
{
    const ota_text *a = *(const ota_text *const *)x, *b = *(const ota_text *const *)y;
    int order = compare_strings(a->lang, b->lang);
    return order ? order : compare_strings(a->text, b->text);
}

/* Texts are a map (SPEC 3.2): the same tags with the same texts in another
 * order are no change.  Both sides are sorted, so that it stays
 * O(n log n).  Out of memory is recorded in the list. */
static int same_texts(const ota_plan *a, const ota_plan *b, ota_diagnostics *list)
{
    uint32_t n = a->text_count;
    if (n != b->text_count)
        return 0;
    if (n == 0)
        return 1;
    const ota_text **sorted = ota__alloc_array(list->allocator, (size_t)n * 2, sizeof *sorted);
    if (!sorted) {
        list->out_of_memory = 1;
        return 1;
    }
    for (uint32_t i = 0; i < n; i++) {
        sorted[i] = &a->texts[i];
        sorted[n + i] = &b->texts[i];
    }
    qsort(sorted, n, sizeof *sorted, compare_texts);
    qsort(sorted + n, n, sizeof *sorted, compare_texts);
    int same = 1;
    for (uint32_t i = 0; i < n && same; i++)
        same = compare_texts(&sorted[i], &sorted[n + i]) == 0;
    ota__free(list->allocator, sorted);
    return same;
}

/* SPEC 3.3: saved -> active <-> suspended; active or suspended ->
 * terminated or ended. */
static int state_change_allowed(int32_t from, int32_t to)
{
    if (from == to)
        return 1;
    switch (from) {
    case OTA_PLAN_SAVED: return to == OTA_PLAN_ACTIVE;
    case OTA_PLAN_ACTIVE:
        return to == OTA_PLAN_SUSPENDED || to == OTA_PLAN_TERMINATED || to == OTA_PLAN_ENDED;
    case OTA_PLAN_SUSPENDED:
        return to == OTA_PLAN_ACTIVE || to == OTA_PLAN_TERMINATED || to == OTA_PLAN_ENDED;
    default: return 0;
    }
}

static void immutable(ota_diagnostics *list, const char *field, int changed, int32_t state)
{
    if (!changed)
        return;
    if (state == OTA_PLAN_SAVED)
        ota__diag_add(list, OTA_CODE_IMMUTABLE_FIELD, field, "%s cannot change once saved", field);
    else
        ota__diag_add(list, OTA_CODE_IMMUTABLE_FIELD, field,
                      "%s cannot change: only a saved plan may be edited", field);
}

static void check_update(const ota_plan *a, const ota_plan *b, ota_diagnostics *list)
{
    immutable(list, "product", !same_string(a->product, b->product), a->state);
    if (a->state == OTA_PLAN_SAVED) {
        if (!state_change_allowed(a->state, b->state))
            immutable(list, "state", 1, a->state);
        return;
    }
    /* Field order of SPEC 3. */
    immutable(list, "name", !same_string(a->name, b->name), a->state);
    immutable(list, "product_type", a->product_type != b->product_type, a->state);
    immutable(list, "bluetooth", a->bluetooth != b->bluetooth, a->state);
    immutable(list, "region", a->region != b->region, a->state);
    immutable(list, "timezone", !same_string(a->timezone, b->timezone), a->state);
    immutable(list, "start", !same_string(a->start, b->start), a->state);
    immutable(list, "end", !same_string(a->end, b->end), a->state);
    immutable(list, "activated_at", a->activated_at != b->activated_at, a->state);
    immutable(list, "state", !state_change_allowed(a->state, b->state), a->state);
    immutable(list, "mode", a->mode != b->mode, a->state);
    immutable(list, "active_push", a->active_push != b->active_push, a->state);
    immutable(list, "push_window", !same_window(a->push_window, b->push_window), a->state);
    immutable(list, "auto_upgrade_window",
              !same_window(a->auto_upgrade_window, b->auto_upgrade_window), a->state);
    immutable(list, "refusal_retry_minutes", a->refusal_retry_minutes != b->refusal_retry_minutes,
              a->state);
    immutable(list, "strategy.retry_count", a->retry_count != b->retry_count, a->state);
    immutable(list, "strategy.min_signal", a->min_signal != b->min_signal, a->state);
    immutable(list, "strategy.min_battery", a->min_battery != b->min_battery, a->state);
    immutable(list, "blacklist",
              !same_list(a->blacklist, a->blacklist_count, b->blacklist, b->blacklist_count),
              a->state);
    immutable(list, "whitelist",
              !same_list(a->whitelist, a->whitelist_count, b->whitelist, b->whitelist_count),
              a->state);
    immutable(list, "components", !same_components(a, b), a->state);
    immutable(list, "priority", a->priority != b->priority, a->state);
    immutable(list, "texts", !same_texts(a, b, list), a->state);
    immutable(list, "blackouts", !same_blackouts(a, b), a->state);
    immutable(list, "rollout", !same_rollout(a->rollout, b->rollout), a->state);
}

int32_t ota_plan_validate_update(const ota_plan *original, const ota_plan *updated,
                                 const ota_validate_options *options, ota_diagnostics **out)
{
    if (out)
        *out = NULL;
    if (!original || !updated || !out)
        return OTA_ERR_NULL;
    plan_storage original_storage, updated_storage;
    if (ota__plan_current(original, &original_storage, &original) != OTA_OK ||
        ota__plan_current(updated, &updated_storage, &updated) != OTA_OK)
        return OTA_ERR_STRUCT_VERSION;
    const ota_rollout *ra = original->rollout, *rb = updated->rollout;
    if ((original->blacklist_count && !original->blacklist) ||
        (original->blackout_count && !original->blackouts) ||
        (updated->blackout_count && !updated->blackouts) ||
        (ra && ra->phase_count && !ra->phases) || (rb && rb->phase_count && !rb->phases) ||
        (original->whitelist_count && !original->whitelist) ||
        (original->component_count && !original->components) ||
        (original->text_count && !original->texts) ||
        (updated->blacklist_count && !updated->blacklist) ||
        (updated->whitelist_count && !updated->whitelist) ||
        (updated->component_count && !updated->components) ||
        (updated->text_count && !updated->texts))
        return OTA_ERR_NULL;
    int32_t status = ota_plan_validate(updated, options, out);
    if (status != OTA_OK)
        return status;
    check_update(original, updated, *out);
    if ((*out)->out_of_memory) {
        ota_diagnostics_free(*out);
        *out = NULL;
        return OTA_ERR_NOMEM;
    }
    return OTA_OK;
}
