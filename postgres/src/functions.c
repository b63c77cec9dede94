/* The SQL functions of doc/rules.md section 12.  Each reads its jsonb
 * arguments through libotaplan-json (the reader of the otaplan program),
 * so the answers are the program's, byte for byte. */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "answer.h"
#include "convert.h"
#include "cache.h"
#include "plan_cache.h"
#include "set_cache.h"

PG_MODULE_MAGIC;

/* Reason numbers (OTA_REASON_*) are below this. */
#define OTAPLAN_REASON_SLOTS 64

void _PG_init(void);

/* Fresh time-zone data by default (doc/rules.md 2.5), as in the program:
 * ICU_TIMEZONE_FILES_DIR from the postmaster's environment when set, else
 * the resources `ninja install` put beside the library, if newer than
 * ICU's own.  Runs when the backend loads the module, before ICU's first
 * zone. */
void _PG_init(void)
{
    char chosen[1024];
    int32_t source;

    otaplan_cache_init();
    source = ota_tzdata_setup(NULL, NULL, chosen, sizeof chosen);
    if (source == OTA_TZDATA_OPERATOR_MISSING)
        ereport(WARNING, (errmsg("otaplan: ICU_TIMEZONE_FILES_DIR=%s has no zoneinfo64.res: ICU's "
                                 "built-in time-zone data is in use",
                                 chosen)));
    else if (source == OTA_TZDATA_REFUSED)
        ereport(WARNING, (errmsg("otaplan: %s/zoneinfo64.res is truncated or corrupt: ICU's "
                                 "built-in time-zone data is in use",
                                 chosen),
                          errhint("Rebuild it with otaplan-tzdata.")));
}

/* An answer written by libotaplan-json, as jsonb. */
static Datum jsonb_of_buffer(ota_json_buffer *buffer)
{
    char *text;

    if (buffer->failed || !buffer->data) {
        ota_json_buffer_free(buffer);
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("otaplan: out of memory")));
    }
    text = pstrdup(buffer->data);
    ota_json_buffer_free(buffer);
    return otaplan_jsonb_of(text);
}

/* The diagnostics as rows (severity, code, path, message) of the call's
 * materialized result; raises out of memory and such after freeing them. */
static void put_rows(FunctionCallInfo fcinfo, ota_diagnostics *diagnostics)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;

    PG_TRY();
    {
        for (uint32_t i = 0; i < ota_diagnostics_count(diagnostics); i++) {
            ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
            Datum values[4];
            bool nulls[4] = {false, false, false, false};

            if (ota_diagnostics_get(diagnostics, i, &d) != OTA_OK)
                continue;
            values[0] = CStringGetTextDatum(d.severity == OTA_SEVERITY_ERROR ? "error" : "warning");
            values[1] = CStringGetTextDatum(ota_code_name(d.code));
            values[2] = CStringGetTextDatum(d.path);
            values[3] = CStringGetTextDatum(d.message);
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
        }
    }
    PG_CATCH();
    {
        ota_diagnostics_free(diagnostics);
        PG_RE_THROW();
    }
    PG_END_TRY();
    ota_diagnostics_free(diagnostics);
}

/* The options of `otaplan validate` at `now` (its tzdata_stale too). */
static ota_validate_options validate_options(int64_t now, char *system_tzdata, size_t capacity)
{
    ota_validate_options options = OTA_VALIDATE_OPTIONS_INIT;

    options.now = now;
    if (ota_tzdata_system_version(system_tzdata, capacity))
        options.system_tzdata_version = system_tzdata;
    return options;
}

PG_FUNCTION_INFO_V1(otaplan_validate);
Datum otaplan_validate(PG_FUNCTION_ARGS)
{
    Jsonb *document = PG_GETARG_JSONB_P(0);
    int64_t now = otaplan_instant_of(PG_GETARG_TIMESTAMPTZ(1), "now");
    char system_tzdata[64];
    ota_validate_options options = validate_options(now, system_tzdata, sizeof system_tzdata);
    ota_json_plan *plan;
    ota_diagnostics *diagnostics = NULL;
    int32_t status;

    InitMaterializedSRF(fcinfo, 0);
    plan = otaplan_read_plan(document, "the plan");
    status = ota_json_plan_validate(plan, &options, &diagnostics);
    ota_json_plan_free(plan);
    if (status != OTA_OK)
        otaplan_raise(status, "validation");
    put_rows(fcinfo, diagnostics);
    return (Datum)0;
}

PG_FUNCTION_INFO_V1(otaplan_validate_set);
Datum otaplan_validate_set(PG_FUNCTION_ARGS)
{
    Jsonb *plans = PG_GETARG_JSONB_P(0);
    int64_t now = otaplan_instant_of(PG_GETARG_TIMESTAMPTZ(1), "now");
    char system_tzdata[64];
    ota_validate_options options = validate_options(now, system_tzdata, sizeof system_tzdata);
    ota_json_set *set;
    ota_diagnostics *diagnostics = NULL;
    int32_t status;

    InitMaterializedSRF(fcinfo, 0);
    set = otaplan_read_set(plans);
    status = ota_json_set_validate(set, &options, &diagnostics);
    ota_json_set_free(set);
    if (status != OTA_OK)
        otaplan_raise(status, "set validation");
    put_rows(fcinfo, diagnostics);
    return (Datum)0;
}

/* The arguments (plan jsonb, device jsonb, now timestamptz) that every
 * per-device function starts with. */
typedef struct device_call {
    const otaplan_plan *plan;
    const ota_device *device;
    int64_t now;
} device_call;

static device_call device_call_of(FunctionCallInfo fcinfo)
{
    device_call call;
    call.plan = otaplan_plan_of(fcinfo, 0, true);
    call.device = otaplan_read_device(PG_GETARG_JSONB_P(1));
    call.now = otaplan_instant_of(PG_GETARG_TIMESTAMPTZ(2), "now");
    return call;
}

/* The two answers of `otaplan evaluate` for one device. */
static void evaluate(FunctionCallInfo fcinfo, const otaplan_plan **plan, const ota_device **device,
                     ota_eligibility *eligibility, ota_push_result *push)
{
    device_call call = device_call_of(fcinfo);
    int64_t now = call.now;
    int32_t status;

    *plan = call.plan;
    *device = call.device;
    status = ota_device_eligible((*plan)->compiled, *device, now, eligibility);
    if (status != OTA_OK)
        otaplan_raise(status, "eligibility");
    if (push) {
        ota_eval_options options = otaplan_tick_options(PG_GETARG_INT32(3));
        status = ota_next_push_time((*plan)->compiled, *device, now, &options, push);
        if (status != OTA_OK)
            otaplan_raise(status, "next push");
    }
}

PG_FUNCTION_INFO_V1(otaplan_evaluate);
Datum otaplan_evaluate(PG_FUNCTION_ARGS)
{
    const otaplan_plan *plan;
    const ota_device *device;
    ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;
    ota_push_result push = OTA_PUSH_RESULT_INIT;

    evaluate(fcinfo, &plan, &device, &eligibility, &push);
    PG_RETURN_DATUM(otaplan_evaluation_jsonb(plan->compiled, device->id, &eligibility, &push));
}

/* The otaplan_reason value of a reason: its enum label's OID, looked up
 * once a backend for each label (again after a DROP and CREATE EXTENSION,
 * which gives the function another OID).  The result type is the
 * catalog's: a call expression to ask exists only when a query called. */
static Datum reason_datum(FunctionCallInfo fcinfo, int32_t reason)
{
    static Oid function, type, labels[OTAPLAN_REASON_SLOTS];

    if (fcinfo->flinfo->fn_oid != function) {
        function = fcinfo->flinfo->fn_oid;
        type = get_func_rettype(function);
        memset(labels, 0, sizeof labels);
    }
    if (reason < 0 || reason >= OTAPLAN_REASON_SLOTS)
        otaplan_raise(OTA_ERR_ARGUMENT, "eligibility");
    if (!OidIsValid(labels[reason]))
        labels[reason] = DatumGetObjectId(DirectFunctionCall2(
            enum_in, CStringGetDatum(ota_reason_name(reason)), ObjectIdGetDatum(type)));
    return ObjectIdGetDatum(labels[reason]);
}

PG_FUNCTION_INFO_V1(otaplan_eligible);
Datum otaplan_eligible(PG_FUNCTION_ARGS)
{
    const otaplan_plan *plan;
    const ota_device *device;
    ota_eligibility eligibility = OTA_ELIGIBILITY_INIT;

    evaluate(fcinfo, &plan, &device, &eligibility, NULL);
    PG_RETURN_DATUM(reason_datum(fcinfo, eligibility.reason));
}

PG_FUNCTION_INFO_V1(otaplan_next_push);
Datum otaplan_next_push(PG_FUNCTION_ARGS)
{
    device_call call = device_call_of(fcinfo);
    ota_eval_options options = otaplan_tick_options(PG_GETARG_INT32(3));
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    int32_t status;

    status = ota_next_push_time(call.plan->compiled, call.device, call.now, &options, &push);
    if (status != OTA_OK)
        otaplan_raise(status, "next push");
    if (push.status != OTA_PUSH_AT)
        PG_RETURN_NULL();
    PG_RETURN_TIMESTAMPTZ(otaplan_timestamptz_of(push.at));
}

PG_FUNCTION_INFO_V1(otaplan_explain);
Datum otaplan_explain(PG_FUNCTION_ARGS)
{
    device_call call = device_call_of(fcinfo);
    ota_eval_options options = otaplan_tick_options(PG_GETARG_INT32(3));
    ota_explanation explanation = OTA_EXPLANATION_INIT;
    ota_json_buffer out = OTA_JSON_BUFFER_INIT;
    int32_t status;

    status = ota_device_explain(call.plan->compiled, call.device, call.now, &options, &explanation);
    if (status != OTA_OK)
        otaplan_raise(status, "explanation");
    ota_json_put_explanation(&out, ota_json_plan_get(call.plan->document), call.device,
                             &explanation);
    PG_RETURN_DATUM(jsonb_of_buffer(&out));
}

PG_FUNCTION_INFO_V1(otaplan_select);
Datum otaplan_select(PG_FUNCTION_ARGS)
{
    const otaplan_set *set = otaplan_set_of(fcinfo, 0, true);
    const ota_set_device *device = otaplan_read_set_device(PG_GETARG_JSONB_P(1), set->set);
    int64_t now = otaplan_instant_of(PG_GETARG_TIMESTAMPTZ(2), "now");
    ota_eval_options options = otaplan_tick_options(PG_GETARG_INT32(3));
    ota_selection selection = OTA_SELECTION_INIT;
    int32_t status;

    /* Room for every plan of the set: no device has more candidates. */
    selection.others = set->others;
    selection.other_capacity = set->count;
    status = ota_plan_set_select(set->set, device, now, &options, &selection);
    if (status != OTA_OK)
        otaplan_raise(status, "selection");
    PG_RETURN_DATUM(otaplan_selection_jsonb(set->set, device->device->id, &selection));
}

/* The intervals of otaplan_windows(), found on the first call. */
typedef struct window_list {
    uint32 count;
    Datum *ranges;
} window_list;

static window_list *find_windows(FunctionCallInfo fcinfo, MemoryContext into)
{
    const otaplan_plan *plan = otaplan_plan_of(fcinfo, 0, false);
    int64_t from = otaplan_instant_of(PG_GETARG_TIMESTAMPTZ(1), "from");
    int64_t to = otaplan_instant_of(PG_GETARG_TIMESTAMPTZ(2), "to");
    TypeCacheEntry *typcache = lookup_type_cache(TSTZRANGEOID, TYPECACHE_RANGE_INFO);
    MemoryContext caller = MemoryContextSwitchTo(into);
    window_list *list = palloc0(sizeof *list);
    uint32 capacity = 16;
    ota_interval interval = OTA_INTERVAL_INIT;

    list->ranges = palloc(capacity * sizeof(Datum));
    for (int64_t cursor = from; cursor < to; cursor = interval.end) {
        int32_t status;
        RangeBound lower = {.infinite = false, .inclusive = true, .lower = true};
        RangeBound upper = {.infinite = false, .inclusive = false, .lower = false};

        /* A years-long span of a daily window is thousands of intervals. */
        CHECK_FOR_INTERRUPTS();
        status = ota_compiled_plan_next_window(plan->compiled, cursor, to, &interval);
        if (status == OTA_NO_MORE)
            break;
        if (status != OTA_OK)
            otaplan_raise(status, "windows");
        if (list->count == capacity) {
            capacity *= 2;
            list->ranges = repalloc(list->ranges, capacity * sizeof(Datum));
        }
        lower.val = TimestampTzGetDatum(otaplan_timestamptz_of(interval.start));
        upper.val = TimestampTzGetDatum(otaplan_timestamptz_of(interval.end));
        list->ranges[list->count++] =
            RangeTypePGetDatum(make_range(typcache, &lower, &upper, false));
    }
    MemoryContextSwitchTo(caller);
    return list;
}

PG_FUNCTION_INFO_V1(otaplan_windows);
Datum otaplan_windows(PG_FUNCTION_ARGS)
{
    FuncCallContext *context;
    window_list *list;

    if (SRF_IS_FIRSTCALL()) {
        context = SRF_FIRSTCALL_INIT();
        context->user_fctx = find_windows(fcinfo, context->multi_call_memory_ctx);
    }
    context = SRF_PERCALL_SETUP();
    list = context->user_fctx;
    if (context->call_cntr < list->count) {
        /* Taken first: SRF_RETURN_NEXT counts the call before it returns. */
        Datum range = list->ranges[context->call_cntr];
        SRF_RETURN_NEXT(context, range);
    }
    SRF_RETURN_DONE(context);
}

PG_FUNCTION_INFO_V1(otaplan_bucket);
Datum otaplan_bucket(PG_FUNCTION_ARGS)
{
    char *salt = text_to_cstring(PG_GETARG_TEXT_PP(0));
    char *id = text_to_cstring(PG_GETARG_TEXT_PP(1));
    int32_t bucket;
    int32_t status;

    status = ota_rollout_bucket(salt, id, &bucket, NULL);
    if (status != OTA_OK)
        otaplan_raise(status, "bucket");
    PG_RETURN_INT32(bucket);
}

PG_FUNCTION_INFO_V1(otaplan_tzdata_version);
Datum otaplan_tzdata_version(PG_FUNCTION_ARGS)
{
    (void)fcinfo;
    PG_RETURN_TEXT_P(cstring_to_text(ota_tzdata_version()));
}
