#include "schedule.h"

#include "civil.h"
#include "otaplan.h"

uint32_t ota__spans_merge(span *spans, uint32_t count)
{
    /* At most OTA_MAX_BLACKOUTS: an insertion sort is the simplest. */
    for (uint32_t i = 1; i < count; i++) {
        span key = spans[i];
        uint32_t j = i;
        for (; j > 0 && spans[j - 1].start > key.start; j--)
            spans[j] = spans[j - 1];
        spans[j] = key;
    }
    uint32_t merged = 0;
    for (uint32_t i = 0; i < count; i++) {
        if (merged > 0 && spans[i].start <= spans[merged - 1].end) {
            if (spans[i].end > spans[merged - 1].end)
                spans[merged - 1].end = spans[i].end;
        } else {
            spans[merged++] = spans[i];
        }
    }
    return merged;
}

int64_t ota__after_blackouts(const span *blackouts, uint32_t count, int64_t t)
{
    /* Merged spans do not touch, so one is enough. */
    for (uint32_t i = 0; i < count && blackouts[i].start <= t; i++)
        if (t < blackouts[i].end)
            return blackouts[i].end;
    return t;
}

static int crosses_midnight(window_rule window)
{
    return window.start > window.end;
}

int64_t ota__occurrence_day(const zone_table *zone, window_rule window, int64_t t)
{
    int64_t local = t + ota__zone_offset_at(zone, t);
    int64_t day = floor_div(local, SECONDS_PER_DAY);
    if (crosses_midnight(window) && floor_mod(local, SECONDS_PER_DAY) < window.end)
        day--;
    return day;
}

uint32_t ota__weekday_bit(int64_t day)
{
    /* Monday is bit 0; day 0, 1970-01-01, was a Thursday. */
    return 1u << floor_mod(day + 3, 7);
}

/* The occurrence of day D is the instants whose local time lies in
 * [first, last) of the local time line: D's window, running into D + 1 for a
 * window that crosses midnight (SPEC 11.5). */
static void occurrence_bounds(window_rule window, int64_t day, int64_t *first, int64_t *last)
{
    *first = day * SECONDS_PER_DAY + window.start;
    *last = (day + (crosses_midnight(window) ? 1 : 0)) * SECONDS_PER_DAY + window.end;
}

/* The smallest t >= from whose local time is at least `local`: the end of
 * an occurrence, found segment by segment. */
static int64_t first_reaching(const zone_table *zone, int64_t from, int64_t local, int64_t limit)
{
    int64_t t = from;
    for (uint32_t segment = ota__zone_segment_index(zone, t); t < limit; segment++) {
        int32_t offset = zone->segments[segment].offset;
        if (t + offset >= local)
            return t;
        int64_t candidate = local - offset;
        if (candidate < zone_segment_end(zone, segment))
            return candidate;
        t = zone_segment_end(zone, segment);
    }
    return limit;
}

int64_t ota__schedule_next(const schedule *s, int64_t from, int64_t limit, int32_t tick_seconds)
{
    int64_t t = from;
    while (t < limit) {
        int64_t candidate = ota__window_next_inside(s->zone, s->window, t, limit, tick_seconds);
        if (candidate == OTA_NO_INSTANT)
            return OTA_NO_INSTANT;
        if (s->weekdays) {
            int64_t day = ota__occurrence_day(s->zone, s->window, candidate);
            if (!(s->weekdays & ota__weekday_bit(day))) {
                int64_t first, last;
                occurrence_bounds(s->window, day, &first, &last);
                t = first_reaching(s->zone, candidate, last, limit);
                continue;
            }
        }
        int64_t after = ota__after_blackouts(s->blackouts, s->blackout_count, candidate);
        if (after == candidate)
            return candidate;
        t = after;
    }
    return OTA_NO_INSTANT;
}

/* One offset segment's share of an occurrence's ticks: `count` local ticks
 * from `first_tick` on, each `tick` apart, at instants local - offset. */
typedef struct tick_run {
    int64_t first_tick;
    int64_t count;
    int32_t offset;
} tick_run;

/* An occurrence meets a handful of segments: a day holds few transitions. */
enum { MAX_RUNS = 8 };

/* The occurrence's ticks in instant order, run by run (a fall-back repeats
 * local ticks, and each instant counts); returns the number of runs. */
static int occurrence_runs(const zone_table *zone, int64_t first, int64_t last, int64_t tick,
                           tick_run runs[MAX_RUNS])
{
    int n = 0;
    /* Offsets lie within a day of UTC, so the occurrence's instants lie
     * within a day of its local bounds. */
    int64_t t = first - SECONDS_PER_DAY;
    for (uint32_t segment = ota__zone_segment_index(zone, t);
         t < last + SECONDS_PER_DAY && n < MAX_RUNS; segment++) {
        int32_t offset = zone->segments[segment].offset;
        int64_t end = zone_segment_end(zone, segment);
        int64_t low = t + offset > first ? t + offset : first;
        int64_t high = end == INT64_MAX || end + offset > last ? last : end + offset;
        /* The first tick at or after low, then how many fit before high:
         * two divisions, which are most of a spread call's arithmetic. */
        int64_t first_tick = high > low ? low + floor_mod(-low, tick) : high;
        if (first_tick < high)
            runs[n++] = (tick_run){first_tick, (high - 1 - first_tick) / tick + 1, offset};
        if (end == INT64_MAX)
            break;
        t = end;
    }
    return n;
}

/* The instant of the occurrence's tick number `index` (0 <= index < the
 * runs' total count). */
static int64_t tick_instant(const tick_run *runs, int64_t index, int32_t tick_seconds)
{
    int r = 0;
    while (index >= runs[r].count)
        index -= runs[r++].count;
    return runs[r].first_tick + index * tick_seconds - runs[r].offset;
}

static int64_t total_ticks(const tick_run *runs, int run_count)
{
    int64_t count = 0;
    for (int r = 0; r < run_count; r++)
        count += runs[r].count;
    return count;
}

int64_t ota__schedule_next_spread(const schedule *s, int64_t from, int64_t limit,
                                  int32_t tick_seconds, int32_t position)
{
    int64_t t = from;
    while (t < limit) {
        int64_t candidate = ota__schedule_next(s, t, limit, tick_seconds);
        if (candidate == OTA_NO_INSTANT)
            return OTA_NO_INSTANT;
        int64_t day = ota__occurrence_day(s->zone, s->window, candidate);
        int64_t first, last;
        occurrence_bounds(s->window, day, &first, &last);
        tick_run runs[MAX_RUNS];
        int run_count = occurrence_runs(s->zone, first, last, tick_seconds, runs);
        int64_t index = 0;
        for (int r = 0; r < run_count; r++) {
            /* The run's ticks before the candidate: local < candidate + offset. */
            int64_t local_before = candidate + runs[r].offset;
            int64_t earlier = local_before <= runs[r].first_tick
                                  ? 0
                                  : (local_before - runs[r].first_tick - 1) / tick_seconds + 1;
            index += earlier < runs[r].count ? earlier : runs[r].count;
        }
        int64_t slot = (int64_t)position * total_ticks(runs, run_count) / 10000;
        if (index >= slot)
            return candidate;
        /* The slot lies after the candidate: look again from there (a slot
         * in a blackout moves on to the next allowed tick). */
        t = tick_instant(runs, slot, tick_seconds);
    }
    return OTA_NO_INSTANT;
}

void ota__schedule_spread_slot(const schedule *s, int64_t day, int32_t tick_seconds,
                               int32_t position, int32_t *index, int32_t *count, int64_t *at)
{
    int64_t first, last;
    occurrence_bounds(s->window, day, &first, &last);
    tick_run runs[MAX_RUNS];
    int run_count = occurrence_runs(s->zone, first, last, tick_seconds, runs);
    int64_t n = total_ticks(runs, run_count);
    int64_t slot = (int64_t)position * n / 10000;
    *count = (int32_t)n;
    *index = n ? (int32_t)slot : -1;
    *at = n ? tick_instant(runs, slot, tick_seconds) : OTA_NO_INSTANT;
}

int ota__schedule_next_interval(const schedule *s, int64_t from, int64_t to, span *out)
{
    int64_t start = ota__schedule_next(s, from, to, 0);
    if (start == OTA_NO_INSTANT)
        return 0;
    int64_t end = ota__window_next_outside(s->zone, s->window, start, to);
    for (uint32_t i = 0; i < s->blackout_count; i++)
        if (s->blackouts[i].start > start) {
            if (s->blackouts[i].start < end)
                end = s->blackouts[i].start;
            break;
        }
    /* Inside one stretch of the window the occurrence day can change (an
     * all-day window runs through midnight): stop where a closed day
     * begins. */
    if (s->weekdays) {
        int64_t t = start;
        int64_t day = ota__occurrence_day(s->zone, s->window, t);
        while (t < end) {
            int64_t first, last;
            occurrence_bounds(s->window, day, &first, &last);
            t = first_reaching(s->zone, t, last, end);
            if (t >= end)
                break;
            day = ota__occurrence_day(s->zone, s->window, t);
            if (!(s->weekdays & ota__weekday_bit(day)))
                end = t;
        }
    }
    *out = (span){start, end};
    return 1;
}
