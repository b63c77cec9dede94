#include "idset.h"

#include "alloc.h"

#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

/* The lookup is meant to cost one cache line: with a million IDs a random
 * line is a memory access of about 100 ns here (bench/RESULTS.md), so the
 * keys live in the entries and both lists share one probe sequence. */

#define SPILL_PREFIX 22

/* 64-bit multiply-xorshift over 8-byte words: device IDs are short. */
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

static int entry_holds(const idset *set, const idset_entry *e, const char *id, size_t length)
{
    if (e->length != length)
        return 0;
    if (length <= IDSET_INLINE_BYTES)
        return memcmp(e->key, id, length) == 0;
    uint32_t offset;
    memcpy(&offset, e->key + SPILL_PREFIX, sizeof offset);
    return memcmp(e->key, id, SPILL_PREFIX) == 0 &&
           memcmp(set->spill + offset, id + SPILL_PREFIX, length - SPILL_PREFIX) == 0;
}

/* The entry holding the ID, or the empty entry where it would go. */
static idset_entry *find(const idset *set, const char *id, size_t length, uint64_t hash)
{
    uint32_t tag = tag_of(hash);
    for (uint32_t i = (uint32_t)hash & set->mask;; i = (i + 1) & set->mask) {
        idset_entry *e = &set->entries[i];
        if (e->tag == 0 || (e->tag == tag && entry_holds(set, e, id, length)))
            return e;
    }
}

/* A hint only: any bytes may be hashed (the caller bounds the length). */
void ota__idset_prefetch(const idset *set, const char *id, size_t length)
{
    if (set->entries)
        __builtin_prefetch(&set->entries[(uint32_t)hash_bytes(id, length) & set->mask]);
}

unsigned ota__idset_lists_of(const idset *set, const char *id, size_t length)
{
    /* Evaluation passes IDs that passed ota__device_id_is_valid(): 1-128 bytes. */
    if (!set->entries)
        return 0;
    const idset_entry *e = find(set, id, length, hash_bytes(id, length));
    return e->tag ? e->lists : 0;
}

static void store(idset *set, idset_entry *e, uint32_t tag, const char *id, size_t length,
                  size_t *spill_used)
{
    e->tag = tag;
    e->length = (uint8_t)length;
    if (length <= IDSET_INLINE_BYTES) {
        memcpy(e->key, id, length);
        return;
    }
    uint32_t offset = (uint32_t)*spill_used;
    memcpy(e->key, id, SPILL_PREFIX);
    memcpy(e->key + SPILL_PREFIX, &offset, sizeof offset);
    memcpy(set->spill + offset, id + SPILL_PREFIX, length - SPILL_PREFIX);
    *spill_used += length - SPILL_PREFIX;
}

/* How many IDs ahead the build hashes and fetches the slot of: inserts
 * into a large table are random writes, and with the slots fetched early
 * their misses overlap instead of adding up. */
enum { BUILD_AHEAD = 16 };

static void add_list(idset *set, const char *const *ids, uint32_t count, unsigned list,
                     const idset_events *events, size_t *spill_used)
{
    uint64_t hashes[BUILD_AHEAD];
    size_t lengths[BUILD_AHEAD];
    for (uint32_t n = 0; n < count && n < BUILD_AHEAD; n++) {
        lengths[n] = strlen(ids[n]);
        hashes[n] = hash_bytes(ids[n], lengths[n]);
        __builtin_prefetch(&set->entries[(uint32_t)hashes[n] & set->mask], 1);
    }
    for (uint32_t n = 0; n < count; n++) {
        uint32_t ring = n % BUILD_AHEAD;
        size_t length = lengths[ring];
        uint64_t hash = hashes[ring];
        if (n + BUILD_AHEAD < count) {
            const char *ahead = ids[n + BUILD_AHEAD];
            lengths[ring] = strlen(ahead);
            hashes[ring] = hash_bytes(ahead, lengths[ring]);
            __builtin_prefetch(&set->entries[(uint32_t)hashes[ring] & set->mask], 1);
        }
        idset_entry *e = find(set, ids[n], length, hash);
        if (e->tag == 0)
            store(set, e, tag_of(hash), ids[n], length, spill_used);
        else if (e->lists & list)
            events->duplicate(events->context, (int)list, n);
        else if (list == IDSET_WHITELIST)
            events->in_both(events->context, n);
        e->lists |= (uint8_t)list;
    }
}

/* A hint that the table, read at random, be backed by huge pages: fewer
 * TLB misses (about 10% per random load measured here). */
static void advise_huge_pages(void *start, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t first = ((uintptr_t)start + huge - 1) & ~(huge - 1);
    uintptr_t last = ((uintptr_t)start + bytes) & ~(huge - 1);
    if (last > first)
        madvise((void *)first, last - first, MADV_HUGEPAGE);
#else
    (void)start;
    (void)bytes;
#endif
}

int32_t ota__idset_build(const ota_allocator *allocator, const char *const *blacklist,
                         uint32_t blacklist_count, const char *const *whitelist,
                         uint32_t whitelist_count, const idset_events *events, idset *out)
{
    *out = (idset){0};
    uint64_t total = (uint64_t)blacklist_count + whitelist_count;
    if (total == 0)
        return OTA_OK;
    /* Load factor at most three quarters keeps linear probes short. */
    uint64_t slots = 16;
    while (slots * 3 < total * 4)
        slots *= 2;
    size_t spill = 0;
    for (uint32_t i = 0; i < blacklist_count; i++)
        spill += strlen(blacklist[i]);
    for (uint32_t i = 0; i < whitelist_count; i++)
        spill += strlen(whitelist[i]);
    /* Validation bounds the lists (2,000,000 IDs of at most 128 bytes), so
     * slot counts and spill offsets fit 32 bits. */
    idset set = {.mask = (uint32_t)slots - 1,
                 .blacklist_count = blacklist_count,
                 .whitelist_count = whitelist_count};
    size_t bytes = (size_t)slots * sizeof(idset_entry);
    set.block = ota__alloc(allocator, bytes + 64);
    set.spill = ota__alloc(allocator, spill);
    if (!set.block || !set.spill) {
        ota__idset_free(allocator, &set);
        return OTA_ERR_NOMEM;
    }
    set.entries = (idset_entry *)(((uintptr_t)set.block + 63) & ~(uintptr_t)63);
    advise_huge_pages(set.entries, bytes);
    memset(set.entries, 0, bytes);
    size_t spill_used = 0;
    add_list(&set, blacklist, blacklist_count, IDSET_BLACKLIST, events, &spill_used);
    add_list(&set, whitelist, whitelist_count, IDSET_WHITELIST, events, &spill_used);
    *out = set;
    return OTA_OK;
}

void ota__idset_free(const ota_allocator *allocator, idset *set)
{
    ota__free(allocator, set->block);
    ota__free(allocator, set->spill);
    *set = (idset){0};
}
