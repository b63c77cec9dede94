/* Instants (SPEC 2): the supported range, for every layer that checks one. */
#ifndef OTA_INSTANT_H
#define OTA_INSTANT_H

#include "otaplan.h"

/* OTA_INSTANT_MIN <= t < OTA_INSTANT_MAX: the years 2000 to 2099. */
static inline int is_instant(int64_t t)
{
    return t >= OTA_INSTANT_MIN && t < OTA_INSTANT_MAX;
}

#endif
