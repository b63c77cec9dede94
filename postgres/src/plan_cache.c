#include "plan_cache.h"

#include "convert.h"

#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <nettle/sha2.h>
#include <string.h>

/* A plan's jsonb bytes up to this size are its key; a larger plan (device
 * lists) is keyed by their SHA-256, so that the cache does not hold a
 * second copy of a million IDs. */
#define KEY_BYTES_MAX 65536

/* The key is the jsonb value's bytes: jsonb stores objects with sorted,
 * unique keys, so the same plan has the same bytes however it was typed. */
typedef struct entry {
    uint32 hash;
    Size length;
    char *bytes; /* TopMemoryContext; NULL for a large plan, keyed by digest */
    uint8 digest[SHA256_DIGEST_SIZE];
    /* The plan without its device lists: what answers read (component IDs,
     * texts); the lists live in the compiled plan, the only copy kept. */
    ota_json_plan *document;
    ota_compiled_plan *compiled;
    MemoryContext memory; /* the compiled plan's, so its size is known */
    Size held;            /* bytes of memory, compiled plan and key */
    uint64 last_used;
    uint64 id; /* unique for the backend's life: a call site's check */
} entry;

/* otaplan.plan_cache_memory, in kB: what a backend's cache may hold. */
static int cache_limit_kb = 256 * 1024;

/* What a call site (one function call in one query) remembers. */
typedef struct call_site {
    bool stable; /* the plan argument is the same for every row */
    int index;   /* its cache entry, -1 before the first row */
    uint64 id;   /* that entry's id, in case it was replaced since */
} call_site;

static entry cache[OTAPLAN_CACHED_PLANS];
static uint64 uses, ids;

static void forget(entry *e)
{
    ota_compiled_plan_free(e->compiled);
    ota_json_plan_free(e->document);
    if (e->memory)
        MemoryContextDelete(e->memory);
    if (e->bytes)
        pfree(e->bytes);
    memset(e, 0, sizeof *e);
}

void otaplan_plan_cache_init(void)
{
    DefineCustomIntVariable(
        "otaplan.plan_cache_memory", "Memory a backend's cache of compiled plans may hold.",
        "The least recently used plans are dropped beyond it; the plan in use is always kept. "
        "A plan with two 1,000,000-ID lists holds about 80 MB.",
        &cache_limit_kb, 256 * 1024, 0, MAX_KILOBYTES, PGC_USERSET, GUC_UNIT_KB, NULL, NULL, NULL);
}

/* The compiled plan's allocations, in the entry's own memory context.
 * The library expects malloc's alignment (16 bytes: max_align_t), palloc
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

static void sha256_of(const char *bytes, Size length, uint8 digest[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx hash;
    sha256_init(&hash);
    sha256_update(&hash, length, (const uint8 *)bytes);
    sha256_digest(&hash, SHA256_DIGEST_SIZE, digest);
}

/* The plan read again without its device lists (PostgreSQL's jsonb_delete,
 * not libotaplan-json's writer: the server's own json_object() function
 * would take the place of jansson's in this module). */
static ota_json_plan *without_lists(Jsonb *document)
{
    Datum slim = JsonbPGetDatum(document);
    slim = DirectFunctionCall2(jsonb_delete, slim, CStringGetTextDatum("blacklist"));
    slim = DirectFunctionCall2(jsonb_delete, slim, CStringGetTextDatum("whitelist"));
    return otaplan_read_plan(DatumGetJsonbP(slim));
}

/* "error: components[0].target_version: ... [version_invalid]" a line. */
static void describe(const ota_diagnostics *diagnostics, StringInfo detail, int32_t *first_error)
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

/* Reads and compiles; every failure frees what it made before raising. */
static void compile(Jsonb *document, entry *into)
{
    ota_json_plan *plan = otaplan_read_plan(document);
    ota_compiled_plan *compiled = NULL;
    ota_diagnostics *diagnostics = NULL;
    MemoryContext memory =
        AllocSetContextCreate(TopMemoryContext, "otaplan compiled plan", ALLOCSET_DEFAULT_SIZES);
    ota_allocator allocator = {context_alloc, context_free, memory};
    ota_validate_options options = OTA_VALIDATE_OPTIONS_INIT;
    int32_t status;

    options.allocator = &allocator;
    status = ota_json_plan_compile(plan, &options, &compiled, &diagnostics);
    if (status != OTA_OK) {
        StringInfoData detail;
        int32_t first_error = -1;

        initStringInfo(&detail);
        if (diagnostics)
            describe(diagnostics, &detail, &first_error);
        ota_diagnostics_free(diagnostics); /* made in `memory` */
        MemoryContextDelete(memory);
        ota_json_plan_free(plan);
        if (status == OTA_ERR_NOMEM)
            ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("otaplan: out of memory")));
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("otaplan: invalid plan [%s]",
                               first_error >= 0 ? ota_code_name(first_error) : "?"),
                        errdetail_internal("%s", detail.data),
                        errhint("otaplan_validate(plan) lists the diagnostics as rows.")));
    }
    ota_diagnostics_free(diagnostics);
    PG_TRY();
    {
        into->document = without_lists(document);
    }
    PG_CATCH();
    {
        ota_compiled_plan_free(compiled);
        MemoryContextDelete(memory);
        ota_json_plan_free(plan);
        PG_RE_THROW();
    }
    PG_END_TRY();
    ota_json_plan_free(plan);
#ifdef __GLIBC__
    /* Reading a large plan made a tree of every ID, now freed: glibc keeps
     * such memory in the backend unless asked to give it back. */
    if (into->length > KEY_BYTES_MAX)
        malloc_trim(0);
#endif
    into->compiled = compiled;
    into->memory = memory;
    into->held = MemoryContextMemAllocated(memory, true) + (into->bytes ? into->length : 0);
    /* What the tests count (SET client_min_messages = debug1): a cache hit
     * says nothing. */
    elog(DEBUG1, "otaplan: compiled a plan");
}

static bool same_key(const entry *e, uint32 hash, const char *bytes, Size length,
                     const uint8 *digest)
{
    if (!e->compiled || e->hash != hash || e->length != length)
        return false;
    return e->bytes ? memcmp(e->bytes, bytes, length) == 0
                    : memcmp(e->digest, digest, SHA256_DIGEST_SIZE) == 0;
}

/* Drops the least recently used entries but `keep` while the cache holds
 * more than otaplan.plan_cache_memory. */
static void shrink(int keep)
{
    for (;;) {
        Size total = 0;
        int oldest = -1;
        for (int i = 0; i < OTAPLAN_CACHED_PLANS; i++) {
            if (!cache[i].compiled)
                continue;
            total += cache[i].held;
            if (i != keep && (oldest < 0 || cache[i].last_used < cache[oldest].last_used))
                oldest = i;
        }
        if (oldest < 0 || total <= (Size)cache_limit_kb * 1024)
            return;
        forget(&cache[oldest]);
    }
}

/* The entry of that key, or -1 with *oldest the one to replace. */
static int find(uint32 hash, const char *bytes, Size length, const uint8 *digest, int *oldest)
{
    *oldest = 0;
    for (int i = 0; i < OTAPLAN_CACHED_PLANS; i++) {
        if (same_key(&cache[i], hash, bytes, length, digest))
            return i;
        if (cache[i].last_used < cache[*oldest].last_used)
            *oldest = i;
    }
    return -1;
}

/* A new entry for the document; on an error nothing is left allocated. */
static void make_entry(Jsonb *document, entry *fresh)
{
    const char *bytes = VARDATA_ANY(document);
    if (fresh->length <= KEY_BYTES_MAX) {
        fresh->bytes = MemoryContextAlloc(TopMemoryContext, fresh->length ? fresh->length : 1);
        memcpy(fresh->bytes, bytes, fresh->length);
    }
    PG_TRY();
    {
        compile(document, fresh);
    }
    PG_CATCH();
    {
        if (fresh->bytes)
            pfree(fresh->bytes);
        PG_RE_THROW();
    }
    PG_END_TRY();
}

static int lookup(Jsonb *document)
{
    const char *bytes = VARDATA_ANY(document);
    Size length = VARSIZE_ANY_EXHDR(document);
    entry fresh = {.hash = hash_bytes((const unsigned char *)bytes, (int)length), .length = length};
    int oldest;
    int found;

    if (length > KEY_BYTES_MAX)
        sha256_of(bytes, length, fresh.digest);
    found = find(fresh.hash, bytes, length, fresh.digest, &oldest);
    if (found >= 0)
        return found;
    /* Made before the old entry goes, so that an error leaves the cache as
     * it was. */
    make_entry(document, &fresh);
    forget(&cache[oldest]);
    fresh.id = ++ids;
    cache[oldest] = fresh;
    return oldest;
}

otaplan_plan otaplan_plan_of(FunctionCallInfo fcinfo, int argno, bool remember)
{
    call_site *site = remember ? fcinfo->flinfo->fn_extra : NULL;
    int index;

    if (remember && !site) {
        site = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *site);
        site->stable = get_fn_expr_arg_stable(fcinfo->flinfo, argno);
        site->index = -1;
        fcinfo->flinfo->fn_extra = site;
    }
    if (site && site->stable && site->index >= 0 && cache[site->index].id == site->id) {
        index = site->index;
    } else {
        index = lookup(PG_GETARG_JSONB_P(argno));
        if (site && site->stable) {
            site->index = index;
            site->id = cache[index].id;
        }
    }
    cache[index].last_used = ++uses;
    shrink(index);
    return (otaplan_plan){cache[index].document, cache[index].compiled};
}
