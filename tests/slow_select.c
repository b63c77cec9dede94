#include "slow_select.h"

#include <string.h>

int slow_listed(const char *const *list, uint32_t count, const char *id)
{
    for (uint32_t i = 0; i < count; i++)
        if (strcmp(list[i], id) == 0)
            return 1;
    return 0;
}

/* 14.3 step 1, on the plan as written. */
static int targets(const ota_plan *p, const ota_device *d)
{
    return strcmp(p->product, d->product) == 0 &&
           !slow_listed(p->blacklist, p->blacklist_count, d->id) &&
           (p->whitelist_count == 0 || slow_listed(p->whitelist, p->whitelist_count, d->id));
}

static int64_t effective_start(const ota_compiled_plan *p)
{
    int64_t start, end, effective;
    ota_compiled_plan_period(p, &start, &end, &effective);
    return effective;
}

/* SPEC 14.1, written out from the public accessors. */
static int before(const ota_compiled_plan *a, const ota_compiled_plan *b)
{
    if (ota_compiled_plan_priority(a) != ota_compiled_plan_priority(b))
        return ota_compiled_plan_priority(a) > ota_compiled_plan_priority(b);
    if (effective_start(a) != effective_start(b))
        return effective_start(a) > effective_start(b);
    return strcmp(ota_compiled_plan_name(a), ota_compiled_plan_name(b)) < 0;
}

int32_t slow_select(const ota_plan *const *plans, const ota_compiled_plan *const *compiled,
                    uint32_t count, const ota_set_device *device, int64_t now, slow_selection *out)
{
    *out = (slow_selection){.plan = -1};
    if (count > SLOW_SELECT_MAX)
        return OTA_ERR_ARGUMENT;
    int32_t busy = -1, live = -1;
    for (uint32_t i = 0; i < count; i++)
        if (targets(plans[i], device->device))
            out->order[out->candidates++] = i;
    for (uint32_t x = 1; x < out->candidates; x++)
        for (uint32_t y = x; y > 0 && before(compiled[out->order[y]], compiled[out->order[y - 1]]);
             y--) {
            uint32_t t = out->order[y];
            out->order[y] = out->order[y - 1];
            out->order[y - 1] = t;
        }
    for (uint32_t n = 0; n < out->candidates; n++) {
        ota_device view;
        int32_t status = ota_set_device_in_plan(device, out->order[n], &view);
        ota_eligibility e = OTA_ELIGIBILITY_INIT;
        if (status == OTA_OK)
            status = ota_device_eligible(compiled[out->order[n]], &view, now, &e);
        if (status != OTA_OK)
            return status;
        out->reasons[n] = e.reason;
        if (e.kind == OTA_KIND_FINAL)
            continue;
        if (live < 0)
            live = (int32_t)out->order[n];
        if (busy < 0 &&
            (view.state == OTA_DEVICE_UPGRADING || view.state == OTA_DEVICE_USER_CONFIRMED))
            busy = (int32_t)out->order[n];
    }
    out->plan = busy >= 0 ? busy : live;
    return OTA_OK;
}

int slow_selection_agrees(const slow_selection *want, const ota_selection *got,
                          const ota_compiled_plan *const *compiled, const ota_set_device *device,
                          int64_t now, const ota_eval_options *options)
{
    if (got->plan != want->plan || got->candidate_count != want->candidates)
        return 0;
    uint32_t o = 0;
    for (uint32_t k = 0; k < want->candidates; k++) {
        if ((int32_t)want->order[k] == want->plan)
            continue;
        int live = ota_reason_kind(want->reasons[k]) != OTA_KIND_FINAL;
        if (o >= got->other_count || got->others[o].plan != want->order[k] ||
            got->others[o].reason != want->reasons[k] ||
            got->others[o].outranked_by != (live ? want->plan : -1))
            return 0;
        o++;
    }
    if (o != got->other_count)
        return 0;
    if (want->plan < 0)
        return got->eligibility.reason == OTA_REASON_NO_PLAN &&
               got->push.status == OTA_PUSH_NEVER && got->push.reason == OTA_REASON_NO_PLAN;
    ota_device view;
    ota_eligibility e = OTA_ELIGIBILITY_INIT;
    ota_push_result p = OTA_PUSH_RESULT_INIT;
    if (ota_set_device_in_plan(device, (uint32_t)want->plan, &view) != OTA_OK ||
        ota_device_eligible(compiled[want->plan], &view, now, &e) != OTA_OK ||
        ota_next_push_time(compiled[want->plan], &view, now, options, &p) != OTA_OK)
        return 0;
    if (e.reason != got->eligibility.reason ||
        e.component_count != got->eligibility.component_count)
        return 0;
    for (uint32_t i = 0; i < e.component_count; i++)
        if (e.components[i].applies != got->eligibility.components[i].applies ||
            e.components[i].reason != got->eligibility.components[i].reason)
            return 0;
    return p.status == got->push.status && p.reason == got->push.reason && p.at == got->push.at;
}
