#include "cache.h"

#include "access/detoast.h"
#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include <limits.h>
#include <string.h>

/* otaplan.plan_cache_memory, in kB: what each of a backend's caches may
 * hold. */
static int cache_limit_kb = 256 * 1024;

/* What a call site (one function call in one query) remembers. */
typedef struct call_site {
    bool stable; /* the argument is the same for every row */
    int index;   /* its cache entry, -1 before the first row */
    uint64 id;   /* that entry's id, in case it was replaced since */
    /* An argument that may change by row (a plan from a joined table, an
     * initplan's value) and was last a pointer to a value stored out of
     * line: that TOAST pointer.  It names one stored value, which is never
     * changed in place nor removed while this query can still see it, so
     * the next row with the same pointer has the same document and skips
     * fetching, decompressing and hashing it (1.6 MB: about 10 ms). */
    bool toasted;
    char pointer[TOAST_POINTER_SIZE];
} call_site;

/* Shared by every cache of the backend, so that an id is never reused. */
static uint64 uses, ids;

void otaplan_cache_init(void)
{
    DefineCustomIntVariable(
        "otaplan.plan_cache_memory",
        "Memory a backend's cache of compiled plans (and that of compiled plan sets) may hold.",
        "The least recently used entries are dropped beyond it; the one in use is always kept. "
        "A plan with two 1,000,000-ID lists holds about 80 MB.",
        &cache_limit_kb, 256 * 1024, 0, MAX_KILOBYTES, PGC_USERSET, GUC_UNIT_KB, NULL, NULL, NULL);
}

/* The library expects malloc's alignment (16 bytes: max_align_t), palloc
 * gives MAXALIGN (8): each block is aligned by hand, the palloc'd pointer
 * kept just before it. */
#define BLOCK_ALIGNMENT 16

static void *context_alloc(void *context, size_t size)
{
    char *raw;
    uintptr_t start;

    if (size > MaxAllocHugeSize - BLOCK_ALIGNMENT - sizeof(void *))
        return NULL;
    raw = MemoryContextAllocExtended(context, size + BLOCK_ALIGNMENT + sizeof(void *),
                                     MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
    if (!raw)
        return NULL;
    start =
        ((uintptr_t)raw + sizeof(void *) + BLOCK_ALIGNMENT - 1) & ~(uintptr_t)(BLOCK_ALIGNMENT - 1);
    ((void **)start)[-1] = raw;
    return (void *)start;
}

static void context_free(void *context, void *block)
{
    (void)context;
    if (block)
        pfree(((void **)block)[-1]);
}

ota_allocator otaplan_context_allocator(MemoryContext memory)
{
    ota_allocator allocator = {context_alloc, context_free, memory};
    return allocator;
}

void otaplan_describe(const ota_diagnostics *diagnostics, StringInfo detail, int32_t *first_error)
{
    *first_error = -1;
    for (uint32_t i = 0; i < ota_diagnostics_count(diagnostics); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        if (ota_diagnostics_get(diagnostics, i, &d) != OTA_OK)
            continue;
        if (*first_error < 0 && d.severity == OTA_SEVERITY_ERROR)
            *first_error = d.code;
        appendStringInfo(detail, "%s%s: %s%s%s [%s]", detail->len ? "\n" : "",
                         d.severity == OTA_SEVERITY_ERROR ? "error" : "warning", d.path,
                         d.path[0] ? ": " : "", d.message, ota_code_name(d.code));
    }
}

static void forget(otaplan_cache *cache, otaplan_cache_entry *e)
{
    if (e->value)
        cache->release(e->value);
    if (e->memory)
        MemoryContextDelete(e->memory);
    if (e->bytes)
        pfree(e->bytes);
    memset(e, 0, sizeof *e);
}

static void sha256_of(const char *bytes, Size length, uint8 digest[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx hash;
    sha256_init(&hash);
    sha256_update(&hash, length, (const uint8 *)bytes);
    sha256_digest(&hash, SHA256_DIGEST_SIZE, digest);
}

static bool same_key(const otaplan_cache_entry *e, uint32 hash, const char *bytes, Size length,
                     const uint8 *digest)
{
    if (!e->value || e->hash != hash || e->length != length)
        return false;
    return e->bytes ? memcmp(e->bytes, bytes, length) == 0
                    : memcmp(e->digest, digest, SHA256_DIGEST_SIZE) == 0;
}

/* Drops the least recently used entries but `keep` while the cache holds
 * more than otaplan.plan_cache_memory. */
static void shrink(otaplan_cache *cache, int keep)
{
    for (;;) {
        Size total = 0;
        int oldest = -1;
        for (int i = 0; i < cache->slots; i++) {
            const otaplan_cache_entry *e = &cache->entries[i];
            if (!e->value)
                continue;
            total += e->held;
            if (i != keep && (oldest < 0 || e->last_used < cache->entries[oldest].last_used))
                oldest = i;
        }
        if (oldest < 0 || total <= (Size)cache_limit_kb * 1024)
            return;
        forget(cache, &cache->entries[oldest]);
    }
}

/* The entry of that key, or -1 with *oldest the one to replace. */
static int find(const otaplan_cache *cache, const otaplan_cache_entry *key, int *oldest)
{
    *oldest = 0;
    for (int i = 0; i < cache->slots; i++) {
        if (same_key(&cache->entries[i], key->hash, key->bytes, key->length, key->digest))
            return i;
        if (cache->entries[i].last_used < cache->entries[*oldest].last_used)
            *oldest = i;
    }
    return -1;
}

/* A new entry for the document; on an error nothing is left allocated. */
static void make_entry(otaplan_cache *cache, Jsonb *document, otaplan_cache_entry *fresh)
{
    if (fresh->length <= OTAPLAN_KEY_BYTES_MAX) {
        fresh->bytes = MemoryContextAlloc(TopMemoryContext, fresh->length ? fresh->length : 1);
        memcpy(fresh->bytes, VARDATA_ANY(document), fresh->length);
    }
    PG_TRY();
    {
        fresh->value = cache->compile(document, &fresh->memory);
    }
    PG_CATCH();
    {
        if (fresh->bytes)
            pfree(fresh->bytes);
        PG_RE_THROW();
    }
    PG_END_TRY();
    fresh->held =
        MemoryContextMemAllocated(fresh->memory, true) + (fresh->bytes ? fresh->length : 0);
}

static int lookup(otaplan_cache *cache, Jsonb *document)
{
    const char *bytes = VARDATA_ANY(document);
    Size length = VARSIZE_ANY_EXHDR(document);
    otaplan_cache_entry key = {.hash = hash_bytes((const unsigned char *)bytes, (int)length),
                               .length = length,
                               .bytes = (char *)bytes};
    otaplan_cache_entry fresh;
    int oldest;
    int found;

    if (length > OTAPLAN_KEY_BYTES_MAX) {
        sha256_of(bytes, length, key.digest);
        key.bytes = NULL;
    }
    found = find(cache, &key, &oldest);
    if (found >= 0)
        return found;
    /* Made before the old entry goes, so that an error leaves the cache as
     * it was. */
    fresh = (otaplan_cache_entry){.hash = key.hash, .length = length};
    memcpy(fresh.digest, key.digest, sizeof fresh.digest);
    make_entry(cache, document, &fresh);
    forget(cache, &cache->entries[oldest]);
    fresh.id = ++ids;
    cache->entries[oldest] = fresh;
    return oldest;
}

void *otaplan_cache_get(otaplan_cache *cache, FunctionCallInfo fcinfo, int argno, bool remember)
{
    call_site *site = remember ? fcinfo->flinfo->fn_extra : NULL;
    struct varlena *raw = (struct varlena *)DatumGetPointer(PG_GETARG_DATUM(argno));
    bool toasted, same;
    int index;

    if (remember && !site) {
        site = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *site);
        site->stable = get_fn_expr_arg_stable(fcinfo->flinfo, argno);
        site->index = -1;
        fcinfo->flinfo->fn_extra = site;
    }
    toasted = site && !site->stable && VARATT_IS_EXTERNAL_ONDISK(raw) &&
              VARSIZE_EXTERNAL(raw) == TOAST_POINTER_SIZE;
    same = site && (site->stable || (toasted && site->toasted &&
                                     memcmp(site->pointer, raw, TOAST_POINTER_SIZE) == 0));

    if (same && site->index >= 0 && cache->entries[site->index].id == site->id) {
        index = site->index;
    } else {
        index = lookup(cache, PG_GETARG_JSONB_P(argno));
        if (site) {
            site->index = index;
            site->id = cache->entries[index].id;
            site->toasted = toasted;
            if (toasted)
                memcpy(site->pointer, raw, TOAST_POINTER_SIZE);
        }
    }
    cache->entries[index].last_used = ++uses;
    shrink(cache, index);
    return cache->entries[index].value;
}
