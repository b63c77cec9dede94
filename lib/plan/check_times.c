/* SPEC 2, 2.1, 2.5: the zone, the plan period and its resolution. */
#include "checker.h"

#include "civil.h"
#include "diag.h"

#include <string.h>

/* Parses one of start/end.  Returns 1 with the local wall time if usable. */
int ota__check_wall_time(checker *c, const char *field, const char *text, int64_t *local)
{
    if (!text || text[0] == '\0') {
        ota__diag_add(c->list, OTA_CODE_TIME_MISSING, field, "%s needs a local date and time",
                      field);
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

int ota__check_resolve(checker *c, const char *field, const zone_table *zone, int64_t local,
                       int64_t *instant)
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

/* The zone table must also hold the blackouts and the phase starts, which
 * may lie outside the period (SPEC 11.2, 11.4); a wall time that does not
 * parse, or lies out of range, is reported by its own check later. */
static void widen_one(const char *text, int64_t *from, int64_t *to)
{
    int64_t local;
    if (!text || ota__civil_parse_local_minute(text, &local) != 0 ||
        local < OTA_INSTANT_MIN - SECONDS_PER_DAY || local >= OTA_INSTANT_MAX + SECONDS_PER_DAY)
        return;
    if (local - 2 * SECONDS_PER_DAY < *from)
        *from = local - 2 * SECONDS_PER_DAY;
    if (local + 2 * SECONDS_PER_DAY > *to)
        *to = local + 2 * SECONDS_PER_DAY;
}

static void widen_to_rollout_times(const ota_plan *p, int64_t *from, int64_t *to)
{
    if (p->blackouts && p->blackout_count <= OTA_MAX_BLACKOUTS)
        for (uint32_t i = 0; i < p->blackout_count; i++) {
            widen_one(p->blackouts[i].start, from, to);
            widen_one(p->blackouts[i].end, from, to);
        }
    if (p->rollout && p->rollout->phases && p->rollout->phase_count <= OTA_MAX_PHASES)
        for (uint32_t i = 0; i < p->rollout->phase_count; i++)
            widen_one(p->rollout->phases[i].start, from, to);
}

void ota__check_times(checker *c)
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
        char close[ZONE_SUGGESTIONS][ZONE_ID_CAPACITY];
        int count = ota__zone_suggest(p->timezone, close);
        if (count == 1)
            ota__diag_hint(c->list, "did you mean \"%s\"?", close[0]);
        else if (count == 2)
            ota__diag_hint(c->list, "did you mean \"%s\" or \"%s\"?", close[0], close[1]);
        else if (count == 3)
            ota__diag_hint(c->list, "did you mean \"%s\", \"%s\" or \"%s\"?", close[0], close[1],
                           close[2]);
    } else {
        zone_known = 1;
        const char *system = c->options->system_tzdata_version;
        if (system && strcmp(system, ota_tzdata_version()) > 0)
            ota__diag_add(
                c->list, OTA_CODE_TZDATA_STALE, "timezone",
                "ICU's time-zone data %s is older than the system's %s: run otaplan-tzdata "
                "DIR and set ICU_TIMEZONE_FILES_DIR=DIR",
                ota_tzdata_version(), system);
    }
    int64_t local_start = 0, local_end = 0;
    int start_ok = ota__check_wall_time(c, "start", p->start, &local_start);
    int end_ok = ota__check_wall_time(c, "end", p->end, &local_end);
    if (!zone_known || (!start_ok && !end_ok))
        return;

    int64_t from = (start_ok ? local_start : local_end) - 2 * SECONDS_PER_DAY;
    int64_t to = (end_ok ? local_end : local_start) + 2 * SECONDS_PER_DAY;
    if (to < from)
        to = from + 4 * SECONDS_PER_DAY;
    widen_to_rollout_times(p, &from, &to);
    zone_table zone;
    int32_t status = ota__zone_table_build(c->allocator, canonical, from, to, &zone);
    if (status != OTA_OK) {
        c->failure = status;
        return;
    }
    int64_t start = 0, end = 0;
    start_ok = start_ok && ota__check_resolve(c, "start", &zone, local_start, &start);
    end_ok = end_ok && ota__check_resolve(c, "end", &zone, local_end, &end);
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
