/* SPEC 4: what a device struct must hold before a plan looks at it. */
#include "evaluate.h"

#include "device_id.h"
#include "instant.h"

#include <string.h>

static int32_t fail(const char **problem, const char *why, int32_t status)
{
    if (problem)
        *problem = why;
    return status;
}

int32_t ota_device_check(const ota_device *d, const char **problem)
{
    if (problem)
        *problem = NULL;
    if (!d)
        return fail(problem, "device is NULL", OTA_ERR_NULL);
    if (d->version != OTA_DEVICE_STRUCT_VERSION)
        return fail(problem, "device.version is not OTA_DEVICE_STRUCT_VERSION",
                    OTA_ERR_STRUCT_VERSION);
    if (!d->id)
        return fail(problem, "id is required", OTA_ERR_INVALID_DEVICE);
    if (!ota__device_id_length(d->id))
        return fail(problem, "id must be 1 to 128 bytes of UTF-8 without control characters",
                    OTA_ERR_INVALID_DEVICE);
    if (!d->product)
        return fail(problem, "product is required", OTA_ERR_INVALID_DEVICE);
    if (d->version_count > 0 && !d->versions)
        return fail(problem, "versions has a count but no entries", OTA_ERR_INVALID_DEVICE);
    for (uint32_t i = 0; i < d->version_count; i++)
        if (!d->versions[i].component_id || !d->versions[i].version)
            return fail(problem, "versions holds an entry without component or version",
                        OTA_ERR_INVALID_DEVICE);
    if (d->battery != OTA_UNSET && (d->battery < 0 || d->battery > 100))
        return fail(problem, "battery must be a percentage from 0 to 100", OTA_ERR_INVALID_DEVICE);
    if (d->auto_update != 0 && d->auto_update != 1)
        return fail(problem, "auto_update must be 0 or 1", OTA_ERR_INVALID_DEVICE);
    return ota__device_state_check(d, problem);
}

int32_t ota__device_state_check(const ota_device *d, const char **problem)
{
    if (d->state < OTA_DEVICE_IDLE || d->state > OTA_DEVICE_FAILED)
        return fail(problem,
                    "state must be idle, refused, user_confirmed, upgrading, succeeded or failed",
                    OTA_ERR_INVALID_DEVICE);
    if (d->state_at != OTA_NO_INSTANT && !is_instant(d->state_at))
        return fail(problem, "state_at lies outside the years 2000 to 2099", OTA_ERR_RANGE);
    if (d->state_at == OTA_NO_INSTANT &&
        (d->state == OTA_DEVICE_REFUSED || d->state == OTA_DEVICE_USER_CONFIRMED))
        return fail(problem, "state_at is required for states refused and user_confirmed",
                    OTA_ERR_INVALID_DEVICE);
    int has_start = d->appointment_start != OTA_NO_INSTANT;
    int has_end = d->appointment_end != OTA_NO_INSTANT;
    if (has_start != has_end)
        return fail(problem, "an appointment needs both start and end", OTA_ERR_INVALID_DEVICE);
    if (has_start && (!is_instant(d->appointment_start) || !is_instant(d->appointment_end)))
        return fail(problem, "the appointment lies outside the years 2000 to 2099", OTA_ERR_RANGE);
    if (has_start && d->appointment_start >= d->appointment_end)
        return fail(problem, "the appointment must start before it ends", OTA_ERR_INVALID_DEVICE);
    if (d->failed_attempts < 0)
        return fail(problem, "failed_attempts must not be negative", OTA_ERR_INVALID_DEVICE);
    return OTA_OK;
}

int32_t ota__evaluation_inputs_check(const ota_compiled_plan *plan, const ota_device *device,
                                     int64_t now)
{
    if (!plan || !device)
        return OTA_ERR_NULL;
    if (!is_instant(now))
        return OTA_ERR_RANGE;
    return ota_device_check(device, NULL);
}
