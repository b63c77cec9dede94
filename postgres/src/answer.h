/* The jsonb answers of otaplan_evaluate() and otaplan_select(), built as
 * jsonb values: the documents the program prints (doc/rules.md 9, 14.5),
 * without writing them as text for jsonb_in to parse again (the tests
 * compare them with the program's, case by case). */
#ifndef OTAPLAN_PG_ANSWER_H
#define OTAPLAN_PG_ANSWER_H

#include "postgres.h"

#include "otaplan.h"

/* {"id", "eligible", "reason", "components": [{"id", "applies", "reason"?}],
 * "push": {"status", "at"? | "reason"?}}; component IDs are the compiled
 * plan's. */
Datum otaplan_evaluation_jsonb(const ota_compiled_plan *plan, const char *device_id,
                               const ota_eligibility *eligibility, const ota_push_result *push);

/* One line of `otaplan select --json` (doc/rules.md 14.5). */
Datum otaplan_selection_jsonb(const ota_plan_set *set, const char *device_id,
                              const ota_selection *selection);

#endif
