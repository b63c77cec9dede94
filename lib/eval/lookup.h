/* Device-list lookups started ahead of the checks that need them: a
 * lookup in a table of a million IDs is a memory access, so it is begun
 * (hash, then the entry's load) while other work goes on: the device's own
 * check in a single call, the devices in between in a batch call. */
#ifndef OTA_LOOKUP_H
#define OTA_LOOKUP_H

#include "compiled.h"

#include <stddef.h>
#include <stdint.h>

typedef struct lookup_ahead {
    uint64_t hash;
    size_t length; /* of the ID; 0 when nothing was started */
} lookup_ahead;

/* Of a device that may not have passed its check yet: only a readable ID
 * is hashed, and a bad one is left for the check to report. */
lookup_ahead ota__lookup_begin(const ota_compiled_plan *plan, const ota_device *device);

/* The lists (IDSET_*) holding the ID of `device`, which passed its check;
 * `ahead` is what ota__lookup_begin() gave for it, or NULL. */
unsigned ota__lookup_finish(const ota_compiled_plan *plan, const ota_device *device,
                            const lookup_ahead *ahead);

/* A batch's lookups in three stages (software pipelining): the entry of
 * device i + 2 * LOOKUP_STAGE starts loading, the entry of device
 * i + LOOKUP_STAGE is read (in the cache by then) and the arena bytes it
 * points to start loading, and device i is answered. */
#ifndef LOOKUP_STAGE /* -DLOOKUP_STAGE=N to measure another (bench/HISTORY.md) */
#define LOOKUP_STAGE 8
#endif
enum { LOOKUP_RING = 4 * LOOKUP_STAGE };

typedef struct lookup_pipeline {
    const ota_compiled_plan *plan;
    const ota_device *const *devices;
    size_t count;
    lookup_ahead ring[LOOKUP_RING];
} lookup_pipeline;

void ota__pipeline_start(lookup_pipeline *pipeline, const ota_compiled_plan *plan,
                         const ota_device *const *devices, size_t count);

/* Moves the lookups ahead of device i on; returns device i's, for
 * ota__lookup_finish().  Called for i = 0, 1, ... in order. */
const lookup_ahead *ota__pipeline_next(lookup_pipeline *pipeline, size_t i);

#endif
