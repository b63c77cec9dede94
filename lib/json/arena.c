#include "arena.h"

#include "reader.h"

#include <stdalign.h>
#include <stdint.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#endif
#ifdef ARENA_ASAN
/* A block's bytes are poisoned until handed out and again at a reset, so
 * that AddressSanitizer still sees a use of a tree after the next read. */
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Enough for a few device lines; a longer line takes more chunks, which the
 * next reset returns. */
#define CHUNK_BYTES ((size_t)64 * 1024)
#define ALIGNMENT   alignof(max_align_t)

typedef struct chunk {
    struct chunk *next; /* older */
    size_t size;        /* of data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
} chunk;

struct json_arena {
    chunk *newest;
};

/* initial-exec: every jansson allocation asks for it, and the default model
 * of a shared library made that a call to __tls_get_addr each time. */
static _Thread_local json_arena *current __attribute__((tls_model("initial-exec")));

static chunk *new_chunk(size_t size)
{
    chunk *c = ota__json_alloc_plain(sizeof(chunk) + size);
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    POISON(c->data, size);
    return c;
}

json_arena *ota__json_arena_new(void)
{
    json_arena *arena = ota__json_alloc_plain(sizeof *arena);
    if (!arena)
        return NULL;
    arena->newest = new_chunk(CHUNK_BYTES);
    if (!arena->newest) {
        ota__json_free(arena);
        return NULL;
    }
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
        UNPOISON(c->data, c->size);
        ota__json_free(c);
    }
    ota__json_free(arena);
}

void ota__json_arena_enter(json_arena *arena)
{
    /* The oldest chunk is the standard one the arena began with. */
    chunk *c = arena->newest;
    while (c->next) {
        chunk *next = c->next;
        UNPOISON(c->data, c->size);
        ota__json_free(c);
        c = next;
    }
    c->used = 0;
    POISON(c->data, c->size);
    arena->newest = c;
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
    if (c->size - c->used < rounded) {
        chunk *grown = new_chunk(rounded > CHUNK_BYTES ? rounded : CHUNK_BYTES);
        if (!grown)
            return NULL;
        grown->next = c;
        arena->newest = c = grown;
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
