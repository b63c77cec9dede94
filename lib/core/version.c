/* The library version (SPEC 10). */
#include "otaplan.h"

uint32_t ota_version_number(void)
{
    return OTA_VERSION_NUMBER;
}

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

const char *ota_version_string(void)
{
    return STRINGIFY(OTA_VERSION_MAJOR) "." STRINGIFY(OTA_VERSION_MINOR) "." STRINGIFY(
        OTA_VERSION_PATCH);
}
