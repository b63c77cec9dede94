/* SPEC 9 `otaplan windows`: the plan's window as maximal UTC intervals. */
#include "compiled.h"

int32_t ota_plan_next_window(const ota_compiled_plan *plan, int64_t from, int64_t to,
                             ota_interval *out)
{
    if (!plan || !out)
        return OTA_ERR_NULL;
    if (out->version != OTA_INTERVAL_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    if (!plan->has_window)
        return OTA_NO_MORE;
    int64_t low = from > plan->effective_start ? from : plan->effective_start;
    int64_t high = to < plan->end ? to : plan->end;
    if (low >= high)
        return OTA_NO_MORE;
    int64_t start = ota__window_next_inside(&plan->zone, plan->window, low, high, 0);
    if (start == OTA_NO_INSTANT)
        return OTA_NO_MORE;
    out->start = start;
    out->end = ota__window_next_outside(&plan->zone, plan->window, start, high);
    return OTA_OK;
}
