/* The layouts of older struct versions, frozen, so that a caller compiled
 * against an older otaplan.h is read by its own layout (otaplan.h,
 * "Conventions").  tests/test_abi.c holds its own copies and calls the
 * library with them. */
#ifndef OTA_ABI_H
#define OTA_ABI_H

#include "otaplan.h"

#include <stddef.h>

/* ota_window and ota_plan of OTA_PLAN_STRUCT_VERSION 1: otaplan 0.1.0's
 * layout, before rollout control (SPEC 11). */
typedef struct ota_window_v1 {
    int32_t start_hour;
    int32_t end_hour;
} ota_window_v1;

typedef struct ota_plan_v1 {
    uint32_t version;
    const char *name;
    const char *product;
    int32_t product_type;
    int32_t bluetooth;
    int32_t region;
    const char *timezone;
    const char *start;
    const char *end;
    int64_t activated_at;
    int32_t state;
    int32_t mode;
    int32_t active_push;
    const ota_window_v1 *push_window;
    const ota_window_v1 *auto_upgrade_window;
    int32_t refusal_retry_minutes;
    int32_t retry_count;
    int32_t min_signal;
    int32_t min_battery;
    const char *const *blacklist;
    uint32_t blacklist_count;
    const char *const *whitelist;
    uint32_t whitelist_count;
    const struct ota_component_v2 *components;
    uint32_t component_count;
    const ota_text *texts;
    uint32_t text_count;
} ota_plan_v1;

/* ota_component of plan versions 1 and 2 (otaplan 0.1.0 to 0.4.0), before
 * version order (SPEC 13); the plan of version 2 has the current layout
 * otherwise. */
typedef struct ota_component_v2 {
    int32_t type;
    int32_t method;
    const char *id;
    const char *target_version;
    const char *specified_versions;
    const char *source_version;
} ota_component_v2;

/* A component of that layout in the current one, with no order. */
static inline ota_component ota__component_of_v2(const ota_component_v2 *old)
{
    return (ota_component){.type = old->type,
                           .method = old->method,
                           .id = old->id,
                           .target_version = old->target_version,
                           .specified_versions = old->specified_versions,
                           .source_version = old->source_version};
}

/* The bytes of a version-2 plan: the current layout up to `priority`. */
#define OTA_PLAN_V2_SIZE offsetof(ota_plan, priority)

/* Where an older plan is copied to in the current layout. */
typedef struct plan_storage {
    ota_plan plan;
    ota_window windows[2];
    ota_component components[OTA_MAX_COMPONENTS];
} plan_storage;

/* A plan of any known version as the current layout: *out is `plan` itself
 * when it is current, else storage->plan, filled from it with the newer
 * fields at their defaults and its windows and components copied into
 * `storage`.  A plan with more than OTA_MAX_COMPONENTS components, which
 * is components_too_many, keeps its count but only that many components
 * are copied.  Returns OTA_OK or OTA_ERR_STRUCT_VERSION. */
int32_t ota__plan_current(const ota_plan *plan, plan_storage *storage, const ota_plan **out);

/* ota_explanation of OTA_EXPLANATION_VERSION 1: otaplan 0.3.0's layout,
 * with the eligibility first and the blackout arrays before the spread
 * fields. */
typedef struct ota_explanation_v1 {
    uint32_t version;
    ota_eligibility eligibility;
    ota_push_result push;
    uint32_t check_count;
    ota_check_result checks[16];
    int32_t bucket;
    int32_t position;
    int64_t t0;
    int32_t t0_set_by;
    uint32_t term_count;
    ota_t0_term terms[7];
    int64_t occurrence_day;
    uint32_t occurrence_weekday;
    uint32_t closed_days;
    uint32_t blackout_count;
    int64_t blackout_start[32];
    int64_t blackout_end[32];
    int32_t slot_index;
    int32_t slot_count;
    int64_t slot_at;
} ota_explanation_v1;

/* Copies a current explanation into 0.3.0's layout (version 1). */
void ota__explanation_v1_of(const ota_explanation *e, ota_explanation_v1 *old);

#endif
