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
} entry;

static entry cache[OTAPLAN_CACHED_PLANS];
static uint64 uses;

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

otaplan_plan otaplan_plan_of(Jsonb *document)
{
    const char *bytes = VARDATA_ANY(document);
    Size length = VARSIZE_ANY_EXHDR(document);
    uint32 hash = hash_bytes((const unsigned char *)bytes, (int)length);
    entry *oldest = &cache[0];
    for (int i = 0; i < OTAPLAN_CACHED_PLANS; i++) {
        entry *e = &cache[i];
        if (e->compiled && e->hash == hash && e->length == length &&
            memcmp(e->bytes, bytes, length) == 0) {
            e->last_used = ++uses;
            return (otaplan_plan){e->document, e->compiled};
        }
        if (e->last_used < oldest->last_used)
            oldest = e;
    }
    /* Copied before compiling, so that an out-of-memory error leaves the
     * cache as it was. */
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
    forget(oldest);
    fresh.last_used = ++uses;
    *oldest = fresh;
    return (otaplan_plan){oldest->document, oldest->compiled};
}
