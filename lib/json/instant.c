/* The instants of the documents: ota_instant_parse() and its kin of
 * libotaplan (otaplan.h), under the names this library has had. */
#include "otaplan_json.h"

int ota_json_parse_instant(const char *text, int64_t *out)
{
    return ota_instant_parse(text, out) == OTA_OK ? 0 : -1;
}

void ota_json_format_instant(int64_t t, char out[OTA_JSON_INSTANT_SIZE])
{
    ota_instant_format(t, out);
}

void ota_json_format_local(int64_t t, int32_t offset, char out[OTA_JSON_LOCAL_SIZE])
{
    ota_instant_format_local(t, offset, out);
}
