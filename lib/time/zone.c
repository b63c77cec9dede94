#include "zone.h"

#include "alloc.h"
#include "suggest.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

static int to_utf16(const char *id, UChar *out, int32_t capacity)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    size_t bytes = strlen(id);
    if (bytes == 0 || bytes >= (size_t)capacity)
        return 0;
    u_strFromUTF8(out, capacity, &length, id, (int32_t)bytes, &status);
    return U_SUCCESS(status) && status != U_STRING_NOT_TERMINATED_WARNING;
}

/* IDs that ICU's own data carries but the tz database does not: Java's
 * three-letter IDs (BST is Asia/Dhaka there, IST Asia/Kolkata), the SystemV
 * zones, and two names tz has since removed.  SPEC 2 asks for IANA names,
 * and resources built from the tz database (tools/otaplan-tzdata) know none
 * of these, so refusing them keeps the verdict the same on every data set
 * (tests/test_zone.c compares ICU's whole list with the tz database's). */
static const char *const icu_only_ids[] = {"ACT", "AET",
                                           "AGT", "ART",
                                           "AST", "BET",
                                           "BST", "CAT",
                                           "CNT", "CST",
                                           "CTT", "Canada/East-Saskatchewan",
                                           "EAT", "ECT",
                                           "IET", "IST",
                                           "JST", "MIT",
                                           "NET", "NST",
                                           "PLT", "PNT",
                                           "PRT", "PST",
                                           "SST", "US/Pacific-New",
                                           "VST"};

static int compare_ids(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

int ota__zone_is_icu_only(const char *id)
{
    if (strncmp(id, "SystemV/", 8) == 0)
        return 1;
    return bsearch(id, icu_only_ids, sizeof icu_only_ids / sizeof icu_only_ids[0],
                   sizeof icu_only_ids[0], compare_ids) != NULL;
}

/* The characters of tz names ("America/Port-au-Prince", "Etc/GMT+5"):
 * ICU's lookup also takes its resource keys' ':' for '/' ("Australia:NSW"),
 * which is no IANA name, and which ucal_open() then does not know. */
static int has_tz_characters(const char *id)
{
    for (const char *c = id; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              *c == '/' || *c == '_' || *c == '-' || *c == '+'))
            return 0;
    return 1;
}

int ota__zone_canonical_id(const char *id, char canonical[ZONE_ID_CAPACITY])
{
    if (ota__zone_is_icu_only(id) || !has_tz_characters(id))
        return 0;
    UChar input[ZONE_ID_CAPACITY], output[ZONE_ID_CAPACITY];
    if (!to_utf16(id, input, ZONE_ID_CAPACITY))
        return 0;
    UErrorCode status = U_ZERO_ERROR;
    UBool is_system = 0;
    int32_t length =
        ucal_getCanonicalTimeZoneID(input, -1, output, ZONE_ID_CAPACITY, &is_system, &status);
    /* Custom IDs ("GMT+5") and Etc/Unknown are not system zones: rejecting
     * them keeps ICU's silent fallback to UTC out of plans. */
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING || !is_system ||
        length <= 0 || length >= ZONE_ID_CAPACITY)
        return 0;
    u_strToUTF8(canonical, ZONE_ID_CAPACITY, NULL, output, length, &status);
    return U_SUCCESS(status) && status != U_STRING_NOT_TERMINATED_WARNING;
}

static int32_t offset_now(UCalendar *calendar, UErrorCode *status)
{
    int32_t zone = ucal_get(calendar, UCAL_ZONE_OFFSET, status);
    int32_t saving = ucal_get(calendar, UCAL_DST_OFFSET, status);
    return (zone + saving) / 1000;
}

static int append(const ota_allocator *allocator, zone_table *table, uint32_t *capacity,
                  int64_t start, int32_t offset)
{
    if (table->count == *capacity) {
        uint32_t grown = *capacity * 2;
        zone_segment *segments = ota__alloc_array(allocator, grown, sizeof *segments);
        if (!segments)
            return 0;
        memcpy(segments, table->segments, table->count * sizeof *segments);
        ota__free(allocator, table->segments);
        table->segments = segments;
        *capacity = grown;
    }
    table->segments[table->count++] = (zone_segment){.start = start, .offset = offset};
    return 1;
}

int32_t ota__zone_table_build(const ota_allocator *allocator, const char *canonical, int64_t from,
                              int64_t to, zone_table *out)
{
    UChar id[ZONE_ID_CAPACITY];
    if (!to_utf16(canonical, id, ZONE_ID_CAPACITY))
        return OTA_ERR_ICU;
    UErrorCode status = U_ZERO_ERROR;
    UCalendar *calendar = ucal_open(id, -1, "en_US_POSIX", UCAL_GREGORIAN, &status);
    if (U_FAILURE(status))
        return OTA_ERR_ICU;
    uint32_t capacity = 32;
    zone_table table = {.segments = ota__alloc_array(allocator, capacity, sizeof(zone_segment))};
    int32_t result = table.segments ? OTA_OK : OTA_ERR_NOMEM;

    ucal_setMillis(calendar, (UDate)from * 1000.0, &status);
    int32_t offset = offset_now(calendar, &status);
    if (result == OTA_OK && !append(allocator, &table, &capacity, INT64_MIN, offset))
        result = OTA_ERR_NOMEM;
    UDate transition;
    while (
        result == OTA_OK && U_SUCCESS(status) &&
        ucal_getTimeZoneTransitionDate(calendar, UCAL_TZ_TRANSITION_NEXT, &transition, &status) &&
        transition < (UDate)to * 1000.0) {
        ucal_setMillis(calendar, transition, &status);
        int32_t next = offset_now(calendar, &status);
        /* ICU also reports transitions that only move the split between
         * standard and daylight time; the total offset is what counts. */
        if (next != offset &&
            !append(allocator, &table, &capacity, (int64_t)(transition / 1000.0), next))
            result = OTA_ERR_NOMEM;
        offset = next;
    }
    if (result == OTA_OK && U_FAILURE(status))
        result = OTA_ERR_ICU;
    ucal_close(calendar);
    if (result == OTA_OK) {
        uint32_t *index =
            ota__alloc_array(allocator, ota__zone_table_index_size(from, to) + 1, sizeof *index);
        if (index)
            ota__zone_table_index(&table, from, to, index);
        else
            result = OTA_ERR_NOMEM;
    }
    if (result != OTA_OK) {
        ota__zone_table_free(allocator, &table);
        return result;
    }
    *out = table;
    return OTA_OK;
}

void ota__zone_table_free(const ota_allocator *allocator, zone_table *table)
{
    ota__free(allocator, table->segments);
    ota__free(allocator, table->index);
    *table = (zone_table){0};
}

const char *ota_tzdata_version(void)
{
    UErrorCode status = U_ZERO_ERROR;
    const char *version = ucal_getTZDataVersion(&status);
    return U_SUCCESS(status) && version ? version : "unknown";
}

/* How far an ID is from what the user typed: the whole name, or, for a
 * name without "/", the city part alone. */
static int zone_distance(const char *typed, const char *candidate, int max)
{
    int distance = ota__edit_distance(typed, candidate, max);
    const char *city = strrchr(candidate, '/');
    if (!strchr(typed, '/') && city) {
        int city_distance = ota__edit_distance(typed, city + 1, max);
        if (city_distance < distance)
            distance = city_distance;
    }
    return distance;
}

/* Characters of tz names, and the few a typo brings (a space, ICU's ":"):
 * anything else cannot be a typo of one. */
static int could_be_zone(const char *id)
{
    size_t length = 0;
    for (const char *c = id; *c; c++, length++)
        if (length > 40 ||
            !((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              *c == '/' || *c == '_' || *c == '-' || *c == '+' || *c == ' ' || *c == ':'))
            return 0;
    return length > 0;
}

/* The zones are listed from ICU on each call, not cached: a suggestion is
 * made on the error path of an unknown zone only, so the library keeps no
 * process-wide list and allocates nothing of its own for it. */
int ota__zone_suggest(const char *id, char out[ZONE_SUGGESTIONS][ZONE_ID_CAPACITY])
{
    if (!could_be_zone(id))
        return 0;
    UErrorCode status = U_ZERO_ERROR;
    UEnumeration *zones = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_ANY, NULL, NULL, &status);
    if (U_FAILURE(status))
        return 0; /* no suggestion, which only costs a hint */
    /* Close means: at most 2 edits, 3 for a long name. */
    int max = strlen(id) >= 12 ? 3 : 2;
    int found = 0, distances[ZONE_SUGGESTIONS];
    const char *candidate;
    int32_t length;
    while ((candidate = uenum_next(zones, &length, &status)) && U_SUCCESS(status)) {
        if ((size_t)length >= ZONE_ID_CAPACITY || ota__zone_is_icu_only(candidate))
            continue;
        int distance = zone_distance(id, candidate, max);
        if (distance > max)
            continue;
        /* Insertion into the short list, closest first, ties in ICU's order. */
        int at = found;
        while (at > 0 && distances[at - 1] > distance)
            at--;
        if (at >= ZONE_SUGGESTIONS)
            continue;
        int last = found < ZONE_SUGGESTIONS ? found : ZONE_SUGGESTIONS - 1;
        for (int k = last; k > at; k--) {
            distances[k] = distances[k - 1];
            memcpy(out[k], out[k - 1], ZONE_ID_CAPACITY);
        }
        distances[at] = distance;
        memcpy(out[at], candidate, (size_t)length + 1);
        if (found < ZONE_SUGGESTIONS)
            found++;
    }
    uenum_close(zones);
    /* Only the closest: "Europe/Berlin" and not also a zone two edits
     * further. */
    int kept = 0;
    while (kept < found && distances[kept] == distances[0])
        kept++;
    return kept;
}
