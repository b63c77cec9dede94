/* SPEC 13.1 read plainly (slow_order.h). */
#include "slow_order.h"

#include <string.h>

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* A run of a natural token: digits or other bytes. */
typedef struct run {
    int digits;
    char text[65];
} run;

static size_t runs_of(const char *s, run *out)
{
    size_t n = 0;
    while (*s) {
        int digits = *s >= '0' && *s <= '9';
        size_t length = 0;
        while (s[length] && (s[length] >= '0' && s[length] <= '9') == digits)
            length++;
        out[n].digits = digits;
        memcpy(out[n].text, s, length);
        out[n].text[length] = '\0';
        n++;
        s += length;
    }
    return n;
}

/* Two decimal numbers of any length: without their leading zeros, the
 * longer is larger, else the first differing digit decides. */
static int slow_numbers(const char *a, const char *b)
{
    while (*a == '0')
        a++;
    while (*b == '0')
        b++;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return la < lb ? -1 : 1;
    return sign(strcmp(a, b));
}

static int slow_natural(const char *a, const char *b)
{
    run ra[64], rb[64];
    size_t na = runs_of(a, ra), nb = runs_of(b, rb);
    for (size_t i = 0; i < na && i < nb; i++) {
        int order;
        if (ra[i].digits != rb[i].digits)
            order = ra[i].digits ? -1 : 1;
        else if (ra[i].digits)
            order = slow_numbers(ra[i].text, rb[i].text);
        else
            order = sign(strcmp(ra[i].text, rb[i].text));
        if (order)
            return order;
    }
    if (na != nb)
        return na < nb ? -1 : 1;
    return sign(strcmp(a, b));
}

static int all_digits(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* Splits `s` at `sep` into at most `capacity` parts (copied). */
static size_t split(const char *s, char sep, char parts[][65], size_t capacity)
{
    size_t n = 0;
    for (;;) {
        const char *end = strchr(s, sep);
        size_t length = end ? (size_t)(end - s) : strlen(s);
        if (n == capacity)
            return capacity + 1;
        memcpy(parts[n], s, length);
        parts[n][length] = '\0';
        n++;
        if (!end)
            return n;
        s = end + 1;
    }
}

/* SemVer's grammar read plainly: a core of three numbers, a pre-release
 * after the first '-', identifiers between dots. */
int slow_is_semver(const char *s)
{
    size_t length = strlen(s);
    if (length == 0 || length > 64)
        return 0;
    char copy[65];
    strcpy(copy, s);
    char *dash = strchr(copy, '-');
    if (dash)
        *dash = '\0';
    char core[4][65];
    if (split(copy, '.', core, 3) != 3)
        return 0;
    for (int i = 0; i < 3; i++)
        if (!core[i][0] || !all_digits(core[i]) || (core[i][0] == '0' && core[i][1]))
            return 0;
    if (!dash)
        return 1;
    char ids[40][65];
    size_t n = split(dash + 1, '.', ids, 39);
    if (n > 39)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!ids[i][0])
            return 0;
        for (const char *c = ids[i]; *c; c++)
            if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
                  (*c >= 'A' && *c <= 'Z') || *c == '-'))
                return 0;
        if (all_digits(ids[i]) && ids[i][0] == '0' && ids[i][1])
            return 0;
    }
    return 1;
}

static int slow_semver(const char *a, const char *b)
{
    char ca[65], cb[65];
    strcpy(ca, a);
    strcpy(cb, b);
    char *pa = strchr(ca, '-'), *pb = strchr(cb, '-');
    if (pa)
        *pa++ = '\0';
    if (pb)
        *pb++ = '\0';
    char xa[4][65], xb[4][65];
    split(ca, '.', xa, 3);
    split(cb, '.', xb, 3);
    for (int i = 0; i < 3; i++) {
        int order = slow_numbers(xa[i], xb[i]);
        if (order)
            return order;
    }
    if (!pa || !pb)
        return (!pa) - (!pb);
    char ia[40][65], ib[40][65];
    size_t na = split(pa, '.', ia, 39), nb = split(pb, '.', ib, 39);
    for (size_t i = 0; i < na && i < nb; i++) {
        int da = all_digits(ia[i]), db = all_digits(ib[i]);
        int order = da && db   ? slow_numbers(ia[i], ib[i])
                    : da != db ? (da ? -1 : 1)
                               : sign(strcmp(ia[i], ib[i]));
        if (order)
            return order;
    }
    return na < nb ? -1 : na > nb;
}

int slow_is_ordered(int32_t order, const char *version)
{
    if (order == OTA_ORDER_SEMVER)
        return slow_is_semver(version);
    if (order != OTA_ORDER_NATURAL)
        return 0;
    size_t length = strlen(version);
    if (length == 0 || length > 64)
        return 0;
    for (const char *c = version; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              *c == '_' || *c == '.' || *c == '-'))
            return 0;
    return 1;
}

int slow_compare(int32_t order, const char *a, const char *b)
{
    return order == OTA_ORDER_SEMVER ? slow_semver(a, b) : slow_natural(a, b);
}
