/* Everything otaplan asks ICU about time zones (SPEC 2, 2.5).  Only
 * validation and compilation call these; evaluation reads zone_table. */
#ifndef OTA_ZONE_H
#define OTA_ZONE_H

#include "otaplan.h"
#include "zonetable.h"

#include <stddef.h>

/* 1 and ICU's canonical ID in `canonical` if ICU knows the zone `id` as a
 * system zone; 0 otherwise (an unknown name never becomes UTC). */
int ota__zone_canonical_id(const char *id, char canonical[ZONE_ID_CAPACITY]);

/* 1 for an ID that ICU's data knows but the tz database does not. */
int ota__zone_is_icu_only(const char *id);

/* Up to three zone IDs (tz names and links) close to an unknown `id` (a typo, a
 * missing "_", a city without its region: "America/NewYork" ->
 * "America/New_York", "Berlin" -> "Europe/Berlin"), the closest first;
 * returns how many.  Only close ones: none for a name like no zone. */
#define ZONE_SUGGESTIONS 3
int ota__zone_suggest(const char *id, char out[ZONE_SUGGESTIONS][ZONE_ID_CAPACITY]);

/* The table of the canonical zone's offsets covering instants [from, to).
 * Returns OTA_OK, OTA_ERR_NOMEM or OTA_ERR_ICU. */
int32_t ota__zone_table_build(const ota_allocator *allocator, const char *canonical, int64_t from,
                              int64_t to, zone_table *out);

void ota__zone_table_free(const ota_allocator *allocator, zone_table *table);

#endif
