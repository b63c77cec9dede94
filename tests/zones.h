/* The zones the differential test and the differential fuzzer draw from:
 * every zone of the conformance cases, and zones with odd offsets, rules
 * changed since 2000, or transitions at midnight. */
#ifndef OTA_TEST_ZONES_H
#define OTA_TEST_ZONES_H

static const char *const test_zones[] = {
    "America/New_York",    "Europe/London",       "Europe/Berlin",     "Asia/Shanghai",
    "Asia/Kolkata",        "Asia/Kathmandu",      "Australia/Sydney",  "Australia/Lord_Howe",
    "Pacific/Chatham",     "America/St_Johns",    "Pacific/Auckland",  "America/Sao_Paulo",
    "America/Santiago",    "Europe/Dublin",       "Africa/Casablanca", "UTC",
    "America/Los_Angeles", "Asia/Tokyo",          "America/Havana",    "Asia/Tehran",
    "Pacific/Kiritimati",  "Pacific/Pago_Pago",   "America/Asuncion",  "Europe/Chisinau",
    "Asia/Gaza",           "Antarctica/Troll",    "Pacific/Apia",      "America/Godthab",
    "Africa/Cairo",        "America/Mexico_City", "Asia/Pyongyang",    "Europe/Moscow"};

#define TEST_ZONE_COUNT (sizeof test_zones / sizeof test_zones[0])

#endif
