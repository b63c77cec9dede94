#include "lookup.h"

#include "device_id.h"

#include <string.h>

lookup_ahead ota__lookup_begin(const ota_compiled_plan *plan, const ota_device *device)
{
    lookup_ahead ahead = {0, 0};
    if (!plan->devices.entries || !device || device->version != OTA_DEVICE_STRUCT_VERSION ||
        !device->id)
        return ahead;
    size_t length = strnlen(device->id, DEVICE_ID_MAX_BYTES + 1);
    if (length == 0 || length > DEVICE_ID_MAX_BYTES)
        return ahead;
    ahead = (lookup_ahead){ota__idset_hash(device->id, length), length};
    ota__idset_prefetch_entry(&plan->devices, ahead.hash);
    return ahead;
}

unsigned ota__lookup_finish(const ota_compiled_plan *plan, const ota_device *device,
                            const lookup_ahead *ahead)
{
    /* The device passed its check by now, so its ID is the one hashed. */
    if (ahead && ahead->length)
        return ota__idset_lists_of(&plan->devices, device->id, ahead->length, ahead->hash);
    size_t length = strlen(device->id);
    return ota__idset_lists_of(&plan->devices, device->id, length,
                               ota__idset_hash(device->id, length));
}

static void continue_lookup(const lookup_pipeline *p, size_t i)
{
    const lookup_ahead *ahead = &p->ring[i % LOOKUP_RING];
    if (ahead->length)
        ota__idset_prefetch_rest(&p->plan->devices, p->devices[i]->id, ahead->length, ahead->hash);
}

void ota__pipeline_start(lookup_pipeline *p, const ota_compiled_plan *plan,
                         const ota_device *const *devices, size_t count)
{
    p->plan = plan;
    p->devices = devices;
    p->count = count;
    for (size_t k = 0; k < count && k < 2 * LOOKUP_STAGE; k++)
        p->ring[k % LOOKUP_RING] = ota__lookup_begin(plan, devices[k]);
    for (size_t k = 0; k < count && k < LOOKUP_STAGE; k++)
        continue_lookup(p, k);
}

const lookup_ahead *ota__pipeline_next(lookup_pipeline *p, size_t i)
{
    /* Stages of 4, 16 and 32 measured no different from 8 beyond this
     * machine's noise (bench/HISTORY.md). */
    if (i + 2 * LOOKUP_STAGE < p->count)
        p->ring[(i + 2 * LOOKUP_STAGE) % LOOKUP_RING] =
            ota__lookup_begin(p->plan, p->devices[i + 2 * LOOKUP_STAGE]);
    if (i + LOOKUP_STAGE < p->count)
        continue_lookup(p, i + LOOKUP_STAGE);
    return &p->ring[i % LOOKUP_RING];
}
