/* The plan's device lists (SPEC 3 blacklist and whitelist, up to 1,000,000
 * IDs each) as one hash table: each entry says which lists hold the ID, so
 * eligibility asks one question with one probe.  Built once, then read by
 * any number of threads without allocation. */
#ifndef OTA_IDSET_H
#define OTA_IDSET_H

#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>

enum { IDSET_BLACKLIST = 1, IDSET_WHITELIST = 2 };

#define IDSET_INLINE_BYTES 12
#define IDSET_PREFIX_BYTES 8

/* 16 bytes, four to a cache line.  An ID of up to IDSET_INLINE_BYTES bytes
 * (a MAC address in hex, say) is stored whole; a longer one keeps its first
 * IDSET_PREFIX_BYTES bytes here, and key[8..11] is the offset in the arena
 * of the rest. */
typedef struct idset_entry {
    uint16_t tag;   /* the hash's top 16 bits, never 0; 0 = empty */
    uint8_t length; /* of the ID, 1-128 */
    uint8_t lists;  /* IDSET_BLACKLIST | IDSET_WHITELIST */
    char key[IDSET_INLINE_BYTES];
} idset_entry;

typedef struct idset {
    idset_entry *entries; /* 64-byte aligned, inside `block` */
    uint32_t mask;        /* entry count - 1 (a power of two) */
    uint32_t blacklist_count;
    uint32_t whitelist_count;
    char *arena; /* the rest of every ID longer than IDSET_INLINE_BYTES */
    size_t arena_bytes;
    void *block; /* what was allocated for `entries` */
} idset;

/* What building found, for validation's warnings. */
typedef struct idset_events {
    void (*duplicate)(void *context, int list, uint32_t index);
    void (*in_both)(void *context, uint32_t whitelist_index);
    void *context;
} idset_events;

/* Builds the table of both lists; every ID is 1-128 bytes (validation
 * checks that first).  Both callbacks of `events` are called.  Returns OTA_OK or
 * OTA_ERR_NOMEM (then *out holds nothing). */
int32_t ota__idset_build(const ota_allocator *allocator, const char *const *blacklist,
                         uint32_t blacklist_count, const char *const *whitelist,
                         uint32_t whitelist_count, const idset_events *events, idset *out);

/* For a caller that lists the IDs (a plan set's index of whitelists): the
 * slots are 0 to idset_slots() - 1; ota__idset_slot_id() copies the ID in
 * `slot` into `out` (room for 128 bytes, no NUL) and returns its length,
 * with *lists its IDSET_* mask, or returns 0 for an empty slot. */
static inline uint32_t idset_slots(const idset *set)
{
    return set->entries ? set->mask + 1 : 0;
}
size_t ota__idset_slot_id(const idset *set, uint32_t slot, char *out, unsigned *lists);

void ota__idset_free(const ota_allocator *allocator, idset *set);

/* The hash every other call takes, so that a caller looking up many IDs
 * hashes each once. */
uint64_t ota__idset_hash(const char *id, size_t length);

/* The three steps of a lookup that misses the cache, for a caller that
 * looks up many IDs at once (ota_device_eligible_many()): start loading the
 * entry where the probe begins; later, with that line in the cache, start
 * loading the arena bytes of the entry that may hold the ID; then ask. */
void ota__idset_prefetch_entry(const idset *set, uint64_t hash);
void ota__idset_prefetch_rest(const idset *set, const char *id, size_t length, uint64_t hash);

/* The lists holding the `length` bytes at `id`, a mask of IDSET_*; `hash`
 * is ota__idset_hash(id, length). */
unsigned ota__idset_lists_of(const idset *set, const char *id, size_t length, uint64_t hash);

#endif
