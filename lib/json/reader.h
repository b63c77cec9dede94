/* Helpers shared by the plan and device readers. */
#ifndef OTA_JSON_READER_H
#define OTA_JSON_READER_H

#include "otaplan_json.h"

#include <jansson.h>

/* Every allocation of a JSON read or write goes through the functions the
 * module installs into jansson: jansson's own, the module's blocks, and the
 * diagnostics lists it builds (through ota__json_allocator). */

/* Starts an operation: installs the functions on first use and clears this
 * thread's record of failed allocations. */
void ota__json_begin(void);
/* 1 if an allocation of this thread failed since ota__json_begin(). */
int ota__json_failed(void);

void *ota__json_alloc(size_t size); /* zeroed */
void *ota__json_grow(void *block, size_t old_size, size_t new_size);
void ota__json_free(void *block);
extern const ota_allocator ota__json_allocator;

/* int64 clamped into int32, never to OTA_UNSET (which means "absent"). */
int32_t ota__reader_clamp_int32(json_int_t value);

/* Parses one JSON document (duplicate keys refused) into *root: OTA_OK,
 * OTA_ERR_ARGUMENT with *error at the syntax error, or OTA_ERR_NOMEM (a
 * read during which any allocation failed is refused). */
int32_t ota__reader_load(const char *text, size_t length, json_t **root, ota_json_error *error);

void ota__reader_error_from_jansson(ota_json_error *error, const json_error_t *failure);

/* The plan's top-level fields, in order; NULL-terminated. */
extern const char *const ota__plan_field_names[];

/* The position of a path's top-level field in SPEC 3's table; unknown
 * fields rank after every known one. */
int ota__reader_field_rank(const char *path);

/* The device of a parsed JSON value (an element of an array of devices),
 * read as ota_json_device_read() reads a text; the value must outlive the
 * device. */
int32_t ota__device_of_value(ota_json_device_reader *reader, json_t *value,
                             const ota_device **device, ota_json_error *error);

#endif
