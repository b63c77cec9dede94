/* lib/core/path.c: the field paths of diagnostics (SPEC 7) and the cutting
 * of text between code points, at every length and capacity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "path.h"
#include "text.h"

/* Where each code point of a well-formed string starts, by its lead bytes:
 * a cut at n keeps the longest prefix that ends at such a start. */
static size_t reference_boundary(const char *text, size_t n)
{
    size_t keep = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)text[i];
        size_t width = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (i + width > n)
            break;
        i += width;
        keep = i;
    }
    return keep;
}

static void cuts_fall_between_code_points(void **state)
{
    (void)state;
    static const char text[] = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80z\xe2\x82\xac";
    for (size_t n = 0; n <= sizeof text - 1; n++)
        assert_int_equal(ota__utf8_boundary(text, n), reference_boundary(text, n));
    char cut[sizeof text];
    for (size_t n = 0; n <= sizeof text - 1; n++) {
        memcpy(cut, text, n);
        cut[n] = '\0';
        ota__utf8_cut(cut);
        assert_int_equal(strlen(cut), reference_boundary(text, n));
    }
    /* Continuation bytes alone hold no code point to protect. */
    assert_int_equal(ota__utf8_boundary("\x80\x80", 2), 2);
    assert_int_equal(ota__utf8_boundary("", 0), 0);
}

static void keys_are_plain_or_quoted_and_escaped(void **state)
{
    (void)state;
    static const struct {
        const char *prefix, *key;
        int bracketed;
        const char *path;
    } cases[] = {
        {"", "name", 0, "name"},
        {"strategy", "retry_count", 0, "strategy.retry_count"},
        {"texts", "zh-CN", 1, "texts[\"zh-CN\"]"},
        {"texts", "en", 1, "texts[\"en\"]"},
        {"", "a b", 0, "[\"a b\"]"},
        {"", "", 0, "[\"\"]"},
        {"x", "\"q\\", 0, "x[\"\\x22q\\x5c\"]"},
        {"", "\x1b[31m", 0, "[\"\\x1b[31m\"]"},
        {"",
         "\xc2\x9b"
         "2J",
         0, "[\"\\xc2\\x9b2J\"]"}, /* C1: CSI */
        {"", "\x7f", 0, "[\"\\x7f\"]"},
        {"",
         "\xff"
         "a",
         0, "[\"\\xffa\"]"}, /* not UTF-8 */
        {"texts", "\xe6\x97\xa5\xe6\x9c\xac", 1, "texts[\"\xe6\x97\xa5\xe6\x9c\xac\"]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[OTA_PATH_CAPACITY];
        ota__path_key(out, sizeof out, cases[i].prefix, cases[i].key, cases[i].bracketed);
        if (strcmp(out, cases[i].path) != 0)
            fail_msg("case %zu: %s, expected %s", i, out, cases[i].path);
    }
}

/* Every capacity from 0 up: the path is a prefix of the whole one, cut
 * between code points and whole escapes, closed when it can be, and never
 * overruns (the bytes past the capacity stay as they were). */
static void every_capacity_stays_inside_and_utf8(void **state)
{
    (void)state;
    static const char *const keys[] = {"retry_count", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
                                       "a\x01\xc2\x85\xf0\x9f\x98\x80\"z"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        for (int bracketed = 0; bracketed < 2; bracketed++) {
            char whole[OTA_PATH_CAPACITY];
            ota__path_key(whole, sizeof whole, "texts", keys[k], bracketed);
            for (size_t capacity = 0; capacity <= strlen(whole) + 2; capacity++) {
                char out[OTA_PATH_CAPACITY + 8];
                memset(out, '#', sizeof out);
                ota__path_key(out, capacity, "texts", keys[k], bracketed);
                for (size_t i = capacity; i < sizeof out; i++)
                    assert_int_equal(out[i], '#');
                if (capacity == 0)
                    continue;
                size_t n = strlen(out);
                assert_true(n < capacity);
                assert_int_equal(ota__utf8_boundary(out, n), n);
                if (capacity > strlen(whole))
                    assert_string_equal(out, whole);
            }
        }
}

static void long_keys_are_cut_between_code_points(void **state)
{
    (void)state;
    assert_int_equal(ota__utf8_boundary("ab\xe2\x82", 4), 2); /* € cut after 2 bytes */
    assert_int_equal(ota__utf8_boundary("ab\xe2\x82\xac", 5), 5);
    assert_int_equal(ota__utf8_boundary("a\xf0\x9f\x98", 4), 1);
    assert_int_equal(ota__utf8_boundary("a\xc3", 2), 1);
    assert_int_equal(ota__utf8_boundary("abc", 3), 3);
    char text[] = "x\xe2\x82";
    ota__utf8_cut(text);
    assert_string_equal(text, "x");

    char key[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(key, "\xe2\x82\xac"); /* 300 bytes of € */
    for (size_t capacity = 8; capacity <= 40; capacity++) {
        char path[64];
        ota__path_key(path, capacity, "texts", key, 1);
        assert_true(strlen(path) < capacity);
        assert_true(ota__text_is_utf8(path, strlen(path)));
        assert_int_equal(strncmp(path, "texts[\"", 7), 0);
    }
    char path[OTA_PATH_CAPACITY];
    ota__path_key(path, sizeof path, "texts", "\xe6\x97\xa5\xe6\x9c\xac", 1);
    assert_string_equal(path, "texts[\"\xe6\x97\xa5\xe6\x9c\xac\"]"); /* texts["日本"] */
    ota__path_key(path, sizeof path, "texts", "a\"\n\xc2\x85\xff", 1);
    assert_string_equal(path, "texts[\"a\\x22\\x0a\\xc2\\x85\\xff\"]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cuts_fall_between_code_points),
        cmocka_unit_test(keys_are_plain_or_quoted_and_escaped),
        cmocka_unit_test(every_capacity_stays_inside_and_utf8),
        cmocka_unit_test(long_keys_are_cut_between_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
