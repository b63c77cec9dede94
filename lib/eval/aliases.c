/* The names of 0.3.0, until 1.0 (otaplan.h, "names until 1.0"). */
#include "otaplan.h"

int32_t ota_devices_eligible(const ota_compiled_plan *plan, const ota_device *const *devices,
                             size_t count, int64_t now, ota_eligibility *const *out,
                             size_t *failed_index)
{
    return ota_device_eligible_many(plan, devices, count, now, out, failed_index);
}

int32_t ota_devices_next_push(const ota_compiled_plan *plan, const ota_device *const *devices,
                              size_t count, int64_t now, const ota_eval_options *options,
                              ota_push_result *const *out, size_t *failed_index)
{
    return ota_next_push_time_many(plan, devices, count, now, options, out, failed_index);
}

int32_t ota_plan_next_window(const ota_compiled_plan *plan, int64_t from, int64_t to,
                             ota_interval *out)
{
    return ota_compiled_plan_next_window(plan, from, to, out);
}

int32_t ota_rollout_verdict(const ota_compiled_plan *plan, uint64_t attempted, uint64_t failed,
                            int32_t *verdict)
{
    return ota_compiled_plan_rollout_verdict(plan, attempted, failed, verdict);
}
