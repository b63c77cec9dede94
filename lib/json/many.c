/* Many devices a call, for bindings whose per-call cost would dominate
 * (Python's ctypes): each device is read by the reader of the program and
 * evaluated by the library, and only numbers come back. */
#include "otaplan_json.h"

#include "reader.h"

#include <stdio.h>
#include <string.h>

/* JSON's white space (RFC 8259, section 2). */
static size_t skip_space(const char *text, size_t length, size_t at)
{
    while (at < length &&
           (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
        at++;
    return at;
}

/* Moves past white space and then `expected`; 0 if something else is there. */
static int expect(const char *text, size_t length, size_t *at, char expected)
{
    *at = skip_space(text, length, *at);
    if (*at >= length || text[*at] != expected)
        return 0;
    (*at)++;
    return 1;
}

static void answer(size_t i, const ota_eligibility *eligibility, const ota_push_result *push,
                   int32_t *reasons, int32_t *component_reasons, int32_t *push_status,
                   int32_t *push_reason, int64_t *push_at)
{
    reasons[i] = eligibility->reason;
    if (component_reasons)
        for (uint32_t k = 0; k < OTA_MAX_COMPONENTS; k++)
            component_reasons[i * OTA_MAX_COMPONENTS + k] =
                k < eligibility->component_count ? eligibility->components[k].reason : 0;
    if (push) {
        push_status[i] = push->status;
        push_reason[i] = push->reason;
        push_at[i] = push->at;
    }
}

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
    ota_json_device_reader *reader = ota_json_device_reader_new();
    if (!reader)
        return OTA_ERR_NOMEM;
    /* One element at a time: a device's tree lives only while it is
     * evaluated, so memory stays that of one device and the trees stay in
     * the cache (the whole array as one tree was most of the call's time). */
    size_t at = 0;
    int32_t status = expect(devices_json, length, &at, '[') ? OTA_OK : OTA_ERR_ARGUMENT;
    size_t i = 0;
    for (; i < count && status == OTA_OK; i++) {
        if (i > 0 && !expect(devices_json, length, &at, ',')) {
            status = OTA_ERR_ARGUMENT;
            break;
        }
        const ota_device *device = NULL;
        ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
        ota_push_result push = OTA_PUSH_RESULT_INIT;
        status = ota__device_read(reader, devices_json, length, &at, 1, &device, error);
        if (status == OTA_OK)
            status = ota_device_eligible(plan, device, now, &eligibility);
        if (status == OTA_OK && want_push)
            status = ota_next_push_time(plan, device, now, options, &push);
        if (status != OTA_OK) {
            *failed = i;
            if (!error->text[0])
                snprintf(error->text, sizeof error->text, "%s", ota_strerror(status));
            ota_json_device_reader_free(reader);
            return status;
        }
        answer(i, &eligibility, want_push ? &push : NULL, reasons, component_reasons, push_status,
               push_reason, push_at);
    }
    ota_json_device_reader_free(reader);
    if (status == OTA_OK && expect(devices_json, length, &at, ']') &&
        skip_space(devices_json, length, at) == length)
        return OTA_OK;
    *failed = i;
    snprintf(error->text, sizeof error->text, "the devices are not a JSON array of %zu", count);
    return OTA_ERR_ARGUMENT;
}
