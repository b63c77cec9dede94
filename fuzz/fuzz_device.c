/* Target 4: device JSON -> ota_device -> eligibility and next push against
 * two fixed plans, each answer checked against the reference model. */
#include "check.h"
#include "otaplan.h"
#include "otaplan_json.h"
#include "reader.h"
#include "same_device.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static ota_compiled_plan *compiled[2];
static ota_plan plans[2];

static void build_plans(void)
{
    static const ota_component components[] = {{.type = OTA_COMPONENT_MODULE,
                                                .method = OTA_METHOD_FULL,
                                                .id = "wifi",
                                                .target_version = "2.0",
                                                .specified_versions = "1.0;1.1"},
                                               {.type = OTA_COMPONENT_MCU,
                                                .method = OTA_METHOD_DELTA,
                                                .id = "mcu",
                                                .target_version = "1.1",
                                                .source_version = "1.0"}};
    static const ota_window night = {1, 3}, morning = {6, 9};
    static const char *const black[] = {"dev-b"}, *const white[] = {"dev-1", "dev-2", "dev-b"};
    static const ota_text text = {"en", "update"};
    for (int i = 0; i < 2; i++) {
        ota_plan *p = &plans[i];
        ota_plan_init(p, OTA_PLAN_STRUCT_VERSION);
        p->name = "fuzz";
        p->product = "p";
        p->start = "2026-03-01T00:00";
        p->end = "2026-12-01T00:00";
        p->state = OTA_PLAN_ACTIVE;
        p->components = components;
        p->component_count = 2;
        p->min_battery = 20;
        p->min_signal = -110;
        p->retry_count = 1;
    }
    plans[0].timezone = "America/New_York";
    plans[0].mode = OTA_MODE_SILENT;
    plans[0].push_window = &night;
    plans[0].blacklist = black;
    plans[0].blacklist_count = 1;
    plans[0].whitelist = white;
    plans[0].whitelist_count = 3;
    plans[1].timezone = "Australia/Lord_Howe";
    plans[1].mode = OTA_MODE_USER_CONFIRM;
    plans[1].region = OTA_REGION_INTL;
    plans[1].texts = &text;
    plans[1].text_count = 1;
    plans[1].auto_upgrade_window = &morning;
    for (int i = 0; i < 2; i++)
        if (ota_plan_compile(&plans[i], NULL, &compiled[i], NULL) != OTA_OK)
            abort();
}

/* The reader (its one-pass scan when the line is plain) and jansson's tree
 * must agree on every input, whole and as an array's next element. */
static void check_readers_agree(const char *text, size_t size)
{
    static ota_json_device_reader *scanning, *jansson;
    if (!scanning) {
        scanning = ota_json_device_reader_new();
        jansson = ota_json_device_reader_new();
        if (!scanning || !jansson)
            abort();
    }
    for (int next = 0; next < 2; next++) {
        size_t offset = 0, offset_jansson = 0;
        const ota_device *device, *device_jansson;
        ota_json_error error = OTA_JSON_ERROR_INIT, error_jansson = OTA_JSON_ERROR_INIT;
        int32_t status = ota__device_read(scanning, text, size, &offset, next, &device, &error);
        int32_t status_jansson = ota__device_read_jansson(jansson, text, size, &offset_jansson,
                                                          next, &device_jansson, &error_jansson);
        if (status != status_jansson || strcmp(error.text, error_jansson.text) != 0 ||
            error.line != error_jansson.line || error.column != error_jansson.column)
            abort();
        if (status == OTA_OK &&
            ((next && offset != offset_jansson) || !same_device(device, device_jansson)))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ota_json_device_reader *reader;
    if (!reader) {
        build_plans();
        reader = ota_json_device_reader_new();
    }
    if (size > 65536)
        return 0;
    check_readers_agree((const char *)data, size);
    const ota_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_device_read(reader, (const char *)data, size, &device, &error);
    if (status != OTA_OK) {
        if (device || error.text[0] == '\0')
            abort(); /* a refusal always says why */
        return 0;
    }
    /* Around New York's and Lord Howe's 2026 changes. */
    static const int64_t instants[] = {1772951400, 1793512800, 1791041400, 1780000000};
    for (int k = 0; k < 4; k++)
        fuzz_check_device(&plans[k % 2], compiled[k % 2], device, instants[k], k % 2 ? 15 : 10);
    return 0;
}
