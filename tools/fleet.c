#include "fleet.h"

#include "cli.h"
#include "lines.h"

#include <errno.h>
#include <string.h>

static int is_blank(const char *line, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            return 0;
    return 1;
}

static void read_device(ota_json_device_reader *reader, const fleet_visitor *v, const char *line,
                        size_t length, unsigned long long number)
{
    const ota_device *device = NULL;
    ota_json_error error;
    int32_t status = ota_json_device_read(reader, line, length, &device, &error);
    if (status == OTA_ERR_NOMEM) {
        v->bad_line(v->context, number, "out of memory");
    } else if (status != OTA_OK) {
        char why[sizeof error.text + 32];
        if (status == OTA_ERR_ARGUMENT && error.column > 0)
            snprintf(why, sizeof why, "column %d: %s", error.column, error.text);
        else
            snprintf(why, sizeof why, "%s", error.text);
        v->bad_line(v->context, number, why);
    } else {
        v->device(v->context, device, number);
    }
}

int fleet_stream(const char *path, const fleet_visitor *v, unsigned long long *last_line)
{
    *last_line = 0;
    FILE *fleet = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    lines_reader *lines = fleet ? lines_open(fleet, LINES_MAX_LENGTH) : NULL;
    ota_json_device_reader *reader = lines ? ota_json_device_reader_new() : NULL;
    if (!reader) {
        fprintf(stderr, "otaplan: cannot read %s: %s\n", path,
                fleet ? "out of memory" : strerror(errno));
        lines_close(lines);
        if (fleet && fleet != stdin)
            fclose(fleet);
        return EXIT_USAGE;
    }
    const char *line;
    size_t length;
    lines_status status;
    while ((status = lines_next(lines, &line, &length)) != LINES_END && status != LINES_ERROR) {
        unsigned long long number = lines_number(lines);
        if (status == LINES_TOO_LONG)
            v->bad_line(v->context, number,
                        "the line is longer than 16 MiB: no device is that long");
        else if (status == LINES_NOMEM)
            v->bad_line(v->context, number, "out of memory reading the line");
        /* Blank lines hold no device, so skipping them drops nothing. */
        else if (!is_blank(line, length))
            read_device(reader, v, line, length, number);
        if (v->stop(v->context))
            break;
    }
    *last_line = lines_number(lines);
    int read_errno = status == LINES_ERROR ? lines_errno(lines) : 0;
    ota_json_device_reader_free(reader);
    lines_close(lines);
    if (fleet != stdin)
        fclose(fleet);
    if (read_errno) {
        fprintf(stderr,
                "otaplan: cannot read %s at line %llu: %s; the devices from there on "
                "were not evaluated\n",
                path, *last_line + 1, strerror(read_errno));
        return EXIT_USAGE;
    }
    return 0;
}
