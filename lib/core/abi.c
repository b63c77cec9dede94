#include "abi.h"

#include <string.h>

static const ota_window *window_of(const ota_window_v1 *old, ota_window *storage)
{
    if (!old)
        return NULL;
    *storage = (ota_window){.start_hour = old->start_hour, .end_hour = old->end_hour};
    return storage;
}

int32_t ota__plan_current(const ota_plan *plan, ota_plan *copy, ota_window windows[2],
                          const ota_plan **out)
{
    if (plan->version == OTA_PLAN_STRUCT_VERSION) {
        *out = plan;
        return OTA_OK;
    }
    if (plan->version != 1)
        return OTA_ERR_STRUCT_VERSION;
    /* Only the caller's 184 bytes exist: read them as the old layout. */
    ota_plan_v1 old;
    memcpy(&old, plan, sizeof old);
    *copy = (ota_plan)OTA_PLAN_INIT;
    memcpy(copy, &old, offsetof(ota_plan_v1, push_window));
    copy->version = OTA_PLAN_STRUCT_VERSION;
    copy->push_window = window_of(old.push_window, &windows[0]);
    copy->auto_upgrade_window = window_of(old.auto_upgrade_window, &windows[1]);
    copy->refusal_retry_minutes = old.refusal_retry_minutes;
    copy->retry_count = old.retry_count;
    copy->min_signal = old.min_signal;
    copy->min_battery = old.min_battery;
    copy->blacklist = old.blacklist;
    copy->blacklist_count = old.blacklist_count;
    copy->whitelist = old.whitelist;
    copy->whitelist_count = old.whitelist_count;
    copy->components = old.components;
    copy->component_count = old.component_count;
    copy->texts = old.texts;
    copy->text_count = old.text_count;
    *out = copy;
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
