#include "arena.h"

#include "reader.h"

#include <stdalign.h>
#include <stdint.h>

#if OTA_JSON_UNDER_ASAN
/* A block's bytes are poisoned until handed out, and a reset returns every
 * chunk to malloc (into AddressSanitizer's quarantine) instead of reusing
 * one, so that a use of a tree after the next read is still reported. */
#include <sanitizer/asan_interface.h>
#define KEEP_A_CHUNK   0
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define KEEP_A_CHUNK   1
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* A reader made for one device (as Python makes one per device) takes a
 * small first chunk; a reader of many lines grows its chunks to what a line
 * needs, up to CHUNK_MAX_BYTES, and keeps that one across resets.  A longer
 * line takes chunks of its own, which the next reset returns. */
#define CHUNK_FIRST_BYTES ((size_t)4 * 1024)
#define CHUNK_MAX_BYTES   ((size_t)64 * 1024)
#define ALIGNMENT         alignof(max_align_t)

typedef struct chunk {
    struct chunk *next; /* older */
    size_t size;        /* of data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
} chunk;

struct json_arena {
    chunk *newest; /* NULL until the first block */
};

static _Thread_local json_arena *current __attribute__((tls_model("initial-exec")));

static void free_chunk(chunk *c)
{
    UNPOISON(c->data, c->size);
    ota__json_free(c);
}

json_arena *ota__json_arena_new(void)
{
    json_arena *arena = ota__json_alloc_plain(sizeof *arena);
    if (arena)
        arena->newest = NULL;
    return arena;
}

void ota__json_arena_free(json_arena *arena)
{
    if (!arena)
        return;
    if (current == arena)
        current = NULL;
    for (chunk *c = arena->newest, *next; c; c = next) {
        next = c->next;
        free_chunk(c);
    }
    ota__json_free(arena);
}

void ota__json_arena_reset(json_arena *arena)
{
    /* Chunks grow, so the newest one of at most CHUNK_MAX_BYTES is the
     * largest of the usual ones: it stays, the others go. */
    chunk *kept = NULL;
    for (chunk *c = arena->newest, *next; c; c = next) {
        next = c->next;
        if (KEEP_A_CHUNK && !kept && c->size <= CHUNK_MAX_BYTES) {
            kept = c;
            continue;
        }
        free_chunk(c);
    }
    if (kept) {
        kept->next = NULL;
        kept->used = 0;
        POISON(kept->data, kept->size);
    }
    arena->newest = kept;
}

void ota__json_arena_enter(json_arena *arena)
{
    ota__json_arena_reset(arena);
    current = arena;
}

void ota__json_arena_leave(void)
{
    current = NULL;
}

json_arena *ota__json_arena_current(void)
{
    return current;
}

void *ota__json_arena_alloc(json_arena *arena, size_t size)
{
    if (size > SIZE_MAX / 2)
        return NULL;
    size_t rounded = (size + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
    chunk *c = arena->newest;
    if (!c || c->size - c->used < rounded) {
        size_t grown = !c                          ? CHUNK_FIRST_BYTES
                       : c->size < CHUNK_MAX_BYTES ? c->size * 2
                                                   : CHUNK_MAX_BYTES;
        if (grown < rounded)
            grown = rounded;
        chunk *fresh = ota__json_alloc_plain(sizeof(chunk) + grown);
        if (!fresh)
            return NULL;
        fresh->next = c;
        fresh->size = grown;
        fresh->used = 0;
        POISON(fresh->data, grown);
        arena->newest = c = fresh;
    }
    void *block = c->data + c->used;
    c->used += rounded;
    UNPOISON(block, size);
    return block;
}

int ota__json_arena_owns(const json_arena *arena, const void *block)
{
    uintptr_t p = (uintptr_t)block;
    for (const chunk *c = arena->newest; c; c = c->next)
        if (p >= (uintptr_t)c->data && p < (uintptr_t)c->data + c->size)
            return 1;
    return 0;
}
