/* SPEC 3.1: components, versions and the catalog. */
#include "checker.h"

#include "diag.h"
#include "syntax.h"

#include <stdio.h>
#include <string.h>

static int is_version(checker *c, const char *v)
{
    return v && ota__syntax_is_token(c->syntax, v, strlen(v));
}

static int catalog_has(const ota_validate_options *o, const ota_component *k)
{
    for (uint32_t i = 0; i < o->catalog_count; i++) {
        const ota_package *pkg = &o->catalog[i];
        if (pkg->method != k->method || !pkg->id || !pkg->target_version ||
            strcmp(pkg->id, k->id) != 0 || strcmp(pkg->target_version, k->target_version) != 0)
            continue;
        if (k->method == OTA_METHOD_FULL)
            return 1;
        if (pkg->source_version && strcmp(pkg->source_version, k->source_version) == 0)
            return 1;
    }
    return 0;
}

static int is_token_char(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '.' || ch == '-';
}

/* Points at the first fault of a version list: the character that is not
 * allowed and its column (counted in characters from 1), an empty
 * version, or one too long. */
static void hint_version_list(checker *c, const char *list)
{
    size_t column = 1, token_start = 1, token_length = 0;
    for (const unsigned char *s = (const unsigned char *)list;; s++) {
        if (*s == ';' || *s == '\0') {
            if (token_length == 0) {
                ota__diag_hint(c->list,
                               "column %zu: an empty version (a ';' at an end, or two in a row)",
                               column);
                return;
            }
            if (token_length > 64) {
                ota__diag_hint(c->list, "the version at column %zu is longer than 64 characters",
                               token_start);
                return;
            }
            if (*s == '\0')
                return;
            token_start = column + 1;
            token_length = 0;
        } else if (!is_token_char(*s)) {
            size_t bytes = 1;
            while ((s[bytes] & 0xC0) == 0x80 && bytes < 4)
                bytes++;
            if (*s == ' ')
                ota__diag_hint(c->list,
                               "the space at column %zu is not allowed: versions are separated "
                               "by ';' alone",
                               column);
            else if (*s < 0x20 || *s == 0x7F || (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F))
                /* C0, DEL and C1 (U+0080-U+009F, two bytes) are named, never printed. */
                ota__diag_hint(c->list, "the control character U+%04X at column %zu is not allowed",
                               *s == 0xC2 ? s[1] : *s, column);
            else
                ota__diag_hint(c->list,
                               "the character '%.*s' at column %zu is not allowed in a version",
                               (int)bytes, (const char *)s, column);
            return;
        } else {
            token_length++;
        }
        /* Columns count characters: continuation bytes add none. */
        if ((s[1] & 0xC0) != 0x80)
            column++;
    }
}

static void check_specified_versions(checker *c, uint32_t index, const ota_component *k)
{
    size_t starts[OTA_MAX_SPECIFIED_VERSIONS], lengths[OTA_MAX_SPECIFIED_VERSIONS];
    int all_valid;
    size_t count = ota__syntax_split_versions(c->syntax, k->specified_versions, starts, lengths,
                                              OTA_MAX_SPECIFIED_VERSIONS, &all_valid);
    if (!all_valid) {
        ota__diag_addp(c->list, OTA_CODE_SPECIFIED_VERSIONS_INVALID,
                       "specified versions are version tokens separated by ';', none empty",
                       "components[%u].specified_versions", index);
        hint_version_list(c, k->specified_versions);
    }
    if (count > OTA_MAX_SPECIFIED_VERSIONS) {
        ota__diag_addp(c->list, OTA_CODE_SPECIFIED_VERSIONS_TOO_MANY,
                       "at most 8 specified versions are allowed",
                       "components[%u].specified_versions", index);
        return;
    }
    if (!all_valid)
        return;
    const char *list = k->specified_versions;
    int duplicate = 0, has_target = 0;
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < i; j++)
            if (lengths[i] == lengths[j] &&
                memcmp(list + starts[i], list + starts[j], lengths[i]) == 0)
                duplicate = 1;
        if (k->target_version && strlen(k->target_version) == lengths[i] &&
            memcmp(k->target_version, list + starts[i], lengths[i]) == 0)
            has_target = 1;
    }
    if (duplicate)
        ota__diag_addp(c->list, OTA_CODE_SPECIFIED_VERSIONS_DUPLICATE,
                       "a specified version is listed twice", "components[%u].specified_versions",
                       index);
    if (has_target)
        ota__diag_addp(c->list, OTA_CODE_TARGET_IN_SPECIFIED_VERSIONS,
                       "the target version is also a specified version; a device at the target is "
                       "never upgraded",
                       "components[%u].specified_versions", index);
}

static void check_component(checker *c, uint32_t index)
{
    const ota_plan *p = c->plan;
    const ota_component *k = &p->components[index];
    int usable = 1;
    if (k->type != OTA_COMPONENT_MODULE && k->type != OTA_COMPONENT_MCU) {
        ota__diag_addp(c->list, OTA_CODE_COMPONENT_TYPE_INVALID, "type must be module or mcu",
                       "components[%u].type", index);
    } else if (k->type == OTA_COMPONENT_MCU && p->product_type == OTA_PRODUCT_SUBDEVICE) {
        ota__diag_addp(c->list, OTA_CODE_SUBDEVICE_REQUIRES_MODULE,
                       "a sub-device product takes module firmware only", "components[%u].type",
                       index);
    }
    if (!is_version(c, k->id)) {
        ota__diag_addp(c->list, OTA_CODE_COMPONENT_ID_INVALID,
                       "a component ID is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'",
                       "components[%u].id", index);
        usable = 0;
    } else {
        for (uint32_t j = 0; j < index; j++) {
            if (p->components[j].id && strcmp(p->components[j].id, k->id) == 0) {
                ota__diag_addp(c->list, OTA_CODE_COMPONENT_DUPLICATE,
                               "another component of the plan has this ID", "components[%u].id",
                               index);
                break;
            }
        }
    }
    int full = k->method == OTA_METHOD_FULL, delta = k->method == OTA_METHOD_DELTA;
    if (!full && !delta) {
        ota__diag_addp(c->list, OTA_CODE_COMPONENT_METHOD_INVALID, "method must be full or delta",
                       "components[%u].method", index);
        usable = 0;
    }
    if (!is_version(c, k->target_version)) {
        ota__diag_addp(c->list, OTA_CODE_VERSION_INVALID,
                       k->target_version ? "a version is 1 to 64 characters of A-Z, a-z, 0-9, '_', "
                                           "'.' and '-'"
                                         : "the component needs a target_version",
                       "components[%u].target_version", index);
        usable = 0;
    }
    if (k->specified_versions) {
        if (delta)
            ota__diag_addp(c->list, OTA_CODE_SPECIFIED_VERSIONS_NOT_APPLICABLE,
                           "specified_versions applies to full packages only and is ignored; "
                           "a delta package applies to devices at its source_version",
                           "components[%u].specified_versions", index);
        else if (full)
            check_specified_versions(c, index, k);
    }
    if (full && k->source_version)
        ota__diag_addp(c->list, OTA_CODE_SOURCE_VERSION_NOT_APPLICABLE,
                       "source_version applies to delta packages only and is ignored; a full "
                       "package applies to any version, or to those of specified_versions",
                       "components[%u].source_version", index);
    if (delta) {
        if (!k->source_version) {
            ota__diag_addp(c->list, OTA_CODE_SOURCE_VERSION_MISSING,
                           "a delta package needs a source_version",
                           "components[%u].source_version", index);
            usable = 0;
        } else if (!is_version(c, k->source_version)) {
            ota__diag_addp(c->list, OTA_CODE_VERSION_INVALID,
                           "a version is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'",
                           "components[%u].source_version", index);
            usable = 0;
        } else if (k->target_version && strcmp(k->source_version, k->target_version) == 0) {
            ota__diag_addp(c->list, OTA_CODE_SOURCE_EQUALS_TARGET,
                           "a delta package's source must differ from its target",
                           "components[%u].source_version", index);
        }
    }
    ota__check_component_order(c, index);
    if (usable && c->options->catalog && !catalog_has(c->options, k))
        ota__diag_addp(c->list, OTA_CODE_PACKAGE_MISSING,
                       "the firmware catalog has no package for this component", "components[%u]",
                       index);
}

void ota__check_components(checker *c)
{
    const ota_plan *p = c->plan;
    if (p->component_count == 0 || !p->components) {
        ota__diag_add(c->list, OTA_CODE_COMPONENTS_MISSING, "components",
                      "the plan needs at least one component");
        return;
    }
    if (p->component_count > OTA_MAX_COMPONENTS) {
        ota__diag_add(c->list, OTA_CODE_COMPONENTS_TOO_MANY, "components",
                      "the plan has %u components; at most %d are allowed", p->component_count,
                      OTA_MAX_COMPONENTS);
        return;
    }
    for (uint32_t i = 0; i < p->component_count; i++)
        check_component(c, i);
}
