/* A region that jansson's allocations come from while it is current on a
 * thread: reading a device line makes some twenty small blocks (the object,
 * its table, every key and value), and malloc and free of them were a
 * fifth of a line's cost (bench/HISTORY.md).  A device reader keeps one
 * arena; a read resets it, which drops the previous line's tree at once
 * instead of freeing it block by block. */
#ifndef OTA_JSON_ARENA_H
#define OTA_JSON_ARENA_H

#include <stddef.h>

typedef struct json_arena json_arena;

/* NULL when out of memory.  Blocks come from the module's backend. */
json_arena *ota__json_arena_new(void);
void ota__json_arena_free(json_arena *arena);

/* Forgets every block of the arena, keeping one chunk of at most 64 KiB for
 * the next use. */
void ota__json_arena_reset(json_arena *arena);
/* Resets the arena and makes it this thread's current one, until
 * ota__json_arena_leave(). */
void ota__json_arena_enter(json_arena *arena);
void ota__json_arena_leave(void);

/* For the functions installed into jansson: the current arena of this
 * thread, or NULL; a block from it (NULL when out of memory); whether a
 * block is one of its own (then freeing it does nothing). */
json_arena *ota__json_arena_current(void);
void *ota__json_arena_alloc(json_arena *arena, size_t size);
int ota__json_arena_owns(const json_arena *arena, const void *block);

#endif
