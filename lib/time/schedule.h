/* When a plan may push, beyond its hourly window (SPEC 11.3-11.5): the days
 * of the week a window opens, the blackouts, and each device's slot in an
 * occurrence of the window.  Pure arithmetic on a zone_table, for the
 * evaluation hot path and for validation (plan_never_pushes). */
#ifndef OTA_SCHEDULE_H
#define OTA_SCHEDULE_H

#include "window.h"
#include "zonetable.h"

#include <stdint.h>

typedef struct span {
    int64_t start; /* inclusive */
    int64_t end;   /* exclusive */
} span;

/* A governing window with what narrows it.  Blackouts are sorted, and
 * disjoint and not touching (ota__spans_merge()). */
typedef struct schedule {
    const zone_table *zone;
    window_rule window;
    uint32_t weekdays; /* OTA_WEEKDAY_* bits; 0 = every day */
    const span *blackouts;
    uint32_t blackout_count;
} schedule;

/* Sorts spans and merges those that overlap or touch; returns the count. */
uint32_t ota__spans_merge(span *spans, uint32_t count);

/* t itself, or the end of the (merged) blackout that holds t. */
int64_t ota__after_blackouts(const span *blackouts, uint32_t count, int64_t t);

/* The occurrence day of instant t (SPEC 11.3): its local date as days since
 * 1970-01-01, or the day before for an instant before the end of a window
 * that crosses midnight. */
int64_t ota__occurrence_day(const zone_table *zone, window_rule window, int64_t t);

/* OTA_WEEKDAY_* bit of a day number (1970-01-01 was a Thursday). */
uint32_t ota__weekday_bit(int64_t day);

/* The smallest t with from <= t < limit that is a tick of `tick_seconds`
 * (0: any instant), inside the window, on an open day and outside every
 * blackout; OTA_NO_INSTANT if none (SPEC 2.4 with 11.3 and 11.4). */
int64_t ota__schedule_next(const schedule *s, int64_t from, int64_t limit, int32_t tick_seconds);

/* The same under spread (SPEC 11.5): only the ticks t_j, t_j+1, ... of each
 * occurrence count, j = floor(position * n / 10000) for the occurrence's n
 * ticks (every tick of it, whatever the period, blackouts or `from`).
 * tick_seconds > 0. */
int64_t ota__schedule_next_spread(const schedule *s, int64_t from, int64_t limit,
                                  int32_t tick_seconds, int32_t position);

/* The slot of `position` in the occurrence of `day` (SPEC 11.5): its index
 * j, the occurrence's tick count n and the instant t_j (-1, 0 and
 * OTA_NO_INSTANT for an occurrence without ticks).  For explanations. */
void ota__schedule_spread_slot(const schedule *s, int64_t day, int32_t tick_seconds,
                               int32_t position, int32_t *index, int32_t *count, int64_t *at);

/* The first maximal interval of instants inside the window, on open days
 * and outside the blackouts, within [from, to); 0 if none. */
int ota__schedule_next_interval(const schedule *s, int64_t from, int64_t to, span *out);

#endif
