/* The field readers of the plan JSON (SPEC 3, 9): a wrong JSON type is
 * field_type_invalid at the field's path, an unknown key field_unknown. */
#include "plan_fields.h"

#include "path.h"

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

void ota__plan_unknown_keys(ota_json_plan *p, json_t *object, const char *prefix,
                            const char *const *known)
{
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value)
    {
        int found = 0;
        for (size_t i = 0; known[i] && !found; i++)
            found = strcmp(key, known[i]) == 0;
        if (!found) {
            char path[OTA_PATH_CAPACITY];
            ota__path_key(path, sizeof path, prefix, key, 0);
            ota__plan_add(p, OTA_CODE_FIELD_UNKNOWN, path,
                          "the specification names no field %s; it is ignored", path);
        }
    }
}
