/* The zone table (lib/zone.c, lib/zonetable.c): ICU's transitions as plain
 * arrays, the bucket index, and resolving local wall times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "zone.h"
#include <stdio.h>
#include <stdlib.h>
#include <unicode/ucal.h>
#include <unicode/uenum.h>

#define T(text) fixture_instant(text)

static void canonical_ids(void **state)
{
    (void)state;
    char canonical[ZONE_ID_CAPACITY];
    assert_true(ota__zone_canonical_id("US/Eastern", canonical));
    assert_string_equal(canonical, "America/New_York");
    assert_true(ota__zone_canonical_id("UTC", canonical));
    assert_string_equal(canonical, "Etc/UTC");
    assert_false(ota__zone_canonical_id("GMT+5", canonical));
    assert_false(ota__zone_canonical_id("Etc/Unknown", canonical));
    assert_false(ota__zone_canonical_id("", canonical));
    assert_false(ota__zone_canonical_id("Europe/\xff", canonical));
    /* ICU's resource keys write "/" as ":", and its lookup takes them (the
     * fuzzer found "Australia:NSW" accepted, then opened as UTC by ucal_open):
     * no IANA name has a ':'. */
    assert_false(ota__zone_canonical_id("Australia:NSW", canonical));
    assert_false(ota__zone_canonical_id("America:New_York", canonical));
    assert_false(ota__zone_canonical_id("Europe/Berlin ", canonical));
    char long_id[300];
    memset(long_id, 'A', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    assert_false(ota__zone_canonical_id(long_id, canonical));
    assert_true(strlen(ota_tzdata_version()) >= 5); /* "2022e" */
}

/* The slow answer the index must match. */
static uint32_t by_scan(const zone_table *table, int64_t t)
{
    uint32_t i = 0;
    while (i + 1 < table->count && table->segments[i + 1].start <= t)
        i++;
    return i;
}

static void bucket_index_matches_a_scan(void **state)
{
    (void)state;
    const char *zones[] = {"America/New_York", "Africa/Casablanca", "Australia/Lord_Howe",
                           "Asia/Tokyo", "Etc/UTC"};
    int64_t from = T("2024-01-01T00:00:00Z"), to = T("2041-01-01T00:00:00Z");
    for (size_t z = 0; z < sizeof zones / sizeof *zones; z++) {
        zone_table table;
        assert_int_equal(ota__zone_table_build(NULL, zones[z], from, to, &table), OTA_OK);
        assert_non_null(table.index);
        for (uint32_t s = 1; s < table.count; s++) {
            int64_t at = table.segments[s].start;
            for (int64_t d = -2; d <= 2; d++)
                assert_int_equal(ota__zone_segment_index(&table, at + d), by_scan(&table, at + d));
            assert_true(table.segments[s].offset != table.segments[s - 1].offset);
        }
        for (int64_t t = from - 86400 * 40; t < to + 86400 * 40; t += 3607)
            assert_int_equal(ota__zone_segment_index(&table, t), by_scan(&table, t));
        ota__zone_table_free(NULL, &table);
    }
}

static void new_york_offsets(void **state)
{
    (void)state;
    zone_table table;
    assert_int_equal(ota__zone_table_build(NULL, "America/New_York", T("2026-01-01T00:00:00Z"),
                                           T("2027-01-01T00:00:00Z"), &table),
                     OTA_OK);
    assert_int_equal(table.count, 3);
    assert_int_equal(table.segments[1].start, T("2026-03-08T07:00:00Z"));
    assert_int_equal(table.segments[2].start, T("2026-11-01T06:00:00Z"));
    assert_int_equal(ota__zone_offset_at(&table, T("2026-03-08T06:59:59Z")), -5 * 3600);
    assert_int_equal(ota__zone_offset_at(&table, T("2026-03-08T07:00:00Z")), -4 * 3600);
    int64_t t;
    /* local 2026-03-08 01:59 (unique), 02:30 (gap), 2026-11-01 01:30 (twice) */
    int64_t day = T("2026-03-08T00:00:00Z");
    assert_int_equal(ota__zone_resolve_local(&table, day + 1 * 3600 + 59 * 60, &t), LOCAL_UNIQUE);
    assert_int_equal(t, T("2026-03-08T06:59:00Z"));
    assert_int_equal(ota__zone_resolve_local(&table, day + 2 * 3600 + 30 * 60, &t), LOCAL_IN_GAP);
    assert_int_equal(t, T("2026-03-08T07:30:00Z"));
    int64_t fall = T("2026-11-01T00:00:00Z");
    assert_int_equal(ota__zone_resolve_local(&table, fall + 1 * 3600 + 30 * 60, &t),
                     LOCAL_AMBIGUOUS);
    assert_int_equal(t, T("2026-11-01T05:30:00Z"));
    assert_int_equal(ota__zone_resolve_local(&table, fall + 2 * 3600, &t), LOCAL_UNIQUE);
    assert_int_equal(t, T("2026-11-01T07:00:00Z"));
    ota__zone_table_free(NULL, &table);
}

/* Every ID ICU enumerates is accepted exactly when the tz database of this
 * machine names it (as a zone or a link). */
static void zone_ids_are_the_tz_databases(void **state)
{
    (void)state;
    FILE *zi = fopen("/usr/share/zoneinfo/tzdata.zi", "r");
    if (!zi)
        skip();
    size_t capacity = 1 << 16, used = 0;
    char *names = malloc(capacity);
    assert_non_null(names);
    char line[512];
    while (fgets(line, sizeof line, zi)) {
        char kind[4], a[200], b[200];
        int fields = sscanf(line, "%3s %199s %199s", kind, a, b);
        const char *name = fields >= 2 && strcmp(kind, "Z") == 0   ? a
                           : fields == 3 && strcmp(kind, "L") == 0 ? b
                                                                   : NULL;
        if (!name)
            continue;
        size_t n = strlen(name) + 2;
        if (used + n + 1 > capacity) {
            capacity *= 2;
            names = realloc(names, capacity);
            assert_non_null(names);
        }
        snprintf(names + used, capacity - used, "\n%s\n", name);
        used += n - 1;
    }
    fclose(zi);
    UErrorCode status = U_ZERO_ERROR;
    UEnumeration *ids = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_ANY, NULL, NULL, &status);
    assert_true(U_SUCCESS(status));
    const char *id;
    int32_t length;
    int checked = 0;
    while ((id = uenum_next(ids, &length, &status))) {
        char needle[220], canonical[ZONE_ID_CAPACITY];
        snprintf(needle, sizeof needle, "\n%s\n", id);
        int in_tz = strstr(names, needle) != NULL;
        int accepted = ota__zone_canonical_id(id, canonical);
        if (in_tz != accepted)
            fail_msg("%s: in the tz database %d, accepted %d", id, in_tz, accepted);
        checked++;
    }
    uenum_close(ids);
    free(names);
    assert_true(checked > 500);
}

static void icu_only_ids_are_unknown(void **state)
{
    (void)state;
    static const char *const refused[] = {"BST", "IST", "CST",          "AST",           "ECT",
                                          "PST", "ACT", "SystemV/AST4", "US/Pacific-New"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        fixture_plan f;
        fixture_silent(&f);
        f.plan.timezone = refused[i];
        ota_diagnostics *list = fixture_validate(&f.plan, NULL);
        assert_diagnostic(list, OTA_CODE_TIMEZONE_UNKNOWN, "timezone");
        ota_diagnostics_free(list);
    }
    char canonical[ZONE_ID_CAPACITY];
    assert_true(ota__zone_canonical_id("EST", canonical)); /* a tz name, kept */
    assert_true(ota__zone_canonical_id("Asia/Calcutta", canonical));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canonical_ids),
        cmocka_unit_test(bucket_index_matches_a_scan),
        cmocka_unit_test(new_york_offsets),
        cmocka_unit_test(zone_ids_are_the_tz_databases),
        cmocka_unit_test(icu_only_ids_are_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
