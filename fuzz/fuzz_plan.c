/* Target 2: plan JSON -> validate -> compile (when valid) -> evaluate a few
 * devices, each answer checked against the reference model (check.c). */
#include "check.h"
#include "otaplan.h"
#include "otaplan_json.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    ota_json_plan *read = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    if (ota_json_plan_read((const char *)data, size, &read, &error) != OTA_OK)
        return 0;
    ota_diagnostics *list = NULL;
    if (ota_json_plan_validate(read, NULL, &list) != OTA_OK)
        abort();
    uint32_t errors = ota_diagnostics_error_count(list);
    ota_diagnostics_free(list);
    ota_compiled_plan *compiled = NULL;
    int32_t status = ota_json_plan_compile(read, NULL, &compiled, NULL);
    /* Compilation refuses exactly the plans validation calls invalid. */
    if ((status == OTA_OK) != (errors == 0))
        abort();
    if (status != OTA_OK) {
        ota_json_plan_free(read);
        return 0;
    }
    const ota_plan *plan = ota_json_plan_get(read);
    int64_t start, end, effective;
    ota_compiled_plan_period(compiled, &start, &end, &effective);
    static const int32_t states[] = {OTA_DEVICE_IDLE, OTA_DEVICE_REFUSED, OTA_DEVICE_USER_CONFIRMED,
                                     OTA_DEVICE_FAILED};
    static const int ticks[] = {10, 0, 15, 60};
    int64_t instants[] = {effective - 3600, effective, start + (end - start) / 2, end - 61};
    uint32_t seed = (uint32_t)size * 2654435761u;
    for (int k = 0; k < 4; k++) {
        int64_t now = instants[k];
        if (now < OTA_INSTANT_MIN || now >= OTA_INSTANT_MAX)
            continue;
        ota_device_version versions[OTA_MAX_COMPONENTS];
        for (uint32_t i = 0; i < plan->component_count; i++) {
            const ota_component *c = &plan->components[i];
            const char *v = (seed >> i) & 1 ? c->target_version : c->source_version;
            versions[i] = (ota_device_version){c->id, v ? v : "0.0.0"};
        }
        ota_device device;
        ota_device_init(&device, OTA_DEVICE_STRUCT_VERSION);
        device.id = plan->whitelist_count ? plan->whitelist[0] : "fuzz-device";
        device.product = plan->product;
        device.versions = versions;
        device.version_count = plan->component_count;
        device.state = states[(seed >> 8 ^ (uint32_t)k) % 4];
        device.auto_update = (seed >> 12 ^ (uint32_t)k) & 1;
        device.state_at = now - 600;
        if (device.state == OTA_DEVICE_USER_CONFIRMED && k % 2) {
            device.appointment_start = now + 300;
            device.appointment_end = now + 7200;
        }
        if (device.id && device.state_at >= OTA_INSTANT_MIN)
            fuzz_check_device(plan, compiled, &device, now, ticks[k]);
    }
    ota_compiled_plan_free(compiled);
    ota_json_plan_free(read);
    return 0;
}
