/* lib/text/text.c, the Unicode questions the plan checks ask, against
 * references written apart from it: a byte-by-byte UTF-8 decoder (RFC 3629)
 * over every sequence shape and random bytes, and ICU's own conversions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unicode/uchar.h>

#include "text.h"
#include <sys/mman.h>

/* RFC 3629's table: the code points of well-formed UTF-8, or -1 for bytes
 * that are not.  Returns the count. */
static long reference_decode(const unsigned char *s, size_t n, int32_t *out, size_t capacity)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = s[i];
        int32_t c, need, min;
        if (b < 0x80)
            c = b, need = 0, min = 0;
        else if (b >= 0xC2 && b <= 0xDF)
            c = b & 0x1F, need = 1, min = 0x80;
        else if (b >= 0xE0 && b <= 0xEF)
            c = b & 0x0F, need = 2, min = 0x800;
        else if (b >= 0xF0 && b <= 0xF4)
            c = b & 0x07, need = 3, min = 0x10000;
        else
            return -1;
        if (i + (size_t)need >= n && need > 0) /* cut short */
            return -1;
        for (int k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return -1;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return -1;
        if (count < capacity)
            out[count] = c;
        count++;
        i += (size_t)need + 1;
    }
    return (long)count;
}

static uint64_t rng = 20261206;

static uint32_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

/* Well-formedness and counting agree with the reference on every one- to
 * four-byte sequence shape (each lead byte with continuation bytes at and
 * around the bounds), cut short, and on 200,000 random strings. */
static void utf8_agrees_with_rfc_3629(void **state)
{
    (void)state;
    static const unsigned char tails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                          0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    int32_t points[64];
    long checked = 0;
    for (int lead = 0; lead < 256; lead++)
        for (size_t a = 0; a < sizeof tails; a++)
            for (size_t b = 0; b < sizeof tails; b++)
                for (size_t c = 0; c < sizeof tails; c++)
                    for (size_t length = 1; length <= 4; length++) {
                        unsigned char s[4] = {(unsigned char)lead, tails[a], tails[b], tails[c]};
                        long expected = reference_decode(s, length, points, 64);
                        int valid = ota__text_is_utf8((const char *)s, length);
                        if (valid != (expected >= 0))
                            fail_msg("%02x %02x %02x %02x (%zu bytes): %d, expected %d", s[0], s[1],
                                     s[2], s[3], length, valid, expected >= 0);
                        if (valid)
                            assert_int_equal(ota__text_count_code_points((const char *)s, length),
                                             expected);
                        checked++;
                    }
    for (int round = 0; round < 200000; round++) {
        unsigned char s[12];
        size_t length = 1 + next_random() % sizeof s;
        for (size_t i = 0; i < length; i++) {
            uint32_t r = next_random();
            /* mostly the bytes that matter: leads and continuations */
            s[i] = (unsigned char)(r % 4 == 0   ? r >> 8
                                   : r % 4 == 1 ? 0x80 | (r >> 8 & 0x3F)
                                   : r % 4 == 2 ? 0xC0 | (r >> 8 & 0x3F)
                                                : 0x20 + (r >> 8) % 0x60);
        }
        long expected = reference_decode(s, length, points, 64);
        assert_int_equal(ota__text_is_utf8((const char *)s, length), expected >= 0);
        if (expected >= 0)
            assert_int_equal(ota__text_count_code_points((const char *)s, length), expected);
        checked++;
    }
    print_message("%ld strings\n", checked);
}

/* Control characters are exactly Unicode's Cc (C0, DEL, C1), in any place. */
static void control_characters_are_category_cc(void **state)
{
    (void)state;
    for (int32_t c = 1; c < 0x800; c++) {
        char s[8];
        int n = 0;
        s[n++] = 'a';
        if (c < 0x80) {
            s[n++] = (char)c;
        } else {
            s[n++] = (char)(0xC0 | (c >> 6));
            s[n++] = (char)(0x80 | (c & 0x3F));
        }
        s[n++] = 'b';
        int expected = (c < 0x20) || (c >= 0x7F && c <= 0x9F);
        assert_int_equal(ota__text_has_control(s, (size_t)n), expected);
        assert_int_equal(u_charType(c) == U_CONTROL_CHAR, expected);
    }
    assert_int_equal(ota__text_has_control("\xe2\x80\xa8", 3), 0); /* U+2028 is Zl, not Cc */
    /* A byte that is not UTF-8 is no control character; one after it is. */
    assert_int_equal(ota__text_has_control("\xff", 1), 0);
    assert_int_equal(ota__text_has_control("\xff\x01", 2), 1);
    assert_int_equal(ota__text_has_control("", 0), 0);
}

/* Trimming takes Unicode White_Space at both ends only, whatever its
 * length in bytes, and leaves everything else. */
static void trim_takes_white_space_at_both_ends(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t start, length;
    } cases[] = {
        {"", 0, 0},
        {"   ", 3, 0},
        {"a", 0, 1},
        {" a ", 1, 1},
        {"\t\n\v\f\r a b \r\n", 6, 3},
        {"\xc2\x85"
         "x"
         "\xc2\xa0",
         2, 1}, /* NEL, NBSP */
        {"\xe3\x80\x80"
         "plan"
         "\xe2\x80\xa9",
         3, 4}, /* ideographic space, U+2029 */
        {"\xe2\x80\x8b"
         "x"
         "\xe2\x80\x8b",
         0, 7},                      /* U+200B is not White_Space */
        {"\xf0\x9f\x98\x80 ", 0, 4}, /* an emoji stays */
        {"\xe1\x9a\x80"
         "\xe2\x80\x80"
         "y",
         6, 1}, /* U+1680, U+2000 */
    };
    /* Bytes that are not UTF-8 stop the trimming where they stand. */
    size_t start = 99, length = 99;
    ota__text_trim("\xff a ", 4, &start, &length);
    assert_int_equal(start, 0);
    assert_int_equal(length, 3);
    ota__text_trim(" a \x80", 4, &start, &length);
    assert_int_equal(start, 1);
    assert_int_equal(length, 3);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        start = 99, length = 99;
        ota__text_trim(cases[i].text, strlen(cases[i].text), &start, &length);
        if (start != cases[i].start || length != cases[i].length)
            fail_msg("case %zu: %zu+%zu, expected %zu+%zu", i, start, length, cases[i].start,
                     cases[i].length);
    }
}

/* An allocator that refuses its `fail_at`-th request. */
typedef struct refusing {
    int calls, fail_at, live;
} refusing;

static void *refusing_alloc(void *context, size_t size)
{
    refusing *r = context;
    if (r->calls++ == r->fail_at)
        return NULL;
    r->live++;
    return malloc(size);
}

static void refusing_free(void *context, void *block)
{
    refusing *r = context;
    if (block)
        r->live--;
    free(block);
}

/* NFC composes (e + U+0301 is U+00E9), keeps what is composed, and refuses
 * a length ICU cannot count before reading a byte. */
static void nfc_composes_and_refuses_what_icu_cannot_count(void **state)
{
    (void)state;
    uint16_t *out = NULL;
    int32_t length = -1;
    assert_int_equal(ota__text_nfc(NULL, "Cafe\xcc\x81", 6, &out, &length), OTA_OK);
    assert_int_equal(length, 4);
    assert_int_equal(out[3], 0x00E9);
    free(out);
    assert_int_equal(ota__text_nfc(NULL, "\xea\xb0\x80", 3, &out, &length), OTA_OK); /* 가 */
    assert_int_equal(length, 1);
    assert_int_equal(out[0], 0xAC00);
    free(out);
    assert_int_equal(ota__text_nfc(NULL, "", 0, &out, &length), OTA_OK);
    assert_int_equal(length, 0);
    free(out);
    assert_int_equal(ota__text_nfc(NULL, "x", (size_t)INT32_MAX, &out, &length), OTA_ERR_ICU);
    /* Each of its two allocations refused: out of memory, nothing left. */
    for (int k = 0; k < 2; k++) {
        refusing r = {0, k, 0};
        ota_allocator allocator = {refusing_alloc, refusing_free, &r};
        assert_int_equal(ota__text_nfc(&allocator, "Cafe\xcc\x81", 6, &out, &length),
                         OTA_ERR_NOMEM);
        assert_int_equal(r.live, 0);
    }
}

/* Language tags: BCP 47 well-formedness as ICU reads it whole, and the
 * language of the canonical ID. */
static void language_tags(void **state)
{
    (void)state;
    static const struct {
        const char *tag;
        int valid;
        const char *language;
    } cases[] = {
        {"en", 1, "en"},         {"zh-CN", 1, "zh"},      {"zh-Hans-CN", 1, "zh"},
        {"sr-Latn-RS", 1, "sr"}, {"de-CH-1996", 1, "de"}, {"en-US-x-twain", 1, "en"},
        {"zh_CN", 0, NULL},      {"", 0, NULL},           {"!!", 0, NULL},
        {"en-", 0, NULL},        {"e n", 0, NULL},        {"-en", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char canonical[TEXT_CANONICAL_CAPACITY] = "";
        int valid = ota__text_language_tag(cases[i].tag, canonical, sizeof canonical);
        if (valid != cases[i].valid)
            fail_msg("\"%s\": %d, expected %d", cases[i].tag, valid, cases[i].valid);
        if (!valid)
            continue;
        char language[16];
        ota__text_locale_language(canonical, language, sizeof language);
        assert_string_equal(language, cases[i].language);
        char small[2]; /* no room for "en" and its NUL: empty, never cut */
        ota__text_locale_language(canonical, small, sizeof small);
        assert_string_equal(small, "");
    }
    char long_tag[260];
    memset(long_tag, 'a', sizeof long_tag - 1);
    long_tag[sizeof long_tag - 1] = '\0';
    char canonical[TEXT_CANONICAL_CAPACITY];
    assert_int_equal(ota__text_language_tag(long_tag, canonical, sizeof canonical), 0);
    char tiny[3]; /* a well-formed tag whose canonical ID does not fit */
    assert_int_equal(ota__text_language_tag("zh-Hans-CN", tiny, sizeof tiny), 0);
}

/* 716 MB whose NFC worst case (three times its UTF-16 length) passes
 * INT32_MAX: out of memory, without signed overflow (UBSan watches).  The
 * pages are the kernel's zero page, so they cost no memory. */
static void nfc_of_a_huge_string_is_out_of_memory(void **state)
{
    (void)state;
    size_t length = (size_t)716 << 20;
    char *huge = mmap(NULL, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (huge == MAP_FAILED)
        skip();
    uint16_t *out = NULL;
    int32_t out_length = 0;
    assert_int_equal(ota__text_nfc(NULL, huge, length, &out, &out_length), OTA_ERR_NOMEM);
    assert_null(out);
    munmap(huge, length);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_agrees_with_rfc_3629),
        cmocka_unit_test(control_characters_are_category_cc),
        cmocka_unit_test(trim_takes_white_space_at_both_ends),
        cmocka_unit_test(nfc_composes_and_refuses_what_icu_cannot_count),
        cmocka_unit_test(language_tags),
        cmocka_unit_test(nfc_of_a_huge_string_is_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
