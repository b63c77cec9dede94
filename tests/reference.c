#include "reference.h"
#include "slow_order.h"

#include <stdio.h>
#include <string.h>
#include <unicode/ustring.h>
#include <xxhash.h>

/* Weekdays, blackouts and spread can leave no push for the rest of a plan:
 * longer than the longest random plan (20 days and an hour) and blackout. */
#define HORIZON (24 * 86400)

static int64_t resolve(UCalendar *calendar, const char *wall_time)
{
    int year, month, day, hour, minute;
    if (sscanf(wall_time, "%d-%d-%dT%d:%d", &year, &month, &day, &hour, &minute) != 5)
        return OTA_NO_INSTANT;
    UErrorCode status = U_ZERO_ERROR;
    ucal_clear(calendar);
    ucal_setDateTime(calendar, year, month - 1, day, hour, minute, 0, &status);
    UDate millis = ucal_getMillis(calendar, &status);
    return U_SUCCESS(status) ? (int64_t)(millis / 1000) : OTA_NO_INSTANT;
}

int reference_open(reference *r, const ota_plan *plan)
{
    UChar zone[128];
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8(zone, 128, NULL, plan->timezone, -1, &status);
    r->calendar = ucal_open(zone, -1, "en_US_POSIX", UCAL_GREGORIAN, &status);
    if (U_FAILURE(status))
        return -1;
    /* SPEC 2: a skipped wall time moves forward by the gap (ICU's LAST), a
     * repeated one takes the earlier instant (FIRST). */
    ucal_setAttribute(r->calendar, UCAL_SKIPPED_WALL_TIME, UCAL_WALLTIME_LAST);
    ucal_setAttribute(r->calendar, UCAL_REPEATED_WALL_TIME, UCAL_WALLTIME_FIRST);
    r->plan = plan;
    r->start = resolve(r->calendar, plan->start);
    r->end = resolve(r->calendar, plan->end);
    r->blackout_count = plan->blackout_count;
    for (uint32_t i = 0; i < plan->blackout_count; i++) {
        r->blackout_start[i] = resolve(r->calendar, plan->blackouts[i].start);
        r->blackout_end[i] = resolve(r->calendar, plan->blackouts[i].end);
    }
    r->phase_count = plan->rollout ? plan->rollout->phase_count : 0;
    for (uint32_t i = 0; i < r->phase_count; i++)
        r->phase_start[i] = resolve(r->calendar, plan->rollout->phases[i].start);
    r->listed_day = INT64_MIN;
    return r->start == OTA_NO_INSTANT || r->end == OTA_NO_INSTANT ? -1 : 0;
}

void reference_close(reference *r)
{
    ucal_close(r->calendar);
}

static void local_clock(reference *r, int64_t t, int *hour, int *minute, int *second)
{
    UErrorCode status = U_ZERO_ERROR;
    ucal_setMillis(r->calendar, (UDate)t * 1000.0, &status);
    *hour = ucal_get(r->calendar, UCAL_HOUR_OF_DAY, &status);
    *minute = ucal_get(r->calendar, UCAL_MINUTE, &status);
    *second = ucal_get(r->calendar, UCAL_SECOND, &status);
}

int32_t reference_time_of_day(reference *r, int64_t t)
{
    int hour, minute, second;
    local_clock(r, t, &hour, &minute, &second);
    return hour * 3600 + minute * 60 + second;
}

static int inside(const ota_window *w, int32_t tod)
{
    if (!w)
        return 1;
    if (w->start_hour < w->end_hour)
        return tod >= w->start_hour * 3600 && tod < w->end_hour * 3600;
    return tod >= w->start_hour * 3600 || tod < w->end_hour * 3600;
}

/* The local date of t as ICU's Julian day, minus one for an instant before
 * the end of a window that crosses midnight: its occurrence day (11.3). */
static int64_t occurrence_day(reference *r, const ota_window *w, int64_t t)
{
    UErrorCode status = U_ZERO_ERROR;
    ucal_setMillis(r->calendar, (UDate)t * 1000.0, &status);
    int64_t day = ucal_get(r->calendar, UCAL_JULIAN_DAY, &status);
    if (w && w->start_hour > w->end_hour && reference_time_of_day(r, t) < w->end_hour * 3600)
        day--;
    return day;
}

static int weekday_open(reference *r, const ota_window *w, int64_t t)
{
    if (!w || w->weekdays == 0)
        return 1;
    /* Julian day 2440588 is 1970-01-01, a Thursday; Monday is bit 0. */
    int64_t day = occurrence_day(r, w, t);
    return (w->weekdays >> (((day - 2440588) % 7 + 7 + 3) % 7)) & 1;
}

static int in_blackout(reference *r, int64_t t)
{
    for (uint32_t i = 0; i < r->blackout_count; i++)
        if (r->blackout_start[i] <= t && t < r->blackout_end[i])
            return 1;
    return 0;
}

/* The end of a blackout that holds t, or t itself. */
static int64_t blackout_end_at(reference *r, int64_t t)
{
    for (uint32_t i = 0; i < r->blackout_count; i++)
        if (r->blackout_start[i] <= t && t < r->blackout_end[i])
            return r->blackout_end[i];
    return t;
}

int reference_allowed(reference *r, const ota_window *window, int64_t t)
{
    return inside(window, reference_time_of_day(r, t)) && weekday_open(r, window, t) &&
           !in_blackout(r, t);
}

static int is_tick(reference *r, int64_t t, int tick_minutes)
{
    if (tick_minutes == 0)
        return 1;
    int hour, minute, second;
    local_clock(r, t, &hour, &minute, &second);
    return second == 0 && minute % tick_minutes == 0;
}

/* SPEC 11.5: the ticks of day D's occurrence, by looking at every whole
 * minute within two days of it and keeping those inside the window whose
 * occurrence day is D.  Kept for the next question about the same day. */
static void list_occurrence(reference *r, const ota_window *w, int64_t day, int64_t near,
                            int tick_minutes)
{
    if (r->listed_day == day && r->listed_tick == tick_minutes)
        return;
    r->listed_day = day;
    r->listed_tick = tick_minutes;
    r->tick_count = 0;
    int64_t from = (near / 60 - 2 * 1440) * 60;
    for (int64_t u = from; u < from + 4 * 86400; u += 60)
        if (inside(w, reference_time_of_day(r, u)) && occurrence_day(r, w, u) == day &&
            is_tick(r, u, tick_minutes))
            r->tick_list[r->tick_count++] = u;
}

/* 1 if t comes at or after the device's slot in its occurrence. */
static int at_or_after_slot(reference *r, const ota_window *w, int64_t t, int tick_minutes,
                            int32_t position)
{
    list_occurrence(r, w, occurrence_day(r, w, t), t, tick_minutes);
    int index = 0;
    while (index < r->tick_count && r->tick_list[index] < t)
        index++;
    return index >= (int)((int64_t)position * r->tick_count / 10000);
}

/* The smallest t >= from, t < limit, allowed (window, weekdays, blackouts;
 * NULL: all day) and on a tick, and under spread (position >= 0) not before
 * the device's slot: T0 itself, then every whole minute (offsets are whole
 * minutes, so window edges and ticks fall on whole minutes). */
static int64_t first_tick(reference *r, const ota_window *window, int64_t from, int64_t limit,
                          int tick_minutes, int32_t position, int *gave_up)
{
    *gave_up = 0;
    /* The horizon counts the time looked at: no instant inside a blackout
     * counts, so the model steps over one in a single step (a blackout may
     * outlast the plan). */
    int64_t looked = 0;
    for (int64_t t = from; t < limit;) {
        if (looked >= HORIZON) {
            *gave_up = 1;
            return OTA_NO_INSTANT;
        }
        int64_t past = blackout_end_at(r, t);
        if (past != t) {
            t = past;
            continue;
        }
        if (reference_allowed(r, window, t) && is_tick(r, t, tick_minutes) &&
            (position < 0 || at_or_after_slot(r, window, t, tick_minutes, position)))
            return t;
        int64_t next = (t / 60 + 1) * 60;
        looked += next - t;
        t = next;
    }
    return OTA_NO_INSTANT;
}

/* SPEC 11.1, with xxHash's streaming interface (the library hashes in one
 * call). */
static int32_t bucket_of(const ota_plan *p, const char *id, uint64_t seed)
{
    const char *salt = p->rollout && p->rollout->salt ? p->rollout->salt : p->product;
    XXH64_state_t *state = XXH64_createState();
    XXH64_reset(state, seed);
    XXH64_update(state, salt, strlen(salt));
    XXH64_update(state, ":", 1);
    XXH64_update(state, id, strlen(id));
    uint64_t hash = XXH64_digest(state);
    XXH64_freeState(state);
    return (int32_t)(hash % 10000);
}

static int listed(const char *const *list, uint32_t count, const char *id)
{
    for (uint32_t i = 0; i < count; i++)
        if (strcmp(list[i], id) == 0)
            return 1;
    return 0;
}

static const char *version_of(const ota_device *d, const char *component)
{
    for (uint32_t i = 0; i < d->version_count; i++)
        if (strcmp(d->versions[i].component_id, component) == 0)
            return d->versions[i].version;
    return NULL;
}

/* SPEC 5's rules of a component, before any order. */
static int32_t unordered_reason(const ota_component *k, const char *v)
{
    if (!v)
        return OTA_REASON_COMPONENT_MISSING;
    if (strcmp(v, k->target_version) == 0)
        return OTA_REASON_AT_TARGET;
    if (k->method == OTA_METHOD_DELTA)
        return strcmp(v, k->source_version) == 0 ? OTA_REASON_OK : OTA_REASON_SOURCE_MISMATCH;
    if (!k->specified_versions)
        return OTA_REASON_OK;
    char list[600];
    snprintf(list, sizeof list, "%s", k->specified_versions);
    char *saveptr = NULL;
    for (char *token = strtok_r(list, ";", &saveptr); token; token = strtok_r(NULL, ";", &saveptr))
        if (strcmp(token, v) == 0)
            return OTA_REASON_OK;
    return OTA_REASON_VERSION_NOT_SPECIFIED;
}

/* SPEC 13.3 in its order, after the rules of SPEC 5; the bounds count on a
 * full component without specified versions only. */
static int32_t component_reason(const ota_component *k, const ota_device *d)
{
    const char *v = version_of(d, k->id);
    int32_t reason = unordered_reason(k, v);
    int32_t order = k->version_order;
    if (reason != OTA_REASON_OK || order == OTA_ORDER_NONE)
        return reason;
    if (!slow_is_ordered(order, v))
        return OTA_REASON_VERSION_UNORDERED;
    int ranged = k->method == OTA_METHOD_FULL && !k->specified_versions;
    if (ranged && k->min_version && slow_compare(order, v, k->min_version) < 0)
        return OTA_REASON_BELOW_RANGE;
    if (ranged && k->below_version && slow_compare(order, v, k->below_version) >= 0)
        return OTA_REASON_ABOVE_RANGE;
    if (k->allow_downgrade != OTA_DOWNGRADE_ALLOWED &&
        slow_compare(order, v, k->target_version) > 0)
        return OTA_REASON_NEWER_THAN_TARGET;
    return OTA_REASON_OK;
}

static int64_t later(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static int32_t checks(reference *r, const ota_device *d, int64_t now, int skip_not_started,
                      ota_eligibility *out)
{
    const ota_plan *p = r->plan;
    int applying = 0;
    memset(out, 0, sizeof *out);
    out->component_count = p->component_count;
    for (uint32_t i = 0; i < p->component_count; i++) {
        int32_t why = component_reason(&p->components[i], d);
        out->components[i].reason = why;
        out->components[i].applies = why == OTA_REASON_OK;
        applying += why == OTA_REASON_OK;
    }
    int64_t first = p->activated_at != OTA_NO_INSTANT ? later(r->start, p->activated_at) : r->start;
    int attempts = d->failed_attempts == 0 ? 1 : d->failed_attempts;
    if (p->state == OTA_PLAN_SAVED)
        return OTA_REASON_PLAN_NOT_ACTIVE;
    if (p->state == OTA_PLAN_TERMINATED)
        return OTA_REASON_PLAN_TERMINATED;
    if (p->state == OTA_PLAN_ENDED || now >= r->end)
        return OTA_REASON_PLAN_ENDED;
    if (p->state == OTA_PLAN_SUSPENDED)
        return OTA_REASON_PLAN_SUSPENDED;
    if (!skip_not_started && now < first)
        return OTA_REASON_PLAN_NOT_STARTED;
    if (strcmp(d->product, p->product) != 0)
        return OTA_REASON_WRONG_PRODUCT;
    if (listed(p->blacklist, p->blacklist_count, d->id))
        return OTA_REASON_BLACKLISTED;
    if (p->whitelist_count > 0 && !listed(p->whitelist, p->whitelist_count, d->id))
        return OTA_REASON_NOT_WHITELISTED;
    if (r->phase_count) {
        int32_t b = bucket_of(p, d->id, 0);
        if (b >= p->rollout->phases[r->phase_count - 1].basis_points)
            return OTA_REASON_OUTSIDE_ROLLOUT;
        int32_t share = 0;
        for (uint32_t i = 0; i < r->phase_count; i++)
            if (r->phase_start[i] <= now)
                share = p->rollout->phases[i].basis_points;
        if (!skip_not_started && b >= share)
            return OTA_REASON_ROLLOUT_PENDING;
    }
    if (d->state == OTA_DEVICE_SUCCEEDED)
        return OTA_REASON_ALREADY_SUCCEEDED;
    if (d->state == OTA_DEVICE_FAILED && attempts > p->retry_count)
        return OTA_REASON_RETRIES_EXHAUSTED;
    if (d->state == OTA_DEVICE_UPGRADING)
        return OTA_REASON_IN_PROGRESS;
    if (applying == 0)
        return OTA_REASON_NO_APPLICABLE_COMPONENT;
    if (p->min_signal != OTA_UNSET && d->signal != OTA_UNSET && d->signal < p->min_signal)
        return OTA_REASON_LOW_SIGNAL;
    if (p->min_battery != OTA_UNSET && d->battery != OTA_UNSET && d->battery < p->min_battery)
        return OTA_REASON_LOW_BATTERY;
    return OTA_REASON_OK;
}

int reference_eligible(reference *r, const ota_device *device, int64_t now, ota_eligibility *out)
{
    out->reason = checks(r, device, now, 0, out);
    out->kind = ota_reason_kind(out->reason);
    return 0;
}

static int answer_at(int64_t t, int gave_up, int32_t none_reason, ota_push_result *out)
{
    if (gave_up)
        return -1;
    if (t == OTA_NO_INSTANT)
        *out = (ota_push_result){.version = OTA_PUSH_RESULT_VERSION,
                                 .status = OTA_PUSH_NEVER,
                                 .reason = none_reason,
                                 .at = OTA_NO_INSTANT};
    else
        *out = (ota_push_result){.version = OTA_PUSH_RESULT_VERSION,
                                 .status = OTA_PUSH_AT,
                                 .reason = OTA_REASON_OK,
                                 .at = t};
    return 0;
}

int reference_next_push(reference *r, const ota_device *d, int64_t now, int tick_minutes,
                        ota_push_result *out)
{
    const ota_plan *p = r->plan;
    ota_eligibility e = OTA_ELIGIBILITY_INIT;
    int32_t reason = checks(r, d, now, 1, &e);
    if (reason != OTA_REASON_OK && reason != OTA_REASON_LOW_SIGNAL &&
        reason != OTA_REASON_LOW_BATTERY) {
        *out = (ota_push_result){.version = OTA_PUSH_RESULT_VERSION,
                                 .status = OTA_PUSH_NEVER,
                                 .reason = reason,
                                 .at = OTA_NO_INSTANT};
        return 0;
    }
    int64_t t0 = later(now, r->start);
    if (p->activated_at != OTA_NO_INSTANT)
        t0 = later(t0, p->activated_at);
    if (r->phase_count) {
        /* P(d): the first phase whose share takes the device in. */
        int32_t b = bucket_of(p, d->id, 0);
        uint32_t i = 0;
        while (b >= p->rollout->phases[i].basis_points)
            i++;
        t0 = later(t0, r->phase_start[i]);
    }
    int spread = p->rollout && p->rollout->spread;
    int32_t position = spread ? bucket_of(p, d->id, 1) : -1;
    int window_tick = spread && tick_minutes == 0 ? 1 : tick_minutes;
    int gave_up;
    if (p->mode == OTA_MODE_SILENT) {
        if (p->active_push == 0) {
            *out = (ota_push_result){.version = OTA_PUSH_RESULT_VERSION,
                                     .status = OTA_PUSH_AWAIT_DEVICE_REQUEST,
                                     .reason = OTA_REASON_OK,
                                     .at = OTA_NO_INSTANT};
            return 0;
        }
        if (d->state == OTA_DEVICE_REFUSED) {
            int minutes = p->refusal_retry_minutes == OTA_UNSET ? 120 : p->refusal_retry_minutes;
            t0 = later(t0, d->state_at + minutes * 60);
        }
        int64_t t = first_tick(r, p->push_window, t0, r->end, window_tick, position, &gave_up);
        return answer_at(t, gave_up, OTA_REASON_PLAN_ENDED, out);
    }
    if (d->state == OTA_DEVICE_USER_CONFIRMED && d->appointment_start == OTA_NO_INSTANT) {
        int64_t t = later(t0, d->state_at);
        /* Out of every blackout it falls into, one after another. */
        for (int64_t past = blackout_end_at(r, t); past != t; past = blackout_end_at(r, t))
            t = past;
        return answer_at(t < r->end ? t : OTA_NO_INSTANT, 0, OTA_REASON_PLAN_ENDED, out);
    }
    if (d->state == OTA_DEVICE_USER_CONFIRMED) {
        int64_t from = later(later(t0, d->state_at), d->appointment_start);
        int64_t t = first_tick(r, NULL, from, d->appointment_end, tick_minutes, -1, &gave_up);
        if (gave_up)
            return -1;
        if (t == OTA_NO_INSTANT)
            return answer_at(t, 0, OTA_REASON_APPOINTMENT_MISSED, out);
        return answer_at(t < r->end ? t : OTA_NO_INSTANT, 0, OTA_REASON_PLAN_ENDED, out);
    }
    if (d->auto_update && (d->state == OTA_DEVICE_IDLE || d->state == OTA_DEVICE_FAILED)) {
        int64_t t =
            first_tick(r, p->auto_upgrade_window, t0, r->end, window_tick, position, &gave_up);
        return answer_at(t, gave_up, OTA_REASON_PLAN_ENDED, out);
    }
    *out = (ota_push_result){.version = OTA_PUSH_RESULT_VERSION,
                             .status = OTA_PUSH_AWAIT_USER_CONFIRM,
                             .reason = OTA_REASON_OK,
                             .at = OTA_NO_INSTANT};
    return 0;
}
