/* The two orders of versions (SPEC 13.1), byte by byte: no allocation, no
 * library call, numeric identifiers of any length compared as integers
 * without being limited to an integer type.  Evaluation parses a device's
 * version once and compares it with bounds parsed when the plan was
 * compiled.
 *
 * The common cases are inline (evaluation expands them): a semver's
 * MAJOR.MINOR.PATCH as three integers, and a natural comparison decided
 * where the two tokens first differ.  Everything else (pre-releases,
 * numbers of 20 digits or more, leading zeros at the difference) takes
 * the general path of version_order.c, which the unit tests and the fuzz
 * target hold to a plain reading of the text. */
#ifndef OTA_VERSION_ORDER_H
#define OTA_VERSION_ORDER_H

#include "hot.h"
#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A version token is at most 64 bytes (SPEC 3.1), so offsets fit a byte. */
#define OTA_VERSION_TOKEN_MAX 64

/* A version as its order reads it.  Semver: the ends of MAJOR, MINOR and
 * PATCH, their values (when none has more than 19 digits: `big` 0), and
 * the start of the pre-release (0: none).  Natural needs the bytes only. */
typedef struct ordered_version {
    const char *text;
    uint8_t length;
    uint8_t core_end[3];
    uint8_t prerelease;
    uint8_t big;
    uint64_t core[3];
} ordered_version;

/* 1 for the bytes of a version token, [A-Za-z0-9_.-]; 0 for NUL. */
extern const uint8_t ota__version_token_byte[256];

/* The general paths (version_order.c). */
int ota__semver_parse_prerelease(ordered_version *out, size_t from);
int ota__version_compare_general(int32_t order, const ordered_version *a, const ordered_version *b,
                                 size_t same);

static inline int version_is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}

OTA_HOT_INLINE int semver_parse(const char *text, ordered_version *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    uint8_t big = 0;
    for (int part = 0; part < 3; part++) {
        size_t start = i;
        unsigned digit = (unsigned)s[i] - '0';
        if (digit > 9)
            return 0;
        uint64_t value = digit;
        /* A digit run ends at a non-digit, NUL among them; the bound keeps
         * a run of digits from being read past 65 bytes (a run that reaches
         * byte 64 makes the token too long, which the byte there, no '.',
         * NUL or '-', then rejects). */
        while (i < OTA_VERSION_TOKEN_MAX && (digit = (unsigned)s[++i] - '0') <= 9)
            value = value * 10 + digit;
        if (s[start] == '0' && i - start > 1)
            return 0;          /* a leading zero */
        big |= i - start > 19; /* the value wrapped: compare the digits */
        out->core[part] = value;
        out->core_end[part] = (uint8_t)i;
        if (part < 2 && s[i++] != '.')
            return 0;
    }
    out->big = big;
    out->prerelease = 0;
    if (i > OTA_VERSION_TOKEN_MAX)
        return 0;
    if (s[i] == '\0') {
        out->length = (uint8_t)i;
        return 1;
    }
    return s[i] == '-' && ota__semver_parse_prerelease(out, i + 1);
}

OTA_HOT_INLINE int natural_parse(const char *text, ordered_version *out)
{
    /* Eight bytes a step, the bound checked once a step: a byte that is
     * no token byte (NUL among them) ends the token, so no byte after the
     * string's end is read. */
    const unsigned char *s = (const unsigned char *)text;
    const uint8_t *token = ota__version_token_byte;
    size_t i = 0;
    for (; i <= OTA_VERSION_TOKEN_MAX; i += 8) {
        if (!token[s[i]])
            break;
        if (!token[s[i + 1]]) {
            i += 1;
            break;
        }
        if (!token[s[i + 2]]) {
            i += 2;
            break;
        }
        if (!token[s[i + 3]]) {
            i += 3;
            break;
        }
        if (!token[s[i + 4]]) {
            i += 4;
            break;
        }
        if (!token[s[i + 5]]) {
            i += 5;
            break;
        }
        if (!token[s[i + 6]]) {
            i += 6;
            break;
        }
        if (!token[s[i + 7]]) {
            i += 7;
            break;
        }
    }
    if (i == 0 || i > OTA_VERSION_TOKEN_MAX || s[i] != '\0')
        return 0;
    out->length = (uint8_t)i;
    return 1;
}

/* 1 with *out if the NUL-terminated `text` is a token of `order`
 * (OTA_ORDER_SEMVER: a semver of SPEC 13.1; OTA_ORDER_NATURAL: any
 * version token), else 0.  Reads no byte past its NUL, and not more than
 * the first 72 of a longer string. */
OTA_HOT_INLINE int ota__version_parse(int32_t order, const char *text, ordered_version *out)
{
    out->text = text;
    if (order == OTA_ORDER_SEMVER)
        return semver_parse(text, out);
    return order == OTA_ORDER_NATURAL && natural_parse(text, out);
}

/* How many leading bytes a and b share, of the first n; a word at a time
 * where the bytes are there to read. */
static inline size_t version_common_prefix(const char *a, const char *b, size_t n)
{
    size_t i = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return i + (size_t)(__builtin_ctzll(x ^ y) >> 3);
    }
#endif
    while (i < n && a[i] == b[i])
        i++;
    return i;
}

static inline size_t digits_end(const char *s, size_t i, size_t length)
{
    while (i < length && version_is_digit((unsigned char)s[i]))
        i++;
    return i;
}

/* Natural order where the first difference decides it alone: other bytes
 * there, a token that ends there, or digit runs whose values start at a
 * significant digit; -2 when it does not (the general path). */
static inline int natural_at_difference(const ordered_version *a, const ordered_version *b,
                                        size_t same)
{
    /* A token that is a proper prefix of the other is below it: its last
     * run is a prefix of the other's (or, of zeros, equal in value and
     * shorter), or it has fewer runs. */
    if (same == a->length)
        return -1;
    if (same == b->length)
        return 1;
    unsigned char x = (unsigned char)a->text[same], y = (unsigned char)b->text[same];
    int x_digit = version_is_digit(x), y_digit = version_is_digit(y);
    int after_digit = same > 0 && version_is_digit((unsigned char)a->text[same - 1]);
    if (!x_digit && !y_digit)
        return x < y ? -1 : 1; /* the same run, or two other runs from here */
    if (x_digit != y_digit)
        /* After other bytes: the digit ends the shared run there, which
         * makes it a prefix of the other's. */
        return after_digit ? -2 : x_digit ? -1 : 1;
    /* Two digit runs: from their shared start, past leading zeros. */
    size_t start = same;
    while (start > 0 && version_is_digit((unsigned char)a->text[start - 1]))
        start--;
    while (start < same && a->text[start] == '0')
        start++;
    if (start == same && (x == '0' || y == '0'))
        return -2; /* a leading zero at the difference */
    size_t x_end = digits_end(a->text, same, a->length),
           y_end = digits_end(b->text, same, b->length);
    if (x_end != y_end)
        return x_end < y_end ? -1 : 1; /* more significant digits */
    return x < y ? -1 : 1;
}

/* <0, 0 or >0 as a is below, equal to or above b; both parsed for `order`.
 * 0 only for equal bytes: the orders are total on their tokens. */
OTA_HOT_INLINE int ota__version_compare(int32_t order, const ordered_version *a,
                                        const ordered_version *b)
{
    if (order == OTA_ORDER_SEMVER) {
        if (!(a->big | b->big)) {
            for (int part = 0; part < 3; part++)
                if (a->core[part] != b->core[part])
                    return a->core[part] < b->core[part] ? -1 : 1;
            /* Rule 3 of SemVer's section 11: a pre-release is below its
             * release. */
            if (!a->prerelease || !b->prerelease)
                return (a->prerelease == 0) - (b->prerelease == 0);
        }
        return ota__version_compare_general(order, a, b, 0);
    }
    size_t shorter = a->length < b->length ? a->length : b->length;
    size_t same = version_common_prefix(a->text, b->text, shorter);
    if (same == a->length && same == b->length)
        return 0;
    int order_at = natural_at_difference(a, b, same);
    return order_at != -2 ? order_at : ota__version_compare_general(order, a, b, same);
}

#endif
