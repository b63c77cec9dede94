/* Unicode questions about UTF-8 strings, answered by ICU (SPEC 3, 3.2). */
#ifndef OTA_TEXT_H
#define OTA_TEXT_H

#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>

/* 1 if the bytes are well-formed UTF-8 (no overlong forms, surrogates or
 * truncated sequences). */
int ota__text_is_utf8(const char *text, size_t length);

/* For well-formed UTF-8: the range left after trimming Unicode White_Space at
 * both ends. */
void ota__text_trim(const char *text, size_t length, size_t *trim_start, size_t *trim_length);

/* Code points of well-formed UTF-8. */
size_t ota__text_count_code_points(const char *text, size_t length);

/* 1 if well-formed UTF-8 holds a control character (general category Cc). */
int ota__text_has_control(const char *text, size_t length);

/* NFC of well-formed UTF-8, as a new UTF-16 string (*out, *out_length).
 * Returns OTA_OK, OTA_ERR_NOMEM or OTA_ERR_ICU. */
int32_t ota__text_nfc(const ota_allocator *allocator, const char *text, size_t length,
                      uint16_t **out, int32_t *out_length);

/* The same as UTF-8, NUL-terminated (*out of *out_length bytes, freed with
 * ota__free()): the form names are compared in (SPEC 3, 14.1).  Returns
 * OTA_OK, OTA_ERR_NOMEM or OTA_ERR_ICU, with *out NULL on failure. */
int32_t ota__text_nfc_utf8(const ota_allocator *allocator, const char *text, size_t length,
                           char **out, size_t *out_length);

/* Room for a canonical ICU locale ID of a tag of at most 200 bytes. */
#define TEXT_CANONICAL_CAPACITY 160

/* Language tags (SPEC 3.2).  Returns 1 and the canonical ICU locale ID in
 * `canonical` if `tag` is a well-formed BCP 47 tag, else 0. */
int ota__text_language_tag(const char *tag, char *canonical, size_t capacity);
/* The language subtag of a canonical locale ID ("zh" of "zh_Hans_CN"). */
void ota__text_locale_language(const char *canonical, char *language, size_t capacity);

#endif
