/* What `otaplan simulate` counts (SPEC 9), shared by its text, JSON and
 * SVG outputs: memory grows with the number of buckets, not the fleet. */
#ifndef OTAPLAN_SIMULATION_H
#define OTAPLAN_SIMULATION_H

#include "otaplan.h"
#include "otaplan_json.h"

#include <stddef.h>

/* Reasons are numbered below this (ota_reason_name()). */
#define SIMULATION_REASON_SLOTS 32
/* A bucket costs 8 bytes; ten years of minutes is about 5 million. */
#define SIMULATION_MAX_BUCKETS 6000000u

typedef struct simulation {
    const ota_plan *plan;
    const ota_compiled_plan *compiled;
    int64_t from, to;
    int tick_minutes;
    int bucket_minutes;
    size_t bucket_count;
    unsigned long long *pushes; /* per bucket [from + k·bucket, ...) */
    /* devices = pushed + after_to + the awaits + Σ never + bad_lines */
    unsigned long long devices, pushed, after_to, await_user_confirm, await_device_request;
    unsigned long long never[SIMULATION_REASON_SLOTS];
    unsigned long long bad_lines;
} simulation;

static inline int64_t simulation_bucket_start(const simulation *s, size_t k)
{
    return s->from + (int64_t)k * s->bucket_minutes * 60;
}

/* The first bucket with the most pushes (0 when nothing was pushed). */
size_t simulation_peak(const simulation *s);

/* The first bucket by whose end `basis_points` of the pushed devices are
 * pushed; bucket_count when nothing was pushed. */
size_t simulation_reached(const simulation *s, int basis_points);

/* Draws the series as an SVG file (--svg): 0, or EXIT_USAGE after printing
 * why the file could not be written. */
int simulation_write_svg(const simulation *s, const char *path);

#endif
