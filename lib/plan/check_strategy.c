/* SPEC 3 "strategy": retries, minimum signal, minimum battery. */
#include "checker.h"

#include "diag.h"

void ota__check_strategy(checker *c)
{
    const ota_plan *p = c->plan;
    if (!in_range(p->retry_count, 0, RETRY_MAX))
        ota__diag_add(c->list, OTA_CODE_RETRY_OUT_OF_RANGE, "strategy.retry_count",
                      "retry_count must be from 0 to %d", RETRY_MAX);
    if (p->min_signal != OTA_UNSET && !in_range(p->min_signal, SIGNAL_MIN, SIGNAL_MAX))
        ota__diag_add(c->list, OTA_CODE_SIGNAL_OUT_OF_RANGE, "strategy.min_signal",
                      "min_signal must be from %d to %d dBm", SIGNAL_MIN, SIGNAL_MAX);
    if (p->min_battery != OTA_UNSET && !in_range(p->min_battery, BATTERY_MIN, BATTERY_MAX))
        ota__diag_add(c->list, OTA_CODE_BATTERY_OUT_OF_RANGE, "strategy.min_battery",
                      "min_battery must be from %d to %d percent", BATTERY_MIN, BATTERY_MAX);
}
