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

#define IDSET_INLINE_BYTES 26

/* 32 bytes, two to a cache line.  An ID of up to IDSET_INLINE_BYTES bytes
 * is stored whole; a longer one keeps its first 22 bytes here and the rest
 * in the spill area, at the offset stored in key[22..25]. */
typedef struct idset_entry {
    uint32_t tag;   /* high bits of the hash; 0 = empty */
    uint8_t length; /* of the ID, 1-128 */
    uint8_t lists;  /* IDSET_BLACKLIST | IDSET_WHITELIST */
    char key[IDSET_INLINE_BYTES];
} idset_entry;

typedef struct idset {
    idset_entry *entries; /* 64-byte aligned, inside `block` */
    uint32_t mask;        /* entry count - 1 (a power of two) */
    uint32_t blacklist_count;
    uint32_t whitelist_count;
    char *spill;
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

void ota__idset_free(const ota_allocator *allocator, idset *set);

/* Starts loading the entry where the lookup of `id` will begin, so that a
 * later ota__idset_lists_of() finds it in the cache. */
void ota__idset_prefetch(const idset *set, const char *id, size_t length);

/* The lists holding the `length` bytes at `id`: a mask of IDSET_*. */
unsigned ota__idset_lists_of(const idset *set, const char *id, size_t length);

#endif
