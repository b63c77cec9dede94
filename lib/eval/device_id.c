#include "device_id.h"

#include <stdint.h>
#include <string.h>

/* The length of the well-formed sequence at s (RFC 3629, table 3-7 of the
 * Unicode standard), or 0.  s is NUL-terminated, so a truncated sequence
 * meets a NUL, which is no continuation byte. */
static int sequence_length(const uint8_t *s, uint32_t *code_point)
{
    uint8_t b = s[0];
    int n;
    uint32_t c, minimum;
    if (b < 0xC2)
        return 0; /* continuation byte or overlong 2-byte lead */
    if (b < 0xE0) {
        n = 2, c = b & 0x1F, minimum = 0x80;
    } else if (b < 0xF0) {
        n = 3, c = b & 0x0F, minimum = 0x800;
    } else if (b < 0xF5) {
        n = 4, c = b & 0x07, minimum = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < minimum || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *code_point = c;
    return n;
}

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* 1 when all eight bytes of w are printable ASCII (0x20-0x7E): no high bit,
 * no byte below 0x20, no 0x7F.  The tests for "a byte below n" and "a zero
 * byte" are exact for n <= 0x80 (Anderson's bit hacks, hasless/haszero). */
static int all_printable_ascii(uint64_t w)
{
    uint64_t below_space = (w - ONES * 0x20) & ~w & HIGHS;
    uint64_t x = w ^ (ONES * 0x7F);
    uint64_t delete = (x - ONES) & ~x & HIGHS;
    return ((w & HIGHS) | below_space | delete) == 0;
}

/* Byte by byte from `i`, where something other than printable ASCII may be. */
static size_t decode_from(const uint8_t *s, size_t i, size_t length)
{
    while (i < length) {
        if (s[i] < 0x80) {
            if (s[i] < 0x20 || s[i] == 0x7f)
                return 0;
            i++;
            continue;
        }
        uint32_t c;
        int n = sequence_length(s + i, &c);
        if (n == 0 || (c >= 0x80 && c <= 0x9f))
            return 0;
        i += (uint32_t)n;
    }
    return length;
}

size_t ota__device_id_length(const char *id)
{
    /* Device IDs are nearly always printable ASCII: eight bytes at a time,
     * the last word padded with 'A's, and the decoder only from the word
     * where something else begins. */
    size_t length = strnlen(id, DEVICE_ID_MAX_BYTES + 1);
    if (length == 0 || length > DEVICE_ID_MAX_BYTES)
        return 0;
    const uint8_t *s = (const uint8_t *)id;
    size_t i = 0;
    for (; i < length; i += 8) {
        uint64_t w = ONES * 'A';
        memcpy(&w, s + i, length - i < 8 ? length - i : 8);
        if (!all_printable_ascii(w))
            return decode_from(s, i, length);
    }
    return length;
}
