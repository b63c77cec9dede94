/* A table of byte strings for a plan set's index: products, names and
 * whitelisted device IDs, each mapped to two numbers of the caller's.
 * Sized once for the most strings it will hold, so that building never
 * rehashes; read by any number of threads without allocation. */
#ifndef OTA_STRTAB_H
#define OTA_STRTAB_H

#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>

typedef struct strtab_item {
    const char *text; /* borrowed: the caller keeps the bytes alive */
    uint32_t length;
    uint32_t a;
    uint32_t b;
} strtab_item;

typedef struct strtab {
    uint64_t *slots; /* the hash's top 32 bits and the item's index + 1; 0 = empty */
    uint32_t mask;
    strtab_item *items;
    uint32_t count;
    uint32_t capacity;
} strtab;

/* Room for `capacity` strings.  OTA_OK or OTA_ERR_NOMEM (nothing kept). */
int32_t ota__strtab_init(const ota_allocator *allocator, strtab *table, uint32_t capacity);
void ota__strtab_free(const ota_allocator *allocator, strtab *table);

/* The hash every call takes (ota__idset_hash()): one a string. */
uint64_t ota__strtab_hash(const char *text, size_t length);

/* Starts loading the slot where a lookup of `hash` begins. */
static inline void ota__strtab_prefetch(const strtab *table, uint64_t hash)
{
    __builtin_prefetch(&table->slots[(uint32_t)hash & table->mask]);
}

/* The item holding the string, added (with a = b = 0) when it is not in
 * the table yet (*added says which); the table must have room. */
strtab_item *ota__strtab_intern(strtab *table, const char *text, uint32_t length, uint64_t hash,
                                int *added);

/* The item holding the string, or NULL. */
const strtab_item *ota__strtab_find(const strtab *table, const char *text, size_t length,
                                    uint64_t hash);

#endif
