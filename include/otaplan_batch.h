/*
 * Batch evaluation for bindings (part of libotaplan-json, whose device
 * reader it uses): the answers for many devices in one call, for a
 * language whose cost per call would dominate (Python's ctypes: a JSON
 * array in, arrays of numbers out).  A C program calls
 * ota_device_eligible_many() and ota_next_push_time_many() instead.
 * pkg-config: otaplan-json.
 */
#ifndef OTAPLAN_BATCH_H
#define OTAPLAN_BATCH_H

#include "otaplan_json.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OTA_JSON_BATCH_VERSION 1

/* The question and the answers of ota_json_evaluate_batch(). */
typedef struct ota_json_batch {
    uint32_t version;         /* OTA_JSON_BATCH_VERSION, set by the caller */
    const char *devices_json; /* a JSON array of `count` device objects */
    size_t length;            /* of devices_json, in bytes */
    size_t count;
    int64_t now;
    const ota_eval_options *options; /* for the push; NULL: tick 10 */
    /* The answers, arrays of the caller.  reasons (count entries) is
     * required; the others may be NULL when not wanted, the three push
     * arrays all or none. */
    int32_t *reasons;           /* device i's eligibility reason */
    int32_t *component_reasons; /* count x component_stride entries */
    /* Entries a device in component_reasons: component k of device i is
     * component_reasons[i * component_stride + k] (OTA_REASON_OK when it
     * applies, 0 past the plan's components).  At least the plan's
     * component count; OTA_MAX_COMPONENTS always fits. */
    uint32_t component_stride;
    int32_t *push_status; /* ota_next_push_time()'s status, reason, instant */
    int32_t *push_reason;
    int64_t *push_at;
    size_t failed; /* written: the device of the error, or count */
} ota_json_batch;

OTA_JSON_API int32_t ota_json_batch_init(ota_json_batch *batch, uint32_t version);
#define OTA_JSON_BATCH_INIT                                                                        \
    {                                                                                              \
        .version = OTA_JSON_BATCH_VERSION                                                          \
    }

/* The answers for many devices in one call, for bindings whose cost per
 * call would dominate (Python): each device of batch->devices_json is read
 * as ota_json_device_read() reads one and evaluated by the library.
 * Returns OTA_OK, or the error of the first device that cannot be read or
 * evaluated, with batch->failed its index and `error` the reason (the
 * arrays are then filled up to that device); OTA_ERR_ARGUMENT when the
 * text is not such an array or component_stride is too small; OTA_ERR_NULL,
 * OTA_ERR_STRUCT_VERSION, OTA_ERR_NOMEM. */
OTA_JSON_API int32_t ota_json_evaluate_batch(const ota_compiled_plan *plan, ota_json_batch *batch,
                                             ota_json_error *error);

/* Deprecated (until 1.0): ota_json_evaluate_batch() with its fields as
 * thirteen parameters and a component stride of OTA_MAX_COMPONENTS. */
OTA_JSON_API int32_t ota_json_evaluate_many(const ota_compiled_plan *plan, const char *devices_json,
                                            size_t length, size_t count, int64_t now,
                                            const ota_eval_options *options, int32_t *reasons,
                                            int32_t *component_reasons, int32_t *push_status,
                                            int32_t *push_reason, int64_t *push_at, size_t *failed,
                                            ota_json_error *error);

#ifdef __cplusplus
}
#endif

#endif /* OTAPLAN_BATCH_H */
