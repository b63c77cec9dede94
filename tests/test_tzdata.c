/* Time-zone resources built by tools/otaplan-tzdata, loaded by
 * ICU through ICU_TIMEZONE_FILES_DIR, against the system's tz database read
 * by another implementation: glibc's localtime_r.  Every zone and link of
 * tzdata.zi, at hourly samples over 2000-2040 and at every transition of
 * either side, one second before, at and after it.  Skipped when
 * ICU_TIMEZONE_FILES_DIR is not set (scripts/test.sh sets it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fixture.h"
#include "zone.h"

#define FROM INT64_C(946684800)  /* 2000-01-01 */
#define TO   INT64_C(2240611200) /* 2041-01-01 */

static const char *zoneinfo(void)
{
    const char *dir = getenv("OTAPLAN_ZONEINFO");
    return dir ? dir : "/usr/share/zoneinfo";
}

static void require_resources(void)
{
    if (!getenv("ICU_TIMEZONE_FILES_DIR")) {
        print_message("ICU_TIMEZONE_FILES_DIR is not set: nothing to compare\n");
        skip();
    }
}

static long glibc_offset(int64_t t)
{
    time_t when = (time_t)t;
    struct tm tm;
    localtime_r(&when, &tm);
    return tm.tm_gmtoff;
}

/* The first second after `low` at which glibc's offset differs from the
 * one at `low` (which differs at `high`). */
static int64_t glibc_change(int64_t low, int64_t high)
{
    long before = glibc_offset(low);
    while (high - low > 1) {
        int64_t middle = low + (high - low) / 2;
        if (glibc_offset(middle) == before)
            low = middle;
        else
            high = middle;
    }
    return high;
}

static int compare_at(const char *name, const zone_table *icu, int64_t t, int *reported)
{
    long ours = ota__zone_offset_at(icu, t), theirs = glibc_offset(t);
    if (ours == theirs)
        return 0;
    if ((*reported)++ < 10)
        print_message("%s at %lld: ICU %ld, system %ld\n", name, (long long)t, ours, theirs);
    return 1;
}

static int compare_zone(const char *name, int *reported, long *samples)
{
    char canonical[ZONE_ID_CAPACITY];
    if (!ota__zone_canonical_id(name, canonical)) {
        if ((*reported)++ < 10)
            print_message("%s: unknown to ICU\n", name);
        return 1;
    }
    setenv("TZ", name, 1);
    tzset();
    zone_table icu;
    assert_int_equal(ota__zone_table_build(NULL, canonical, FROM, TO, &icu), OTA_OK);
    int mismatches = 0;
    for (uint32_t s = 1; s < icu.count; s++)
        for (int64_t d = -1; d <= 1; d++)
            mismatches += compare_at(name, &icu, icu.segments[s].start + d, reported);
    long previous = glibc_offset(FROM);
    for (int64_t t = FROM; t < TO; t += 3600) {
        long now = glibc_offset(t);
        if (now != previous) {
            int64_t change = glibc_change(t - 3600, t);
            for (int64_t d = -1; d <= 1; d++)
                mismatches += compare_at(name, &icu, change + d, reported);
            previous = now;
        }
        mismatches += compare_at(name, &icu, t, reported);
        ++*samples;
    }
    ota__zone_table_free(NULL, &icu);
    return mismatches;
}

static void every_zone_and_link_agrees_with_the_system(void **state)
{
    (void)state;
    require_resources();
    char path[4096];
    snprintf(path, sizeof path, "%s/tzdata.zi", zoneinfo());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int names = 0, mismatches = 0, reported = 0;
    long samples = 0;
    while (fgets(line, sizeof line, f)) {
        char kind[4], a[256], b[256];
        int fields = sscanf(line, "%3s %255s %255s", kind, a, b);
        const char *name = NULL;
        if (fields >= 2 && strcmp(kind, "Z") == 0)
            name = a;
        else if (fields == 3 && strcmp(kind, "L") == 0)
            name = b;
        if (!name)
            continue;
        names++;
        mismatches += compare_zone(name, &reported, &samples);
    }
    fclose(f);
    print_message("tz data: %d zones and links, %ld hourly samples plus transitions, %d differ\n",
                  names, samples, mismatches);
    assert_true(names > 500);
    assert_int_equal(mismatches, 0);
}

static int64_t offset_in(const char *zone, int64_t t)
{
    char canonical[ZONE_ID_CAPACITY];
    if (!ota__zone_canonical_id(zone, canonical))
        fail_msg("%s is unknown", zone);
    zone_table table;
    assert_int_equal(ota__zone_table_build(NULL, canonical, t - 86400, t + 86400, &table), OTA_OK);
    int64_t offset = ota__zone_offset_at(&table, t);
    ota__zone_table_free(NULL, &table);
    return offset;
}

static void known_cases(void **state)
{
    (void)state;
    require_resources();
    /* Mexico dropped daylight saving in 2022: UTC-6 in July 2024. */
    assert_int_equal(offset_in("America/Mexico_City", fixture_instant("2024-07-01T12:00:00Z")),
                     -6 * 3600);
    /* Zones ICU 72's own data does not know. */
    char canonical[ZONE_ID_CAPACITY];
    assert_true(ota__zone_canonical_id("America/Ciudad_Juarez", canonical));
    assert_string_equal(canonical, "America/Ciudad_Juarez");
    assert_true(ota__zone_canonical_id("America/Coyhaique", canonical));
    assert_true(strcmp(ota_tzdata_version(), "2022e") > 0);
    /* A New York plan pushes as it did with the built-in data. */
    fixture_plan f;
    fixture_silent(&f);
    f.plan.timezone = "America/New_York";
    f.plan.start = "2026-03-01T00:00";
    f.plan.end = "2026-04-01T00:00";
    f.push_window = (ota_window){2, 3};
    f.plan.component_count = 1;
    ota_compiled_plan *compiled = fixture_compile(&f.plan);
    ota_device_version version = {"wifi", "1.0"};
    ota_device device;
    ota_device_init(&device, OTA_DEVICE_STRUCT_VERSION);
    device.id = "d";
    device.product = "lamp-1";
    device.versions = &version;
    device.version_count = 1;
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    assert_int_equal(
        ota_next_push_time(compiled, &device, fixture_instant("2026-03-08T05:00:00Z"), NULL, &push),
        OTA_OK);
    assert_int_equal(push.at, fixture_instant("2026-03-09T06:00:00Z"));
    ota_compiled_plan_free(compiled);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_cases),
        cmocka_unit_test(every_zone_and_link_agrees_with_the_system),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
