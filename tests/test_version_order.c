/* SPEC 13.1: the two orders.  SemVer 2.0.0's own precedence list, numbers
 * longer than any integer type, every pair and triple of a list of tricky
 * tokens (antisymmetry, transitivity), the hand-written semver grammar
 * against PCRE2's, and both orders against a slow obvious implementation
 * on 1,000,000 random pairs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "otaplan.h"
#include "slow_order.h"
#include "syntax.h"
#include "version_order.h"

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* The library's comparison of two tokens of the order (both must be). */
static int compare(int32_t order, const char *a, const char *b)
{
    int32_t result = 99;
    assert_int_equal(ota_version_compare(order, a, b, &result), OTA_OK);
    return result;
}

/* ---------------------------------------------------------------- tests */

static void semver_precedence_list(void **state)
{
    (void)state;
    /* SemVer 2.0.0, section 11, and its examples of rule 2. */
    static const char *const ascending[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                            "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                                            "1.0.0-rc.1",  "1.0.0",         "2.0.0",
                                            "2.1.0",       "2.1.1"};
    size_t n = sizeof ascending / sizeof ascending[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int expected = i < j ? -1 : i > j;
            assert_int_equal(compare(OTA_ORDER_SEMVER, ascending[i], ascending[j]), expected);
        }
}

static void numbers_of_any_length(void **state)
{
    (void)state;
    const char *big = "123456789012345678901234567890.0.0"; /* 30 digits */
    const char *bigger = "123456789012345678901234567891.0.0";
    assert_int_equal(compare(OTA_ORDER_SEMVER, big, bigger), -1);
    assert_int_equal(compare(OTA_ORDER_SEMVER, bigger, big), 1);
    assert_int_equal(compare(OTA_ORDER_SEMVER, "99999999999999999999.0.0", big), -1);
    assert_int_equal(compare(OTA_ORDER_SEMVER, "1.0.0-999999999999999999999999999999",
                             "1.0.0-1000000000000000000000000000000"),
                     -1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "fw000000000000000000000000000042", "fw41"), 1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "v123456789012345678901234567890",
                             "v123456789012345678901234567889"),
                     1);
    /* The examples of SPEC 13.1. */
    assert_int_equal(compare(OTA_ORDER_NATURAL, "2.9", "2.10"), -1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "2.10", "2.10.1"), -1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "2.10.1", "2.10a"), -1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "V1.9", "V1.10"), -1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "EC200UCNAAR03A05M08", "EC200UCNAAR03A06M08"), -1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "1.0", "1.0-rc1"), -1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "01.2", "1.2"), -1);
    assert_int_equal(compare(OTA_ORDER_NATURAL, "1.2", "01.2"), 1);
}

static void what_is_no_token(void **state)
{
    (void)state;
    static const char *const not_semver[] = {
        "2.4",     "v2.4.0", "2.4.0_b1",       "02.4.0",     "2.04.0",
        "2.4.00",  "2.4.0-", "2.4.0-01",       "2.4.0-a..b", "2.4.0-a.",
        "2.4.0.1", "",       "1.0.0-\xc3\xa9", "-1.0.0",     "1.0.0+build"};
    for (size_t i = 0; i < sizeof not_semver / sizeof not_semver[0]; i++)
        assert_int_equal(ota_version_is_ordered(OTA_ORDER_SEMVER, not_semver[i]), 0);
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_SEMVER, "2.4.0-0.rc-1.x"), 1);
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_NATURAL, "2.4.0_b1"), 1);
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_NATURAL, "2.4 beta"), 0);
    char long_token[70];
    memset(long_token, '1', 65);
    long_token[65] = '\0';
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_NATURAL, long_token), 0);
    long_token[64] = '\0';
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_NATURAL, long_token), 1);
    /* A semver of 64 bytes is one; of 65, or with 64 digits in a row, not. */
    char semver[80];
    snprintf(semver, sizeof semver, "1.2.%0*d", 60, 0);
    semver[4] = '3'; /* no leading zero: "1.2.3000...0", 64 bytes */
    assert_int_equal(strlen(semver), 64);
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_SEMVER, semver), 1);
    strcat(semver, "0");
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_SEMVER, semver), 0);
    memset(semver, '7', 70);
    semver[70] = '\0';
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_SEMVER, semver), 0);
    snprintf(semver, sizeof semver, "1.2.3-%0*d", 58, 1);
    semver[6] = 'a';
    assert_int_equal(strlen(semver), 64);
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_SEMVER, semver), 1);
    strcat(semver, "1");
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_SEMVER, semver), 0);
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_NONE, "1.0"), 0);
    assert_int_equal(ota_version_is_ordered(OTA_ORDER_SEMVER, NULL), 0);
    int32_t result;
    assert_int_equal(ota_version_compare(OTA_ORDER_SEMVER, "2.4", "2.4.0", &result),
                     OTA_ERR_ARGUMENT);
    assert_int_equal(ota_version_compare(3, "1", "2", &result), OTA_ERR_ARGUMENT);
    assert_int_equal(ota_version_compare(OTA_ORDER_SEMVER, NULL, "2.4.0", &result), OTA_ERR_NULL);
    assert_int_equal(ota_version_compare(OTA_ORDER_SEMVER, "2.4.0", "2.4.0", NULL), OTA_ERR_NULL);
    assert_string_equal(ota_version_order_name(OTA_ORDER_SEMVER), "semver");
    assert_string_equal(ota_version_order_name(OTA_ORDER_NATURAL), "natural");
    assert_null(ota_version_order_name(OTA_ORDER_NONE));
    assert_null(ota_version_order_name(3));
}

/* Tokens where a careless comparison goes wrong. */
static const char *const tricky[] = {"0.0.0",
                                     "0.0.1",
                                     "0.1.0",
                                     "1.0.0",
                                     "1.0.1",
                                     "1.1.0",
                                     "1.10.0",
                                     "1.9.0",
                                     "10.0.0",
                                     "9.0.0",
                                     "1.0.0-0",
                                     "1.0.0-1",
                                     "1.0.0-2",
                                     "1.0.0-10",
                                     "1.0.0-a",
                                     "1.0.0-A",
                                     "1.0.0-Z",
                                     "1.0.0--",
                                     "1.0.0-a-",
                                     "1.0.0-a.0",
                                     "1.0.0-a.1",
                                     "1.0.0-a.a",
                                     "1.0.0-a.-",
                                     "1.0.0-1a",
                                     "1.0.0-01a",
                                     "1.0.0-rc.1",
                                     "1.0.0-rc.1.0",
                                     "1.0.0-rc.10",
                                     "1.0.0-rc1",
                                     "1.0.0-beta",
                                     "1.0.0-alpha",
                                     "1.0.0-alpha.beta",
                                     "1.0.0-x.7.z.92",
                                     "2.0.0-0.3.7",
                                     "123456789012345678901234567890.0.0",
                                     "2.4",
                                     "2.9",
                                     "2.10",
                                     "2.10.1",
                                     "2.10a",
                                     "02.10",
                                     "2.010",
                                     "V1.9",
                                     "V1.10",
                                     "v1.9",
                                     "EC200UCNAAR03A05M08",
                                     "EC200UCNAAR03A06M08",
                                     "EC200UCNAAR3A5M8",
                                     "1.0-rc1",
                                     "1.0_rc1",
                                     "a",
                                     "a1",
                                     "a01",
                                     "a10",
                                     "ab",
                                     "1",
                                     "01",
                                     "001",
                                     "0",
                                     "00",
                                     "_",
                                     "-",
                                     "."};

static void pairs_and_triples(void **state)
{
    (void)state;
    size_t n = sizeof tricky / sizeof tricky[0];
    assert_true(n >= 60);
    static const int32_t orders[] = {OTA_ORDER_SEMVER, OTA_ORDER_NATURAL};
    for (size_t o = 0; o < 2; o++) {
        int32_t order = orders[o];
        const char *tokens[80];
        size_t count = 0;
        for (size_t i = 0; i < n; i++)
            if (ota_version_is_ordered(order, tricky[i]))
                tokens[count++] = tricky[i];
        assert_true(count >= (order == OTA_ORDER_SEMVER ? 30 : 60));
        static int table[80][80];
        for (size_t i = 0; i < count; i++)
            for (size_t j = 0; j < count; j++) {
                table[i][j] = compare(order, tokens[i], tokens[j]);
                /* Equal exactly for the same bytes. */
                assert_int_equal(table[i][j] == 0, strcmp(tokens[i], tokens[j]) == 0);
            }
        for (size_t i = 0; i < count; i++)
            for (size_t j = 0; j < count; j++) {
                assert_int_equal(table[i][j], -table[j][i]);
                for (size_t k = 0; k < count; k++)
                    if (table[i][j] < 0 && table[j][k] < 0)
                        assert_int_equal(table[i][k], -1);
            }
    }
}

static uint64_t random_state = 0x9E3779B97F4A7C15u;

static uint32_t next_random(void)
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return (uint32_t)(random_state >> 11);
}

/* A random token: natural-ish bytes, or a near-semver that is often one. */
static void random_token(char *out)
{
    static const char bytes[] = "0000111299aAzZ_.-.-";
    size_t length = 1 + next_random() % 14;
    if (next_random() % 2) {
        for (size_t i = 0; i < length; i++)
            out[i] = bytes[next_random() % (sizeof bytes - 1)];
        out[length] = '\0';
        return;
    }
    static const char *const numbers[] = {
        "0", "1", "2", "9", "10", "11", "01", "100", "99999999999999999999"};
    static const char *const identifiers[] = {"0",  "1",   "2",  "10", "01",  "a", "b", "alpha",
                                              "rc", "rc1", "1a", "-",  "a-b", "A", ""};
    int at = sprintf(out, "%s.%s.%s", numbers[next_random() % 9], numbers[next_random() % 9],
                     numbers[next_random() % 9]);
    if (next_random() % 3) {
        uint32_t parts = 1 + next_random() % 3;
        for (uint32_t p = 0; p < parts; p++)
            at += sprintf(out + at, "%s%s", p ? "." : "-", identifiers[next_random() % 15]);
    }
}

static void against_the_slow_reference(void **state)
{
    (void)state;
    syntax_session *session = ota__syntax_session_new(NULL);
    assert_non_null(session);
    long pairs = 0, semver_pairs = 0;
    for (long i = 0; i < 1000000; i++) {
        /* All of them defined: valgrind saw PCRE2's JIT read past the token. */
        char a[80] = {0}, b[80] = {0};
        random_token(a);
        random_token(b);
        ordered_version x, y;
        /* The grammar three ways: by hand, by PCRE2, by the reference. */
        int a_semver = ota__version_parse(OTA_ORDER_SEMVER, a, &x);
        assert_int_equal(a_semver, slow_is_semver(a));
        assert_int_equal(a_semver, ota__syntax_is_semver(session, a, strlen(a)));
        int b_semver = ota__version_parse(OTA_ORDER_SEMVER, b, &y);
        if (a_semver && b_semver) {
            int got = sign(ota__version_compare(OTA_ORDER_SEMVER, &x, &y));
            if (got != slow_compare(OTA_ORDER_SEMVER, a, b))
                fail_msg("semver %s vs %s: %d, reference %d", a, b, got,
                         slow_compare(OTA_ORDER_SEMVER, a, b));
            semver_pairs++;
        }
        if (ota__version_parse(OTA_ORDER_NATURAL, a, &x) &&
            ota__version_parse(OTA_ORDER_NATURAL, b, &y)) {
            int got = sign(ota__version_compare(OTA_ORDER_NATURAL, &x, &y));
            if (got != slow_compare(OTA_ORDER_NATURAL, a, b))
                fail_msg("natural %s vs %s: %d, reference %d", a, b, got,
                         slow_compare(OTA_ORDER_NATURAL, a, b));
            pairs++;
        }
    }
    ota__syntax_session_free(session);
    /* Most pairs are tokens of the order, so the comparison was exercised. */
    assert_true(pairs > 900000);
    assert_true(semver_pairs > 50000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(semver_precedence_list),     cmocka_unit_test(numbers_of_any_length),
        cmocka_unit_test(what_is_no_token),           cmocka_unit_test(pairs_and_triples),
        cmocka_unit_test(against_the_slow_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
