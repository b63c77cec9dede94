#include "diag.h"

#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ota_diagnostics *ota__diag_new(const ota_allocator *allocator)
{
    ota_diagnostics *list = ota__alloc(allocator, sizeof *list);
    if (!list)
        return NULL;
    /* A copy, so that the caller's struct need not outlive the list. */
    *list = (ota_diagnostics){0};
    if (allocator) {
        list->custom = *allocator;
        list->allocator = &list->custom;
    }
    return list;
}

__attribute__((format(printf, 2, 0))) static char *vformat(const ota_allocator *allocator,
                                                           const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    /* vsnprintf fails (-1) only when the text would pass INT_MAX bytes;
     * that is reported as out of memory, like any text too large to hold. */
    int length = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (length < 0)
        return NULL;
    char *text = ota__alloc(allocator, (size_t)length + 1);
    if (text)
        vsnprintf(text, (size_t)length + 1, format, args);
    return text;
}

static int reserve_one(ota_diagnostics *list)
{
    if (list->count < list->capacity)
        return 1;
    if (list->capacity > UINT32_MAX / 2)
        return 0;
    uint32_t capacity = list->capacity ? list->capacity * 2 : 16;
    ota_diagnostic *items = ota__alloc_array(list->allocator, capacity, sizeof *items);
    char **hints = list->hints ? ota__alloc_array(list->allocator, capacity, sizeof *hints) : NULL;
    if (!items || (list->hints && !hints)) {
        ota__free(list->allocator, items);
        ota__free(list->allocator, hints);
        return 0;
    }
    if (list->count)
        memcpy(items, list->items, list->count * sizeof *items);
    ota__free(list->allocator, list->items);
    list->items = items;
    if (hints) {
        memset(hints, 0, capacity * sizeof *hints);
        memcpy(hints, list->hints, list->count * sizeof *hints);
        ota__free(list->allocator, list->hints);
        list->hints = hints;
    }
    list->capacity = capacity;
    return 1;
}

static void push(ota_diagnostics *list, int32_t code, char *path, char *message)
{
    if (!path || !message || !reserve_one(list)) {
        ota__free(list->allocator, path);
        ota__free(list->allocator, message);
        list->out_of_memory = 1;
        return;
    }
    int32_t severity = ota_code_severity(code);
    list->items[list->count++] = (ota_diagnostic){.version = OTA_DIAGNOSTIC_VERSION,
                                                  .severity = severity,
                                                  .code = code,
                                                  .path = path,
                                                  .message = message};
    if (severity == OTA_SEVERITY_ERROR)
        list->errors++;
}

void ota__diag_add(ota_diagnostics *list, int32_t code, const char *path,
                   const char *message_format, ...)
{
    if (list->out_of_memory)
        return;
    va_list args;
    va_start(args, message_format);
    char *message = vformat(list->allocator, message_format, args);
    va_end(args);
    push(list, code, ota__strndup(list->allocator, path, strlen(path)), message);
}

void ota__diag_addp(ota_diagnostics *list, int32_t code, const char *message,
                    const char *path_format, ...)
{
    if (list->out_of_memory)
        return;
    va_list args;
    va_start(args, path_format);
    char *path = vformat(list->allocator, path_format, args);
    va_end(args);
    push(list, code, path, ota__strndup(list->allocator, message, strlen(message)));
}

/* Sets the last diagnostic's hint (taking `hint`) and appends it to the
 * message; 0 when out of memory (then nothing changed, `hint` is freed). */
static int attach_hint(ota_diagnostics *list, char *hint)
{
    if (!hint || list->count == 0) {
        ota__free(list->allocator, hint);
        return 0;
    }
    if (!list->hints) {
        list->hints = ota__alloc_array(list->allocator, list->capacity, sizeof *list->hints);
        if (!list->hints) {
            ota__free(list->allocator, hint);
            return 0;
        }
        memset(list->hints, 0, list->capacity * sizeof *list->hints);
    }
    ota_diagnostic *d = &list->items[list->count - 1];
    size_t message_length = strlen(d->message), hint_length = strlen(hint);
    char *message = ota__alloc(list->allocator, message_length + 2 + hint_length + 1);
    if (!message) {
        ota__free(list->allocator, hint);
        return 0;
    }
    memcpy(message, d->message, message_length);
    memcpy(message + message_length, "; ", 2);
    memcpy(message + message_length + 2, hint, hint_length + 1);
    ota__free(list->allocator, (char *)d->message);
    d->message = message;
    ota__free(list->allocator, list->hints[list->count - 1]);
    list->hints[list->count - 1] = hint;
    return 1;
}

void ota__diag_hint(ota_diagnostics *list, const char *hint_format, ...)
{
    if (list->out_of_memory || list->count == 0)
        return;
    va_list args;
    va_start(args, hint_format);
    char *hint = vformat(list->allocator, hint_format, args);
    va_end(args);
    if (!attach_hint(list, hint))
        list->out_of_memory = 1;
}

int32_t ota_diagnostics_add_hint(ota_diagnostics *list, const char *hint)
{
    if (!list || !hint)
        return OTA_ERR_NULL;
    if (list->count == 0)
        return OTA_ERR_INDEX;
    return attach_hint(list, ota__strndup(list->allocator, hint, strlen(hint))) ? OTA_OK
                                                                                : OTA_ERR_NOMEM;
}

const char *ota_diagnostics_hint(const ota_diagnostics *list, uint32_t index)
{
    if (!list || !list->hints || index >= list->count)
        return NULL;
    return list->hints[index];
}

int32_t ota_diagnostics_new(const ota_allocator *allocator, ota_diagnostics **out)
{
    if (!out)
        return OTA_ERR_NULL;
    *out = ota__diag_new(allocator);
    return *out ? OTA_OK : OTA_ERR_NOMEM;
}

int32_t ota_diagnostics_add(ota_diagnostics *list, int32_t code, const char *path,
                            const char *message)
{
    if (!list || !path || !message)
        return OTA_ERR_NULL;
    if (ota_code_severity(code) == 0)
        return OTA_ERR_ARGUMENT;
    uint32_t before = list->count;
    int was_failed = list->out_of_memory;
    list->out_of_memory = 0;
    push(list, code, ota__strndup(list->allocator, path, strlen(path)),
         ota__strndup(list->allocator, message, strlen(message)));
    int failed = list->count == before;
    list->out_of_memory = was_failed || failed;
    return failed ? OTA_ERR_NOMEM : OTA_OK;
}

uint32_t ota_diagnostics_count(const ota_diagnostics *list)
{
    return list ? list->count : 0;
}

uint32_t ota_diagnostics_error_count(const ota_diagnostics *list)
{
    return list ? list->errors : 0;
}

int32_t ota_diagnostics_get(const ota_diagnostics *list, uint32_t index, ota_diagnostic *out)
{
    if (!list || !out)
        return OTA_ERR_NULL;
    if (out->version != OTA_DIAGNOSTIC_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    if (index >= list->count)
        return OTA_ERR_INDEX;
    /* Field by field: the caller's version stays, no padding is written. */
    const ota_diagnostic *d = &list->items[index];
    out->severity = d->severity;
    out->code = d->code;
    out->path = d->path;
    out->message = d->message;
    return OTA_OK;
}

void ota_diagnostics_free(ota_diagnostics *list)
{
    if (!list)
        return;
    for (uint32_t i = 0; i < list->count; i++) {
        ota__free(list->allocator, (char *)list->items[i].path);
        ota__free(list->allocator, (char *)list->items[i].message);
        if (list->hints)
            ota__free(list->allocator, list->hints[i]);
    }
    ota__free(list->allocator, list->hints);
    ota__free(list->allocator, list->items);
    ota__free(list->allocator, list);
}

/* Drops the entries past `count` (an append that ran out of memory). */
static void truncate_to(ota_diagnostics *list, uint32_t count)
{
    while (list->count > count) {
        list->count--;
        ota_diagnostic *d = &list->items[list->count];
        if (d->severity == OTA_SEVERITY_ERROR)
            list->errors--;
        ota__free(list->allocator, (char *)d->path);
        ota__free(list->allocator, (char *)d->message);
        if (list->hints) {
            ota__free(list->allocator, list->hints[list->count]);
            list->hints[list->count] = NULL;
        }
    }
}

static char *prefixed_path(const ota_allocator *allocator, const char *prefix, const char *path)
{
    size_t prefix_length = prefix ? strlen(prefix) : 0, path_length = strlen(path);
    int dot = prefix_length > 0 && path_length > 0;
    char *out = ota__alloc(allocator, prefix_length + (size_t)dot + path_length + 1);
    if (!out)
        return NULL;
    if (prefix_length)
        memcpy(out, prefix, prefix_length);
    if (dot)
        out[prefix_length] = '.';
    memcpy(out + prefix_length + (size_t)dot, path, path_length + 1);
    return out;
}

int32_t ota_diagnostics_append(ota_diagnostics *list, const ota_diagnostics *from,
                               const char *prefix)
{
    if (!list || !from)
        return OTA_ERR_NULL;
    if (list == from)
        return OTA_ERR_ARGUMENT;
    uint32_t before = list->count;
    int was_failed = list->out_of_memory;
    list->out_of_memory = 0;
    for (uint32_t i = 0; i < from->count && !list->out_of_memory; i++) {
        const ota_diagnostic *d = &from->items[i];
        push(list, d->code, prefixed_path(list->allocator, prefix, d->path),
             ota__strndup(list->allocator, d->message, strlen(d->message)));
        const char *hint = from->hints ? from->hints[i] : NULL;
        if (hint && !list->out_of_memory) {
            /* The message already ends with the hint: only the hint itself
             * is kept beside it. */
            if (!list->hints) {
                list->hints =
                    ota__alloc_array(list->allocator, list->capacity, sizeof *list->hints);
                if (list->hints)
                    memset(list->hints, 0, list->capacity * sizeof *list->hints);
            }
            char *copy = list->hints ? ota__strndup(list->allocator, hint, strlen(hint)) : NULL;
            if (copy)
                list->hints[list->count - 1] = copy;
            else
                list->out_of_memory = 1;
        }
    }
    int failed = list->out_of_memory;
    if (failed)
        truncate_to(list, before);
    list->out_of_memory = was_failed;
    return failed ? OTA_ERR_NOMEM : OTA_OK;
}
