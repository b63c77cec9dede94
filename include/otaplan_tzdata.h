/*
 * libotaplan-tzdata — which time-zone data a program runs on (doc/rules.md
 * 2.5): the system's tz database version, for the warning tzdata_stale, and
 * the choice of ICU's resources before ICU's first use, checked before ICU
 * may read them.  Apart from libotaplan (which does no I/O) and from
 * libotaplan-json (which reads documents): this is file and environment
 * work for a program's start-up.  pkg-config: otaplan-tzdata.
 */
#ifndef OTAPLAN_TZDATA_H
#define OTAPLAN_TZDATA_H

#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(OTA_BUILDING_TZDATA) && defined(__GNUC__)
#define OTA_TZDATA_API __attribute__((visibility("default")))
#else
#define OTA_TZDATA_API
#endif

/* The operating system's tz database version ("2026a"), from the first line
 * of /usr/share/zoneinfo/tzdata.zi, into out (at least 16 bytes).  Returns 1,
 * or 0 with out "" when the file is missing or says no version.  Pass it as
 * ota_validate_options.system_tzdata_version, so that validation can warn
 * tzdata_stale (the library itself does no I/O). */
OTA_TZDATA_API int ota_tzdata_system_version(char *out, size_t capacity);

/* Where ota_tzdata_setup() found the time-zone data. */
enum {
    OTA_TZDATA_GIVEN = 1,    /* the `given` folder (otaplan --tzdata DIR) */
    OTA_TZDATA_OPERATOR = 2, /* ICU_TIMEZONE_FILES_DIR was set: the operator's choice wins */
    OTA_TZDATA_CHOSEN = 3,   /* the newest resources of the build tree and the install */
    OTA_TZDATA_BUILTIN = 4,  /* none found: ICU's built-in data */
    /* ICU_TIMEZONE_FILES_DIR names a folder without zoneinfo64.res: ICU
     * then runs on its built-in data, which is likely older than the
     * operator meant; `chosen` is that folder, and a host should warn. */
    OTA_TZDATA_OPERATOR_MISSING = 5,
    /* The folder's zoneinfo64.res is not the file otaplan-tzdata wrote
     * (truncated, corrupt, or without the size and SHA-256 on the second
     * line of tzdata-version): ICU would crash on it, so ICU's built-in
     * data is in use (ICU_TIMEZONE_FILES_DIR emptied when it named the
     * folder); `chosen` is that folder, and a host should warn. */
    OTA_TZDATA_REFUSED = 6
};

/* Points ICU at fresh time-zone resources, before ICU's first use (it sets
 * the environment variable ICU_TIMEZONE_FILES_DIR, which ICU reads when it
 * first loads a zone; setenv is not thread-safe, so call it at start-up):
 *   - `given` (may be NULL): that folder, which must hold zoneinfo64.res as
 *     otaplan-tzdata wrote it (OTA_TZDATA_REFUSED says how it is checked);
 *   - else, when ICU_TIMEZONE_FILES_DIR is already set, it is left alone
 *     (an empty value means ICU's built-in data; a folder without
 *     zoneinfo64.res gives OTA_TZDATA_OPERATOR_MISSING);
 *   - else the newest (by the tzdata-version file otaplan-tzdata writes) of
 *     `near`/../tzdata (pass the folder of the running program or of the
 *     loaded library: in the build tree that is where the build put the
 *     resources) and ota_tzdata_installed_dir(), if either holds any that
 *     pass the check (one that fails it is passed over).  The check reads
 *     the file once (about 2 ms for 575 KB).
 * `chosen` receives the folder in force ("" for ICU's built-in data).
 * Returns an OTA_TZDATA_* value, OTA_ERR_NULL, OTA_ERR_ARGUMENT (no
 * resources in `given`, or a folder name longer than `capacity`) or
 * OTA_ERR_NOMEM. */
OTA_TZDATA_API int32_t ota_tzdata_setup(const char *given, const char *near, char *chosen,
                                        size_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* OTAPLAN_TZDATA_H */
