#include "convert.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include <stdlib.h>

/* Unix time of PostgreSQL's epoch, 2000-01-01T00:00:00Z. */
#define POSTGRES_EPOCH_UNIX INT64CONST(946684800)

char *otaplan_jsonb_text(Jsonb *document, size_t *length)
{
    char *text = JsonbToCString(NULL, &document->root, VARSIZE(document));
    *length = strlen(text);
    return text;
}

Datum otaplan_jsonb_of(const char *text)
{
    return DirectFunctionCall1(jsonb_in, CStringGetDatum(text));
}

int64_t otaplan_instant_of(TimestampTz t, const char *what)
{
    int64_t seconds = 0;
    if (!TIMESTAMP_NOT_FINITE(t)) {
        seconds = t / USECS_PER_SEC - (t % USECS_PER_SEC < 0 ? 1 : 0) + POSTGRES_EPOCH_UNIX;
        if (seconds >= OTA_INSTANT_MIN && seconds < OTA_INSTANT_MAX)
            return seconds;
    }
    ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                    errmsg("otaplan: %s is out of range", what),
                    errhint("otaplan takes instants from 2000-01-01 to 2099-12-31 (UTC).")));
    pg_unreachable();
}

TimestampTz otaplan_timestamptz_of(int64_t seconds)
{
    return (seconds - POSTGRES_EPOCH_UNIX) * USECS_PER_SEC;
}

ota_eval_options otaplan_tick_options(int32 tick)
{
    ota_eval_options options = OTA_EVAL_OPTIONS_INIT;

    if (!ota_tick_is_allowed(tick))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("otaplan: tick %d is not a tick length", tick),
                        errhint("Ticks are 0, 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60 "
                                "minutes.")));
    options.tick_minutes = tick;
    return options;
}

/* One reader a backend: it owns the device it returns until the next read,
 * and keeps its buffers between calls. */
static ota_json_device_reader *device_reader(void)
{
    static ota_json_device_reader *reader;

    if (!reader && !(reader = ota_json_device_reader_new()))
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("otaplan: out of memory")));
    return reader;
}

static void raise_unless_read(int32_t status, const ota_json_error *error)
{
    if (status == OTA_ERR_NOMEM)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("otaplan: out of memory")));
    if (status != OTA_OK)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("otaplan: invalid device: %s", error->text)));
}

const ota_device *otaplan_read_device(Jsonb *document)
{
    ota_json_device_reader *reader = device_reader();
    size_t length;
    char *text = otaplan_jsonb_text(document, &length);
    const ota_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_device_read(reader, text, length, &device, &error);

    pfree(text);
    raise_unless_read(status, &error);
    return device;
}

const ota_set_device *otaplan_read_set_device(Jsonb *document, const ota_plan_set *set)
{
    ota_json_device_reader *reader = device_reader();
    size_t length;
    char *text = otaplan_jsonb_text(document, &length);
    const ota_set_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_set_device_read(reader, set, text, length, &device, &error);

    pfree(text);
    raise_unless_read(status, &error);
    return device;
}

ota_json_plan *otaplan_read_plan(Jsonb *document, const char *what)
{
    size_t length;
    char *text = otaplan_jsonb_text(document, &length);
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status;

    status = ota_json_plan_read(text, length, &plan, &error);
    pfree(text);
    if (status == OTA_ERR_NOMEM)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("otaplan: out of memory")));
    if (status != OTA_OK)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("otaplan: %s cannot be read: %s", what, error.text)));
    return plan;
}

void otaplan_raise(int32_t status, const char *what)
{
    int code = status == OTA_ERR_NOMEM   ? ERRCODE_OUT_OF_MEMORY
               : status == OTA_ERR_RANGE ? ERRCODE_DATETIME_VALUE_OUT_OF_RANGE
                                         : ERRCODE_INVALID_PARAMETER_VALUE;
    ereport(ERROR, (errcode(code), errmsg("otaplan: %s: %s", what, ota_strerror(status))));
    pg_unreachable();
}
