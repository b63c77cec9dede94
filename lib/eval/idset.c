#include "idset.h"

#include "alloc.h"

#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

/* A lookup that misses costs one cache line: with a million IDs a random
 * line is a memory access (bench/HISTORY.md gives the machine's latency),
 * so both lists share one probe sequence and an entry is a quarter of a
 * line.  A hit on an ID longer than IDSET_INLINE_BYTES reads a second line,
 * in the arena; the tag and the prefix keep misses out of it. */

/* 64-bit multiply-xorshift over 8-byte words: device IDs are short. */
static inline uint64_t mix(uint64_t h)
{
    h ^= h >> 32;
    h *= UINT64_C(0xd6e8feb86659fd93);
    h ^= h >> 32;
    return h;
}

uint64_t ota__idset_hash(const char *data, size_t length)
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

/* The slot comes from the hash's low bits, the tag from its top ones. */
static inline uint16_t tag_of(uint64_t hash)
{
    uint16_t tag = (uint16_t)(hash >> 48);
    return tag ? tag : 1;
}

static inline uint32_t arena_offset(const idset_entry *e)
{
    uint32_t offset;
    memcpy(&offset, e->key + IDSET_PREFIX_BYTES, sizeof offset);
    return offset;
}

/* Whether e may hold the ID, from the entry alone: all of it for a short
 * ID, the first IDSET_PREFIX_BYTES bytes for a long one. */
static inline int entry_may_hold(const idset_entry *e, uint16_t tag, const char *id, size_t length)
{
    if (e->tag != tag || e->length != length)
        return 0;
    return memcmp(e->key, id, length <= IDSET_INLINE_BYTES ? length : IDSET_PREFIX_BYTES) == 0;
}

static inline int entry_holds(const idset *set, const idset_entry *e, uint16_t tag, const char *id,
                              size_t length)
{
    return entry_may_hold(e, tag, id, length) &&
           (length <= IDSET_INLINE_BYTES ||
            memcmp(set->arena + arena_offset(e), id + IDSET_PREFIX_BYTES,
                   length - IDSET_PREFIX_BYTES) == 0);
}

/* The entry holding the ID, or the empty entry where it would go. */
static idset_entry *find(const idset *set, const char *id, size_t length, uint64_t hash)
{
    uint16_t tag = tag_of(hash);
    for (uint32_t i = (uint32_t)hash & set->mask;; i = (i + 1) & set->mask) {
        idset_entry *e = &set->entries[i];
        if (e->tag == 0 || entry_holds(set, e, tag, id, length))
            return e;
    }
}

void ota__idset_prefetch_entry(const idset *set, uint64_t hash)
{
    if (set->entries)
        __builtin_prefetch(&set->entries[(uint32_t)hash & set->mask]);
}

/* A hint only, so it stops at the first entry that may be the ID. */
void ota__idset_prefetch_rest(const idset *set, const char *id, size_t length, uint64_t hash)
{
    if (!set->entries || length <= IDSET_INLINE_BYTES)
        return;
    uint16_t tag = tag_of(hash);
    for (uint32_t i = (uint32_t)hash & set->mask;; i = (i + 1) & set->mask) {
        const idset_entry *e = &set->entries[i];
        if (e->tag == 0)
            return;
        if (entry_may_hold(e, tag, id, length)) {
            __builtin_prefetch(set->arena + arena_offset(e));
            return;
        }
    }
}

unsigned ota__idset_lists_of(const idset *set, const char *id, size_t length, uint64_t hash)
{
    /* Evaluation passes IDs that passed ota__device_id_length(): 1-128 bytes. */
    if (!set->entries)
        return 0;
    const idset_entry *e = find(set, id, length, hash);
    return e->tag ? e->lists : 0;
}

static void store(idset *set, idset_entry *e, uint16_t tag, const char *id, size_t length,
                  size_t *arena_used)
{
    e->tag = tag;
    e->length = (uint8_t)length;
    if (length <= IDSET_INLINE_BYTES) {
        memcpy(e->key, id, length);
        return;
    }
    uint32_t offset = (uint32_t)*arena_used;
    memcpy(e->key, id, IDSET_PREFIX_BYTES);
    memcpy(e->key + IDSET_PREFIX_BYTES, &offset, sizeof offset);
    memcpy(set->arena + offset, id + IDSET_PREFIX_BYTES, length - IDSET_PREFIX_BYTES);
    *arena_used += length - IDSET_PREFIX_BYTES;
}

/* How many IDs ahead the build hashes and fetches the slot of: inserts
 * into a large table are random writes, and with the slots fetched early
 * their misses overlap instead of adding up. */
enum { BUILD_AHEAD = 16 };

static void add_list(idset *set, const char *const *ids, uint32_t count, unsigned list,
                     const idset_events *events, size_t *arena_used)
{
    uint64_t hashes[BUILD_AHEAD];
    size_t lengths[BUILD_AHEAD];
    for (uint32_t n = 0; n < count && n < BUILD_AHEAD; n++) {
        lengths[n] = strlen(ids[n]);
        hashes[n] = ota__idset_hash(ids[n], lengths[n]);
        __builtin_prefetch(&set->entries[(uint32_t)hashes[n] & set->mask], 1);
    }
    for (uint32_t n = 0; n < count; n++) {
        uint32_t ring = n % BUILD_AHEAD;
        size_t length = lengths[ring];
        uint64_t hash = hashes[ring];
        if (n + BUILD_AHEAD < count) {
            const char *ahead = ids[n + BUILD_AHEAD];
            lengths[ring] = strlen(ahead);
            hashes[ring] = ota__idset_hash(ahead, lengths[ring]);
            __builtin_prefetch(&set->entries[(uint32_t)hashes[ring] & set->mask], 1);
        }
        idset_entry *e = find(set, ids[n], length, hash);
        if (e->tag == 0)
            store(set, e, tag_of(hash), ids[n], length, arena_used);
        else if (e->lists & list)
            events->duplicate(events->context, (int)list, n);
        else if (list == IDSET_WHITELIST)
            events->in_both(events->context, n);
        e->lists |= (uint8_t)list;
    }
}

/* A hint that the table, read at random, be backed by huge pages: fewer
 * TLB misses (bench/HISTORY.md has the figures with and without). */
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

static size_t rest_bytes(const char *const *ids, uint32_t count)
{
    size_t bytes = 0;
    for (uint32_t i = 0; i < count; i++) {
        size_t length = strlen(ids[i]);
        if (length > IDSET_INLINE_BYTES)
            bytes += length - IDSET_PREFIX_BYTES;
    }
    return bytes;
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
    /* Validation bounds the lists (2,000,000 IDs of at most 128 bytes), so
     * slot counts and arena offsets fit 32 bits. */
    idset set = {.mask = (uint32_t)slots - 1,
                 .blacklist_count = blacklist_count,
                 .whitelist_count = whitelist_count,
                 .arena_bytes = rest_bytes(blacklist, blacklist_count) +
                                rest_bytes(whitelist, whitelist_count)};
    size_t bytes = (size_t)slots * sizeof(idset_entry);
    set.block = ota__alloc(allocator, bytes + 64);
    /* One byte at least, so that no allocator is asked for 0. */
    set.arena = ota__alloc(allocator, set.arena_bytes + 1);
    if (!set.block || !set.arena) {
        ota__idset_free(allocator, &set);
        return OTA_ERR_NOMEM;
    }
    set.entries = (idset_entry *)(((uintptr_t)set.block + 63) & ~(uintptr_t)63);
    advise_huge_pages(set.entries, bytes);
    advise_huge_pages(set.arena, set.arena_bytes);
    memset(set.entries, 0, bytes);
    size_t arena_used = 0;
    add_list(&set, blacklist, blacklist_count, IDSET_BLACKLIST, events, &arena_used);
    add_list(&set, whitelist, whitelist_count, IDSET_WHITELIST, events, &arena_used);
    *out = set;
    return OTA_OK;
}

size_t ota__idset_slot_id(const idset *set, uint32_t slot, char *out, unsigned *lists)
{
    const idset_entry *e = &set->entries[slot];
    if (e->tag == 0)
        return 0;
    *lists = e->lists;
    if (e->length <= IDSET_INLINE_BYTES) {
        memcpy(out, e->key, e->length);
    } else {
        memcpy(out, e->key, IDSET_PREFIX_BYTES);
        memcpy(out + IDSET_PREFIX_BYTES, set->arena + arena_offset(e),
               (size_t)e->length - IDSET_PREFIX_BYTES);
    }
    return e->length;
}

void ota__idset_free(const ota_allocator *allocator, idset *set)
{
    ota__free(allocator, set->block);
    ota__free(allocator, set->arena);
    *set = (idset){0};
}
