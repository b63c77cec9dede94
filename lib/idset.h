/* A set of device IDs (SPEC 3 black/white lists, up to 1,000,000 each):
 * built once, then read by any number of threads without allocation. */
#ifndef OTA_IDSET_H
#define OTA_IDSET_H

#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>

typedef struct idset_slot {
    uint32_t tag;    /* high bits of the hash, 0 = empty slot */
    uint32_t offset; /* of the entry in `bytes`: a length byte, then the ID */
} idset_slot;

typedef struct idset {
    idset_slot *slots;
    uint32_t mask;   /* slot count - 1 (a power of two) */
    uint32_t count;
    uint8_t *bytes;
    size_t bytes_used;
} idset;

/* Builds the set of `count` IDs, each 1-128 bytes (checked by validation).
 * For each ID already in the set, calls on_duplicate(context, index).
 * Returns OTA_OK or OTA_ERR_NOMEM (then *out holds nothing). */
int32_t idset_build(const ota_allocator *allocator, const char *const *ids, uint32_t count,
                    idset *out, void (*on_duplicate)(void *context, uint32_t index),
                    void *context);

void idset_free(const ota_allocator *allocator, idset *set);

/* 1 if the set holds the `length` bytes at `id`. */
int idset_contains(const idset *set, const char *id, size_t length);

#endif
