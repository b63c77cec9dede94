#include "set_cache.h"

#include "cache.h"
#include "convert.h"

#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include <stdio.h>

static void invalid_plans(const char *why)
{
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("otaplan: the plan set cannot be read: %s", why),
                    errhint("A plan set is a JSON array of plan objects.")));
}

ota_json_set *otaplan_read_set(Jsonb *plans)
{
    ota_json_set *set = NULL;
    uint32 count;
    char why[320];
    int32_t status;

    if (!JB_ROOT_IS_ARRAY(plans) || JB_ROOT_IS_SCALAR(plans))
        invalid_plans("it is no JSON array");
    count = JB_ROOT_COUNT(plans);
    if (count == 0)
        invalid_plans("a plan set needs at least one plan");
    if (count > OTA_MAX_SET_PLANS) {
        snprintf(why, sizeof why, "a plan set holds at most %u plans", OTA_MAX_SET_PLANS);
        invalid_plans(why);
    }
    if (ota_json_set_new(&set) != OTA_OK)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("otaplan: out of memory")));
    PG_TRY();
    {
        for (uint32 i = 0; i < count; i++) {
            JsonbValue *plan = getIthJsonbValueFromContainer(&plans->root, i);
            ota_json_error error = OTA_JSON_ERROR_INIT;
            char *text;

            if (plan->type != jbvBinary || !JsonContainerIsObject(plan->val.binary.data)) {
                snprintf(why, sizeof why, "plans[%u] is no JSON object", i);
                invalid_plans(why);
            }
            text = JsonbToCString(NULL, plan->val.binary.data, plan->val.binary.len);
            status = ota_json_set_add(set, text, strlen(text), &error);
            pfree(text);
            if (status == OTA_ERR_NOMEM)
                ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("otaplan: out of memory")));
            if (status != OTA_OK) {
                snprintf(why, sizeof why, "plans[%u]: %s", i, error.text);
                invalid_plans(why);
            }
        }
    }
    PG_CATCH();
    {
        ota_json_set_free(set);
        PG_RE_THROW();
    }
    PG_END_TRY();
    return set;
}

static void release(void *value)
{
    otaplan_set *entry = value;
    ota_plan_set_free((ota_plan_set *)entry->set);
    for (uint32 i = 0; i < entry->count; i++)
        ota_compiled_plan_free(entry->plans[i]);
}

/* Raises the error of a set that does not compile, with every diagnostic
 * of it, as a plan with an error is refused (the error path alone
 * validates the whole set). */
static void refuse(const ota_json_set *set)
{
    ota_diagnostics *diagnostics = NULL;
    StringInfoData detail;
    int32_t first_error;
    int32_t status = ota_json_set_validate(set, NULL, &diagnostics);

    if (status != OTA_OK)
        otaplan_raise(status, "set validation");
    initStringInfo(&detail);
    otaplan_describe(diagnostics, &detail, &first_error);
    ota_diagnostics_free(diagnostics);
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("otaplan: invalid plan set [%s]",
                           first_error >= 0 ? ota_code_name(first_error) : "?"),
                    errdetail_internal("%s", detail.data),
                    errhint("otaplan_validate_set(plans) lists the diagnostics as rows.")));
}

/* Each plan compiled once into the entry's context, then the set over
 * them; only the compiled forms stay.  false for a plan with an error or
 * two plans of one name; other failures raise. */
static bool build(const ota_json_set *set, otaplan_set *into, MemoryContext memory)
{
    ota_allocator allocator = otaplan_context_allocator(memory);
    ota_validate_options options = OTA_VALIDATE_OPTIONS_INIT;
    int32_t status = OTA_OK;

    options.allocator = &allocator;
    while (status == OTA_OK && into->count < ota_json_set_count(set)) {
        const ota_json_plan *plan = ota_json_set_plan(set, into->count);
        status = ota_json_plan_compile(plan, &options, &into->plans[into->count], NULL);
        if (status == OTA_OK)
            into->count++;
    }
    if (status == OTA_OK)
        status = ota_plan_set_new((const ota_compiled_plan *const *)into->plans, into->count,
                                  &allocator, (ota_plan_set **)&into->set);
    if (status == OTA_ERR_INVALID_PLAN || status == OTA_ERR_ARGUMENT)
        return false;
    if (status != OTA_OK)
        otaplan_raise(status, "plan set");
    return true;
}

static void *compile(Jsonb *document, MemoryContext *memory_out)
{
    ota_json_set *set = otaplan_read_set(document);
    /* Set inside PG_TRY and read in PG_CATCH: volatile, so that the values
     * survive the longjmp of an error. */
    MemoryContext volatile memory = NULL;
    otaplan_set *volatile value = NULL;

    PG_TRY();
    {
        uint32 count = ota_json_set_count(set);

        memory = AllocSetContextCreate(TopMemoryContext, "otaplan compiled plan set",
                                       ALLOCSET_DEFAULT_SIZES);
        value = MemoryContextAllocZero(memory, sizeof *value);
        value->plans = MemoryContextAllocZero(memory, count * sizeof *value->plans);
        value->others = MemoryContextAllocHuge(memory, count * sizeof *value->others);
        if (!build(set, value, memory))
            refuse(set);
    }
    PG_CATCH();
    {
        if (value)
            release(value);
        if (memory)
            MemoryContextDelete(memory);
        ota_json_set_free(set);
        PG_RE_THROW();
    }
    PG_END_TRY();
    ota_json_set_free(set);
    elog(DEBUG1, "otaplan: compiled a plan set (%u plan%s)", value->count,
         value->count == 1 ? "" : "s");
    *memory_out = memory;
    return value;
}

static otaplan_cache_entry entries[OTAPLAN_CACHED_SETS];
static otaplan_cache sets = {entries, OTAPLAN_CACHED_SETS, compile, release};

const otaplan_set *otaplan_set_of(FunctionCallInfo fcinfo, int argno, bool remember)
{
    return otaplan_cache_get(&sets, fcinfo, argno, remember);
}
