#include "text.h"

#include "alloc.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

/* U8_NEXT is ICU's definition of well-formed UTF-8 (it yields a negative code
 * point for every ill-formed sequence), and is a macro, so this costs no
 * function call per character. */
#define FOR_EACH_CODE_POINT(text, length, c, body)                                                 \
    do {                                                                                           \
        const uint8_t *s_ = (const uint8_t *)(text);                                               \
        int32_t i_ = 0, n_ = (int32_t)(length);                                                    \
        while (i_ < n_) {                                                                          \
            UChar32 c;                                                                             \
            U8_NEXT(s_, i_, n_, c);                                                                \
            body                                                                                   \
        }                                                                                          \
    } while (0)

int ota__text_is_utf8(const char *text, size_t length)
{
    if (length > INT32_MAX)
        return 0;
    FOR_EACH_CODE_POINT(text, length, c, {
        if (c < 0)
            return 0;
    });
    return 1;
}

void ota__text_trim(const char *text, size_t length, size_t *trim_start, size_t *trim_length)
{
    const uint8_t *s = (const uint8_t *)text;
    int32_t n = (int32_t)length;
    int32_t begin = 0;
    while (begin < n) {
        int32_t next = begin;
        UChar32 c;
        U8_NEXT(s, next, n, c);
        if (c < 0 || !u_isUWhiteSpace(c))
            break;
        begin = next;
    }
    int32_t end = n;
    while (end > begin) {
        int32_t previous = end;
        UChar32 c;
        U8_PREV(s, 0, previous, c);
        if (c < 0 || !u_isUWhiteSpace(c))
            break;
        end = previous;
    }
    *trim_start = (size_t)begin;
    *trim_length = (size_t)(end - begin);
}

size_t ota__text_count_code_points(const char *text, size_t length)
{
    size_t count = 0;
    FOR_EACH_CODE_POINT(text, length, c, {
        (void)c;
        count++;
    });
    return count;
}

int ota__text_has_control(const char *text, size_t length)
{
    FOR_EACH_CODE_POINT(text, length, c, {
        if (c >= 0 && u_charType(c) == U_CONTROL_CHAR)
            return 1;
    });
    return 0;
}

int32_t ota__text_nfc(const ota_allocator *allocator, const char *text, size_t length,
                      uint16_t **out, int32_t *out_length)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status) || length > INT32_MAX / 2)
        return OTA_ERR_ICU;
    int32_t utf16_length = 0;
    u_strFromUTF8(NULL, 0, &utf16_length, text, (int32_t)length, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
        return OTA_ERR_ICU;
    /* NFC can grow a string at most threefold; ICU counts in int32_t, so
     * a string whose worst case does not fit cannot be normalised. */
    int64_t worst = (int64_t)utf16_length * 3 + 1;
    if (worst > INT32_MAX)
        return OTA_ERR_NOMEM;
    int32_t capacity = (int32_t)worst;
    status = U_ZERO_ERROR;
    UChar *utf16 = ota__alloc_array(allocator, (size_t)utf16_length + 1, sizeof(UChar));
    if (!utf16)
        return OTA_ERR_NOMEM;
    u_strFromUTF8(utf16, utf16_length + 1, NULL, text, (int32_t)length, &status);
    UChar *normal =
        U_SUCCESS(status) ? ota__alloc_array(allocator, (size_t)capacity, sizeof(UChar)) : NULL;
    if (!normal) {
        ota__free(allocator, utf16);
        return U_SUCCESS(status) ? OTA_ERR_NOMEM : OTA_ERR_ICU;
    }
    int32_t normal_length = unorm2_normalize(nfc, utf16, utf16_length, normal, capacity, &status);
    ota__free(allocator, utf16);
    if (U_FAILURE(status)) {
        ota__free(allocator, normal);
        return OTA_ERR_ICU;
    }
    *out = normal;
    *out_length = normal_length;
    return OTA_OK;
}

int32_t ota__text_nfc_utf8(const ota_allocator *allocator, const char *text, size_t length,
                           char **out, size_t *out_length)
{
    *out = NULL;
    *out_length = 0;
    size_t ascii = 0;
    while (ascii < length && (unsigned char)text[ascii] < 0x80)
        ascii++;
    /* ASCII is its own NFC: most names never reach ICU. */
    if (ascii == length) {
        *out = ota__strndup(allocator, text, length);
        *out_length = length;
        return *out ? OTA_OK : OTA_ERR_NOMEM;
    }
    uint16_t *utf16 = NULL;
    int32_t utf16_length = 0;
    int32_t status = ota__text_nfc(allocator, text, length, &utf16, &utf16_length);
    if (status != OTA_OK)
        return status;
    UErrorCode error = U_ZERO_ERROR;
    int32_t bytes = 0;
    u_strToUTF8(NULL, 0, &bytes, utf16, utf16_length, &error);
    if (error != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(error)) {
        ota__free(allocator, utf16);
        return OTA_ERR_ICU;
    }
    char *utf8 = ota__alloc(allocator, (size_t)bytes + 1);
    if (!utf8) {
        ota__free(allocator, utf16);
        return OTA_ERR_NOMEM;
    }
    error = U_ZERO_ERROR;
    u_strToUTF8(utf8, bytes + 1, NULL, utf16, utf16_length, &error);
    ota__free(allocator, utf16);
    if (U_FAILURE(error)) {
        ota__free(allocator, utf8);
        return OTA_ERR_ICU;
    }
    *out = utf8;
    *out_length = (size_t)bytes;
    return OTA_OK;
}

int ota__text_language_tag(const char *tag, char *canonical, size_t capacity)
{
    size_t length = strlen(tag);
    if (length == 0 || length > 200 || capacity > INT32_MAX)
        return 0;
    /* ICU's parser also takes '_' and stops early at junk; a tag is
     * well-formed only if ICU consumed all of it and no '_' is in it. */
    if (strchr(tag, '_'))
        return 0;
    UErrorCode status = U_ZERO_ERROR;
    char locale[ULOC_FULLNAME_CAPACITY + 64];
    int32_t parsed = 0;
    uloc_forLanguageTag(tag, locale, (int32_t)sizeof locale, &parsed, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING ||
        parsed != (int32_t)length || locale[0] == '\0')
        return 0;
    uloc_canonicalize(locale, canonical, (int32_t)capacity, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
        return 0;
    return 1;
}

void ota__text_locale_language(const char *canonical, char *language, size_t capacity)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uloc_getLanguage(canonical, language, (int32_t)capacity, &status);
    if (U_FAILURE(status) || n >= (int32_t)capacity)
        language[0] = '\0';
}
