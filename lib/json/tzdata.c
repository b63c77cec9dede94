/* The time-zone data a program runs on (SPEC 2.5): the system's tz database
 * version, for tzdata_stale, and the choice of ICU resources before ICU's
 * first use, so that the `otaplan` program and the Python binding are right
 * by default. */
#include "otaplan_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "# version 2025b", the first line of the tz database's tzdata.zi. */
int ota_json_system_tzdata_version(char *out, size_t capacity)
{
    if (!out || capacity == 0)
        return 0;
    out[0] = '\0';
    FILE *file = fopen("/usr/share/zoneinfo/tzdata.zi", "r");
    if (!file)
        return 0;
    char line[64];
    if (fgets(line, sizeof line, file) && strncmp(line, "# version ", 10) == 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strlen(line + 10) < capacity)
            memcpy(out, line + 10, strlen(line + 10) + 1);
    }
    fclose(file);
    return out[0] != '\0';
}

/* The version written beside DIR/zoneinfo64.res by otaplan-tzdata, into
 * `version`; 0 when DIR holds no resources. */
static int resources_version(const char *dir, char *version, size_t capacity)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/zoneinfo64.res", dir);
    if (access(path, R_OK) != 0)
        return 0;
    version[0] = '\0';
    snprintf(path, sizeof path, "%s/tzdata-version", dir);
    FILE *file = fopen(path, "r");
    if (file) {
        if (fgets(version, (int)capacity, file))
            version[strcspn(version, "\r\n")] = '\0';
        fclose(file);
    }
    return 1;
}

static int32_t use(const char *dir, char *chosen, size_t capacity, int32_t source)
{
    if (strlen(dir) >= capacity)
        return OTA_ERR_ARGUMENT;
    if (setenv("ICU_TIMEZONE_FILES_DIR", dir, 1) != 0)
        return errno == ENOMEM ? OTA_ERR_NOMEM : OTA_ERR_ARGUMENT;
    memcpy(chosen, dir, strlen(dir) + 1);
    return source;
}

int32_t ota_json_tzdata_setup(const char *given, const char *near, char *chosen, size_t capacity)
{
    if (!chosen || capacity == 0)
        return OTA_ERR_NULL;
    chosen[0] = '\0';
    char version[64], best_version[64] = "";
    if (given) {
        if (!resources_version(given, version, sizeof version))
            return OTA_ERR_ARGUMENT;
        return use(given, chosen, capacity, OTA_JSON_TZDATA_GIVEN);
    }
    const char *operator= getenv("ICU_TIMEZONE_FILES_DIR");
    if (operator) {
        if (strlen(operator) >= capacity)
            return OTA_ERR_ARGUMENT;
        memcpy(chosen, operator, strlen(operator) + 1);
        if (operator[0] && !resources_version(operator, version, sizeof version))
            return OTA_JSON_TZDATA_OPERATOR_MISSING; /* ICU falls back silently */
        return OTA_JSON_TZDATA_OPERATOR;
    }
    char build_tree[4096] = "";
    if (near)
        snprintf(build_tree, sizeof build_tree, "%s/../tzdata", near);
    const char *candidates[] = {build_tree, ota_tzdata_installed_dir()};
    const char *best = NULL;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        if (!candidates[i][0] || !resources_version(candidates[i], version, sizeof version))
            continue;
        if (!best || strcmp(version, best_version) > 0) {
            best = candidates[i];
            snprintf(best_version, sizeof best_version, "%s", version);
        }
    }
    if (!best)
        return OTA_JSON_TZDATA_BUILTIN;
    char resolved[4096];
    return use(realpath(best, resolved) ? resolved : best, chosen, capacity,
               OTA_JSON_TZDATA_CHOSEN);
}
