/* The JSON names of SPEC 3 and 4's enumerations, shared by the readers and
 * the writers: index = the enum's value (OTA_PLAN_*, OTA_DEVICE_*), or the
 * bit number of OTA_WEEKDAY_*.  Each list ends with NULL. */
#ifndef OTA_JSON_NAMES_H
#define OTA_JSON_NAMES_H

#include <stddef.h>

extern const char *const ota__plan_state_names[];
extern const char *const ota__device_state_names[];
extern const char *const ota__weekday_names[];

/* The index of the name of `length` bytes at text in one of these lists,
 * or -1. */
int ota__name_index(const char *const *names, const char *text, size_t length);

#endif
