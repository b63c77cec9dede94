/* SPEC 5: may this device be upgraded by this plan now, and which
 * components apply. */
#include "checks.h"
#include "evaluate.h"

#include <string.h>

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

int32_t ota_device_eligible_many(const ota_compiled_plan *plan, const ota_device *const *devices,
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
