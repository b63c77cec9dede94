/* Helpers shared by the plan and device readers. */
#ifndef OJSON_READER_H
#define OJSON_READER_H

#include "otaplan_json.h"

#include <jansson.h>

/* int64 clamped into int32, never to OTA_UNSET (which means "absent"). */
int32_t reader_clamp_int32(json_int_t value);

/* "prefix.key" (or "key" for an empty prefix); a key that is not a plain
 * identifier is written prefix["key"] with unprintable bytes escaped. */
void reader_key_path(char *out, size_t capacity, const char *prefix, const char *key);

void reader_error_from_jansson(ojson_error *error, const json_error_t *failure);

/* The position of a path's top-level field in SPEC 3's table; unknown
 * fields rank after every known one. */
int reader_field_rank(const char *path);

#endif
