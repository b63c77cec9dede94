/* Between PostgreSQL's values and otaplan's: jsonb documents, instants,
 * and otaplan's errors as SQL errors (doc/rules.md section 12). */
#ifndef OTAPLAN_PG_CONVERT_H
#define OTAPLAN_PG_CONVERT_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/jsonb.h"

#include "otaplan.h"
#include "otaplan_json.h"
#include "otaplan_tzdata.h"

/* The document as JSON text, palloc'd; *length its length. */
char *otaplan_jsonb_text(Jsonb *document, size_t *length);

/* A jsonb made of JSON text written by libotaplan-json. */
Datum otaplan_jsonb_of(const char *text);

/* Seconds since 1970 of a timestamptz; an SQL error (22008) for infinity
 * and for instants outside 2000-2099, naming `what`. */
int64_t otaplan_instant_of(TimestampTz t, const char *what);
TimestampTz otaplan_timestamptz_of(int64_t seconds);

/* The evaluation options of a tick argument; an SQL error (22023) for a
 * tick SPEC 2.3 does not allow. */
ota_eval_options otaplan_tick_options(int32 tick);

/* The device of a jsonb document, read strictly as `otaplan evaluate` reads
 * a fleet line; an SQL error (22023) for one that is not valid.  Valid
 * until the next call. */
const ota_device *otaplan_read_device(Jsonb *document);

/* A device of a set (SPEC 14.2: its state per plan under "plans"), read
 * as `otaplan select` reads a fleet line; errors and lifetime as
 * otaplan_read_device(). */
const ota_set_device *otaplan_read_set_device(Jsonb *document, const ota_plan_set *set);

/* Reads a plan document (not yet checked); an SQL error (22023) naming
 * `what` ("the plan") when it cannot be read at all. */
ota_json_plan *otaplan_read_plan(Jsonb *document, const char *what);

/* Raises the SQL error of a failed evaluation call (never returns). */
void otaplan_raise(int32_t status, const char *what) pg_attribute_noreturn();

#endif
