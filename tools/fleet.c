#include "fleet.h"

#include "cli.h"

#include <stdio.h>

static int is_blank(const char *line, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            return 0;
    return 1;
}

static fleet_line_kind read_line(ota_json_device_reader *reader, const ota_plan_set *set,
                                 const char *text, size_t length, lines_status status,
                                 const ota_device **device, const ota_set_device **set_device,
                                 char *why, size_t why_capacity)
{
    if (status == LINES_TOO_LONG) {
        snprintf(why, why_capacity, "the line is longer than 16 MiB: no device is that long");
        return FLEET_BAD;
    }
    if (status != LINES_OK) {
        snprintf(why, why_capacity, "out of memory reading the line");
        return FLEET_NO_MEMORY;
    }
    /* Blank lines hold no device, so skipping them drops nothing. */
    if (is_blank(text, length))
        return FLEET_BLANK;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t read = set ? ota_json_set_device_read(reader, set, text, length, set_device, &error)
                       : ota_json_device_read(reader, text, length, device, &error);
    if (read == OTA_OK)
        return FLEET_DEVICE;
    if (read == OTA_ERR_NOMEM) {
        snprintf(why, why_capacity, "out of memory reading the line");
        return FLEET_NO_MEMORY;
    }
    if (read == OTA_ERR_ARGUMENT && error.column > 0)
        snprintf(why, why_capacity, "column %d: %s", error.column, error.text);
    else
        snprintf(why, why_capacity, "%s", error.text);
    return FLEET_BAD;
}

fleet_line_kind fleet_read_line(ota_json_device_reader *reader, const char *text, size_t length,
                                lines_status status, const ota_device **device, char *why,
                                size_t why_capacity)
{
    return read_line(reader, NULL, text, length, status, device, NULL, why, why_capacity);
}

fleet_line_kind fleet_read_set_line(ota_json_device_reader *reader, const ota_plan_set *set,
                                    const char *text, size_t length, lines_status status,
                                    const ota_set_device **device, char *why, size_t why_capacity)
{
    return read_line(reader, set, text, length, status, NULL, device, why, why_capacity);
}

void fleet_put_bad_line(ota_json_buffer *out, int json, unsigned long long line, const char *why)
{
    char number[32];
    snprintf(number, sizeof number, "%llu", line);
    if (json) {
        ota_json_put_cstr(out, "{\"line\":");
        ota_json_put_cstr(out, number);
        ota_json_put_cstr(out, ",\"error\":");
        ota_json_put_string(out, why);
        ota_json_put_cstr(out, "}\n");
    } else {
        ota_json_put_cstr(out, "line ");
        ota_json_put_cstr(out, number);
        ota_json_put_cstr(out, ": error: ");
        cli_append_cell(out, why, 0);
        ota_json_put_cstr(out, "\n");
    }
}

int fleet_emit(void *context, ota_json_buffer *out)
{
    int *out_of_memory = context;
    if (out->failed) {
        *out_of_memory = 1;
        return 1;
    }
    if (out->length)
        cli_write(out->data, out->length);
    return cli_output_failed();
}

int fleet_run_end(int status, int out_of_memory, unsigned long long last)
{
    if (status != 0)
        return status;
    if (out_of_memory) {
        fprintf(stderr, "otaplan: out of memory at fleet line %llu; the results are incomplete\n",
                last);
        return EXIT_USAGE;
    }
    if (cli_output_failed()) {
        cli_report_output_loss("the results are incomplete", last);
        return EXIT_USAGE;
    }
    return 0;
}
