#include "same_device.h"

#include <string.h>

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int same_device(const ota_device *a, const ota_device *b)
{
    if (a->version != b->version || !same_text(a->id, b->id) ||
        !same_text(a->product, b->product) || a->version_count != b->version_count ||
        a->signal != b->signal || a->battery != b->battery || a->auto_update != b->auto_update ||
        a->state != b->state || a->state_at != b->state_at ||
        a->appointment_start != b->appointment_start || a->appointment_end != b->appointment_end ||
        a->failed_attempts != b->failed_attempts)
        return 0;
    for (uint32_t i = 0; i < a->version_count; i++)
        if (!same_text(a->versions[i].component_id, b->versions[i].component_id) ||
            !same_text(a->versions[i].version, b->versions[i].version))
            return 0;
    return 1;
}
