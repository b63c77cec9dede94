/* The library version (SPEC 10). */
#include "otaplan.h"

uint32_t ota_version_number(void)
{
    return OTA_VERSION_NUMBER;
}

const char *ota_version_string(void)
{
    return OTA_VERSION_STRING;
}

/* OTA_TZDATA_INSTALLED_DIR is set by the build from its install prefix. */
const char *ota_tzdata_installed_dir(void)
{
    return OTA_TZDATA_INSTALLED_DIR;
}
