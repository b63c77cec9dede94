/* Compiled plan sets (doc/rules.md 14.5, 12), cached per backend as plans
 * are (cache.h), keyed by the bytes of the jsonb array of plans. */
#ifndef OTAPLAN_PG_SET_CACHE_H
#define OTAPLAN_PG_SET_CACHE_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

#include "otaplan.h"
#include "otaplan_json.h"

/* Sets a backend keeps compiled: fewer than plans, for a set is many. */
#define OTAPLAN_CACHED_SETS 4

/* An entry: the set, its compiled plans (each in the entry's one memory
 * context, counted, as a plan's) and room for every other candidate of a
 * selection, so that selecting allocates nothing.  The plans' JSON is not
 * kept: the answers' names and component IDs are the compiled plans'. */
typedef struct otaplan_set {
    const ota_plan_set *set;
    ota_compiled_plan **plans;
    uint32 count;
    ota_candidate *others; /* `count` of them */
} otaplan_set;

/* The compiled set of the jsonb array of plans in argument `argno`, as
 * otaplan_plan_of() gives a plan.  An array that is none, is empty, holds
 * more than OTA_MAX_SET_PLANS plans or a document that is no plan raises
 * 22023 naming plans[i]; an invalid set (any error of 14.4) raises 22023
 * whose message names the first error's code and whose DETAIL lists every
 * diagnostic, with the paths of otaplan_validate_set(). */
const otaplan_set *otaplan_set_of(FunctionCallInfo fcinfo, int argno, bool remember);

/* Every element of the jsonb array `plans` read as a plan into a new
 * ota_json_set (caller frees); the errors above for what is no set. */
ota_json_set *otaplan_read_set(Jsonb *plans);

#endif
