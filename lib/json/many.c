/* Many devices a call, for bindings whose per-call cost would dominate
 * (Python's ctypes): each device is read by the reader of the program and
 * evaluated by the library, and only numbers come back. */
#include "otaplan_json.h"

#include "reader.h"

#include <stdio.h>
#include <string.h>

int32_t ota_json_evaluate_many(const ota_compiled_plan *plan, const char *devices_json,
                               size_t length, size_t count, int64_t now,
                               const ota_eval_options *options, int32_t *reasons,
                               int32_t *component_reasons, int32_t *push_status,
                               int32_t *push_reason, int64_t *push_at, size_t *failed,
                               ota_json_error *error)
{
    int want_push = push_status || push_reason || push_at;
    if (!plan || !failed || !error || !devices_json || (count && !reasons) ||
        (want_push && (!push_status || !push_reason || !push_at)))
        return OTA_ERR_NULL;
    memset(error, 0, sizeof *error);
    *failed = 0;
    json_t *array = NULL;
    int32_t status = ota__reader_load(devices_json, length, &array, error);
    if (status != OTA_OK)
        return status;
    if (!json_is_array(array) || json_array_size(array) != count) {
        json_decref(array);
        snprintf(error->text, sizeof error->text, "the devices are not a JSON array of %zu", count);
        return OTA_ERR_ARGUMENT;
    }
    ota_json_device_reader *reader = ota_json_device_reader_new();
    if (!reader) {
        json_decref(array);
        return OTA_ERR_NOMEM;
    }
    for (size_t i = 0; i < count && status == OTA_OK; i++) {
        const ota_device *device = NULL;
        ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
        ota_push_result push = OTA_PUSH_RESULT_INIT;
        status = ota__device_of_value(reader, json_array_get(array, i), &device, error);
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
    json_decref(array);
    return status;
}
