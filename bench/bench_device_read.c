/* Reading a device line (libotaplan-json): the reader as it is (its
 * one-pass scan takes lines of the usual shape) against jansson's tree for
 * the same lines, in the same process.  The lines are those of
 * bench/bench_cli.sh's fleet, compact, and the same with the spaces that
 * json.dumps and PostgreSQL's jsonb text put after ':' and ','; one with an
 * escape shows what a line the scan leaves to jansson costs. */
#include "harness.h"
#include "otaplan_json.h"
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LINES = 1024 };

typedef struct context {
    char *lines[LINES];
    size_t lengths[LINES];
    ota_json_device_reader *reader;
} context;

static const char *const states[] = {"\"idle\"", "\"idle\"", "\"idle\"",
                                     "\"refused\",\"state_at\":\"2026-12-02T16:40:00Z\"",
                                     "\"failed\",\"failed_attempts\":1"};

/* Line i as bench_cli.sh writes it; with `spaced`, ": " and ", "; with
 * `escaped`, an escape in the product name. */
static void fill(context *x, int spaced, int escaped)
{
    for (int i = 0; i < LINES; i++) {
        char compact[512], *line = malloc(640);
        snprintf(compact, sizeof compact,
                 "{\"id\":\"lock-%07d\",\"product\":\"%s\",\"versions\":{\"wifi-fw\":\"2.3.1\","
                 "\"mcu.ctrl\":\"1.7\"},\"signal\":-%d,\"battery\":%d,\"state\":%s}",
                 i, escaped ? "smart-lock\\u005fv2" : "smart-lock_v2", 60 + i % 50, i % 100,
                 states[i % 5]);
        size_t n = 0;
        int in_string = 0;
        for (const char *c = compact; *c; c++) {
            line[n++] = *c;
            if (*c == '"' && (c == compact || c[-1] != '\\'))
                in_string = !in_string;
            if (spaced && !in_string && (*c == ':' || *c == ','))
                line[n++] = ' ';
        }
        line[n] = '\0';
        free(x->lines[i]);
        x->lines[i] = line;
        x->lengths[i] = n;
    }
}

typedef int32_t (*device_read)(ota_json_device_reader *reader, const char *text, size_t length,
                               size_t *offset, int next, const ota_device **device,
                               ota_json_error *error);

/* Line i % LINES by `read`; the device's battery, or 0. */
static uint64_t read_line(context *x, size_t i, device_read read)
{
    size_t k = i % LINES, offset = 0;
    const ota_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    read(x->reader, x->lines[k], x->lengths[k], &offset, 0, &device, &error);
    return device ? (uint64_t)device->battery : 0;
}

static uint64_t op_reader(void *c, size_t i)
{
    return read_line(c, i, ota__device_read);
}

static uint64_t op_jansson(void *c, size_t i)
{
    return read_line(c, i, ota__device_read_jansson);
}

/* Both readers must read every line, and alike, before they are timed. */
static void check(context *x)
{
    for (size_t i = 0; i < LINES; i++)
        if (op_reader(x, i) != op_jansson(x, i) || op_reader(x, i) != (uint64_t)(i % 100)) {
            fprintf(stderr, "bench_device_read: line %zu does not read alike\n", i);
            exit(1);
        }
}

int main(void)
{
    context *x = calloc(1, sizeof *x);
    x->reader = ota_json_device_reader_new();
    if (!x || !x->reader)
        return 1;
    static const struct {
        const char *what, *name;
        int spaced, escaped;
    } kinds[] = {{"compact (otaplan evaluate's fleets)", "device_read_compact", 0, 0},
                 {"\": \" and \", \" (json.dumps, jsonb)", "device_read_spaced", 1, 0},
                 {"with an escape (left to jansson)", "device_read_escaped", 0, 1}};
    bench_print_header("Reading a device line (ota_json_device_read)");
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        fill(x, kinds[k].spaced, kinds[k].escaped);
        check(x);
        bench_result jansson = bench_run(op_jansson, x, 200000, 11);
        bench_result reader = bench_run(op_reader, x, 200000, 11);
        char label[128];
        snprintf(label, sizeof label, "jansson's tree, %s", kinds[k].what);
        bench_print_row(label, jansson, NULL);
        snprintf(label, sizeof label, "the reader, %s", kinds[k].what);
        bench_print_row(label, reader, &jansson);
        char name[64];
        snprintf(name, sizeof name, "%s_ns", kinds[k].name);
        bench_emit(name, "median_ns", reader.median_ns);
        snprintf(name, sizeof name, "%s_jansson_ns", kinds[k].name);
        bench_emit(name, "median_ns", jansson.median_ns);
    }
    for (int i = 0; i < LINES; i++)
        free(x->lines[i]);
    ota_json_device_reader_free(x->reader);
    free(x);
    return 0;
}
