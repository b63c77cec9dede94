#include "abi.h"

#include <string.h>

static const ota_window *window_of(const ota_window_v1 *old, ota_window *storage)
{
    if (!old)
        return NULL;
    *storage = (ota_window){.start_hour = old->start_hour, .end_hour = old->end_hour};
    return storage;
}

/* Components of the 40-byte layout, copied with no order (SPEC 13). */
static const ota_component *components_of(const ota_component_v2 *old, uint32_t count,
                                          ota_component *storage)
{
    if (!old)
        return NULL;
    if (count > OTA_MAX_COMPONENTS)
        count = OTA_MAX_COMPONENTS;
    for (uint32_t i = 0; i < count; i++)
        storage[i] = ota__component_of_v2(&old[i]);
    return storage;
}

static void plan_of_v1(const ota_plan *plan, plan_storage *storage)
{
    /* Only the caller's 184 bytes exist: read them as the old layout. */
    ota_plan_v1 old;
    memcpy(&old, plan, sizeof old);
    ota_plan *copy = &storage->plan;
    *copy = (ota_plan)OTA_PLAN_INIT;
    memcpy(copy, &old, offsetof(ota_plan_v1, push_window));
    copy->push_window = window_of(old.push_window, &storage->windows[0]);
    copy->auto_upgrade_window = window_of(old.auto_upgrade_window, &storage->windows[1]);
    copy->refusal_retry_minutes = old.refusal_retry_minutes;
    copy->retry_count = old.retry_count;
    copy->min_signal = old.min_signal;
    copy->min_battery = old.min_battery;
    copy->blacklist = old.blacklist;
    copy->blacklist_count = old.blacklist_count;
    copy->whitelist = old.whitelist;
    copy->whitelist_count = old.whitelist_count;
    copy->components = components_of(old.components, old.component_count, storage->components);
    copy->component_count = old.component_count;
    copy->texts = old.texts;
    copy->text_count = old.text_count;
}

int32_t ota__plan_current(const ota_plan *plan, plan_storage *storage, const ota_plan **out)
{
    if (plan->version == OTA_PLAN_STRUCT_VERSION) {
        *out = plan;
        return OTA_OK;
    }
    if (plan->version == 1) {
        plan_of_v1(plan, storage);
    } else if (plan->version == 2) {
        /* Only the caller's 208 bytes exist. */
        storage->plan = (ota_plan)OTA_PLAN_INIT;
        memcpy(&storage->plan, plan, OTA_PLAN_V2_SIZE);
        storage->plan.components = components_of((const ota_component_v2 *)plan->components,
                                                 plan->component_count, storage->components);
    } else {
        return OTA_ERR_STRUCT_VERSION;
    }
    storage->plan.version = OTA_PLAN_STRUCT_VERSION;
    *out = &storage->plan;
    return OTA_OK;
}

void ota__explanation_v1_of(const ota_explanation *e, ota_explanation_v1 *old)
{
    memset(old, 0, sizeof *old);
    old->version = 1;
    old->eligibility = e->eligibility;
    old->push = e->push;
    old->check_count = e->check_count;
    memcpy(old->checks, e->checks, sizeof old->checks);
    old->bucket = e->bucket;
    old->position = e->position;
    old->t0 = e->t0;
    old->t0_set_by = e->t0_set_by;
    old->term_count = e->term_count;
    memcpy(old->terms, e->terms, sizeof old->terms);
    old->occurrence_day = e->occurrence_day;
    old->occurrence_weekday = e->occurrence_weekday;
    old->closed_days = e->closed_days;
    old->blackout_count = e->blackout_count;
    memcpy(old->blackout_start, e->blackout_start, sizeof old->blackout_start);
    memcpy(old->blackout_end, e->blackout_end, sizeof old->blackout_end);
    old->slot_index = e->slot_index;
    old->slot_count = e->slot_count;
    old->slot_at = e->slot_at;
}
