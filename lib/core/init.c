/* The _init functions of every versioned struct (otaplan.h, "Conventions"):
 * each sets the version the caller asks for and that version's defaults,
 * the same as the struct's _INIT macro.  They copy from a static prototype,
 * whose padding C guarantees to be zero bits, so that an initialised struct
 * holds no indeterminate byte. */
#include "abi.h"
#include "init.h"

#include <string.h>

int32_t ota_plan_init(ota_plan *plan, uint32_t version)
{
    if (plan && version == 1) {
        /* A caller of version 1 has only the old struct's bytes. */
        static const ota_plan current = OTA_PLAN_INIT;
        memcpy(plan, &current, sizeof(ota_plan_v1));
        plan->version = 1;
        return OTA_OK;
    }
    if (plan && version == 2) {
        /* A caller of version 2 has the bytes before `priority` only. */
        static const ota_plan current = OTA_PLAN_INIT;
        memcpy(plan, &current, OTA_PLAN_V2_SIZE);
        plan->version = 2;
        return OTA_OK;
    }
    INIT(ota_plan, plan, version, OTA_PLAN_STRUCT_VERSION, OTA_PLAN_INIT);
}

int32_t ota_validate_options_init(ota_validate_options *options, uint32_t version)
{
    INIT(ota_validate_options, options, version, OTA_VALIDATE_OPTIONS_VERSION,
         OTA_VALIDATE_OPTIONS_INIT);
}

int32_t ota_diagnostic_init(ota_diagnostic *diagnostic, uint32_t version)
{
    INIT(ota_diagnostic, diagnostic, version, OTA_DIAGNOSTIC_VERSION, OTA_DIAGNOSTIC_INIT);
}

int32_t ota_device_init(ota_device *device, uint32_t version)
{
    INIT(ota_device, device, version, OTA_DEVICE_STRUCT_VERSION, OTA_DEVICE_INIT);
}

int32_t ota_eligibility_init(ota_eligibility *eligibility, uint32_t version)
{
    INIT(ota_eligibility, eligibility, version, OTA_ELIGIBILITY_VERSION, OTA_ELIGIBILITY_INIT);
}

int32_t ota_eval_options_init(ota_eval_options *options, uint32_t version)
{
    INIT(ota_eval_options, options, version, OTA_EVAL_OPTIONS_VERSION, OTA_EVAL_OPTIONS_INIT);
}

int32_t ota_push_result_init(ota_push_result *result, uint32_t version)
{
    INIT(ota_push_result, result, version, OTA_PUSH_RESULT_VERSION, OTA_PUSH_RESULT_INIT);
}

int32_t ota_explanation_init(ota_explanation *explanation, uint32_t version)
{
    if (explanation && version == 1) {
        /* A caller of version 1 has only 0.3.0's bytes. */
        memset(explanation, 0, sizeof(ota_explanation_v1));
        explanation->version = 1;
        return OTA_OK;
    }
    INIT(ota_explanation, explanation, version, OTA_EXPLANATION_VERSION, OTA_EXPLANATION_INIT);
}

int32_t ota_interval_init(ota_interval *interval, uint32_t version)
{
    INIT(ota_interval, interval, version, OTA_INTERVAL_VERSION, OTA_INTERVAL_INIT);
}
