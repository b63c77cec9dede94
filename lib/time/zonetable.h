/* A time zone's UTC offsets as plain arrays: what the compiled plan holds so
 * that evaluation needs no ICU call (SPEC 10).  The offset of segment i holds
 * for instants in [segments[i].start, segments[i + 1].start); the first
 * segment reaches back to the beginning of time and the last one forward to
 * the end, so a table built for a range answers for any instant in it. */
#ifndef OTA_ZONETABLE_H
#define OTA_ZONETABLE_H

#include <stdint.h>

/* Room for a canonical zone ID (the longest IANA name is 32 bytes). */
#define ZONE_ID_CAPACITY 128

typedef struct zone_segment {
    int64_t start;  /* first instant of the segment; INT64_MIN for the first */
    int32_t offset; /* seconds east of UTC, standard + daylight */
} zone_segment;

typedef struct zone_table {
    zone_segment *segments;
    uint32_t count; /* >= 1 */
    /* A bucket index over [index_base, ...): index[b] is the segment holding
     * the first instant of bucket b (2^ZONE_BUCKET_BITS seconds, about 24
     * days), so a lookup is one load and a forward scan over the few
     * transitions inside a bucket, instead of a binary search, which was a
     * fifth of ota_next_push_time (bench/HISTORY.md). */
    uint32_t *index;
    uint32_t index_count;
    int64_t index_base;
} zone_table;

#define ZONE_BUCKET_BITS 21

/* Fills `storage` (ota__zone_table_index_size() entries) with the bucket index
 * for instants in [from, to) and attaches it to the table; instants outside
 * are still answered, by binary search. */
void ota__zone_table_index(zone_table *table, int64_t from, int64_t to, uint32_t *storage);

/* How many index entries ota__zone_table_index() needs for [from, to). */
uint32_t ota__zone_table_index_size(int64_t from, int64_t to);

/* Index of the segment holding instant t. */
uint32_t ota__zone_segment_index(const zone_table *table, int64_t t);

static inline int64_t zone_segment_end(const zone_table *table, uint32_t index)
{
    return index + 1 < table->count ? table->segments[index + 1].start : INT64_MAX;
}

int32_t ota__zone_offset_at(const zone_table *table, int64_t t);

enum { LOCAL_UNIQUE = 0, LOCAL_IN_GAP = 1, LOCAL_AMBIGUOUS = 2 };

/* Resolves a local wall time (seconds of the local time line) to an instant
 * by SPEC 2: in a gap, moved forward by the gap's length; in an overlap, the
 * earlier instant.  Returns LOCAL_UNIQUE, LOCAL_IN_GAP or LOCAL_AMBIGUOUS. */
int ota__zone_resolve_local(const zone_table *table, int64_t local, int64_t *instant);

#endif
