/* Target 9: a line of a plan test file (otaplan test) -> ota_json_plan_test,
 * read for one plan and for a set: what the reader gives is whole (a name,
 * a device the library takes, an allowed tick, expectations named once),
 * and what it refuses leaves nothing half-read.  The device read from the
 * test is evaluated, so its pointers are used. */
#include "otaplan.h"
#include "otaplan_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char plans_text[] =
    "{\"name\":\"Release\",\"product\":\"p\",\"timezone\":\"Asia/Shanghai\",\"start\":"
    "\"2026-01-01T00:00\",\"end\":\"2027-01-01T00:00\",\"state\":\"active\",\"mode\":\"silent\","
    "\"push_window\":{\"start_hour\":0,\"end_hour\":2},\"components\":[{\"type\":\"module\","
    "\"id\":\"w\",\"method\":\"full\",\"target_version\":\"2\"}]}\n"
    "{\"name\":\"Hotfix\",\"priority\":5,\"product\":\"p\",\"timezone\":\"UTC\",\"start\":"
    "\"2026-01-01T00:00\",\"end\":\"2027-01-01T00:00\",\"state\":\"active\",\"mode\":\"silent\","
    "\"whitelist\":[\"d1\"],\"components\":[{\"type\":\"module\",\"id\":\"w\",\"method\":"
    "\"full\",\"target_version\":\"3\"}]}\n";

static ota_json_set *set;
static ota_json_device_reader *reader;

static void setup(void)
{
    ota_json_error error = OTA_JSON_ERROR_INIT;
    reader = ota_json_device_reader_new();
    if (!reader || ota_json_set_read(plans_text, strlen(plans_text), &set, &error) != OTA_OK ||
        ota_json_set_compile(set, NULL, NULL) != OTA_OK)
        abort();
}

static void check_whole(const ota_json_plan_test *t, const ota_plan_set *plans)
{
    const char *why = NULL;
    if (!t->name || !t->device || t->expects == 0 || ota_device_check(t->device, &why) != OTA_OK ||
        !ota_tick_is_allowed(t->tick_minutes) || t->component_count > OTA_MAX_COMPONENTS)
        abort();
    if (plans ? !t->set_device || t->set_device->device != t->device : t->set_device != NULL)
        abort();
    if ((t->expects & OTA_JSON_EXPECT_REASON) && !ota_reason_name(t->reason))
        abort();
    if ((t->expects & OTA_JSON_EXPECT_PUSH_STATUS) && !ota_push_status_name(t->push_status))
        abort();
    if ((t->expects & OTA_JSON_EXPECT_PUSH_AT) && t->push_status != OTA_PUSH_AT)
        abort();
    for (uint32_t i = 0; i < t->component_count; i++)
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(t->components[i], t->components[j]) == 0)
                abort();
    ota_eval_options eval = OTA_EVAL_OPTIONS_INIT;
    eval.tick_minutes = t->tick_minutes;
    if (plans) {
        ota_selection selection = OTA_SELECTION_INIT;
        int32_t status = ota_plan_set_select(plans, t->set_device, t->now, &eval, &selection);
        if (status != OTA_OK && status != OTA_ERR_RANGE)
            abort();
    } else {
        ota_push_result push = OTA_PUSH_RESULT_INIT;
        int32_t status = ota_next_push_time(ota_plan_set_plan(ota_json_set_get(set), 0), t->device,
                                            t->now, &eval, &push);
        if (status != OTA_OK && status != OTA_ERR_RANGE)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!set)
        setup();
    for (int in_set = 0; in_set < 2; in_set++) {
        const ota_plan_set *plans = in_set ? ota_json_set_get(set) : NULL;
        ota_json_plan_test test = OTA_JSON_PLAN_TEST_INIT;
        ota_json_error error = OTA_JSON_ERROR_INIT;
        int32_t status =
            ota_json_plan_test_read(reader, plans, (const char *)data, size, &test, &error);
        if (status == OTA_OK) {
            check_whole(&test, plans);
        } else if (test.expects != 0 || test.name || test.device || !error.text[0] ||
                   memchr(error.text, '\0', sizeof error.text) == NULL) {
            abort(); /* half-read, or refused without a sentence */
        }
    }
    return 0;
}
