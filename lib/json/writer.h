/* Pieces of the SPEC 9 output that evaluate and explain share. */
#ifndef OTA_JSON_WRITER_H
#define OTA_JSON_WRITER_H

#include "abi.h"
#include "otaplan_json.h"

#include <string.h>

/* ota_json_put with the copy inlined where the buffer has room: an
 * evaluation line is a dozen short pieces, and their calls into strlen and
 * memmove were about a tenth of `otaplan evaluate` (bench/HISTORY.md). */
static inline void ota__json_put_short(ota_json_buffer *b, const char *text, size_t length)
{
    if (!b->failed && b->length + length < b->capacity) {
        memcpy(b->data + b->length, text, length);
        b->length += length;
        b->data[b->length] = '\0';
        return;
    }
    ota_json_put(b, text, length);
}

/* A string literal, its length known to the compiler. */
#define PUT_LITERAL(b, text) ota__json_put_short((b), "" text, sizeof(text) - 1)

/* Component i of a plan in the current layout: a plan of version 2 (a
 * program built with 0.4.0's header) points to 40-byte components
 * (abi.h); versions 1 and 2 know no version order. */
static inline ota_component ota__json_component_at(const ota_plan *p, uint32_t i)
{
    if (p->version == OTA_PLAN_STRUCT_VERSION)
        return p->components[i];
    return ota__component_of_v2(&((const ota_component_v2 *)(const void *)p->components)[i]);
}

/* The version the device reports for a component, or NULL. */
static inline const char *ota__json_reported_version(const ota_device *device,
                                                     const char *component_id)
{
    for (uint32_t i = 0; i < device->version_count; i++)
        if (device->versions[i].component_id &&
            strcmp(device->versions[i].component_id, component_id) == 0)
            return device->versions[i].version;
    return NULL;
}

/* "YYYY-MM-DDTHH:MM:SSZ", quoted. */
void ota__json_put_instant(ota_json_buffer *buffer, int64_t t);
/* {"status", "at"?, "reason"?} */
void ota__json_put_push(ota_json_buffer *buffer, const ota_push_result *push);
/* {"id", "applies", "reason"? -- left open, so that a caller may add keys. */
void ota__json_put_component(ota_json_buffer *buffer, const char *id,
                             const ota_component_result *component);

#endif
