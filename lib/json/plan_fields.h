/* What the readers of the plan JSON share (plan_reader.c for SPEC 3,
 * rollout_reader.c for SPEC 11). */
#ifndef OTA_PLAN_FIELDS_H
#define OTA_PLAN_FIELDS_H

#include "reader.h"

/* A hint the reader knows for a diagnostic the library will give (it sees
 * a number where the document had a word): attached when the two meet. */
typedef struct pending_hint {
    int32_t code;
    char *path;
    char *hint;
} pending_hint;

struct ota_json_plan {
    json_t *root;
    const char *schema; /* "$schema", or NULL */
    ota_plan plan;
    ota_window push_window;
    ota_window auto_upgrade_window;
    ota_component *components;
    const char **blacklist;
    const char **whitelist;
    ota_text *texts;
    ota_blackout *blackouts;
    ota_rollout rollout;
    ota_rollout_phase *phases;
    ota_rollout_abort abort;
    ota_diagnostics *diagnostics;
    pending_hint *hints;
    uint32_t hint_count;
    uint32_t hint_capacity;
    int out_of_memory;
};

/* One of the reader's own diagnostics; out of memory is noted, and ends
 * the read. */
void ota__plan_add(ota_json_plan *p, int32_t code, const char *path, const char *format, ...)
    __attribute__((format(printf, 4, 5)));
void ota__plan_type_invalid(ota_json_plan *p, const char *path, const char *expected);
/* The readers take NULL and JSON null for absent, and report a wrong type. */
const char *ota__plan_read_string(ota_json_plan *p, json_t *value, const char *path);
/* Integers outside int32 are clamped, so that the library reports them as
 * out of range rather than the reader reporting a wrong type. */
int ota__plan_read_int(ota_json_plan *p, json_t *value, const char *path, int32_t *out);
void ota__plan_read_bool(ota_json_plan *p, json_t *value, const char *path, int32_t *out);
/* An enumeration: a string among `names`; another string gives `invalid`
 * (for the library to report with its own code). */
void ota__plan_read_enum(ota_json_plan *p, json_t *value, const char *path,
                         const char *const *names, const int32_t *values, int32_t invalid,
                         int32_t *out);
/* A hint for the library's diagnostic `code` at `path` (plan_reader.c's
 * merge attaches it). */
void ota__plan_hint_for(ota_json_plan *p, int32_t code, const char *path, const char *hint);
/* The hint of the library's diagnostic, or NULL. */
const char *ota__plan_hint_of(const ota_json_plan *p, int32_t code, const char *path);
void ota__plan_hints_free(ota_json_plan *p);
/* An enumeration's likely word for a value that is none of `names`
 * ("semantic" -> "semver"), or NULL. */
const char *ota__plan_likely_value(const char *text, const char *const *names,
                                   const char *const (*synonyms)[2]);

void ota__plan_unknown_keys(ota_json_plan *p, json_t *object, const char *prefix,
                            const char *const *known);

/* SPEC 11 (rollout_reader.c): a window's weekdays, the blackouts, rollout. */
void ota__plan_read_weekdays(ota_json_plan *p, json_t *value, const char *field, uint32_t *out);
void ota__plan_read_blackouts(ota_json_plan *p, json_t *value);
void ota__plan_read_rollout(ota_json_plan *p, json_t *value);

#endif
