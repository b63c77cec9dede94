#include "window.h"

#include "civil.h"
#include "otaplan.h"

int ota__window_contains(window_rule window, int64_t time_of_day)
{
    /* SPEC 2.2: membership is decided per instant from its local time of
     * day, so daylight saving needs no special case. */
    if (window.start < window.end)
        return time_of_day >= window.start && time_of_day < window.end;
    return time_of_day >= window.start || time_of_day < window.end;
}

/* Every tick of SPEC 2.3 divides an hour, so a local time's distance to
 * the next tick depends on its time of day only: a division by a constant
 * and one in 32 bits, not a 64-bit one by a variable (the slowest step of
 * the search, bench/bench_push). */
static int64_t round_up_to_tick(int64_t local, int32_t tick_seconds)
{
    if (tick_seconds <= 0)
        return local;
    uint32_t time_of_day = (uint32_t)floor_mod(local, SECONDS_PER_DAY);
    uint32_t past = time_of_day % (uint32_t)tick_seconds;
    return past ? local + ((uint32_t)tick_seconds - past) : local;
}

/* Within one segment the offset is constant, so local time is the instant
 * plus a constant and the smallest qualifying local time gives the smallest
 * qualifying instant.  When that falls past the segment, the search goes on
 * from the next transition with the next offset.  Every tick length of SPEC
 * 2.3 divides an hour, so window starts are ticks and rounding the local
 * time up to a tick never skips one. */
int64_t ota__window_next_inside(const zone_table *zone, window_rule window, int64_t from,
                                int64_t limit, int32_t tick_seconds)
{
    int64_t t = from;
    for (uint32_t segment = ota__zone_segment_index(zone, t); t < limit; segment++) {
        int32_t offset = zone->segments[segment].offset;
        int64_t local = round_up_to_tick(t + offset, tick_seconds);
        int64_t time_of_day = floor_mod(local, SECONDS_PER_DAY);
        if (!ota__window_contains(window, time_of_day))
            local += floor_mod(window.start - time_of_day, SECONDS_PER_DAY);
        int64_t candidate = local - offset;
        /* Past the segment, a later offset may bring the window back sooner
         * (a fall-back transition), so the limit is judged only within it. */
        if (candidate < zone_segment_end(zone, segment))
            return candidate < limit ? candidate : OTA_NO_INSTANT;
        t = zone_segment_end(zone, segment);
    }
    return OTA_NO_INSTANT;
}

int64_t ota__window_next_outside(const zone_table *zone, window_rule window, int64_t from,
                                 int64_t limit)
{
    int64_t t = from;
    for (uint32_t segment = ota__zone_segment_index(zone, t); t < limit; segment++) {
        int64_t time_of_day = floor_mod(t + zone->segments[segment].offset, SECONDS_PER_DAY);
        if (!ota__window_contains(window, time_of_day))
            return t;
        int64_t segment_end = zone_segment_end(zone, segment);
        if (!(window.start == 0 && window.end == SECONDS_PER_DAY)) {
            int64_t exit = t + floor_mod(window.end - time_of_day, SECONDS_PER_DAY);
            if (exit < segment_end)
                return exit < limit ? exit : limit;
        }
        t = segment_end;
    }
    return limit;
}
