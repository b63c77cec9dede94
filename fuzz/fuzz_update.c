/* Target 5: plan update validation.  The input holds two plan documents
 * separated by a line "---"; both are read and ota_plan_validate_update()
 * runs on them.  A plan compared with itself changes nothing. */
#include "otaplan.h"
#include "otaplan_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int has_immutable(const ota_diagnostics *list)
{
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        if (d.code == OTA_CODE_IMMUTABLE_FIELD)
            return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 131072)
        return 0;
    const char *text = (const char *)data;
    const char *separator = NULL;
    for (size_t i = 0; i + 5 <= size; i++)
        if (memcmp(text + i, "\n---\n", 5) == 0) {
            separator = text + i;
            break;
        }
    if (!separator)
        return 0;
    ota_json_plan *a = NULL, *b = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    if (ota_json_plan_read(text, (size_t)(separator - text), &a, &error) == OTA_OK &&
        ota_json_plan_read(separator + 5, size - (size_t)(separator - text) - 5, &b, &error) ==
            OTA_OK) {
        ota_diagnostics *list = NULL;
        if (ota_plan_validate_update(ota_json_plan_get(a), ota_json_plan_get(b), NULL, &list) !=
            OTA_OK)
            abort();
        ota_diagnostics_free(list);
        if (ota_plan_validate_update(ota_json_plan_get(a), ota_json_plan_get(a), NULL, &list) !=
                OTA_OK ||
            has_immutable(list))
            abort();
        ota_diagnostics_free(list);
    }
    ota_json_plan_free(a);
    ota_json_plan_free(b);
    return 0;
}
