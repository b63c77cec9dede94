#include "plan_cache.h"

#include "convert.h"

#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include <string.h>

/* The key is the jsonb value's bytes: jsonb stores objects with sorted,
 * unique keys, so the same plan has the same bytes however it was typed. */
typedef struct entry {
    uint32 hash;
    Size length;
    char *bytes; /* TopMemoryContext */
    ota_json_plan *document;
    ota_compiled_plan *compiled;
    uint64 last_used;
    uint64 id; /* unique for the backend's life: a call site's check */
} entry;

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
    if (e->bytes)
        pfree(e->bytes);
    memset(e, 0, sizeof *e);
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
    int32_t status = ota_json_plan_compile(plan, NULL, &compiled, &diagnostics);
    if (status != OTA_OK) {
        StringInfoData detail;
        initStringInfo(&detail);
        int32_t first_error = -1;
        if (diagnostics)
            describe(diagnostics, &detail, &first_error);
        ota_diagnostics_free(diagnostics);
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
    into->document = plan;
    into->compiled = compiled;
    /* What the tests count (SET client_min_messages = debug1): a cache hit
     * says nothing. */
    elog(DEBUG1, "otaplan: compiled a plan");
}

static int lookup(Jsonb *document)
{
    const char *bytes = VARDATA_ANY(document);
    Size length = VARSIZE_ANY_EXHDR(document);
    uint32 hash = hash_bytes((const unsigned char *)bytes, (int)length);
    int oldest = 0;
    for (int i = 0; i < OTAPLAN_CACHED_PLANS; i++) {
        entry *e = &cache[i];
        if (e->compiled && e->hash == hash && e->length == length &&
            memcmp(e->bytes, bytes, length) == 0)
            return i;
        if (e->last_used < cache[oldest].last_used)
            oldest = i;
    }
    /* Copied before compiling, so that an error leaves the cache as it was. */
    char *key = MemoryContextAlloc(TopMemoryContext, length ? length : 1);
    memcpy(key, bytes, length);
    entry fresh = {.hash = hash, .length = length, .bytes = key};
    PG_TRY();
    {
        compile(document, &fresh);
    }
    PG_CATCH();
    {
        pfree(key);
        PG_RE_THROW();
    }
    PG_END_TRY();
    forget(&cache[oldest]);
    fresh.id = ++ids;
    cache[oldest] = fresh;
    return oldest;
}

otaplan_plan otaplan_plan_of(FunctionCallInfo fcinfo, int argno, bool remember)
{
    call_site *site = remember ? fcinfo->flinfo->fn_extra : NULL;
    if (remember && !site) {
        site = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *site);
        site->stable = get_fn_expr_arg_stable(fcinfo->flinfo, argno);
        site->index = -1;
        fcinfo->flinfo->fn_extra = site;
    }
    int index;
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
    return (otaplan_plan){cache[index].document, cache[index].compiled};
}
