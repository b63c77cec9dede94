#include "strtab.h"

#include "alloc.h"
#include "idset.h"

#include <string.h>

int32_t ota__strtab_init(const ota_allocator *allocator, strtab *table, uint32_t capacity)
{
    *table = (strtab){0};
    /* At most half full: probes stay short whatever the keys. */
    uint64_t slots = 16;
    while (slots < (uint64_t)capacity * 2)
        slots *= 2;
    if (slots > UINT32_MAX)
        return OTA_ERR_NOMEM;
    strtab t = {.mask = (uint32_t)(slots - 1), .capacity = capacity};
    t.slots = ota__alloc_array(allocator, (size_t)slots, sizeof *t.slots);
    t.items = ota__alloc_array(allocator, capacity ? capacity : 1, sizeof *t.items);
    if (!t.slots || !t.items) {
        ota__strtab_free(allocator, &t);
        return OTA_ERR_NOMEM;
    }
    *table = t;
    return OTA_OK;
}

void ota__strtab_free(const ota_allocator *allocator, strtab *table)
{
    ota__free(allocator, table->slots);
    ota__free(allocator, table->items);
    *table = (strtab){0};
}

uint64_t ota__strtab_hash(const char *text, size_t length)
{
    return ota__idset_hash(text, length);
}

static inline int holds(const strtab_item *item, const char *text, size_t length)
{
    return item->length == length && memcmp(item->text, text, length) == 0;
}

/* The slot holding the string, or the empty slot where it would go. */
static uint64_t *slot_of(const strtab *table, const char *text, size_t length, uint64_t hash)
{
    uint64_t tag = hash >> 32 << 32;
    for (uint32_t i = (uint32_t)hash & table->mask;; i = (i + 1) & table->mask) {
        uint64_t *slot = &table->slots[i];
        if (*slot == 0)
            return slot;
        if ((*slot & ~(uint64_t)UINT32_MAX) == tag &&
            holds(&table->items[(uint32_t)*slot - 1], text, length))
            return slot;
    }
}

strtab_item *ota__strtab_intern(strtab *table, const char *text, uint32_t length, uint64_t hash,
                                int *added)
{
    uint64_t *slot = slot_of(table, text, length, hash);
    *added = *slot == 0;
    if (*added) {
        table->items[table->count] = (strtab_item){.text = text, .length = length};
        *slot = (hash >> 32 << 32) | (uint64_t)(table->count + 1);
        table->count++;
    }
    return &table->items[(uint32_t)*slot - 1];
}

const strtab_item *ota__strtab_find(const strtab *table, const char *text, size_t length,
                                    uint64_t hash)
{
    if (!table->slots)
        return NULL;
    uint64_t slot = *slot_of(table, text, length, hash);
    return slot ? &table->items[(uint32_t)slot - 1] : NULL;
}
