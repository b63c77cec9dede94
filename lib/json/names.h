/* The JSON names of SPEC 3 and 4's enumerations, shared by the readers and
 * the writers: index = the enum's value (OTA_PLAN_*, OTA_DEVICE_*), or the
 * bit number of OTA_WEEKDAY_*.  Each list ends with NULL. */
#ifndef OTA_JSON_NAMES_H
#define OTA_JSON_NAMES_H

extern const char *const ota__plan_state_names[];
extern const char *const ota__device_state_names[];
extern const char *const ota__weekday_names[];

#endif
