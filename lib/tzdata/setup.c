/* The time-zone data a program runs on (SPEC 2.5): the system's tz database
 * version, for tzdata_stale, and the choice of ICU resources before ICU's
 * first use, so that the `otaplan` program and the Python binding are right
 * by default. */
#include "otaplan_tzdata.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "# version 2025b", the first line of the tz database's tzdata.zi. */
int ota_tzdata_system_version(char *out, size_t capacity)
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

/* What a folder holds, as far as ICU may be let near it. */
typedef enum resources {
    RESOURCES_NONE,     /* no zoneinfo64.res */
    RESOURCES_VERIFIED, /* the file otaplan-tzdata wrote, whole */
    RESOURCES_REFUSED   /* truncated, corrupt, replaced, or without a checksum */
} resources;

/* ICU's data header: magic 0xda27 after the header size, and the format
 * "ResB" of a resource bundle (udata.h, DataHeader and UDataInfo). */
static int has_icu_header(const unsigned char *data, size_t size)
{
    return size >= 16 && data[2] == 0xda && data[3] == 0x27 && memcmp(data + 12, "ResB", 4) == 0;
}

/* 1 if path's bytes are `size` long and hash to `hex` (SHA-256). */
static int file_matches(const char *path, unsigned long long size, const char *hex)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return 0;
    struct sha256_ctx hash;
    sha256_init(&hash);
    unsigned char block[65536], first[16];
    unsigned long long read_total = 0;
    size_t n;
    while ((n = fread(block, 1, sizeof block, file)) > 0) {
        if (read_total == 0 && n >= sizeof first)
            memcpy(first, block, sizeof first);
        sha256_update(&hash, n, block);
        read_total += n;
    }
    int failed = ferror(file);
    fclose(file);
    if (failed || read_total != size || !has_icu_header(first, sizeof first))
        return 0;
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_digest(&hash, sizeof digest, digest);
    char text[2 * SHA256_DIGEST_SIZE + 1];
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(text + 2 * i, 3, "%02x", digest[i]);
    return strcmp(text, hex) == 0;
}

/* Whether DIR holds resources ICU may load, and their version (the first
 * line of the tzdata-version file otaplan-tzdata writes beside them).  ICU
 * trusts the file it maps: a truncated or corrupt one crashes every zone
 * look-up, so the file must be the one the tool wrote, by its size and
 * SHA-256 (the file's second line). */
static resources folder_resources(const char *dir, char *version, size_t capacity)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/zoneinfo64.res", dir);
    if (access(path, F_OK) != 0)
        return RESOURCES_NONE;
    version[0] = '\0';
    char check[256] = "", hex[2 * SHA256_DIGEST_SIZE + 1] = "";
    snprintf(path, sizeof path, "%s/tzdata-version", dir);
    FILE *file = fopen(path, "r");
    if (file) {
        if (fgets(version, (int)capacity, file))
            version[strcspn(version, "\r\n")] = '\0';
        if (!fgets(check, sizeof check, file))
            check[0] = '\0';
        fclose(file);
    }
    unsigned long long size = 0;
    if (sscanf(check, "zoneinfo64.res %llu sha256:%64[0-9a-f]", &size, hex) != 2 ||
        strlen(hex) != 2 * SHA256_DIGEST_SIZE)
        return RESOURCES_REFUSED;
    snprintf(path, sizeof path, "%s/zoneinfo64.res", dir);
    return file_matches(path, size, hex) ? RESOURCES_VERIFIED : RESOURCES_REFUSED;
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

int32_t ota_tzdata_setup(const char *given, const char *near, char *chosen, size_t capacity)
{
    if (!chosen || capacity == 0)
        return OTA_ERR_NULL;
    chosen[0] = '\0';
    char version[64], best_version[64] = "";
    if (given) {
        if (folder_resources(given, version, sizeof version) != RESOURCES_VERIFIED)
            return OTA_ERR_ARGUMENT;
        return use(given, chosen, capacity, OTA_TZDATA_GIVEN);
    }
    const char *operator= getenv("ICU_TIMEZONE_FILES_DIR");
    if (operator) {
        if (strlen(operator) >= capacity)
            return OTA_ERR_ARGUMENT;
        memcpy(chosen, operator, strlen(operator) + 1);
        if (!operator[0])
            return OTA_TZDATA_OPERATOR;
        switch (folder_resources(operator, version, sizeof version)) {
        case RESOURCES_VERIFIED: return OTA_TZDATA_OPERATOR;
        case RESOURCES_NONE: return OTA_TZDATA_OPERATOR_MISSING; /* ICU falls back */
        case RESOURCES_REFUSED: break;
        }
        /* ICU would load the file as it is: the one way to keep it away is
         * the variable ICU reads, emptied (ICU's built-in data). */
        if (setenv("ICU_TIMEZONE_FILES_DIR", "", 1) != 0)
            return errno == ENOMEM ? OTA_ERR_NOMEM : OTA_ERR_ARGUMENT;
        return OTA_TZDATA_REFUSED;
    }
    char build_tree[4096] = "";
    if (near)
        snprintf(build_tree, sizeof build_tree, "%s/../tzdata", near);
    const char *candidates[] = {build_tree, ota_tzdata_installed_dir()};
    const char *best = NULL, *refused = NULL;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        if (!candidates[i][0])
            continue;
        resources found = folder_resources(candidates[i], version, sizeof version);
        if (found == RESOURCES_REFUSED && !refused)
            refused = candidates[i];
        if (found != RESOURCES_VERIFIED)
            continue;
        if (!best || strcmp(version, best_version) > 0) {
            best = candidates[i];
            snprintf(best_version, sizeof best_version, "%s", version);
        }
    }
    if (!best && refused) {
        char resolved[4096];
        const char *name = realpath(refused, resolved) ? resolved : refused;
        if (strlen(name) >= capacity)
            return OTA_ERR_ARGUMENT;
        memcpy(chosen, name, strlen(name) + 1);
        return OTA_TZDATA_REFUSED;
    }
    if (!best)
        return OTA_TZDATA_BUILTIN;
    char resolved[4096];
    return use(realpath(best, resolved) ? resolved : best, chosen, capacity, OTA_TZDATA_CHOSEN);
}
