/* Compiled plans, cached per backend and keyed by the plan's content, so
 * that a query over a million rows compiles its plan once per backend
 * (doc/rules.md section 12). */
#ifndef OTAPLAN_PG_PLAN_CACHE_H
#define OTAPLAN_PG_PLAN_CACHE_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

#include "otaplan.h"
#include "otaplan_json.h"

/* Plans a backend keeps compiled; the least recently used one goes, and
 * so do the least recently used beyond otaplan.plan_cache_memory.  An
 * entry holds the compiled plan (its own memory context, counted), the plan
 * without its device lists (for the texts of explanations) and
 * a key: the jsonb bytes of a plan up to 64 KiB, else their SHA-256. */
#define OTAPLAN_CACHED_PLANS 8

typedef struct otaplan_plan {
    const ota_json_plan *document; /* for the texts of explanations */
    const ota_compiled_plan *compiled;
} otaplan_plan;

/* The compiled form of the plan in argument `argno` of the call: from the
 * cache when a plan of the same content was compiled before, else compiled
 * now; `remember` as otaplan_cache_get() (cache.h).  An invalid plan
 * raises an SQL error (22023) whose message names the first error's code
 * and whose DETAIL lists every diagnostic.  Valid until the next call. */
const otaplan_plan *otaplan_plan_of(FunctionCallInfo fcinfo, int argno, bool remember);

#endif
