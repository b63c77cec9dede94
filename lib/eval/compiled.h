/* The compiled plan (SPEC 10): everything evaluation reads, as plain data. */
#ifndef OTA_COMPILED_H
#define OTA_COMPILED_H

#include "idset.h"
#include "otaplan.h"
#include "schedule.h"
#include "version_order.h"
#include "window.h"
#include "zonetable.h"

/* A salt is 1-64 token characters (SPEC 11.1). */
#define OTA_SALT_CAPACITY 65

typedef struct compiled_string {
    const char *text;
    uint32_t length;
} compiled_string;

typedef struct compiled_component {
    int32_t method;
    compiled_string id;
    compiled_string target;
    compiled_string source;   /* delta */
    uint32_t specified_count; /* full; 0 = any version */
    compiled_string specified[OTA_MAX_SPECIFIED_VERSIONS];
    /* SPEC 13, with an order only.  A version that passed the rules of
     * SPEC 5 as the source or a specified version is a plan's token, so
     * whether it is above the target is known here, once. */
    int32_t order;            /* OTA_ORDER_*, 0 = none */
    int32_t downgrade_check;  /* 1: newer_than_target applies */
    int32_t source_newer;     /* delta: the source is above the target */
    uint32_t specified_newer; /* bit i: specified[i] is above the target */
    int32_t has_min;          /* full without specified versions */
    int32_t has_below;
    /* Where the bounds lie against the target: a version on one side of
     * the target is compared with a bound only when that can decide. */
    int32_t min_above_target;
    int32_t below_above_target;
    ordered_version target_order;
    ordered_version min;
    ordered_version below;
} compiled_component;

/* The fields every evaluation reads come first, so that a call touches as
 * few cache lines of the plan as it can; the rest follows. */
struct ota_compiled_plan {
    compiled_string product;
    int32_t state;
    int32_t mode;
    int32_t active_push; /* 0 or 1, default applied */
    int32_t retry_count;
    int64_t refusal_seconds; /* default applied */
    int32_t min_signal;      /* OTA_UNSET or dBm */
    int32_t min_battery;
    int64_t start;
    int64_t end;
    int64_t effective_start; /* max(start, activated_at) */
    int has_window;          /* 0 for silent plans without active push */
    window_rule window;      /* the governing window */
    uint32_t weekdays;       /* its weekdays (SPEC 11.3), 0 = every day */
    uint32_t blackout_count; /* SPEC 11.4: resolved, sorted, merged */
    uint32_t phase_count;    /* SPEC 11.2 */
    int32_t spread;          /* SPEC 11.5 */
    zone_table zone;
    idset devices; /* the blacklist and the whitelist */
    uint32_t component_count;
    compiled_component components[OTA_MAX_COMPONENTS];
    /* read by rollout control only */
    span blackouts[OTA_MAX_BLACKOUTS];
    int64_t phase_start[OTA_MAX_PHASES]; /* phase i holds from phase_start[i] */
    int32_t phase_bp[OTA_MAX_PHASES];    /* with share phase_bp[i] */
    int32_t has_abort;                   /* SPEC 11.6 */
    ota_rollout_abort abort;
    uint32_t salt_length; /* SPEC 11.1: rollout.salt, else the product */
    char salt[OTA_SALT_CAPACITY];
    /* read by plan sets (SPEC 14) */
    compiled_string name;     /* trimmed, as written */
    compiled_string name_key; /* trimmed and NFC: what names are compared by */
    int32_t priority;
    /* read by the accessors and ota_compiled_plan_free() */
    ota_allocator custom;           /* the caller's allocator, copied */
    const ota_allocator *allocator; /* &custom, or NULL for malloc/free */
    char timezone[ZONE_ID_CAPACITY];
    char *strings; /* owns every compiled_string's text */
};

#endif
