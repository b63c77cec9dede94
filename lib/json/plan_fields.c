/* The field readers of the plan JSON (SPEC 3, 9): a wrong JSON type is
 * field_type_invalid at the field's path, an unknown key field_unknown. */
#include "plan_fields.h"

#include "path.h"
#include "suggest.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One of the reader's own diagnostics; out of memory is noted, and ends the
 * read. */
void ota__plan_add(ota_json_plan *p, int32_t code, const char *path, const char *format, ...)
{
    char message[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    ota__utf8_cut(message);
    if (ota_diagnostics_add(p->diagnostics, code, path, message) != OTA_OK)
        p->out_of_memory = 1;
}

void ota__plan_type_invalid(ota_json_plan *p, const char *path, const char *expected)
{
    ota__plan_add(p, OTA_CODE_FIELD_TYPE_INVALID, path, "%s must be %s", path, expected);
}

/* ------------------------------------------------------- field readers */

const char *ota__plan_read_string(ota_json_plan *p, json_t *value, const char *path)
{
    if (!value || json_is_null(value))
        return NULL;
    if (!json_is_string(value)) {
        ota__plan_type_invalid(p, path, "a string");
        return NULL;
    }
    return json_string_value(value);
}

/* Integers outside int32 are clamped, so that the library reports them as
 * out of range rather than the reader reporting a wrong type. */
int ota__plan_read_int(ota_json_plan *p, json_t *value, const char *path, int32_t *out)
{
    if (!value || json_is_null(value))
        return 0;
    if (!json_is_integer(value)) {
        ota__plan_type_invalid(p, path, "an integer");
        return 0;
    }
    *out = ota__reader_clamp_int32(json_integer_value(value));
    return 1;
}

void ota__plan_read_bool(ota_json_plan *p, json_t *value, const char *path, int32_t *out)
{
    if (!value || json_is_null(value))
        return;
    if (!json_is_boolean(value)) {
        ota__plan_type_invalid(p, path, "true or false");
        return;
    }
    *out = json_is_true(value);
}

/* An enumeration: a string among `names`; another string gives `invalid`
 * (for the library to report with its own code). */
void ota__plan_read_enum(ota_json_plan *p, json_t *value, const char *path,
                         const char *const *names, const int32_t *values, int32_t invalid,
                         int32_t *out)
{
    const char *text = ota__plan_read_string(p, value, path);
    if (!text)
        return;
    *out = invalid;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(text, names[i]) == 0)
            *out = values[i];
}

/* ---------------------------------------------------- hints for later */

static char *copy_text(const char *text)
{
    size_t length = strlen(text);
    char *copy = ota__json_alloc(length + 1);
    if (copy)
        memcpy(copy, text, length + 1);
    return copy;
}

void ota__plan_hint_for(ota_json_plan *p, int32_t code, const char *path, const char *hint)
{
    if (p->hint_count == p->hint_capacity) {
        uint32_t capacity = p->hint_capacity ? 2 * p->hint_capacity : 4;
        pending_hint *grown = ota__json_alloc(capacity * sizeof *grown);
        if (!grown) {
            p->out_of_memory = 1;
            return;
        }
        if (p->hint_count)
            memcpy(grown, p->hints, p->hint_count * sizeof *grown);
        ota__json_free(p->hints);
        p->hints = grown;
        p->hint_capacity = capacity;
    }
    pending_hint h = {code, copy_text(path), copy_text(hint)};
    if (!h.path || !h.hint) {
        ota__json_free(h.path);
        ota__json_free(h.hint);
        p->out_of_memory = 1;
        return;
    }
    p->hints[p->hint_count++] = h;
}

const char *ota__plan_hint_of(const ota_json_plan *p, int32_t code, const char *path)
{
    for (uint32_t i = 0; i < p->hint_count; i++)
        if (p->hints[i].code == code && strcmp(p->hints[i].path, path) == 0)
            return p->hints[i].hint;
    return NULL;
}

void ota__plan_hints_free(ota_json_plan *p)
{
    for (uint32_t i = 0; i < p->hint_count; i++) {
        ota__json_free(p->hints[i].path);
        ota__json_free(p->hints[i].hint);
    }
    ota__json_free(p->hints);
    p->hints = NULL;
    p->hint_count = p->hint_capacity = 0;
}

const char *ota__plan_likely_value(const char *text, const char *const *names,
                                   const char *const (*synonyms)[2])
{
    for (size_t i = 0; synonyms && synonyms[i][0]; i++)
        if (ota__edit_distance(text, synonyms[i][0], 0) == 0)
            return synonyms[i][1];
    const char *best = NULL;
    int best_distance = 3;
    for (size_t i = 0; names[i]; i++) {
        int distance = ota__edit_distance(text, names[i], 2);
        if (distance < best_distance) {
            best_distance = distance;
            best = names[i];
        }
    }
    return best;
}

/* Where each field below the top level of SPEC 3, 3.1 and 11 lives, for
 * the hint of a field written at the wrong level. */
static const struct {
    const char *key;
    const char *place;
} nested_fields[] = {
    {"retry_count", "strategy.retry_count"},
    {"min_signal", "strategy.min_signal"},
    {"min_battery", "strategy.min_battery"},
    {"start_hour", "push_window.start_hour (or auto_upgrade_window.start_hour)"},
    {"end_hour", "push_window.end_hour (or auto_upgrade_window.end_hour)"},
    {"weekdays", "push_window.weekdays (or auto_upgrade_window.weekdays)"},
    {"type", "components[i].type"},
    {"id", "components[i].id"},
    {"method", "components[i].method"},
    {"target_version", "components[i].target_version"},
    {"specified_versions", "components[i].specified_versions"},
    {"source_version", "components[i].source_version"},
    {"version_order", "components[i].version_order"},
    {"allow_downgrade", "components[i].allow_downgrade"},
    {"min_version", "components[i].min_version"},
    {"below_version", "components[i].below_version"},
    {"salt", "rollout.salt"},
    {"spread", "rollout.spread"},
    {"phases", "rollout.phases"},
    {"abort", "rollout.abort"},
    {"percent", "rollout.phases[i].percent"},
    {"failure_percent", "rollout.abort.failure_percent"},
    {"min_attempts", "rollout.abort.min_attempts"},
};

/* Keys other products use for a field of SPEC 13, too far from its name
 * for the edit distance: the field, and what to say of it. */
static const struct {
    const char *key;
    const char *field;
    const char *note;
} other_names[] = {
    {"max_version", "below_version", " (an exclusive upper bound: below it, not at it)"},
    {"maximum_version", "below_version", " (an exclusive upper bound: below it, not at it)"},
    {"max", "below_version", " (an exclusive upper bound: below it, not at it)"},
    {"upper_version", "below_version", " (an exclusive upper bound: below it, not at it)"},
    {"until_version", "below_version", " (an exclusive upper bound: below it, not at it)"},
    {"minimum_version", "min_version", " (an inclusive lower bound)"},
    {"from_version", "min_version", " (an inclusive lower bound)"},
    {"min", "min_version", " (an inclusive lower bound)"},
    {"order", "version_order", ""},
    {"versioning", "version_order", ""},
    {"version_scheme", "version_order", ""},
    {"version_format", "version_order", ""},
    {"allow_rollback", "allow_downgrade", ""},
    {"downgrade", "allow_downgrade", ""},
};

/* The last part of a path ("components[0]" -> "components[i]"), to tell
 * whether `place` lies in the object being read. */
static int is_in(const char *place, const char *prefix)
{
    size_t length = 0;
    while (place[length] && place[length] != ' ')
        length++;
    const char *dot = NULL;
    for (size_t i = 0; i < length; i++)
        if (place[i] == '.')
            dot = place + i;
    if (!dot)
        return prefix[0] == '\0';
    /* Compare the parent with the prefix, an index standing for any. */
    const char *a = place, *b = prefix;
    while (a < dot && *b) {
        if (a[0] == '[' && a[1] == 'i' && a[2] == ']' && *b == '[') {
            a += 3;
            while (*b && *b != ']')
                b++;
            if (*b)
                b++;
            continue;
        }
        if (*a++ != *b++)
            return 0;
    }
    return a == dot && *b == '\0';
}

__attribute__((format(printf, 2, 3))) static void add_hint(ota_json_plan *p, const char *format,
                                                           ...)
{
    char hint[OTA_PATH_CAPACITY + 96];
    va_list args;
    va_start(args, format);
    vsnprintf(hint, sizeof hint, format, args);
    va_end(args);
    ota__utf8_cut(hint);
    if (ota_diagnostics_add_hint(p->diagnostics, hint) != OTA_OK)
        p->out_of_memory = 1;
}

/* A likely fix for an unknown key: the right place of a field written at
 * the wrong level, else the closest known key of this level. */
static void hint_unknown_key(ota_json_plan *p, const char *prefix, const char *key,
                             const char *const *known)
{
    for (size_t i = 0; i < sizeof nested_fields / sizeof nested_fields[0]; i++)
        if (strcmp(key, nested_fields[i].key) == 0 && !is_in(nested_fields[i].place, prefix)) {
            add_hint(p, "did you mean %s?", nested_fields[i].place);
            return;
        }
    if (prefix[0] != '\0')
        for (size_t i = 0; ota__plan_field_names[i]; i++)
            if (strcmp(key, ota__plan_field_names[i]) == 0) {
                add_hint(p, "did you mean the plan's top-level field %s?", key);
                return;
            }
    for (size_t i = 0; i < sizeof other_names / sizeof other_names[0]; i++)
        for (size_t j = 0; known[j]; j++)
            if (ota__edit_distance(key, other_names[i].key, 0) == 0 &&
                strcmp(known[j], other_names[i].field) == 0) {
                add_hint(p, "did you mean %s%s%s%s?", prefix, prefix[0] ? "." : "",
                         other_names[i].field, other_names[i].note);
                return;
            }
    const char *best = NULL;
    int best_distance = 3;
    for (size_t i = 0; known[i]; i++) {
        int distance = ota__edit_distance(key, known[i], 2);
        if (distance < best_distance) {
            best_distance = distance;
            best = known[i];
        }
    }
    if (best)
        add_hint(p, "did you mean %s%s%s?", prefix, prefix[0] ? "." : "", best);
}

void ota__plan_unknown_keys(ota_json_plan *p, json_t *object, const char *prefix,
                            const char *const *known)
{
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value)
    {
        /* A document may name its JSON Schema, for editors (doc/rules.md
         * 9.5): no field of the plan. */
        int found = prefix[0] == '\0' && strcmp(key, "$schema") == 0;
        for (size_t i = 0; known[i] && !found; i++)
            found = strcmp(key, known[i]) == 0;
        if (!found) {
            char path[OTA_PATH_CAPACITY];
            ota__path_key(path, sizeof path, prefix, key, 0);
            ota__plan_add(p, OTA_CODE_FIELD_UNKNOWN, path,
                          "the specification names no field %s; it is ignored", path);
            if (!p->out_of_memory)
                hint_unknown_key(p, prefix, key, known);
        }
    }
}
