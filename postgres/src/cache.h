/* Documents compiled once per backend and kept by their content: the
 * compiled plans of plan_cache.h and the compiled sets of set_cache.h
 * share what is below (doc/rules.md section 12). */
#ifndef OTAPLAN_PG_CACHE_H
#define OTAPLAN_PG_CACHE_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

#include "otaplan.h"

#include <nettle/sha2.h>

/* A document's jsonb bytes up to this size are its key; a larger one
 * (device lists) is keyed by their SHA-256, so that the cache does not
 * hold a second copy of a million IDs. */
#define OTAPLAN_KEY_BYTES_MAX 65536

/* The key is the jsonb value's bytes: jsonb stores objects with sorted,
 * unique keys, so the same document has the same bytes however it was
 * typed. */
typedef struct otaplan_cache_entry {
    uint32 hash;
    Size length;
    char *bytes; /* TopMemoryContext; NULL for a large document */
    uint8 digest[SHA256_DIGEST_SIZE];
    void *value;          /* what compile() made, NULL for a free slot */
    MemoryContext memory; /* the value's, so its size is known */
    Size held;            /* bytes of memory and key */
    uint64 last_used;
    uint64 id; /* unique for the backend's life: a call site's check */
} otaplan_cache_entry;

typedef struct otaplan_cache {
    otaplan_cache_entry *entries;
    int slots;
    /* Compiles the document into a value made in a memory context of its
     * own (*memory), or raises an SQL error, leaving nothing allocated. */
    void *(*compile)(Jsonb *document, MemoryContext *memory);
    /* Frees what the library made outside the context; the cache then
     * deletes the context. */
    void (*release)(void *value);
} otaplan_cache;

/* The compiled form of the document in argument `argno` of the call: from
 * the cache when a document of the same content was compiled before, else
 * compiled now.  When the argument is a constant or a parameter of the
 * query (get_fn_expr_arg_stable()), the call site remembers its entry
 * (flinfo->fn_extra, so not for set-returning functions, whose fn_extra is
 * funcapi's: pass remember = false), and later rows skip even the hashing
 * of the document.  Valid until the next call. */
void *otaplan_cache_get(otaplan_cache *cache, FunctionCallInfo fcinfo, int argno, bool remember);

/* The functions of an entry's compiled value: the library expects
 * malloc's alignment from them, which they give in the context. */
ota_allocator otaplan_context_allocator(MemoryContext memory);

/* "error: components[0].target_version: ... [version_invalid]" a line of
 * *detail, and *first_error the first error's code (-1: none). */
void otaplan_describe(const ota_diagnostics *diagnostics, StringInfo detail, int32_t *first_error);

/* Defines otaplan.plan_cache_memory (_PG_init). */
void otaplan_cache_init(void);

#endif
