/* The _init() functions of libotaplan-json's structs (otaplan.h,
 * "Conventions": for callers that cannot use the _INIT macros). */
#include "otaplan_batch.h"
#include "otaplan_json.h"

#include "init.h"

int32_t ota_json_error_init(ota_json_error *error, uint32_t version)
{
    INIT(ota_json_error, error, version, OTA_JSON_ERROR_VERSION, OTA_JSON_ERROR_INIT);
}

int32_t ota_json_buffer_init(ota_json_buffer *buffer, uint32_t version)
{
    INIT(ota_json_buffer, buffer, version, OTA_JSON_BUFFER_VERSION, OTA_JSON_BUFFER_INIT);
}

int32_t ota_json_batch_init(ota_json_batch *batch, uint32_t version)
{
    INIT(ota_json_batch, batch, version, OTA_JSON_BATCH_VERSION, OTA_JSON_BATCH_INIT);
}
