/* The one-pass device reader (lib/json/device_scan.c) against jansson's
 * (ota__device_read_jansson): for every conformance device in four
 * layouts, and for hand-written lines with every byte deleted, replaced or
 * preceded by each byte that matters to JSON, both readers must give the
 * same status, message, position and device; read as one text and as the
 * next element of an array.  And the lines a fleet is made of must be the
 * ones the scan takes, or it would be a fast path that is never taken. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conformance_cases.h"
#include "device_scan.h"
#include "otaplan_json.h"
#include "reader.h"
#include "same_device.h"

typedef struct comparison {
    ota_json_device_reader *reader;  /* scan first, jansson when it declines */
    ota_json_device_reader *jansson; /* jansson always */
    device_scan_space space;
    size_t compared, scanned, differences;
} comparison;

static void begin(comparison *c)
{
    *c = (comparison){ota_json_device_reader_new(), ota_json_device_reader_new()};
    assert_non_null(c->reader);
    assert_non_null(c->jansson);
}

static void end(comparison *c)
{
    ota_json_device_reader_free(c->reader);
    ota_json_device_reader_free(c->jansson);
    ota__device_scan_space_free(&c->space);
}

/* Both readers on text[0, length), whole and as an array's next element;
 * returns whether the scan took it whole. */
static int compare(comparison *c, const char *text, size_t length)
{
    int took = 0;
    for (int next = 0; next < 2; next++) {
        size_t offset = 0, offset_jansson = 0;
        const ota_device *device = NULL, *device_jansson = NULL;
        ota_json_error error = OTA_JSON_ERROR_INIT, error_jansson = OTA_JSON_ERROR_INIT;
        int32_t status = ota__device_read(c->reader, text, length, &offset, next, &device, &error);
        int32_t status_jansson = ota__device_read_jansson(c->jansson, text, length, &offset_jansson,
                                                          next, &device_jansson, &error_jansson);
        c->compared++;
        int same = status == status_jansson && strcmp(error.text, error_jansson.text) == 0 &&
                   error.line == error_jansson.line && error.column == error_jansson.column;
        if (same && status == OTA_OK)
            same = (!next || offset == offset_jansson) && same_device(device, device_jansson);
        if (!same) {
            c->differences++;
            if (c->differences <= 10)
                fprintf(stderr, "%s differs (%d vs %d, \"%s\" vs \"%s\"): %.*s\n",
                        next ? "next" : "whole", status, status_jansson, error.text,
                        error_jansson.text, (int)length, text);
        }
        size_t scan_offset = 0;
        ota_device scanned;
        if (ota__device_scan(&c->space, text, length, &scan_offset, !next, &scanned)) {
            c->scanned++;
            took |= !next;
        }
    }
    return took;
}

/* The lines of a fleet file: each must be scanned, and read alike. */
static const char *const fleet_lines[] = {
    "{\"id\":\"lock-000003\",\"product\":\"smart-lock_v2\",\"versions\":{\"wifi-fw\":\"2.4.0\"},"
    "\"battery\":23,\"state\":\"refused\",\"state_at\":\"2026-12-01T16:30:00Z\"}",
    "{\"id\": \"tenant-7/region-eu/device-000123\", \"product\": \"smart-lock_v2\", "
    "\"versions\": {\"wifi-firmware\": \"2.3.1-rc.4\", \"b\": \"2\", \"c\": \"3\"}, "
    "\"signal\": -71, \"battery\": 100, \"auto_update\": true}",
    "{\"id\":\"d1\",\"product\":\"p\",\"state\":\"user_confirmed\",\"state_at\":"
    "\"2026-03-08T01:59:59.5+05:30\",\"appointment\":{\"start\":\"2026-03-08T02:00:00Z\","
    "\"end\":\"2026-03-08T03:00:00z\"}}",
    "{\"id\":\"d2\",\"product\":\"p\",\"state\":\"failed\",\"failed_attempts\":3,"
    "\"signal\":null,\"battery\":null,\"versions\":null,\"appointment\":null,\"auto_update\":"
    "false}",
    "\t{ \"id\" : \"d3\" ,\r\n \"product\" : \"p\" , \"versions\" : { } , \"signal\" : -0 } \n",
    "{\"id\":\"d4\",\"product\":\"p\",\"battery\":99999999999,\"signal\":-999999999999999999}",
    "{\"id\":\"d5\",\"product\":\"p\",\"state\":\"upgrading\",\"appointment\":{}}",
};

/* Lines the scan leaves to jansson, each for another reason. */
static const char *const unusual_lines[] = {
    "{\"id\":\"d\\u0031\",\"product\":\"p\"}",                          /* an escape */
    "{\"id\":\"d\xc3\xa9\",\"product\":\"p\"}",                         /* UTF-8 */
    "{\"id\":\"d\",\"product\":\"p\",\"battery\":5.0}",                 /* a real */
    "{\"id\":\"d\",\"product\":\"p\",\"battery\":1e2}",                 /* an exponent */
    "{\"id\":\"d\",\"product\":\"p\",\"battery\":1234567890123456789}", /* 19 digits */
    "{\"id\":\"d\",\"product\":\"p\",\"battery\":012}",                 /* a leading zero */
    "{\"id\":\"d\",\"product\":\"p\",\"id\":\"e\"}",                    /* a key twice */
    "{\"id\":\"d\",\"product\":\"p\",\"versions\":{\"a\":\"1\",\"a\":\"2\"}}",
    "{\"id\":\"d\",\"product\":\"p\",\"stateAt\":\"2026-01-01T00:00:00Z\"}", /* unknown */
    "{\"id\":\"d\",\"product\":\"p\",\"state\":\"sleeping\"}",
    "{\"id\":\"d\",\"product\":\"p\",\"state_at\":\"2026-02-30T00:00:00Z\"}",
    "{\"id\":\"d\",\"product\":\"p\",\"auto_update\":1}",
    "{\"id\":\"d\",\"product\":\"p\",\"appointment\":{\"start\":null,\"at\":null}}",
    "{\"id\":\"d\",\"product\":\"p\",\"versions\":{\"a\":1}}",
    "{\"id\":\"d\",\"product\":\"p\",\"appointment\":{\"start\":null,\"start\":null}}",
    "{\"id\":\"d\",\"product\":\"p\"} {}", /* text after the object */
    "{\"id\":\"d\",\"product\":\"p\",}",
    "[{\"id\":\"d\",\"product\":\"p\"}]",
    "{\"id\":\"d\",\"product\":\"p\",\"versions\":{\"1\":\"1\",\"2\":\"1\",\"3\":\"1\","
    "\"4\":\"1\",\"5\":\"1\",\"6\":\"1\",\"7\":\"1\",\"8\":\"1\",\"9\":\"1\",\"10\":\"1\","
    "\"11\":\"1\",\"12\":\"1\",\"13\":\"1\",\"14\":\"1\",\"15\":\"1\",\"16\":\"1\","
    "\"17\":\"1\"}}", /* more versions than the scan holds */
};

/* Each line read alike by both readers, and scanned or not as `scanned`
 * says. */
static void lines_read_alike(const char *const *lines, size_t count, int scanned)
{
    comparison c;
    begin(&c);
    for (size_t i = 0; i < count; i++) {
        int took = compare(&c, lines[i], strlen(lines[i]));
        if (took != scanned)
            fprintf(stderr, "%s: %s\n", took ? "scanned" : "not scanned", lines[i]);
        assert_int_equal(took, scanned);
    }
    assert_int_equal(c.differences, 0);
    end(&c);
}

static void fleet_lines_are_scanned_and_read_alike(void **state)
{
    (void)state;
    lines_read_alike(fleet_lines, sizeof fleet_lines / sizeof *fleet_lines, 1);
}

static void unusual_lines_go_to_jansson(void **state)
{
    (void)state;
    lines_read_alike(unusual_lines, sizeof unusual_lines / sizeof *unusual_lines, 0);
}

/* Every byte of every line deleted, replaced by and preceded by each of
 * these, and every prefix of the line. */
static void every_edit_reads_alike(void **state)
{
    (void)state;
    static const char bytes[] = "\"\\,:{}[] \n\t0919-+.eEntfalsx\x01\x1f\x7f\xc3\xa9Z";
    comparison c;
    begin(&c);
    char edited[1024];
    const char *const *groups[] = {fleet_lines, unusual_lines};
    size_t sizes[] = {sizeof fleet_lines / sizeof *fleet_lines,
                      sizeof unusual_lines / sizeof *unusual_lines};
    for (int g = 0; g < 2; g++) {
        for (size_t l = 0; l < sizes[g]; l++) {
            const char *line = groups[g][l];
            size_t n = strlen(line);
            assert_true(n + 1 < sizeof edited);
            for (size_t at = 0; at <= n; at++) {
                compare(&c, line, at); /* the prefix */
                if (at == n)
                    break;
                memcpy(edited, line, at);
                memcpy(edited + at, line + at + 1, n - at - 1);
                compare(&c, edited, n - 1);
                for (size_t b = 0; b < sizeof bytes - 1; b++) {
                    memcpy(edited, line, n);
                    edited[at] = bytes[b];
                    compare(&c, edited, n);
                    memcpy(edited, line, at);
                    edited[at] = bytes[b];
                    memcpy(edited + at + 1, line + at, n - at);
                    compare(&c, edited, n + 1);
                }
            }
        }
    }
    fprintf(stderr, "%zu reads compared, %zu scanned\n", c.compared, c.scanned);
    assert_int_equal(c.differences, 0);
    /* Most edits break a line, yet some keep it plain (a digit for a digit). */
    assert_true(c.scanned > 1000);
    end(&c);
}

static void conformance_devices_read_alike(void **state)
{
    (void)state;
    json_t *cases = conformance_load("evaluate.jsonl");
    assert_non_null(cases);
    static const size_t layouts[] = {0, JSON_COMPACT, JSON_INDENT(2), JSON_ENSURE_ASCII};
    comparison c;
    begin(&c);
    size_t devices = 0;
    for (size_t i = 0; i < json_array_size(cases); i++) {
        json_t *fleet = json_object_get(json_array_get(cases, i), "fleet");
        for (size_t d = 0; d < json_array_size(fleet); d++) {
            devices++;
            for (size_t k = 0; k < sizeof layouts / sizeof *layouts; k++) {
                char *text = json_dumps(json_array_get(fleet, d), layouts[k]);
                assert_non_null(text);
                compare(&c, text, strlen(text));
                free(text);
            }
        }
    }
    fprintf(stderr, "%zu devices, %zu reads compared, %zu scanned\n", devices, c.compared,
            c.scanned);
    assert_int_equal(c.differences, 0);
    assert_true(devices >= 1000);
    /* Nearly every conformance device is plain; what is not is UTF-8,
     * escapes or a device meant to be refused. */
    assert_true(c.scanned * 10 > c.compared * 8);
    end(&c);
    json_decref(cases);
}

/* The scan's strings live in its space, which grows for a long line and
 * is given back at the next read, as the arena's chunks are. */
static void long_line_then_short(void **state)
{
    (void)state;
    size_t n = 300000;
    char *line = malloc(n + 64);
    assert_non_null(line);
    int used = snprintf(line, 64, "{\"product\":\"p\",\"id\":\"");
    memset(line + used, 'x', n);
    strcpy(line + used + n, "\"}");
    comparison c;
    begin(&c);
    assert_true(compare(&c, line, strlen(line)));
    assert_true(c.space.capacity > n);
    assert_true(compare(&c, fleet_lines[0], strlen(fleet_lines[0])));
    assert_true(c.space.capacity <= 64 * 1024);
    assert_int_equal(c.differences, 0);
    end(&c);
    free(line);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fleet_lines_are_scanned_and_read_alike),
        cmocka_unit_test(unusual_lines_go_to_jansson),
        cmocka_unit_test(every_edit_reads_alike),
        cmocka_unit_test(conformance_devices_read_alike),
        cmocka_unit_test(long_line_then_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
