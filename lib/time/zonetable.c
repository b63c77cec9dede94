#include "zonetable.h"

/* Largest i with segments[i].start <= t; segments[0].start is INT64_MIN. */
static uint32_t binary_search(const zone_table *table, int64_t t)
{
    uint32_t low = 0, high = table->count;
    while (high - low > 1) {
        uint32_t middle = low + (high - low) / 2;
        if (table->segments[middle].start <= t)
            low = middle;
        else
            high = middle;
    }
    return low;
}

uint32_t ota__zone_table_index_size(int64_t from, int64_t to)
{
    return to > from ? (uint32_t)(((uint64_t)(to - from) >> ZONE_BUCKET_BITS) + 1) : 0;
}

void ota__zone_table_index(zone_table *table, int64_t from, int64_t to, uint32_t *storage)
{
    uint32_t count = ota__zone_table_index_size(from, to);
    for (uint32_t b = 0; b < count; b++)
        storage[b] = binary_search(table, from + ((int64_t)b << ZONE_BUCKET_BITS));
    table->index = storage;
    table->index_count = count;
    table->index_base = from;
}

uint32_t ota__zone_segment_index(const zone_table *table, int64_t t)
{
    if (!table->index || t < table->index_base)
        return binary_search(table, t);
    uint64_t bucket = (uint64_t)(t - table->index_base) >> ZONE_BUCKET_BITS;
    if (bucket >= table->index_count)
        return binary_search(table, t);
    uint32_t i = table->index[bucket];
    while (i + 1 < table->count && table->segments[i + 1].start <= t)
        i++;
    return i;
}

int32_t ota__zone_offset_at(const zone_table *table, int64_t t)
{
    return table->segments[ota__zone_segment_index(table, t)].offset;
}

/* Offsets stay within a day of UTC, so only segments whose instants lie
 * within a day of `local` can map to it. */
#define ONE_DAY INT64_C(86400)

int ota__zone_resolve_local(const zone_table *table, int64_t local, int64_t *instant)
{
    uint32_t first = ota__zone_segment_index(table, local - ONE_DAY);
    uint32_t last = ota__zone_segment_index(table, local + ONE_DAY);
    int matches = 0;
    for (uint32_t i = first; i <= last; i++) {
        int64_t t = local - table->segments[i].offset;
        if (t >= table->segments[i].start && t < zone_segment_end(table, i)) {
            if (matches++ == 0)
                *instant = t; /* segments ascend, so the first is the earliest */
        }
    }
    if (matches == 1)
        return LOCAL_UNIQUE;
    if (matches > 1)
        return LOCAL_AMBIGUOUS;
    /* A gap: the wall time lies between a transition seen with the offset
     * before it and with the offset after it.  Reading it with the earlier
     * offset moves it forward by the gap's length (java.time's rule). */
    for (uint32_t i = first + 1; i <= last; i++) {
        const zone_segment *before = &table->segments[i - 1];
        const zone_segment *after = &table->segments[i];
        if (local >= after->start + before->offset && local < after->start + after->offset) {
            *instant = local - before->offset;
            return LOCAL_IN_GAP;
        }
    }
    /* Unreachable for a well-formed table; answer with the nearest offset. */
    *instant = local - table->segments[first].offset;
    return LOCAL_IN_GAP;
}
