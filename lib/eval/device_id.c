#include "device_id.h"

#include <stdint.h>

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

int ota__device_id_is_valid(const char *id)
{
    const uint8_t *s = (const uint8_t *)id;
    uint32_t i = 0;
    while (s[i] != 0) {
        if (i >= DEVICE_ID_MAX_BYTES)
            return 0;
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
    return i > 0 && i <= DEVICE_ID_MAX_BYTES;
}
