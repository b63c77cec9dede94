/* Hourly windows over a zone's time line (SPEC 2.2, 2.3, 2.4): pure
 * arithmetic on a zone_table, the evaluation hot path. */
#ifndef OTA_WINDOW_H
#define OTA_WINDOW_H

#include "zonetable.h"

#include <stdint.h>

/* A window as seconds of the local day: [start, end) when start < end,
 * crossing midnight when start > end; 0 to 86400 is the whole day. */
typedef struct window_rule {
    int32_t start;
    int32_t end;
} window_rule;

#define WINDOW_ALL_DAY ((window_rule){0, 86400})

int ota__window_contains(window_rule window, int64_t time_of_day);

/* The smallest instant t with from <= t < limit, inside the window and on a
 * tick of `tick_seconds` local seconds (0: any instant); OTA_NO_INSTANT if
 * there is none. */
int64_t ota__window_next_inside(const zone_table *zone, window_rule window, int64_t from,
                                int64_t limit, int32_t tick_seconds);

/* The smallest instant t with from <= t < limit outside the window, or
 * `limit` if every instant of [from, limit) is inside. */
int64_t ota__window_next_outside(const zone_table *zone, window_rule window, int64_t from,
                                 int64_t limit);

#endif
