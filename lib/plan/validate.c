/* The public entry points of validation (SPEC 7) and the _init functions. */
#include "abi.h"
#include "check.h"
#include "diag.h"

#include <string.h>

int32_t ota_plan_validate(const ota_plan *plan, const ota_validate_options *options,
                          ota_diagnostics **out)
{
    if (out)
        *out = NULL;
    if (!plan || !out)
        return OTA_ERR_NULL;
    plan_storage storage;
    int32_t status = ota__plan_current(plan, &storage, &plan);
    if (status != OTA_OK)
        return status;
    return ota__plan_check_new(plan, options, NULL, out);
}
