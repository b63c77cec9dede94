/* Helpers shared by the plan and device readers. */
#ifndef OTA_JSON_READER_H
#define OTA_JSON_READER_H

#include "otaplan_json.h"

#include "arena.h"

#include <jansson.h>

/* Under AddressSanitizer the readers give every line new memory instead of
 * reusing the last line's, so that a use of a device after the next read
 * is reported. */
#if defined(__SANITIZE_ADDRESS__)
#define OTA_JSON_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OTA_JSON_UNDER_ASAN 1
#endif
#endif
#ifndef OTA_JSON_UNDER_ASAN
#define OTA_JSON_UNDER_ASAN 0
#endif

/* Every allocation of a JSON read or write goes through the functions the
 * module installs into jansson: jansson's own, the module's blocks, and the
 * diagnostics lists it builds (through ota__json_allocator). */

/* Starts an operation: installs the functions on first use and clears this
 * thread's record of failed allocations. */
void ota__json_begin(void);
/* 1 if an allocation of this thread failed since ota__json_begin(). */
int ota__json_failed(void);

/* Around the module's own jansson calls that allocate or free outside a
 * parse (building a tree to write, freeing a tree): their blocks are the
 * module's, not the process's other users of jansson. */
void ota__json_enter(void);
void ota__json_leave(void);
/* json_decref() of one of the module's trees. */
void ota__json_decref(json_t *value);

void *ota__json_alloc(size_t size); /* zeroed */
/* Not zeroed, and never from an arena: what a module's own blocks and the
 * arenas' chunks are made of. */
void *ota__json_alloc_plain(size_t size);
void *ota__json_grow(void *block, size_t old_size, size_t new_size);
void ota__json_free(void *block);
extern const ota_allocator ota__json_allocator;

/* int64 clamped into int32, never to OTA_UNSET (which means "absent"). */
int32_t ota__reader_clamp_int32(json_int_t value);

/* Parses one JSON document (duplicate keys refused) into *root: OTA_OK,
 * OTA_ERR_ARGUMENT with *error at the syntax error, or OTA_ERR_NOMEM (a
 * read during which any allocation failed is refused). */
/* *error for a new read: its fields at line, column and an empty text,
 * the caller's version kept. */
void ota__json_error_at(ota_json_error *error, int32_t line, int32_t column);

/* OTA_OK when `error` is a struct of this library's version, else
 * OTA_ERR_NULL or OTA_ERR_STRUCT_VERSION: the check of every public
 * function that writes one. */
int32_t ota__json_error_usable(const ota_json_error *error);

int32_t ota__reader_load(const char *text, size_t length, json_t **root, ota_json_error *error);

/* The object or array that begins at text[*offset] (after white space),
 * read up to its end only, *offset moved past it: the elements of a large
 * array one at a time.  Results as ota__reader_load(). */
int32_t ota__reader_load_next(const char *text, size_t length, size_t *offset, json_t **root,
                              ota_json_error *error);

void ota__reader_error_from_jansson(ota_json_error *error, const json_error_t *failure);

/* The plan's top-level fields, in order; NULL-terminated. */
extern const char *const ota__plan_field_names[];

/* The position of a path's top-level field in SPEC 3's table; unknown
 * fields rank after every known one. */
int ota__reader_field_rank(const char *path);

/* Reads a device as ota_json_device_read() does: the whole text, or with
 * `next` the object that begins at text[*offset] (*offset moved past it),
 * for the elements of an array of devices. */
int32_t ota__device_read(ota_json_device_reader *reader, const char *text, size_t length,
                         size_t *offset, int next, const ota_device **device,
                         ota_json_error *error);
/* The same through jansson's tree always, never the one-pass scan of
 * device_scan.h: what the tests compare that scan with. */
int32_t ota__device_read_jansson(ota_json_device_reader *reader, const char *text, size_t length,
                                 size_t *offset, int next, const ota_device **device,
                                 ota_json_error *error);

/* For a document that holds a device (a plan test): the reader's arena,
 * to make current (ota__json_arena_enter()) while the document is read, so
 * that its tree lives as long as the device; and the device of `value`, a
 * member of that tree, read as a device alone (set NULL) or in `set`, then
 * *set_device too.  Errors as ota_json_device_read(); `value` not an object
 * is OTA_ERR_INVALID_DEVICE. */
json_arena *ota__device_reader_arena(ota_json_device_reader *reader);
int32_t ota__device_of_member(ota_json_device_reader *reader, json_t *value,
                              const ota_plan_set *set, const ota_device **device,
                              const ota_set_device **set_device, ota_json_error *error);

#endif
