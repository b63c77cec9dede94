/* SPEC 13.1: semver precedence and natural order. */
#include "version_order.h"

#include <string.h>

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_token_char(unsigned char c)
{
    return is_digit(c) || is_alpha(c) || c == '_' || c == '.' || c == '-';
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

/* A numeric identifier at s[i..): "0" or [1-9][0-9]*; the index after it,
 * or 0 when there is none. */
static size_t numeric_identifier(const unsigned char *s, size_t i, size_t length)
{
    if (i >= length || !is_digit(s[i]))
        return 0;
    if (s[i] == '0')
        return i + 1 < length && is_digit(s[i + 1]) ? 0 : i + 1;
    while (i < length && is_digit(s[i]))
        i++;
    return i;
}

/* A pre-release identifier at s[i..): non-empty [0-9A-Za-z-], and no
 * leading zero when all digits; the index after it, or 0. */
static size_t prerelease_identifier(const unsigned char *s, size_t i, size_t length)
{
    size_t start = i;
    int digits_only = 1;
    while (i < length && (is_digit(s[i]) || is_alpha(s[i]) || s[i] == '-')) {
        digits_only &= is_digit(s[i]);
        i++;
    }
    if (i == start)
        return 0;
    if (digits_only && s[start] == '0' && i - start > 1)
        return 0;
    return i;
}

static int parse_semver(const unsigned char *s, size_t length, ordered_version *out)
{
    size_t i = 0;
    for (int part = 0; part < 3; part++) {
        size_t end = numeric_identifier(s, i, length);
        if (!end)
            return 0;
        out->core_end[part] = (uint8_t)end;
        i = end;
        if (part < 2) {
            if (i >= length || s[i] != '.')
                return 0;
            i++;
        }
    }
    out->prerelease = 0;
    if (i == length)
        return 1;
    if (s[i] != '-')
        return 0;
    out->prerelease = (uint8_t)(i + 1);
    for (i++;; i++) {
        i = prerelease_identifier(s, i, length);
        if (!i)
            return 0;
        if (i == length)
            return 1;
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

static int compare_natural(const ordered_version *a, const ordered_version *b)
{
    size_t shorter = a->length < b->length ? a->length : b->length, same = 0;
    while (same < shorter && a->text[same] == b->text[same])
        same++;
    if (same == a->length && same == b->length)
        return 0;
    /* The runs that end before the first difference are equal: start at
     * the run that holds the last equal byte. */
    size_t from = same > 0 ? run_start(a->text, same - 1) : 0;
    return compare_runs(a->text, a->length, b->text, b->length, from);
}

/* ------------------------------------------------------------- interface */

int ota__version_parse(int32_t order, const char *text, size_t length, ordered_version *out)
{
    if (length == 0 || length > OTA_VERSION_TOKEN_MAX)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    out->text = text;
    out->length = (uint8_t)length;
    if (order == OTA_ORDER_SEMVER)
        return parse_semver(s, length, out);
    if (order != OTA_ORDER_NATURAL)
        return 0;
    for (size_t i = 0; i < length; i++)
        if (!is_token_char(s[i]))
            return 0;
    return 1;
}

int ota__version_parse_cstr(int32_t order, const char *text, ordered_version *out)
{
    size_t length = 0;
    while (length <= OTA_VERSION_TOKEN_MAX && text[length])
        length++;
    return ota__version_parse(order, text, length, out);
}

int ota__version_compare(int32_t order, const ordered_version *a, const ordered_version *b)
{
    return order == OTA_ORDER_SEMVER ? compare_semver(a, b) : compare_natural(a, b);
}

/* ------------------------------------------------------------ public API */

int32_t ota_version_is_ordered(int32_t order, const char *version)
{
    ordered_version parsed;
    return version && ota__version_parse_cstr(order, version, &parsed);
}

int32_t ota_version_compare(int32_t order, const char *a, const char *b, int32_t *result)
{
    if (!a || !b || !result)
        return OTA_ERR_NULL;
    ordered_version x, y;
    if (!ota__version_parse_cstr(order, a, &x) || !ota__version_parse_cstr(order, b, &y))
        return OTA_ERR_ARGUMENT;
    int order_of = ota__version_compare(order, &x, &y);
    *result = (order_of > 0) - (order_of < 0);
    return OTA_OK;
}
