/* The few functions of the core that libotaplan-json calls.  They are
 * exported from libotaplan.so under the version node OTAPLAN_INTERNAL_0 and
 * named ota__: no API, no ABI promise, for libotaplan-json of the same
 * release only (tests/symbols.py checks that nothing else is exported). */
#ifndef OTA_INTERNAL_H
#define OTA_INTERNAL_H

#if defined(OTA_BUILDING_LIBRARY) && defined(__GNUC__)
#define OTA_INTERNAL __attribute__((visibility("default")))
#else
#define OTA_INTERNAL
#endif

#endif
