/* SPEC 3 and 7: every rule of a plan, reported all at once, in field order. */
#include "check.h"

#include "alloc.h"
#include "civil.h"
#include "path.h"
#include "syntax.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_CODE_POINTS 100
#define TEXT_MAX_CODE_POINTS 2000
#define REFUSAL_MIN 10
#define REFUSAL_MAX 1440
#define RETRY_MAX 10
#define SIGNAL_MIN (-140)
#define SIGNAL_MAX (-44)

typedef struct checker {
    const ota_plan *plan;
    const ota_validate_options *options;
    const ota_allocator *allocator;
    ota_diagnostics *list;
    syntax_session *syntax;
    plan_facts *facts;
    int32_t failure; /* an error that stops the check (out of memory, ICU) */
} checker;

static int in_range(int64_t value, int64_t low, int64_t high)
{
    return value >= low && value <= high;
}

static int is_instant(int64_t t)
{
    return t >= OTA_INSTANT_MIN && t < OTA_INSTANT_MAX;
}

/* ------------------------------------------------------------------ name */

static int name_is_duplicate(checker *c, const char *name, size_t length)
{
    const ota_validate_options *o = c->options;
    if (!o->existing_names || o->existing_name_count == 0)
        return 0;
    uint16_t *mine = NULL;
    int32_t mine_length = 0;
    int32_t status = ota__text_nfc(c->allocator, name, length, &mine, &mine_length);
    if (status != OTA_OK) {
        c->failure = status;
        return 0;
    }
    int duplicate = 0;
    for (uint32_t i = 0; i < o->existing_name_count && !duplicate && !c->failure; i++) {
        const char *other = o->existing_names[i];
        if (!other || !ota__text_is_utf8(other, strlen(other)))
            continue;
        size_t start, trimmed;
        ota__text_trim(other, strlen(other), &start, &trimmed);
        uint16_t *theirs = NULL;
        int32_t theirs_length = 0;
        status = ota__text_nfc(c->allocator, other + start, trimmed, &theirs, &theirs_length);
        if (status != OTA_OK) {
            c->failure = status;
            break;
        }
        duplicate = theirs_length == mine_length &&
                    memcmp(theirs, mine, (size_t)mine_length * sizeof *mine) == 0;
        ota__free(c->allocator, theirs);
    }
    ota__free(c->allocator, mine);
    return duplicate;
}

static void check_name(checker *c)
{
    const char *name = c->plan->name;
    if (!name) {
        ota__diag_add(c->list, OTA_CODE_NAME_MISSING, "name", "the plan needs a name");
        return;
    }
    size_t length = strlen(name);
    if (!ota__text_is_utf8(name, length)) {
        ota__diag_add(c->list, OTA_CODE_NAME_INVALID_UTF8, "name", "the name is not valid UTF-8");
        return;
    }
    size_t start, trimmed;
    ota__text_trim(name, length, &start, &trimmed);
    if (trimmed == 0) {
        ota__diag_add(c->list, OTA_CODE_NAME_MISSING, "name",
                 "the name is empty once white space is trimmed");
        return;
    }
    if (ota__text_has_control(name + start, trimmed)) {
        ota__diag_add(c->list, OTA_CODE_NAME_CONTROL_CHAR, "name",
                 "the name contains a control character");
        return;
    }
    size_t code_points = ota__text_count_code_points(name + start, trimmed);
    if (code_points > NAME_MAX_CODE_POINTS) {
        ota__diag_add(c->list, OTA_CODE_NAME_TOO_LONG, "name",
                 "the name has %zu characters; at most %d are allowed", code_points,
                 NAME_MAX_CODE_POINTS);
        return;
    }
    if (name_is_duplicate(c, name + start, trimmed))
        ota__diag_add(c->list, OTA_CODE_NAME_DUPLICATE, "name",
                 "another plan in this scope already has this name");
}

/* --------------------------------------------------------------- product */

static void check_product(checker *c)
{
    const ota_plan *p = c->plan;
    if (!p->product || p->product[0] == '\0')
        ota__diag_add(c->list, OTA_CODE_PRODUCT_MISSING, "product", "the plan needs a product");
    else if (!ota__syntax_is_token(c->syntax, p->product, strlen(p->product)))
        ota__diag_add(c->list, OTA_CODE_PRODUCT_INVALID, "product",
                 "a product is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
    if (p->product_type != OTA_PRODUCT_DIRECT && p->product_type != OTA_PRODUCT_SUBDEVICE)
        ota__diag_add(c->list, OTA_CODE_PRODUCT_TYPE_INVALID, "product_type",
                 "product_type must be direct or subdevice");
    if (p->bluetooth && p->mode == OTA_MODE_USER_CONFIRM)
        ota__diag_add(c->list, OTA_CODE_BLUETOOTH_REQUIRES_SILENT, "mode",
                 "a Bluetooth product supports silent upgrades only");
    if (p->region == OTA_REGION_MISSING) {
        if (p->mode == OTA_MODE_USER_CONFIRM)
            ota__diag_add(c->list, OTA_CODE_REGION_MISSING, "region",
                     "a user_confirm plan needs a region (cn or intl)");
    } else if (p->region != OTA_REGION_CN && p->region != OTA_REGION_INTL) {
        ota__diag_add(c->list, OTA_CODE_REGION_INVALID, "region", "region must be cn or intl");
    }
}

/* ------------------------------------------------------------------ time */

/* Parses one of start/end.  Returns 1 with the local wall time if usable. */
static int parse_wall_time(checker *c, const char *field, const char *text, int64_t *local)
{
    if (!text || text[0] == '\0') {
        ota__diag_add(c->list, OTA_CODE_TIME_MISSING, field, "the plan needs a %s time", field);
        return 0;
    }
    if (ota__civil_parse_local_minute(text, local) != 0) {
        ota__diag_add(c->list, OTA_CODE_TIME_INVALID, field,
                 "%s must be a local date and time YYYY-MM-DDTHH:MM", field);
        return 0;
    }
    /* Offsets stay within a day of UTC: a wall time more than a day outside
     * the supported range cannot resolve inside it. */
    if (*local < OTA_INSTANT_MIN - SECONDS_PER_DAY || *local >= OTA_INSTANT_MAX + SECONDS_PER_DAY) {
        ota__diag_add(c->list, OTA_CODE_TIME_OUT_OF_RANGE, field,
                 "%s lies outside the years 2000 to 2099", field);
        return 0;
    }
    return 1;
}

static int resolve_wall_time(checker *c, const char *field, const zone_table *zone,
                             int64_t local, int64_t *instant)
{
    int kind = ota__zone_resolve_local(zone, local, instant);
    if (!is_instant(*instant)) {
        ota__diag_add(c->list, OTA_CODE_TIME_OUT_OF_RANGE, field,
                 "%s lies outside the years 2000 to 2099", field);
        return 0;
    }
    if (kind == LOCAL_IN_GAP)
        ota__diag_add(c->list, OTA_CODE_TIME_IN_GAP, field,
                 "%s falls in a daylight-saving gap; it is moved forward by the gap's length",
                 field);
    else if (kind == LOCAL_AMBIGUOUS)
        ota__diag_add(c->list, OTA_CODE_TIME_AMBIGUOUS, field,
                 "%s occurs twice (clocks go back); the earlier instant is taken", field);
    return 1;
}

static void check_times(checker *c)
{
    const ota_plan *p = c->plan;
    char canonical[ZONE_ID_CAPACITY];
    int zone_known = 0;
    if (!p->timezone || p->timezone[0] == '\0') {
        ota__diag_add(c->list, OTA_CODE_TIMEZONE_MISSING, "timezone", "the plan needs a time zone");
    } else if (!ota__zone_canonical_id(p->timezone, canonical)) {
        ota__diag_add(c->list, OTA_CODE_TIMEZONE_UNKNOWN, "timezone",
                 "the time-zone data in use (version %s) has no zone of this name; zones are "
                 "IANA names such as Europe/Berlin",
                 ota_tzdata_version());
    } else {
        zone_known = 1;
        const char *system = c->options->system_tzdata_version;
        if (system && strcmp(system, ota_tzdata_version()) > 0)
            ota__diag_add(c->list, OTA_CODE_TZDATA_STALE, "timezone",
                     "ICU's time-zone data %s is older than the system's %s: run otaplan-tzdata "
                     "DIR and set ICU_TIMEZONE_FILES_DIR=DIR",
                     ota_tzdata_version(), system);
    }
    int64_t local_start = 0, local_end = 0;
    int start_ok = parse_wall_time(c, "start", p->start, &local_start);
    int end_ok = parse_wall_time(c, "end", p->end, &local_end);
    if (!zone_known || (!start_ok && !end_ok))
        return;

    int64_t from = (start_ok ? local_start : local_end) - 2 * SECONDS_PER_DAY;
    int64_t to = (end_ok ? local_end : local_start) + 2 * SECONDS_PER_DAY;
    if (to < from)
        to = from + 4 * SECONDS_PER_DAY;
    zone_table zone;
    int32_t status = ota__zone_table_build(c->allocator, canonical, from, to, &zone);
    if (status != OTA_OK) {
        c->failure = status;
        return;
    }
    int64_t start = 0, end = 0;
    start_ok = start_ok && resolve_wall_time(c, "start", &zone, local_start, &start);
    end_ok = end_ok && resolve_wall_time(c, "end", &zone, local_end, &end);
    if (start_ok && end_ok && start >= end) {
        ota__diag_add(c->list, OTA_CODE_TIME_ORDER, "end", "end must come after start");
        end_ok = 0;
    }
    if (end_ok && c->options->now != OTA_NO_INSTANT && end <= c->options->now)
        ota__diag_add(c->list, OTA_CODE_PLAN_ALREADY_ENDED, "end", "the plan's end has passed");
    if (start_ok && end_ok) {
        plan_facts *f = c->facts;
        f->zone = zone;
        memcpy(f->timezone, canonical, sizeof canonical);
        f->start = start;
        f->end = end;
        f->times_resolved = 1;
        return;
    }
    ota__zone_table_free(c->allocator, &zone);
}

/* ------------------------------------------------------------- lifecycle */

static void check_state_and_mode(checker *c)
{
    const ota_plan *p = c->plan;
    if (p->activated_at != OTA_NO_INSTANT && !is_instant(p->activated_at))
        ota__diag_add(c->list, OTA_CODE_TIME_OUT_OF_RANGE, "activated_at",
                 "activated_at lies outside the years 2000 to 2099");
    if (p->state < OTA_PLAN_SAVED || p->state > OTA_PLAN_ENDED)
        ota__diag_add(c->list, OTA_CODE_STATE_INVALID, "state",
                 "state must be saved, active, suspended, terminated or ended");
    if (p->mode == OTA_MODE_MISSING)
        ota__diag_add(c->list, OTA_CODE_MODE_MISSING, "mode",
                 "the plan needs a mode (silent or user_confirm)");
    else if (p->mode != OTA_MODE_SILENT && p->mode != OTA_MODE_USER_CONFIRM)
        ota__diag_add(c->list, OTA_CODE_MODE_INVALID, "mode", "mode must be silent or user_confirm");
}

/* ----------------------------------------------------------------- push */

static void check_window(checker *c, const char *field, const ota_window *w)
{
    int start_ok = in_range(w->start_hour, 0, 23);
    int end_ok = in_range(w->end_hour, 1, 24);
    if (!start_ok)
        ota__diag_addp(c->list, OTA_CODE_WINDOW_INVALID, "start_hour must be a whole hour from 0 to 23",
                  "%s.start_hour", field);
    if (!end_ok)
        ota__diag_addp(c->list, OTA_CODE_WINDOW_INVALID, "end_hour must be a whole hour from 1 to 24",
                  "%s.end_hour", field);
    if (start_ok && end_ok && w->start_hour == w->end_hour)
        ota__diag_addp(c->list, OTA_CODE_WINDOW_INVALID,
                  "a window cannot start and end at the same hour (0 to 24 is the whole day)",
                  "%s.end_hour", field);
}

static int window_is_valid(const ota_window *w)
{
    return in_range(w->start_hour, 0, 23) && in_range(w->end_hour, 1, 24) &&
           w->start_hour != w->end_hour;
}

int ota__plan_governing_window(const ota_plan *plan, window_rule *out)
{
    const ota_window *w = NULL;
    if (plan->mode == OTA_MODE_SILENT) {
        if (plan->active_push == 0)
            return 0;
        w = plan->push_window;
    } else if (plan->mode == OTA_MODE_USER_CONFIRM) {
        w = plan->auto_upgrade_window;
    } else {
        return 0;
    }
    *out = w && window_is_valid(w) ? (window_rule){w->start_hour * 3600, w->end_hour * 3600}
                                   : WINDOW_ALL_DAY;
    return 1;
}

static void not_applicable(checker *c, int32_t code, const char *field, const char *why)
{
    ota__diag_add(c->list, code, field, "%s does not apply to %s and is ignored", field, why);
}

static void check_push_settings(checker *c)
{
    const ota_plan *p = c->plan;
    int silent = p->mode == OTA_MODE_SILENT;
    int confirm = p->mode == OTA_MODE_USER_CONFIRM;
    int pushing = silent && p->active_push != 0;
    if (p->active_push != OTA_UNSET && confirm)
        not_applicable(c, OTA_CODE_ACTIVE_PUSH_NOT_APPLICABLE, "active_push",
                       "user_confirm plans");
    if (p->push_window) {
        if (confirm || (silent && !pushing))
            not_applicable(c, OTA_CODE_PUSH_WINDOW_NOT_APPLICABLE, "push_window",
                           confirm ? "user_confirm plans" : "plans without active push");
        else
            check_window(c, "push_window", p->push_window);
    }
    if (p->auto_upgrade_window) {
        if (silent)
            not_applicable(c, OTA_CODE_AUTO_UPGRADE_WINDOW_NOT_APPLICABLE, "auto_upgrade_window",
                           "silent plans");
        else
            check_window(c, "auto_upgrade_window", p->auto_upgrade_window);
    }
    if (p->refusal_retry_minutes != OTA_UNSET) {
        if (confirm || (silent && !pushing))
            not_applicable(c, OTA_CODE_REFUSAL_RETRY_MINUTES_NOT_APPLICABLE,
                           "refusal_retry_minutes",
                           confirm ? "user_confirm plans" : "plans without active push");
        else if (!in_range(p->refusal_retry_minutes, REFUSAL_MIN, REFUSAL_MAX))
            ota__diag_add(c->list, OTA_CODE_REFUSAL_OUT_OF_RANGE, "refusal_retry_minutes",
                     "refusal_retry_minutes must be from %d to %d", REFUSAL_MIN, REFUSAL_MAX);
    }
}

static void check_never_pushes(checker *c)
{
    const ota_plan *p = c->plan;
    const plan_facts *f = c->facts;
    window_rule window;
    if (!f->times_resolved || !ota__plan_governing_window(p, &window))
        return;
    if (ota__window_next_inside(&f->zone, window, f->start, f->end, 0) == OTA_NO_INSTANT)
        ota__diag_add(c->list, OTA_CODE_PLAN_NEVER_PUSHES,
                 p->mode == OTA_MODE_SILENT ? "push_window" : "auto_upgrade_window",
                 "no instant of the plan period lies inside the window");
}

static void check_strategy(checker *c)
{
    const ota_plan *p = c->plan;
    if (!in_range(p->retry_count, 0, RETRY_MAX))
        ota__diag_add(c->list, OTA_CODE_RETRY_OUT_OF_RANGE, "strategy.retry_count",
                 "retry_count must be from 0 to %d", RETRY_MAX);
    if (p->min_signal != OTA_UNSET && !in_range(p->min_signal, SIGNAL_MIN, SIGNAL_MAX))
        ota__diag_add(c->list, OTA_CODE_SIGNAL_OUT_OF_RANGE, "strategy.min_signal",
                 "min_signal must be from %d to %d dBm", SIGNAL_MIN, SIGNAL_MAX);
    if (p->min_battery != OTA_UNSET && !in_range(p->min_battery, 0, 100))
        ota__diag_add(c->list, OTA_CODE_BATTERY_OUT_OF_RANGE, "strategy.min_battery",
                 "min_battery must be from 0 to 100 percent");
}

/* ----------------------------------------------------------------- lists */

static void report_duplicate(void *context, int list, uint32_t index)
{
    checker *c = context;
    ota__diag_addp(c->list, OTA_CODE_LIST_DUPLICATE, "this device ID is already in the list", "%s[%u]",
              list == IDSET_BLACKLIST ? "blacklist" : "whitelist", index);
}

static void report_in_both(void *context, uint32_t index)
{
    checker *c = context;
    ota__diag_addp(c->list, OTA_CODE_DEVICE_IN_BOTH_LISTS,
              "this device is also blacklisted; the blacklist wins", "whitelist[%u]", index);
}

/* Returns 1 when every entry is valid, so the list can be hashed. */
static int check_list(checker *c, const char *field, const char *const *ids, uint32_t count)
{
    if (count > OTA_MAX_LIST_ENTRIES) {
        ota__diag_add(c->list, OTA_CODE_LIST_TOO_LONG, field,
                 "%s has %u entries; at most %u are allowed", field, count,
                 OTA_MAX_LIST_ENTRIES);
        return 0;
    }
    if (count > 0 && !ids) {
        ota__diag_add(c->list, OTA_CODE_LIST_ENTRY_INVALID, field,
                 "%s has a count but no entries", field);
        return 0;
    }
    int valid = 1;
    for (uint32_t i = 0; i < count; i++) {
        if (!ids[i] || !ota__text_is_device_id(ids[i])) {
            ota__diag_addp(c->list, OTA_CODE_LIST_ENTRY_INVALID,
                      "a device ID is 1 to 128 bytes of UTF-8 without control characters",
                      "%s[%u]", field, i);
            valid = 0;
        }
    }
    return valid;
}

static void check_lists(checker *c)
{
    const ota_plan *p = c->plan;
    int black_ok = check_list(c, "blacklist", p->blacklist, p->blacklist_count);
    int white_ok = check_list(c, "whitelist", p->whitelist, p->whitelist_count);
    if (!black_ok || !white_ok || c->failure)
        return;
    idset_events events = {report_duplicate, report_in_both, c};
    int32_t status = ota__idset_build(c->allocator, p->blacklist, p->blacklist_count, p->whitelist,
                                 p->whitelist_count, &events, &c->facts->devices);
    if (status != OTA_OK) {
        c->failure = status;
        return;
    }
    c->facts->lists_built = 1;
}

/* ------------------------------------------------------------ components */

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

static void check_specified_versions(checker *c, uint32_t index, const ota_component *k)
{
    size_t starts[OTA_MAX_SPECIFIED_VERSIONS], lengths[OTA_MAX_SPECIFIED_VERSIONS];
    int all_valid;
    size_t count = ota__syntax_split_versions(c->syntax, k->specified_versions, starts, lengths,
                                         OTA_MAX_SPECIFIED_VERSIONS, &all_valid);
    if (!all_valid)
        ota__diag_addp(c->list, OTA_CODE_SPECIFIED_VERSIONS_INVALID,
                  "specified versions are version tokens separated by ';', none empty",
                  "components[%u].specified_versions", index);
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
            if (lengths[i] == lengths[j] && memcmp(list + starts[i], list + starts[j], lengths[i]) == 0)
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
                      "specified_versions applies to full packages only and is ignored",
                      "components[%u].specified_versions", index);
        else if (full)
            check_specified_versions(c, index, k);
    }
    if (full && k->source_version)
        ota__diag_addp(c->list, OTA_CODE_SOURCE_VERSION_NOT_APPLICABLE,
                  "source_version applies to delta packages only and is ignored",
                  "components[%u].source_version", index);
    if (delta) {
        if (!k->source_version) {
            ota__diag_addp(c->list, OTA_CODE_SOURCE_VERSION_MISSING,
                      "a delta package needs a source_version", "components[%u].source_version",
                      index);
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
    if (usable && c->options->catalog && !catalog_has(c->options, k))
        ota__diag_addp(c->list, OTA_CODE_PACKAGE_MISSING,
                  "the firmware catalog has no package for this component", "components[%u]",
                  index);
}

static void check_components(checker *c)
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

/* ----------------------------------------------------------------- texts */

/* SPEC 3.2: two tags that canonicalise to the same locale, compared without
 * regard to case.  Each tag is canonicalised once (by the caller) and the
 * tags sorted, so that 16,000 texts take milliseconds, not a minute. */
typedef struct text_tag {
    char canonical[TEXT_CANONICAL_CAPACITY];
    uint32_t index;
    uint32_t first; /* the earliest text of the same locale (itself if none) */
    int valid;
} text_tag;

static int compare_tags(const void *a, const void *b)
{
    const text_tag *x = a, *y = b;
    if (x->valid != y->valid)
        return x->valid - y->valid;
    int order = strcasecmp(x->canonical, y->canonical);
    return order ? order : (x->index > y->index) - (x->index < y->index);
}

static int compare_indices(const void *a, const void *b)
{
    const text_tag *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

static text_tag *canonical_tags(checker *c)
{
    const ota_plan *p = c->plan;
    text_tag *tags = ota__alloc_array(c->allocator, p->text_count, sizeof *tags);
    if (!tags) {
        c->failure = OTA_ERR_NOMEM;
        return NULL;
    }
    for (uint32_t i = 0; i < p->text_count; i++) {
        tags[i].index = tags[i].first = i;
        tags[i].valid = p->texts[i].lang &&
                        ota__text_language_tag(p->texts[i].lang, tags[i].canonical,
                                          sizeof tags[i].canonical);
    }
    qsort(tags, p->text_count, sizeof *tags, compare_tags);
    for (uint32_t i = 1; i < p->text_count; i++)
        if (tags[i].valid && tags[i - 1].valid &&
            strcasecmp(tags[i].canonical, tags[i - 1].canonical) == 0)
            tags[i].first = tags[i - 1].first;
    qsort(tags, p->text_count, sizeof *tags, compare_indices);
    return tags;
}

static void check_texts(checker *c)
{
    const ota_plan *p = c->plan;
    if (p->mode == OTA_MODE_SILENT) {
        if (p->text_count > 0)
            not_applicable(c, OTA_CODE_TEXTS_NOT_APPLICABLE, "texts", "silent plans");
        return;
    }
    if (p->text_count > 0 && !p->texts) {
        ota__diag_add(c->list, OTA_CODE_TEXT_LANG_INVALID, "texts", "texts has a count but no entries");
        return;
    }
    text_tag *tags = p->text_count ? canonical_tags(c) : NULL;
    if (c->failure)
        return;
    int has_required = 0;
    const char *required = p->region == OTA_REGION_CN ? "zh" : p->region == OTA_REGION_INTL ? "en" : NULL;
    for (uint32_t i = 0; i < p->text_count; i++) {
        const ota_text *t = &p->texts[i];
        char path[OTA_PATH_CAPACITY];
        ota__path_key(path, sizeof path, "texts", t->lang ? t->lang : "", 1);
        if (!tags[i].valid) {
            ota__diag_add(c->list, OTA_CODE_TEXT_LANG_INVALID, path,
                     "the key is not a well-formed BCP 47 language tag");
            continue;
        }
        if (tags[i].first != i) {
            char first[OTA_PATH_CAPACITY];
            ota__path_key(first, sizeof first, "texts", p->texts[tags[i].first].lang, 1);
            ota__diag_add(c->list, OTA_CODE_TEXT_LANG_DUPLICATE, path,
                     "this tag names the same locale as %s", first);
        }
        size_t length = t->text ? strlen(t->text) : 0;
        size_t start = 0, trimmed = 0;
        int text_ok = t->text && ota__text_is_utf8(t->text, length);
        if (text_ok)
            ota__text_trim(t->text, length, &start, &trimmed);
        size_t code_points = text_ok ? ota__text_count_code_points(t->text, length) : 0;
        if (!text_ok || trimmed == 0 || code_points > TEXT_MAX_CODE_POINTS) {
            ota__diag_add(c->list, OTA_CODE_TEXT_INVALID, path,
                     "a text is 1 to %d characters of valid UTF-8, not only white space",
                     TEXT_MAX_CODE_POINTS);
            continue;
        }
        char language[16];
        ota__text_locale_language(tags[i].canonical, language, sizeof language);
        if (required && strcmp(language, required) == 0)
            has_required = 1;
    }
    ota__free(c->allocator, tags);
    if (p->mode == OTA_MODE_USER_CONFIRM && required && !has_required)
        ota__diag_add(c->list, OTA_CODE_TEXT_REQUIRED_MISSING, "texts",
                 "a user_confirm plan for region %s needs a text in a %s language tag",
                 p->region == OTA_REGION_CN ? "cn" : "intl", required);
}

/* ------------------------------------------------------------- the check */

int32_t ota__plan_check_new(const ota_plan *plan, const ota_validate_options *options,
                       plan_facts *facts, ota_diagnostics **out)
{
    ota_validate_options defaults;
    if (!options) {
        ota_validate_options_init(&defaults);
        options = &defaults;
    }
    /* Nothing of an options struct is read, its allocator least of all,
     * before its version says what it holds. */
    if (plan->version != OTA_PLAN_STRUCT_VERSION || options->version != OTA_VALIDATE_OPTIONS_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    ota_diagnostics *list = ota__diag_new(options->allocator);
    if (!list)
        return OTA_ERR_NOMEM;
    int32_t status = ota__plan_check(plan, options, list, facts);
    if (status != OTA_OK) {
        ota_diagnostics_free(list);
        return status;
    }
    *out = list;
    return OTA_OK;
}

int32_t ota__plan_check(const ota_plan *plan, const ota_validate_options *options,
                   ota_diagnostics *list, plan_facts *facts)
{
    if (plan->version != OTA_PLAN_STRUCT_VERSION || options->version != OTA_VALIDATE_OPTIONS_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    if (options->now != OTA_NO_INSTANT && !is_instant(options->now))
        return OTA_ERR_RANGE;
    /* The zone table is needed by the never-pushes check whoever calls, so
     * a caller that wants no facts gets a local record, freed here. */
    plan_facts local;
    plan_facts *kept = facts ? facts : &local;
    *kept = (plan_facts){0};
    checker c = {.plan = plan, .options = options, .allocator = options->allocator,
                 .list = list, .facts = kept};
    c.syntax = ota__syntax_session_new(c.allocator);
    if (!c.syntax)
        return OTA_ERR_NOMEM;

    check_name(&c);
    check_product(&c);
    if (!c.failure)
        check_times(&c);
    check_state_and_mode(&c);
    check_push_settings(&c);
    check_never_pushes(&c);
    check_strategy(&c);
    if (!c.failure)
        check_lists(&c);
    if (!c.failure)
        check_components(&c);
    if (!c.failure)
        check_texts(&c);

    ota__syntax_session_free(c.syntax);
    if (!c.failure && list->out_of_memory)
        c.failure = OTA_ERR_NOMEM;
    if (c.failure || kept == &local)
        ota__plan_facts_free(c.allocator, kept);
    return c.failure;
}

void ota__plan_facts_free(const ota_allocator *allocator, plan_facts *facts)
{
    ota__zone_table_free(allocator, &facts->zone);
    ota__idset_free(allocator, &facts->devices);
    *facts = (plan_facts){0};
}
