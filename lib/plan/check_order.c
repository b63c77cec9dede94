/* SPEC 13.4: a component's version order, its bounds and downgrades. */
#include "checker.h"

#include "diag.h"
#include "syntax.h"
#include "version_order.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A diagnostic at components[index].field ("" for the component). */
__attribute__((format(printf, 5, 6))) static void add(checker *c, int32_t code, uint32_t index,
                                                      const char *field, const char *format, ...)
{
    char path[64], message[512];
    snprintf(path, sizeof path, "components[%u]%s%s", index, field[0] ? "." : "", field);
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    ota__diag_add(c->list, code, path, "%s", message);
}

static const char token_rule[] =
    "a version is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'";

/* What the component's order makes of one of its tokens. */
typedef struct token_check {
    int valid;   /* a version token (SPEC 3.1) */
    int ordered; /* and a token of the order, parsed into `version` */
    ordered_version version;
} token_check;

static token_check check_token(checker *c, int32_t order, const char *text)
{
    token_check t = {0};
    if (!text)
        return t;
    size_t length = strlen(text);
    t.valid = ota__syntax_is_token(c->syntax, text, length);
    /* The grammar is PCRE2's; the parse behind it gives the comparable form. */
    int of_order = order == OTA_ORDER_SEMVER ? ota__syntax_is_semver(c->syntax, text, length)
                                             : order == OTA_ORDER_NATURAL && t.valid;
    t.ordered = t.valid && of_order && ota__version_parse(order, text, &t.version);
    return t;
}

static void unordered(checker *c, int32_t order, const char *field, uint32_t index,
                      const char *text)
{
    add(c, OTA_CODE_VERSION_UNORDERED, index, field, "%s is not a %s version%s", text,
        order == OTA_ORDER_SEMVER ? "semver" : "natural",
        order == OTA_ORDER_SEMVER
            ? " (MAJOR.MINOR.PATCH, optionally -PRERELEASE, numbers without leading "
              "zeros)"
            : "");
}

/* A token of the plan under the order: version_unordered if it is valid
 * but no token of the order. */
static token_check ordered_token(checker *c, const ota_component *k, uint32_t index,
                                 const char *field, const char *text)
{
    token_check t = check_token(c, k->version_order, text);
    if (t.valid && !t.ordered)
        unordered(c, k->version_order, field, index, text);
    return t;
}

static int above(int32_t order, const token_check *a, const token_check *b)
{
    return ota__version_compare(order, &a->version, &b->version) > 0;
}

/* specified_versions under the order, one diagnostic a token; returns 1 if
 * every token is ordered and at or above the target. */
static int check_specified(checker *c, const ota_component *k, uint32_t index,
                           const token_check *target)
{
    size_t starts[OTA_MAX_SPECIFIED_VERSIONS], lengths[OTA_MAX_SPECIFIED_VERSIONS];
    int all_valid;
    size_t count = ota__syntax_split_versions(c->syntax, k->specified_versions, starts, lengths,
                                              OTA_MAX_SPECIFIED_VERSIONS, &all_valid);
    if (!all_valid || count > OTA_MAX_SPECIFIED_VERSIONS)
        return 0; /* specified_versions_invalid / _too_many said it */
    int none_below = target->ordered;
    for (size_t i = 0; i < count; i++) {
        /* All of it defined: valgrind saw PCRE2's JIT read past the token. */
        char token[OTA_VERSION_TOKEN_MAX + 1] = {0};
        memcpy(token, k->specified_versions + starts[i], lengths[i]);
        token[lengths[i]] = '\0';
        token_check t = ordered_token(c, k, index, "specified_versions", token);
        none_below &= t.ordered && target->ordered &&
                      ota__version_compare(k->version_order, &t.version, &target->version) >= 0;
    }
    return none_below;
}

/* min_version or below_version: where it applies and whether it is a
 * token of the order. */
static token_check check_bound(checker *c, const ota_component *k, uint32_t index,
                               const char *field, const char *text)
{
    token_check none = {0};
    if (!text)
        return none;
    token_check t = check_token(c, k->version_order, text);
    if (!t.valid) {
        add(c, OTA_CODE_VERSION_INVALID, index, field, "%s", token_rule);
        return none;
    }
    if (k->version_order == OTA_ORDER_NONE) {
        add(c, OTA_CODE_VERSION_ORDER_MISSING, index, field,
            "%s needs a version_order (semver or natural) to compare versions with", field);
        return none;
    }
    if (k->version_order != OTA_ORDER_SEMVER && k->version_order != OTA_ORDER_NATURAL)
        return none; /* version_order_invalid said it */
    if (k->method == OTA_METHOD_FULL && k->specified_versions) {
        add(c, OTA_CODE_VERSION_RANGE_WITH_LIST, index, field,
            "%s cannot narrow specified_versions: give the versions, or a range", field);
        return none;
    }
    if (k->method == OTA_METHOD_DELTA) {
        add(c, OTA_CODE_VERSION_RANGE_NOT_APPLICABLE, index, field,
            "%s does not apply to a delta package and is ignored; a delta package applies to "
            "devices at its source_version",
            field);
        return none;
    }
    if (!t.ordered)
        unordered(c, k->version_order, field, index, text);
    return t;
}

static void check_allow_downgrade(checker *c, const ota_component *k, uint32_t index)
{
    int32_t value = k->allow_downgrade;
    if (value != OTA_DOWNGRADE_ABSENT && value != OTA_DOWNGRADE_ALLOWED &&
        value != OTA_DOWNGRADE_DENIED)
        add(c, OTA_CODE_FIELD_TYPE_INVALID, index, "allow_downgrade",
            "allow_downgrade must be OTA_DOWNGRADE_ALLOWED or OTA_DOWNGRADE_DENIED (or 0, absent), "
            "not %d",
            (int)value);
    else if (value != OTA_DOWNGRADE_ABSENT && k->version_order == OTA_ORDER_NONE)
        add(c, OTA_CODE_ALLOW_DOWNGRADE_NOT_APPLICABLE, index, "allow_downgrade",
            "allow_downgrade does not apply to a component without version_order and is "
            "ignored; without an order no version is newer than another");
}

static void never_applies(checker *c, uint32_t index, const char *why)
{
    add(c, OTA_CODE_COMPONENT_NEVER_APPLIES, index, "",
        "the component applies to no device: %s, and downgrades are not allowed", why);
}

void ota__check_component_order(checker *c, uint32_t index)
{
    const ota_component *k = &c->plan->components[index];
    int32_t order = k->version_order;
    int ordered = order == OTA_ORDER_SEMVER || order == OTA_ORDER_NATURAL;
    int full = k->method == OTA_METHOD_FULL, delta = k->method == OTA_METHOD_DELTA;
    if (order != OTA_ORDER_NONE && !ordered)
        add(c, OTA_CODE_VERSION_ORDER_INVALID, index, "version_order",
            "version_order must be semver or natural");
    token_check target = {0}, source = {0};
    int list_at_or_above_target = 0;
    if (ordered) {
        target = ordered_token(c, k, index, "target_version", k->target_version);
        if (delta && k->source_version)
            source = ordered_token(c, k, index, "source_version", k->source_version);
        if (full && k->specified_versions)
            list_at_or_above_target = check_specified(c, k, index, &target);
    }
    check_allow_downgrade(c, k, index);
    token_check min = check_bound(c, k, index, "min_version", k->min_version);
    token_check below = check_bound(c, k, index, "below_version", k->below_version);
    if (min.ordered && below.ordered && !above(order, &below, &min))
        add(c, OTA_CODE_VERSION_RANGE_EMPTY, index, "below_version",
            "no version is at or above min_version %s and below below_version %s", k->min_version,
            k->below_version);
    if (!ordered || k->allow_downgrade == OTA_DOWNGRADE_ALLOWED || !target.ordered)
        return;
    if (delta && source.ordered && above(order, &source, &target))
        never_applies(c, index, "its source_version is above its target_version");
    else if (full && list_at_or_above_target)
        never_applies(c, index, "every specified version is at or above the target_version");
    else if (full && min.ordered && !above(order, &target, &min))
        never_applies(c, index, "min_version is at or above the target_version");
}
