/* The ICU-free device-ID check of lib/eval (SPEC 3, 4) against ICU's own
 * reading of UTF-8 (U8_NEXT) and of category Cc (u_charType): every string
 * of one to three bytes, and four-byte strings around every boundary of
 * RFC 3629 (lead bytes F0-F4, continuation 80-BF, and the bytes just
 * outside). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "device_id.h"

#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

static int icu_says_device_id(const char *id)
{
    const uint8_t *s = (const uint8_t *)id;
    int32_t length = (int32_t)strlen(id), i = 0;
    if (length == 0 || length > DEVICE_ID_MAX_BYTES)
        return 0;
    while (i < length) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0 || u_charType(c) == U_CONTROL_CHAR)
            return 0;
    }
    return 1;
}

static void agree(const char *id)
{
    if (ota__device_id_is_valid(id) != icu_says_device_id(id)) {
        char hex[64] = "";
        for (size_t i = 0; id[i] && i < 16; i++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02x ", (uint8_t)id[i]);
        fail_msg("%s: library %d, ICU %d", hex, ota__device_id_is_valid(id),
                 icu_says_device_id(id));
    }
}

static void every_short_string(void **state)
{
    (void)state;
    char s[4] = {0};
    for (int a = 1; a < 256; a++) {
        s[0] = (char)a;
        s[1] = 0;
        agree(s);
        for (int b = 1; b < 256; b++) {
            s[1] = (char)b;
            s[2] = 0;
            agree(s);
            for (int c = 1; c < 256; c++) {
                s[2] = (char)c;
                agree(s);
            }
        }
    }
}

static void four_byte_boundaries(void **state)
{
    (void)state;
    static const uint8_t leads[] = {0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF};
    static const uint8_t follow[] = {0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0};
    char s[6] = {0};
    for (size_t a = 0; a < sizeof leads; a++)
        for (size_t b = 0; b < sizeof follow; b++)
            for (size_t c = 0; c < sizeof follow; c++)
                for (size_t d = 0; d < sizeof follow; d++) {
                    s[0] = (char)leads[a];
                    s[1] = (char)follow[b];
                    s[2] = (char)follow[c];
                    s[3] = (char)follow[d];
                    agree(s);
                    s[4] = 'x'; /* and with something after it */
                    agree(s);
                    s[4] = 0;
                }
}

static void lengths(void **state)
{
    (void)state;
    char id[200];
    memset(id, 'a', sizeof id);
    for (size_t n = 0; n < sizeof id; n++) {
        id[n] = 0;
        agree(id);
        id[n] = 'a';
    }
    /* A three-byte character across the 128-byte limit. */
    memset(id, 'a', 126);
    memcpy(id + 126, "\xe4\xb8\xad", 4);
    agree(id);
    assert_false(ota__device_id_is_valid(id));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_short_string),
        cmocka_unit_test(four_byte_boundaries),
        cmocka_unit_test(lengths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
