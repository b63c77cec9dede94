/* The ICU-free device-ID check of lib/eval (SPEC 3, 4) against ICU's own
 * reading of UTF-8 (U8_NEXT) and of category Cc (u_charType): every string
 * of one to three bytes, four-byte strings around every boundary of
 * RFC 3629 (lead bytes F0-F4, continuation 80-BF, and the bytes just
 * outside), every byte and every character at every place of longer
 * strings (the check reads eight bytes at a time), and random strings. */
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
    size_t length = ota__device_id_length(id);
    int icu = icu_says_device_id(id);
    if ((length != 0) != icu || (length != 0 && length != strlen(id))) {
        char hex[3 * 48 + 1] = "";
        for (size_t i = 0; id[i] && i < 48; i++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02x ", (uint8_t)id[i]);
        fail_msg("%s(%zu bytes): library %zu, ICU %d", hex, strlen(id), length, icu);
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
    assert_int_equal(ota__device_id_length(id), 0);
    id[126] = 'a';
    id[127] = 'a';
    id[128] = 0;
    assert_int_equal(ota__device_id_length(id), 128);
}

/* Every byte value, and every kind of character, at every place of a
 * 40-byte ASCII string, cut after it and not: each eight-byte word of the
 * fast path meets each of them at each of its offsets. */
static void every_byte_everywhere(void **state)
{
    (void)state;
    static const char *const characters[] = {
        "\xc3\xa9",     "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xc2\x85", "\xc2\xa0",
        "\xed\xa0\x80", "\xe0\x80\xaf", "\xf4\x90\x80\x80", "\x7f",     "\x1f",
        "~ ",           "\xef\xbf\xbf"};
    char id[48];
    for (size_t place = 0; place < 40; place++) {
        for (int b = 1; b < 256; b++) {
            memset(id, 'k', 40);
            id[40] = 0;
            id[place] = (char)b;
            agree(id);
            id[place + 1] = 0;
            agree(id);
        }
        for (size_t k = 0; k < sizeof characters / sizeof *characters; k++) {
            memset(id, 'k', sizeof id);
            size_t n = strlen(characters[k]);
            memcpy(id + place, characters[k], n);
            id[40 + n] = 0;
            agree(id);
            id[place + n] = 0;
            agree(id);
            id[place + n - 1] = 0; /* and cut inside it */
            agree(id);
        }
    }
}

/* Random strings of 1 to 140 bytes, mostly ASCII with the bytes that
 * matter mixed in, against ICU. */
static void random_strings(void **state)
{
    (void)state;
    static const uint8_t special[] = {0x01, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0xa0, 0xbf,
                                      0xc0, 0xc2, 0xc3, 0xdf, 0xe0, 0xe4, 0xed, 0xef,
                                      0xf0, 0xf4, 0xf5, 0xff, 0x20, 0x7e};
    uint64_t x = 88172645463325252u;
    char id[141];
    for (int n = 0; n < 300000; n++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t length = 1 + x % 140;
        for (size_t i = 0; i < length; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            id[i] = (x >> 8) % 16 == 0 ? (char)special[(x >> 16) % sizeof special]
                                       : (char)('0' + (x >> 24) % 75);
        }
        id[length] = 0;
        agree(id);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_short_string),
        cmocka_unit_test(four_byte_boundaries),
        cmocka_unit_test(lengths),
        cmocka_unit_test(every_byte_everywhere),
        cmocka_unit_test(random_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
