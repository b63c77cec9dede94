/* SPEC 13.1: semver precedence and natural order. */
#include "version_order.h"

#include <string.h>

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Two numbers without leading zeros: the longer is larger, and equal
 * lengths compare by their digits. */
static int compare_numbers(const char *a, size_t a_length, const char *b, size_t b_length)
{
    if (a_length != b_length)
        return a_length < b_length ? -1 : 1;
    return memcmp(a, b, a_length);
}

/* Two runs of bytes: the first difference, else the shorter is smaller. */
static int compare_bytes(const char *a, size_t a_length, const char *b, size_t b_length)
{
    int order = memcmp(a, b, a_length < b_length ? a_length : b_length);
    if (order)
        return order;
    return a_length < b_length ? -1 : a_length > b_length;
}

/* ---------------------------------------------------------------- semver */

/* The bytes of pre-release identifiers, [0-9A-Za-z-]: 2 for a digit, 1
 * for the others. */
static const uint8_t identifier_byte[256] = {
    ['-'] = 1, ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2,
    ['7'] = 2, ['8'] = 2, ['9'] = 2, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1,
    ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1,
    ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1,
    ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1,
    ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1,
    ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1};

/* A pre-release identifier at s[i..): non-empty [0-9A-Za-z-], and no
 * leading zero when all digits; the index after it, or 0. */
static size_t prerelease_identifier(const unsigned char *s, size_t i)
{
    size_t start = i;
    unsigned kinds = 0; /* the OR of the bytes' classes: 2 alone is all digits */
    while (i <= OTA_VERSION_TOKEN_MAX && identifier_byte[s[i]])
        kinds |= identifier_byte[s[i++]];
    int digits_only = kinds == 2;
    if (i == start || i > OTA_VERSION_TOKEN_MAX)
        return 0;
    if (digits_only && s[start] == '0' && i - start > 1)
        return 0;
    return i;
}

int ota__semver_parse_prerelease(ordered_version *out, size_t from)
{
    const unsigned char *s = (const unsigned char *)out->text;
    out->prerelease = (uint8_t)from;
    for (size_t i = from;; i++) {
        i = prerelease_identifier(s, i);
        if (!i)
            return 0;
        if (s[i] == '\0') {
            out->length = (uint8_t)i;
            return 1;
        }
        if (s[i] != '.')
            return 0;
    }
}

/* The end of the identifier that starts at i, and whether it is numeric. */
static size_t identifier_end(const char *s, size_t i, size_t length, int *numeric)
{
    *numeric = 1;
    while (i < length && s[i] != '.') {
        *numeric &= is_digit((unsigned char)s[i]);
        i++;
    }
    return i;
}

/* SemVer 2.0.0, section 11, rule 4: identifier by identifier; numeric ones
 * numerically and below alphanumeric ones; more identifiers win a tie. */
static int compare_prerelease(const ordered_version *a, const ordered_version *b)
{
    size_t i = a->prerelease, j = b->prerelease;
    for (;;) {
        int a_done = i > a->length, b_done = j > b->length;
        if (a_done || b_done)
            return a_done && b_done ? 0 : a_done ? -1 : 1;
        int a_numeric, b_numeric;
        size_t a_end = identifier_end(a->text, i, a->length, &a_numeric);
        size_t b_end = identifier_end(b->text, j, b->length, &b_numeric);
        int order;
        if (a_numeric && b_numeric)
            order = compare_numbers(a->text + i, a_end - i, b->text + j, b_end - j);
        else if (a_numeric != b_numeric)
            order = a_numeric ? -1 : 1;
        else
            order = compare_bytes(a->text + i, a_end - i, b->text + j, b_end - j);
        if (order)
            return order;
        i = a_end + 1;
        j = b_end + 1;
    }
}

/* Any two semvers: the core numbers by their digits (of any length),
 * then the pre-releases. */
static int compare_semver(const ordered_version *a, const ordered_version *b)
{
    size_t a_start = 0, b_start = 0;
    for (int part = 0; part < 3; part++) {
        int order = compare_numbers(a->text + a_start, a->core_end[part] - a_start,
                                    b->text + b_start, b->core_end[part] - b_start);
        if (order)
            return order;
        a_start = a->core_end[part] + 1u;
        b_start = b->core_end[part] + 1u;
    }
    /* Rule 3: a pre-release is below its release. */
    if (!a->prerelease || !b->prerelease)
        return (a->prerelease == 0) - (b->prerelease == 0);
    return compare_prerelease(a, b);
}

/* --------------------------------------------------------------- natural */

/* Where the run holding s[i] starts: the runs before it are those of any
 * token sharing the bytes s[0..i]. */
static size_t run_start(const char *s, size_t i)
{
    int digit = is_digit((unsigned char)s[i]);
    while (i > 0 && is_digit((unsigned char)s[i - 1]) == digit)
        i--;
    return i;
}

static size_t run_end(const char *s, size_t i, size_t length, int digit)
{
    while (i < length && is_digit((unsigned char)s[i]) == digit)
        i++;
    return i;
}

static size_t skip_zeros(const char *s, size_t i, size_t end)
{
    while (i < end && s[i] == '0')
        i++;
    return i;
}

/* The runs of a[from..) and b[from..) compared; from is a run start in
 * both, and the bytes before it are equal. */
static int compare_runs(const char *a, size_t a_length, const char *b, size_t b_length, size_t from)
{
    size_t i = from, j = from;
    while (i < a_length && j < b_length) {
        int a_digit = is_digit((unsigned char)a[i]), b_digit = is_digit((unsigned char)b[j]);
        if (a_digit != b_digit)
            return a_digit ? -1 : 1;
        size_t a_end = run_end(a, i, a_length, a_digit), b_end = run_end(b, j, b_length, b_digit);
        int order;
        if (a_digit) {
            /* The value of a digit run: its digits after the leading zeros. */
            size_t a_from = skip_zeros(a, i, a_end), b_from = skip_zeros(b, j, b_end);
            order = compare_numbers(a + a_from, a_end - a_from, b + b_from, b_end - b_from);
        } else {
            order = compare_bytes(a + i, a_end - i, b + j, b_end - j);
        }
        if (order)
            return order;
        i = a_end;
        j = b_end;
    }
    if (i < a_length || j < b_length)
        return i < a_length ? 1 : -1; /* more runs */
    /* Equal in every run and in their number (01.2, 1.2): the bytes. */
    return compare_bytes(a + from, a_length - from, b + from, b_length - from);
}

/* The runs from the one that holds the last equal byte: those before it
 * are equal in both tokens. */
static int compare_natural(const ordered_version *a, const ordered_version *b, size_t same)
{
    size_t from = same > 0 ? run_start(a->text, same - 1) : 0;
    return compare_runs(a->text, a->length, b->text, b->length, from);
}

/* ------------------------------------------------------------- interface */

const uint8_t ota__version_token_byte[256] = {
    ['-'] = 1, ['.'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
    ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['_'] = 1, ['a'] = 1,
    ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
    ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1,
    ['z'] = 1};

int ota__version_compare_general(int32_t order, const ordered_version *a, const ordered_version *b,
                                 size_t same)
{
    return order == OTA_ORDER_SEMVER ? compare_semver(a, b) : compare_natural(a, b, same);
}

/* ------------------------------------------------------------ public API */

int32_t ota_version_is_ordered(int32_t order, const char *version)
{
    ordered_version parsed;
    return version && ota__version_parse(order, version, &parsed);
}

int32_t ota_version_compare(int32_t order, const char *a, const char *b, int32_t *result)
{
    if (!a || !b || !result)
        return OTA_ERR_NULL;
    ordered_version x, y;
    if (!ota__version_parse(order, a, &x) || !ota__version_parse(order, b, &y))
        return OTA_ERR_ARGUMENT;
    int order_of = ota__version_compare(order, &x, &y);
    *result = (order_of > 0) - (order_of < 0);
    return OTA_OK;
}
