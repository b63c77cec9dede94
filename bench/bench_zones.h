/* What the next-push benchmarks share: the 24 zones of their plans (every
 * kind of offset and rule: :30 and :45 offsets, Lord Howe's half-hour DST,
 * southern-hemisphere and Casablanca's Ramadan transitions) and a small
 * deterministic generator. */
#ifndef OTA_BENCH_ZONES_H
#define OTA_BENCH_ZONES_H

#include <stdint.h>

static const char *const bench_zones[] = {
    "America/New_York",    "Europe/London",    "Europe/Berlin",      "Asia/Shanghai",
    "Asia/Kolkata",        "Asia/Kathmandu",   "Australia/Sydney",   "Australia/Lord_Howe",
    "Pacific/Chatham",     "America/St_Johns", "Pacific/Auckland",   "America/Sao_Paulo",
    "America/Santiago",    "Europe/Dublin",    "Africa/Casablanca",  "UTC",
    "America/Los_Angeles", "Asia/Tokyo",       "America/Havana",     "Asia/Tehran",
    "America/Chicago",     "Europe/Moscow",    "Australia/Adelaide", "America/Denver"};
enum { BENCH_ZONES = sizeof bench_zones / sizeof bench_zones[0] };
#define BENCH_START_2024 INT64_C(1704067200)
#define BENCH_END_2040   INT64_C(2240524800)

/* xorshift64: the same cases in every run. */
static inline uint64_t bench_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

#endif
