/* Many devices a call, for bindings whose per-call cost would dominate
 * (Python's ctypes): each device is read by the reader of the program and
 * evaluated by the library, and only numbers come back. */
#include "otaplan_json.h"

#include <stdio.h>
#include <string.h>

int32_t ota_json_evaluate_many(const ota_compiled_plan *plan, const char *const *texts,
                               const size_t *lengths, size_t count, int64_t now,
                               const ota_eval_options *options, int32_t *reasons,
                               int32_t *component_reasons, int32_t *push_status,
                               int32_t *push_reason, int64_t *push_at, size_t *failed,
                               ota_json_error *error)
{
    int want_push = push_status || push_reason || push_at;
    if (!plan || !failed || !error || (count && (!texts || !lengths || !reasons)) ||
        (want_push && (!push_status || !push_reason || !push_at)))
        return OTA_ERR_NULL;
    memset(error, 0, sizeof *error);
    ota_json_device_reader *reader = ota_json_device_reader_new();
    if (!reader)
        return OTA_ERR_NOMEM;
    int32_t status = OTA_OK;
    for (size_t i = 0; i < count && status == OTA_OK; i++) {
        const ota_device *device = NULL;
        ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
        ota_push_result push = OTA_PUSH_RESULT_INIT;
        if (!texts[i]) {
            status = OTA_ERR_NULL;
            snprintf(error->text, sizeof error->text, "device %zu has no text", i);
        } else {
            status = ota_json_device_read(reader, texts[i], lengths[i], &device, error);
        }
        if (status == OTA_OK)
            status = ota_device_eligible(plan, device, now, &eligibility);
        if (status == OTA_OK && want_push)
            status = ota_next_push_time(plan, device, now, options, &push);
        if (status != OTA_OK) {
            *failed = i;
            if (!error->text[0])
                snprintf(error->text, sizeof error->text, "%s", ota_strerror(status));
            break;
        }
        reasons[i] = eligibility.reason;
        if (component_reasons)
            for (uint32_t k = 0; k < OTA_MAX_COMPONENTS; k++)
                component_reasons[i * OTA_MAX_COMPONENTS + k] =
                    k < eligibility.component_count ? eligibility.components[k].reason : 0;
        if (want_push) {
            push_status[i] = push.status;
            push_reason[i] = push.reason;
            push_at[i] = push.at;
        }
    }
    ota_json_device_reader_free(reader);
    return status;
}
