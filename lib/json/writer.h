/* Pieces of the SPEC 9 output that evaluate and explain share. */
#ifndef OTA_JSON_WRITER_H
#define OTA_JSON_WRITER_H

#include "otaplan_json.h"

/* "YYYY-MM-DDTHH:MM:SSZ", quoted. */
void ota__json_put_instant(ota_json_buffer *buffer, int64_t t);
/* {"status", "at"?, "reason"?} */
void ota__json_put_push(ota_json_buffer *buffer, const ota_push_result *push);
/* {"id", "applies", "reason"? -- left open, so that a caller may add keys. */
void ota__json_put_component(ota_json_buffer *buffer, const char *id,
                             const ota_component_result *component);

#endif
