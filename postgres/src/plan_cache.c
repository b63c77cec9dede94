#include "plan_cache.h"

#include "cache.h"
#include "convert.h"

#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/* The plan read again without its device lists (PostgreSQL's jsonb_delete,
 * not libotaplan-json's writer: the server's own json_object() function
 * would take the place of jansson's in this module). */
static ota_json_plan *without_lists(Jsonb *document)
{
    Datum slim = JsonbPGetDatum(document);
    slim = DirectFunctionCall2(jsonb_delete, slim, CStringGetTextDatum("blacklist"));
    slim = DirectFunctionCall2(jsonb_delete, slim, CStringGetTextDatum("whitelist"));
    return otaplan_read_plan(DatumGetJsonbP(slim), "the plan");
}

static void release(void *value)
{
    otaplan_plan *plan = value;
    ota_compiled_plan_free((ota_compiled_plan *)plan->compiled);
    ota_json_plan_free((ota_json_plan *)plan->document);
}

/* Reads and compiles; every failure frees what it made before raising. */
static void *compile(Jsonb *document, MemoryContext *memory_out)
{
    ota_json_plan *plan = otaplan_read_plan(document, "the plan");
    ota_compiled_plan *compiled = NULL;
    ota_diagnostics *diagnostics = NULL;
    MemoryContext memory =
        AllocSetContextCreate(TopMemoryContext, "otaplan compiled plan", ALLOCSET_DEFAULT_SIZES);
    ota_allocator allocator = otaplan_context_allocator(memory);
    ota_validate_options options = OTA_VALIDATE_OPTIONS_INIT;
    otaplan_plan *value;
    int32_t status;

    options.allocator = &allocator;
    status = ota_json_plan_compile(plan, &options, &compiled, &diagnostics);
    if (status != OTA_OK) {
        StringInfoData detail;
        int32_t first_error = -1;

        initStringInfo(&detail);
        if (diagnostics)
            otaplan_describe(diagnostics, &detail, &first_error);
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
        value = MemoryContextAllocZero(memory, sizeof *value);
        value->document = without_lists(document);
    }
    PG_CATCH();
    {
        ota_compiled_plan_free(compiled);
        MemoryContextDelete(memory);
        ota_json_plan_free(plan);
        PG_RE_THROW();
    }
    PG_END_TRY();
    value->compiled = compiled;
    ota_json_plan_free(plan);
#ifdef __GLIBC__
    /* Reading a large plan made a tree of every ID, now freed: glibc keeps
     * such memory in the backend unless asked to give it back. */
    if (VARSIZE_ANY_EXHDR(document) > OTAPLAN_KEY_BYTES_MAX)
        malloc_trim(0);
#endif
    /* What the tests count (SET client_min_messages = debug1): a cache hit
     * says nothing. */
    elog(DEBUG1, "otaplan: compiled a plan");
    *memory_out = memory;
    return value;
}

static otaplan_cache_entry entries[OTAPLAN_CACHED_PLANS];
static otaplan_cache plans = {entries, OTAPLAN_CACHED_PLANS, compile, release};

const otaplan_plan *otaplan_plan_of(FunctionCallInfo fcinfo, int argno, bool remember)
{
    return otaplan_cache_get(&plans, fcinfo, argno, remember);
}
