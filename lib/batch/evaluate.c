/* Many devices a call, for bindings whose per-call cost would dominate
 * (Python's ctypes): each device is read by the reader of the program and
 * evaluated by the library, and only numbers come back. */
#include "otaplan_batch.h"

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

static void answer(const ota_json_batch *b, size_t i, const ota_eligibility *eligibility,
                   const ota_push_result *push)
{
    b->reasons[i] = eligibility->reason;
    if (b->component_reasons)
        for (uint32_t k = 0; k < b->component_stride; k++)
            b->component_reasons[i * b->component_stride + k] =
                k < eligibility->component_count ? eligibility->components[k].reason : 0;
    if (push) {
        b->push_status[i] = push->status;
        b->push_reason[i] = push->reason;
        b->push_at[i] = push->at;
    }
}

static int32_t batch_usable(const ota_compiled_plan *plan, const ota_json_batch *b)
{
    if (!plan || !b)
        return OTA_ERR_NULL;
    if (b->version != OTA_JSON_BATCH_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    int some_push = b->push_status || b->push_reason || b->push_at;
    int every_push = b->push_status && b->push_reason && b->push_at;
    if (!b->devices_json || (b->count && !b->reasons) || (some_push && !every_push))
        return OTA_ERR_NULL;
    return OTA_OK;
}

static int32_t refuse(ota_json_batch *b, size_t i, ota_json_error *error, int32_t status,
                      const char *why)
{
    b->failed = i;
    if (!error->text[0])
        snprintf(error->text, sizeof error->text, "%s", why);
    return status;
}

int32_t ota_json_evaluate_batch(const ota_compiled_plan *plan, ota_json_batch *b,
                                ota_json_error *error)
{
    int32_t status = batch_usable(plan, b);
    if (status == OTA_OK)
        status = ota__json_error_usable(error);
    if (status != OTA_OK)
        return status;
    ota__json_error_at(error, 0, 0);
    b->failed = 0;
    ota_json_device_reader *reader = ota_json_device_reader_new();
    if (!reader)
        return OTA_ERR_NOMEM;
    /* One element at a time: a device's tree lives only while it is
     * evaluated, so memory stays that of one device and the trees stay in
     * the cache (the whole array as one tree was most of the call's time). */
    const char *text = b->devices_json;
    size_t at = 0, i = 0;
    status = expect(text, b->length, &at, '[') ? OTA_OK : OTA_ERR_ARGUMENT;
    int want_push = b->push_status != NULL;
    for (; i < b->count && status == OTA_OK; i++) {
        if (i > 0 && !expect(text, b->length, &at, ',')) {
            status = OTA_ERR_ARGUMENT;
            break;
        }
        const ota_device *device = NULL;
        ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
        ota_push_result push = OTA_PUSH_RESULT_INIT;
        status = ota__device_read(reader, text, b->length, &at, 1, &device, error);
        if (status == OTA_OK)
            status = ota_device_eligible(plan, device, b->now, &eligibility);
        if (status == OTA_OK && want_push)
            status = ota_next_push_time(plan, device, b->now, b->options, &push);
        if (status == OTA_OK && b->component_reasons &&
            eligibility.component_count > b->component_stride) {
            ota_json_device_reader_free(reader);
            return refuse(b, i, error, OTA_ERR_ARGUMENT,
                          "component_stride is below the plan's component count");
        }
        if (status != OTA_OK) {
            ota_json_device_reader_free(reader);
            return refuse(b, i, error, status, ota_strerror(status));
        }
        answer(b, i, &eligibility, want_push ? &push : NULL);
    }
    ota_json_device_reader_free(reader);
    if (status == OTA_OK && expect(text, b->length, &at, ']') &&
        skip_space(text, b->length, at) == b->length) {
        b->failed = b->count;
        return OTA_OK;
    }
    b->failed = i;
    snprintf(error->text, sizeof error->text, "the devices are not a JSON array of %zu", b->count);
    return OTA_ERR_ARGUMENT;
}

int32_t ota_json_evaluate_many(const ota_compiled_plan *plan, const char *devices_json,
                               size_t length, size_t count, int64_t now,
                               const ota_eval_options *options, int32_t *reasons,
                               int32_t *component_reasons, int32_t *push_status,
                               int32_t *push_reason, int64_t *push_at, size_t *failed,
                               ota_json_error *error)
{
    if (!failed)
        return OTA_ERR_NULL;
    *failed = 0;
    ota_json_batch batch = {.version = OTA_JSON_BATCH_VERSION,
                            .devices_json = devices_json,
                            .length = length,
                            .count = count,
                            .now = now,
                            .options = options,
                            .reasons = reasons,
                            .component_reasons = component_reasons,
                            .component_stride = OTA_MAX_COMPONENTS,
                            .push_status = push_status,
                            .push_reason = push_reason,
                            .push_at = push_at};
    int32_t status = ota_json_evaluate_batch(plan, &batch, error);
    /* 0.3.0 said 0 for a full success. */
    *failed = status == OTA_OK ? 0 : batch.failed;
    return status;
}
