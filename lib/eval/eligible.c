/* SPEC 5: may this device be upgraded by this plan now, and which
 * components apply. */
#include "evaluate.h"
#include "reasons.h"
#include "rollout.h"

#include <string.h>

/* IDs and versions are short: an inline loop beats a call to strncmp
 * (bench/bench_push, eligibility_checks was 23 ns of a 60 ns call). */
static int equals(compiled_string s, const char *text)
{
    for (uint32_t i = 0; i < s.length; i++)
        if (s.text[i] != text[i])
            return 0;
    return text[s.length] == '\0';
}

static const char *reported_version(const ota_device *device, compiled_string component_id)
{
    for (uint32_t i = 0; i < device->version_count; i++)
        if (equals(component_id, device->versions[i].component_id))
            return device->versions[i].version;
    return NULL;
}

static int32_t why_not_applicable(const compiled_component *k, const ota_device *device)
{
    const char *version = reported_version(device, k->id);
    if (!version)
        return OTA_REASON_COMPONENT_MISSING;
    /* SPEC 3.1: versions are exact, case-sensitive strings with no order. */
    if (equals(k->target, version))
        return OTA_REASON_AT_TARGET;
    if (k->method == OTA_METHOD_DELTA)
        return equals(k->source, version) ? OTA_REASON_OK : OTA_REASON_SOURCE_MISMATCH;
    if (k->specified_count == 0)
        return OTA_REASON_OK;
    for (uint32_t i = 0; i < k->specified_count; i++)
        if (equals(k->specified[i], version))
            return OTA_REASON_OK;
    return OTA_REASON_VERSION_NOT_SPECIFIED;
}

/* Fills the per-component answer; returns how many components apply. */
static uint32_t components_applying(const ota_compiled_plan *plan, const ota_device *device,
                                    ota_eligibility *out)
{
    uint32_t applying = 0;
    out->component_count = plan->component_count;
    for (uint32_t i = 0; i < plan->component_count; i++) {
        int32_t reason = why_not_applicable(&plan->components[i], device);
        out->components[i] =
            (ota_component_result){.applies = reason == OTA_REASON_OK, .reason = reason};
        applying += reason == OTA_REASON_OK;
    }
    return applying;
}

static int32_t first_failing_check(const ota_compiled_plan *plan, const ota_device *device,
                                   int64_t now, int for_push, const lookup_ahead *ahead,
                                   uint32_t applying, int32_t *bucket)
{
    switch (plan->state) {
    case OTA_PLAN_SAVED: return OTA_REASON_PLAN_NOT_ACTIVE;
    case OTA_PLAN_TERMINATED: return OTA_REASON_PLAN_TERMINATED;
    case OTA_PLAN_ENDED: return OTA_REASON_PLAN_ENDED;
    default: break;
    }
    if (now >= plan->end)
        return OTA_REASON_PLAN_ENDED;
    if (plan->state == OTA_PLAN_SUSPENDED)
        return OTA_REASON_PLAN_SUSPENDED;
    if (!for_push && now < plan->effective_start)
        return OTA_REASON_PLAN_NOT_STARTED;
    if (!equals(plan->product, device->product))
        return OTA_REASON_WRONG_PRODUCT;
    if (plan->devices.entries) {
        unsigned lists = ota__lookup_finish(plan, device, ahead);
        /* The blacklist beats the whitelist. */
        if (lists & IDSET_BLACKLIST)
            return OTA_REASON_BLACKLISTED;
        if (plan->devices.whitelist_count > 0 && !(lists & IDSET_WHITELIST))
            return OTA_REASON_NOT_WHITELISTED;
    }
    if (plan->phase_count) {
        /* SPEC 11.2: in the rollout at t iff the bucket is below the share
         * in force; a share only grows, so below the last one means "in,
         * some day". */
        *bucket = ota__rollout_bucket(plan, device->id, 0);
        if (*bucket >= plan->phase_bp[plan->phase_count - 1])
            return OTA_REASON_OUTSIDE_ROLLOUT;
        if (!for_push && *bucket >= ota__rollout_share_at(plan, now))
            return OTA_REASON_ROLLOUT_PENDING;
    }
    if (device->state == OTA_DEVICE_SUCCEEDED)
        return OTA_REASON_ALREADY_SUCCEEDED;
    if (device->state == OTA_DEVICE_FAILED) {
        /* SPEC 4: a failed state with 0 attempts counts as 1. */
        int32_t attempts = device->failed_attempts > 0 ? device->failed_attempts : 1;
        if (attempts > plan->retry_count)
            return OTA_REASON_RETRIES_EXHAUSTED;
    }
    if (device->state == OTA_DEVICE_UPGRADING)
        return OTA_REASON_IN_PROGRESS;
    if (applying == 0)
        return OTA_REASON_NO_APPLICABLE_COMPONENT;
    if (plan->min_signal != OTA_UNSET && device->signal != OTA_UNSET &&
        device->signal < plan->min_signal)
        return OTA_REASON_LOW_SIGNAL;
    if (plan->min_battery != OTA_UNSET && device->battery != OTA_UNSET &&
        device->battery < plan->min_battery)
        return OTA_REASON_LOW_BATTERY;
    return OTA_REASON_OK;
}

void ota__eligibility_checks(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                             int for_push, const lookup_ahead *ahead, ota_eligibility *out,
                             int32_t *bucket)
{
    uint32_t applying = components_applying(plan, device, out);
    *bucket = -1;
    out->reason = first_failing_check(plan, device, now, for_push, ahead, applying, bucket);
    out->kind = reason_kind_of(out->reason);
}

static void clear_unused_slots(ota_eligibility *out)
{
    /* The slots past the plan's components hold zeros, not stale data. */
    memset(out->components + out->component_count, 0,
           (OTA_MAX_COMPONENTS - out->component_count) * sizeof out->components[0]);
}

int32_t ota_device_eligible(const ota_compiled_plan *plan, const ota_device *device, int64_t now,
                            ota_eligibility *out)
{
    if (!out)
        return OTA_ERR_NULL;
    if (out->version != OTA_ELIGIBILITY_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    /* The list entry loads while the device is checked. */
    lookup_ahead ahead = plan ? ota__lookup_begin(plan, device) : (lookup_ahead){0, 0};
    int32_t status = ota__evaluation_inputs_check(plan, device, now);
    if (status != OTA_OK)
        return status;
    int32_t bucket;
    ota__eligibility_checks(plan, device, now, 0, &ahead, out, &bucket);
    clear_unused_slots(out);
    return OTA_OK;
}

int32_t ota_devices_eligible(const ota_compiled_plan *plan, const ota_device *const *devices,
                             size_t count, int64_t now, ota_eligibility *const *out,
                             size_t *failed_index)
{
    if (!plan || (count > 0 && (!out || !devices)))
        return OTA_ERR_NULL;
    lookup_pipeline pipeline;
    ota__pipeline_start(&pipeline, plan, devices, count);
    for (size_t i = 0; i < count; i++) {
        const lookup_ahead *ahead = ota__pipeline_next(&pipeline, i);
        int32_t status = !out[i] ? OTA_ERR_NULL
                         : out[i]->version != OTA_ELIGIBILITY_VERSION
                             ? OTA_ERR_STRUCT_VERSION
                             : ota__evaluation_inputs_check(plan, devices[i], now);
        if (status != OTA_OK) {
            if (failed_index)
                *failed_index = i;
            return status;
        }
        int32_t bucket;
        ota__eligibility_checks(plan, devices[i], now, 0, ahead, out[i], &bucket);
        clear_unused_slots(out[i]);
    }
    return OTA_OK;
}
