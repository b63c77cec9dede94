#include "path.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unicode/utf8.h>

size_t ota__utf8_boundary(const char *text, size_t length)
{
    /* The last sequence starts at most three continuation bytes back; it is
     * kept only when its lead byte's length says it is complete. */
    size_t back = 0;
    while (back < 3 && back < length && ((unsigned char)text[length - 1 - back] & 0xC0) == 0x80)
        back++;
    if (back == length)
        return length; /* continuation bytes only: no code point to protect */
    unsigned char lead = (unsigned char)text[length - 1 - back];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return back + 1 >= need ? length : length - 1 - back;
}

void ota__utf8_cut(char *text)
{
    text[ota__utf8_boundary(text, strlen(text))] = '\0';
}

static int is_plain_key(const char *key)
{
    if (!*key)
        return 0;
    for (const char *s = key; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

void ota__path_key(char *out, size_t capacity, const char *prefix, const char *key, int bracketed)
{
    if (capacity == 0)
        return;
    if (!bracketed && is_plain_key(key)) {
        snprintf(out, capacity, "%s%s%s", prefix, *prefix ? "." : "", key);
        ota__utf8_cut(out);
        return;
    }
    size_t n = (size_t)snprintf(out, capacity, "%s[\"", prefix);
    if (n >= capacity) {
        ota__utf8_cut(out);
        return;
    }
    /* Room is kept for the closing "] and the NUL. */
    const size_t limit = capacity > 3 ? capacity - 3 : 0;
    size_t length = strlen(key);
    for (int32_t i = 0; (size_t)i < length && length <= INT32_MAX;) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(key, i, (int32_t)length, c);
        size_t bytes = (size_t)(i - start);
        int escape = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '"' || c == '\\';
        if (escape) {
            if (n + 4 * bytes > limit)
                break;
            for (int32_t k = start; k < i; k++)
                n += (size_t)snprintf(out + n, capacity - n, "\\x%02x", (unsigned char)key[k]);
        } else {
            if (n + bytes > limit)
                break;
            memcpy(out + n, key + start, bytes);
            n += bytes;
        }
    }
    snprintf(out + n, capacity - n, "\"]");
}
