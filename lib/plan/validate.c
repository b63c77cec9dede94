/* The public entry points of validation (SPEC 7) and the _init functions. */
#include "check.h"
#include "diag.h"

#include <string.h>

int32_t ota_plan_init(ota_plan *plan)
{
    if (!plan)
        return OTA_ERR_NULL;
    *plan = (ota_plan){
        .version = OTA_PLAN_STRUCT_VERSION,
        .product_type = OTA_PRODUCT_DIRECT,
        .region = OTA_REGION_MISSING,
        .activated_at = OTA_NO_INSTANT,
        .state = OTA_PLAN_SAVED,
        .mode = OTA_MODE_MISSING,
        .active_push = OTA_UNSET,
        .refusal_retry_minutes = OTA_UNSET,
        .retry_count = 0,
        .min_signal = OTA_UNSET,
        .min_battery = OTA_UNSET,
    };
    return OTA_OK;
}

int32_t ota_validate_options_init(ota_validate_options *options)
{
    if (!options)
        return OTA_ERR_NULL;
    *options = (ota_validate_options){.version = OTA_VALIDATE_OPTIONS_VERSION,
                                      .now = OTA_NO_INSTANT};
    return OTA_OK;
}

int32_t ota_plan_validate(const ota_plan *plan, const ota_validate_options *options,
                          ota_diagnostics **out)
{
    if (out)
        *out = NULL;
    if (!plan || !out)
        return OTA_ERR_NULL;
    return ota__plan_check_new(plan, options, NULL, out);
}
