/* The plan checks shared by validation, update validation and compilation:
 * one pass that reports every diagnostic and keeps what it resolved, so
 * that compiling does not resolve anything twice. */
#ifndef OTA_CHECK_H
#define OTA_CHECK_H

#include "diag.h"
#include "idset.h"
#include "otaplan.h"
#include "schedule.h"
#include "window.h"
#include "zone.h"

/* What the checks resolved on the way. */
typedef struct plan_facts {
    int times_resolved; /* zone known and start, end in range and ordered */
    char timezone[ZONE_ID_CAPACITY];
    int64_t start;
    int64_t end;
    zone_table zone; /* covers [start, end] when times_resolved */
    int lists_built;
    idset devices; /* both lists */
    /* SPEC 11, resolved when times_resolved and valid: */
    uint32_t blackout_count;
    span blackouts[OTA_MAX_BLACKOUTS]; /* in plan order */
    uint32_t phase_count;              /* 0 also when a phase is invalid */
    int64_t phase_start[OTA_MAX_PHASES];
    int32_t phase_bp[OTA_MAX_PHASES];
} plan_facts;

/* Appends every diagnostic of `plan` to `list`.  When `facts` is not NULL it
 * receives what was resolved (free it with ota__plan_facts_free()).  Returns
 * OTA_OK, or OTA_ERR_NOMEM / OTA_ERR_ICU / OTA_ERR_RANGE /
 * OTA_ERR_STRUCT_VERSION with nothing kept in `facts`. */
int32_t ota__plan_check(const ota_plan *plan, const ota_validate_options *options,
                        ota_diagnostics *list, plan_facts *facts);

void ota__plan_facts_free(const ota_allocator *allocator, plan_facts *facts);

/* ota__plan_check() into a new list, with NULL options meaning the defaults:
 * what ota_plan_validate() and ota_plan_compile() both start with.  On
 * OTA_OK, *out holds the list (its allocator is the one to build with);
 * on failure nothing is kept. */
int32_t ota__plan_check_new(const ota_plan *plan, const ota_validate_options *options,
                            plan_facts *facts, ota_diagnostics **out);

/* The governing window of SPEC 9: push_window for silent plans with active
 * push, auto_upgrade_window for user_confirm plans (absent: all day).
 * Returns 0 when the plan has none (silent without active push). */
int ota__plan_governing_window(const ota_plan *plan, window_rule *out);

/* That window's weekdays (SPEC 11.3), 0 = every day. */
uint32_t ota__plan_governing_weekdays(const ota_plan *plan);

#endif
