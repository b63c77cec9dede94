/* The plan JSON of SPEC 11.7: a window's weekdays, the blackouts and the
 * rollout object.  Percents are read as decimals with at most two places
 * and handed to the library as basis points; anything else becomes an
 * out-of-range value that the library reports with its own code. */
#include "names.h"
#include "plan_fields.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define INVALID_SHARE (-1)

void ota__plan_read_weekdays(ota_json_plan *p, json_t *value, const char *field, uint32_t *out)
{
    const char *const *names = ota__weekday_names;
    *out = 0;
    if (!value || json_is_null(value))
        return;
    char path[96];
    snprintf(path, sizeof path, "%s.weekdays", field);
    if (!json_is_array(value) || json_array_size(value) == 0) {
        ota__plan_add(p, OTA_CODE_WEEKDAYS_INVALID, path,
                      "%s must be a non-empty array of \"mon\" to \"sun\"", path);
        return;
    }
    uint32_t mask = 0;
    for (size_t i = 0; i < json_array_size(value); i++) {
        const char *name = json_string_value(json_array_get(value, i));
        uint32_t bit = 0;
        for (int d = 0; name && d < 7 && !bit; d++)
            if (strcmp(name, names[d]) == 0)
                bit = 1u << d;
        if (!bit || (mask & bit)) {
            char entry[128];
            snprintf(entry, sizeof entry, "%s[%zu]", path, i);
            ota__plan_add(p, OTA_CODE_WEEKDAYS_INVALID, entry,
                          bit ? "%s repeats a day" : "%s is none of \"mon\" to \"sun\"", entry);
        }
        mask |= bit;
    }
    *out = mask;
}

/* SPEC 11.2: the basis points of a percent with at most two decimals, read
 * exactly (12.34 is 1234: the binary product is rounded, never truncated);
 * INVALID_SHARE for any other number, which the library reports.  jansson
 * gives the double nearest to the decimal written, so a percent has two
 * decimals at most iff that double is the one nearest to whole / 100 (a
 * division of exact integers, correctly rounded): 99.999999999 is not
 * 100.  A decimal that no double tells from a two-decimal one (more than
 * 15 significant digits) is read as that one. */
static int32_t basis_points(ota_json_plan *p, json_t *value, const char *path)
{
    if (!value || json_is_null(value))
        return INVALID_SHARE;
    if (!json_is_number(value)) {
        ota__plan_type_invalid(p, path, "a number");
        return INVALID_SHARE;
    }
    if (json_is_integer(value)) {
        json_int_t n = json_integer_value(value);
        return n > 0 && n <= 100 ? (int32_t)(n * 100) : INVALID_SHARE;
    }
    double percent = json_real_value(value);
    if (!(percent > 0.0 && percent <= 100.0))
        return INVALID_SHARE;
    double whole = round(percent * 100.0);
    return whole >= 1 && whole <= 10000 && whole / 100.0 == percent ? (int32_t)whole
                                                                    : INVALID_SHARE;
}

static void read_span(ota_json_plan *p, json_t *value, size_t index, ota_blackout *out)
{
    char prefix[48], path[64];
    snprintf(prefix, sizeof prefix, "blackouts[%zu]", index);
    if (!json_is_object(value)) {
        ota__plan_type_invalid(p, prefix, "an object {\"start\", \"end\"}");
        return;
    }
    static const char *const known[] = {"start", "end", NULL};
    ota__plan_unknown_keys(p, value, prefix, known);
    snprintf(path, sizeof path, "%s.start", prefix);
    out->start = ota__plan_read_string(p, json_object_get(value, "start"), path);
    snprintf(path, sizeof path, "%s.end", prefix);
    out->end = ota__plan_read_string(p, json_object_get(value, "end"), path);
}

void ota__plan_read_blackouts(ota_json_plan *p, json_t *value)
{
    if (!value || json_is_null(value))
        return;
    if (!json_is_array(value)) {
        ota__plan_type_invalid(p, "blackouts", "an array of {\"start\", \"end\"}");
        return;
    }
    size_t n = json_array_size(value);
    /* More than 32 is blackouts_too_many: the library needs only the count. */
    size_t kept = n <= OTA_MAX_BLACKOUTS ? n : 0;
    p->blackouts = ota__json_alloc((kept ? kept : 1) * sizeof *p->blackouts);
    if (!p->blackouts) {
        p->out_of_memory = 1;
        return;
    }
    for (size_t i = 0; i < kept; i++)
        read_span(p, json_array_get(value, i), i, &p->blackouts[i]);
    p->plan.blackouts = p->blackouts;
    p->plan.blackout_count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

static void read_phases(ota_json_plan *p, json_t *value, ota_rollout *r)
{
    if (!value || json_is_null(value))
        return;
    if (!json_is_array(value)) {
        ota__plan_type_invalid(p, "rollout.phases", "an array of {\"start\", \"percent\"}");
        return;
    }
    size_t n = json_array_size(value);
    size_t kept = n <= OTA_MAX_PHASES ? n : 0;
    p->phases = ota__json_alloc((kept ? kept : 1) * sizeof *p->phases);
    if (!p->phases) {
        p->out_of_memory = 1;
        return;
    }
    static const char *const known[] = {"start", "percent", NULL};
    for (size_t i = 0; i < kept; i++) {
        json_t *phase = json_array_get(value, i);
        char prefix[48], path[64];
        snprintf(prefix, sizeof prefix, "rollout.phases[%zu]", i);
        p->phases[i].basis_points = INVALID_SHARE;
        if (!json_is_object(phase)) {
            ota__plan_type_invalid(p, prefix, "an object {\"start\", \"percent\"}");
            continue;
        }
        ota__plan_unknown_keys(p, phase, prefix, known);
        snprintf(path, sizeof path, "%s.start", prefix);
        p->phases[i].start = ota__plan_read_string(p, json_object_get(phase, "start"), path);
        snprintf(path, sizeof path, "%s.percent", prefix);
        p->phases[i].basis_points = basis_points(p, json_object_get(phase, "percent"), path);
    }
    r->phases = p->phases;
    r->phase_count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

static void read_abort(ota_json_plan *p, json_t *value, ota_rollout *r)
{
    if (!value || json_is_null(value))
        return;
    if (!json_is_object(value)) {
        ota__plan_type_invalid(p, "rollout.abort",
                               "an object {\"failure_percent\", \"min_attempts\"}");
        return;
    }
    static const char *const known[] = {"failure_percent", "min_attempts", NULL};
    ota__plan_unknown_keys(p, value, "rollout.abort", known);
    p->abort.failure_basis_points =
        basis_points(p, json_object_get(value, "failure_percent"), "rollout.abort.failure_percent");
    p->abort.min_attempts = -1; /* missing: abort_invalid */
    ota__plan_read_int(p, json_object_get(value, "min_attempts"), "rollout.abort.min_attempts",
                       &p->abort.min_attempts);
    r->abort = &p->abort;
}

void ota__plan_read_rollout(ota_json_plan *p, json_t *value)
{
    if (!value || json_is_null(value))
        return;
    if (!json_is_object(value)) {
        ota__plan_type_invalid(p, "rollout", "an object");
        return;
    }
    static const char *const known[] = {"salt", "spread", "phases", "abort", NULL};
    ota__plan_unknown_keys(p, value, "rollout", known);
    ota_rollout *r = &p->rollout;
    *r = (ota_rollout){0};
    r->salt = ota__plan_read_string(p, json_object_get(value, "salt"), "rollout.salt");
    ota__plan_read_bool(p, json_object_get(value, "spread"), "rollout.spread", &r->spread);
    read_phases(p, json_object_get(value, "phases"), r);
    read_abort(p, json_object_get(value, "abort"), r);
    p->plan.rollout = r;
}
