#include "idset.h"

#include "alloc.h"

#include <string.h>

/* 64-bit multiply-xorshift hashing over 8-byte words: device IDs are short,
 * so a word at a time is what makes lookups cheap (bench/bench_eligible). */
static inline uint64_t mix(uint64_t h)
{
    h ^= h >> 32;
    h *= UINT64_C(0xd6e8feb86659fd93);
    h ^= h >> 32;
    return h;
}

static uint64_t hash_bytes(const char *data, size_t length)
{
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (length * UINT64_C(0xff51afd7ed558ccd));
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, data, 8);
        h = mix(h ^ word) * UINT64_C(0xc4ceb9fe1a85ec53);
        data += 8;
        length -= 8;
    }
    uint64_t tail = 0;
    memcpy(&tail, data, length);
    return mix(h ^ tail ^ (UINT64_C(1) << 63));
}

static inline uint32_t tag_of(uint64_t hash)
{
    uint32_t tag = (uint32_t)(hash >> 32);
    return tag ? tag : 1;
}

static int entry_equals(const idset *set, uint32_t offset, const char *id, size_t length)
{
    const uint8_t *entry = set->bytes + offset;
    return entry[0] == length && memcmp(entry + 1, id, length) == 0;
}

int idset_contains(const idset *set, const char *id, size_t length)
{
    if (set->count == 0 || length == 0 || length > 255)
        return 0;
    uint64_t hash = hash_bytes(id, length);
    uint32_t tag = tag_of(hash);
    for (uint32_t i = (uint32_t)hash & set->mask;; i = (i + 1) & set->mask) {
        idset_slot slot = set->slots[i];
        if (slot.tag == 0)
            return 0;
        if (slot.tag == tag && entry_equals(set, slot.offset, id, length))
            return 1;
    }
}

int32_t idset_build(const ota_allocator *allocator, const char *const *ids, uint32_t count,
                    idset *out, void (*on_duplicate)(void *context, uint32_t index),
                    void *context)
{
    *out = (idset){0};
    if (count == 0)
        return OTA_OK;
    /* Load factor at most one half keeps probe sequences short. */
    uint32_t slots = 16;
    while (slots < 2 * (uint64_t)count)
        slots *= 2;
    size_t bytes = 0;
    for (uint32_t i = 0; i < count; i++)
        bytes += 1 + strlen(ids[i]);
    if (bytes > UINT32_MAX)
        return OTA_ERR_NOMEM;
    idset set = {.mask = slots - 1};
    set.slots = ota_alloc_array(allocator, slots, sizeof *set.slots);
    set.bytes = ota_alloc(allocator, bytes);
    if (!set.slots || !set.bytes) {
        idset_free(allocator, &set);
        return OTA_ERR_NOMEM;
    }
    for (uint32_t n = 0; n < count; n++) {
        size_t length = strlen(ids[n]);
        uint64_t hash = hash_bytes(ids[n], length);
        uint32_t tag = tag_of(hash);
        uint32_t i = (uint32_t)hash & set.mask;
        int duplicate = 0;
        for (; set.slots[i].tag != 0; i = (i + 1) & set.mask) {
            if (set.slots[i].tag == tag && entry_equals(&set, set.slots[i].offset, ids[n], length)) {
                duplicate = 1;
                break;
            }
        }
        if (duplicate) {
            if (on_duplicate)
                on_duplicate(context, n);
            continue;
        }
        set.slots[i] = (idset_slot){.tag = tag, .offset = (uint32_t)set.bytes_used};
        set.bytes[set.bytes_used] = (uint8_t)length;
        memcpy(set.bytes + set.bytes_used + 1, ids[n], length);
        set.bytes_used += 1 + length;
        set.count++;
    }
    *out = set;
    return OTA_OK;
}

void idset_free(const ota_allocator *allocator, idset *set)
{
    ota_free(allocator, set->slots);
    ota_free(allocator, set->bytes);
    *set = (idset){0};
}
