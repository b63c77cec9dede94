/* SPEC 9 `otaplan windows`: the plan's window as maximal UTC intervals, on
 * the days its weekdays open and outside the blackouts (SPEC 11.4). */
#include "compiled.h"

int32_t ota_compiled_plan_next_window(const ota_compiled_plan *plan, int64_t from, int64_t to,
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
    schedule s = {.zone = &plan->zone,
                  .window = plan->window,
                  .weekdays = plan->weekdays,
                  .blackouts = plan->blackouts,
                  .blackout_count = plan->blackout_count};
    span found;
    if (!ota__schedule_next_interval(&s, low, high, &found))
        return OTA_NO_MORE;
    out->start = found.start;
    out->end = found.end;
    return OTA_OK;
}
