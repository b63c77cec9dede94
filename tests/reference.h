/* A slow, obviously correct model of SPEC 2, 5, 6 and 11, written straight from
 * the specification's sentences with ICU calendar calls and linear scans:
 * the yardstick of the differential test and the differential fuzzer.  It
 * shares no code with lib/. */
#ifndef OTA_TEST_REFERENCE_H
#define OTA_TEST_REFERENCE_H

#include "otaplan.h"

#include <unicode/ucal.h>

typedef struct reference {
    UCalendar *calendar; /* never shared between threads */
    const ota_plan *plan;
    int64_t start; /* the resolved plan period */
    int64_t end;
    /* SPEC 11, resolved by ICU like the period */
    uint32_t blackout_count;
    int64_t blackout_start[OTA_MAX_BLACKOUTS], blackout_end[OTA_MAX_BLACKOUTS];
    uint32_t phase_count;
    int64_t phase_start[OTA_MAX_PHASES];
    /* the occurrence whose ticks were last listed (spread) */
    int64_t listed_day;
    int listed_tick;
    int tick_count;
    int64_t tick_list[4 * 1440];
} reference;

/* Opens a calendar in the plan's zone and resolves start and end with
 * ICU's wall-time options (skipped: moved forward; repeated: earlier).
 * Returns 0, or -1 if ICU refuses the zone or a time. */
int reference_open(reference *r, const ota_plan *plan);
void reference_close(reference *r);

/* SPEC 5 and 6 for one device.  Returns 0, or -1 when the model gives up
 * (no answer within its search horizon of four days), which the tests count
 * as a failure. */
int reference_eligible(reference *r, const ota_device *device, int64_t now, ota_eligibility *out);
int reference_next_push(reference *r, const ota_device *device, int64_t now, int tick_minutes,
                        ota_push_result *out);

/* Local time of day of an instant, in seconds. */
int32_t reference_time_of_day(reference *r, int64_t t);

/* 1 if a push may happen at t as far as the governing window `window`
 * (NULL: all day), its weekdays and the blackouts go (SPEC 2.2, 11.3, 11.4). */
int reference_allowed(reference *r, const ota_window *window, int64_t t);

#endif
