#include "device_id.h"

#include "byte_words.h"

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

/* 1 when all eight bytes of w are printable ASCII. */
static int all_printable_ascii(uint64_t w)
{
    return byte_word_not_printable(w) == 0;
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

/* The `n` bytes at s (1 <= n <= 8) as one word, each of them at least once
 * and 'A' where none is left: enough for a question about every byte.
 * Whole loads only: bytes stored one by one into a word that is then read
 * whole stall the load (no store forwarding). */
static uint64_t short_word(const uint8_t *s, size_t n)
{
    if (n >= 4) {
        uint32_t first, last;
        memcpy(&first, s, 4);
        memcpy(&last, s + n - 4, 4);
        return first | (uint64_t)last << 32;
    }
    return s[0] | (uint32_t)s[n / 2] << 8 | (uint32_t)s[n - 1] << 16 |
           (BYTE_WORD_ONES * 'A' & ~UINT64_C(0xFFFFFF));
}

size_t ota__device_id_length(const char *id)
{
    /* Device IDs are nearly always printable ASCII: eight bytes at a time
     * (the last word overlapping the one before it), and the decoder only
     * from the word where something else begins, which is a character
     * boundary since everything before it is ASCII. */
    size_t length = strnlen(id, DEVICE_ID_MAX_BYTES + 1);
    if (length == 0 || length > DEVICE_ID_MAX_BYTES)
        return 0;
    const uint8_t *s = (const uint8_t *)id;
    if (length < 8)
        return all_printable_ascii(short_word(s, length)) ? length : decode_from(s, 0, length);
    size_t i = 0;
    uint64_t w;
    for (; i + 8 <= length; i += 8) {
        memcpy(&w, s + i, 8);
        if (!all_printable_ascii(w))
            return decode_from(s, i, length);
    }
    if (i < length) {
        memcpy(&w, s + length - 8, 8);
        if (!all_printable_ascii(w))
            return decode_from(s, i, length);
    }
    return length;
}
