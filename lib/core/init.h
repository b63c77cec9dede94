/* The body of every _init() function (otaplan.h, "Conventions"): checks
 * the pointer and the version, then copies the struct's _INIT value.
 * Header-only, for libotaplan and libotaplan-json alike. */
#ifndef OTA_INIT_H
#define OTA_INIT_H

#include <string.h>

#define INIT(type, pointer, version, known, initializer)                                           \
    do {                                                                                           \
        if (!(pointer))                                                                            \
            return OTA_ERR_NULL;                                                                   \
        if ((version) != (known))                                                                  \
            return OTA_ERR_STRUCT_VERSION;                                                         \
        static const type prototype = initializer;                                                 \
        memcpy((pointer), &prototype, sizeof prototype);                                           \
        return OTA_OK;                                                                             \
    } while (0)

#endif
