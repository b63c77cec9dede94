/* Whether two devices say the same: every field, strings by their bytes
 * (for the two JSON device readers, whose strings live in different
 * places). */
#ifndef OTA_TEST_SAME_DEVICE_H
#define OTA_TEST_SAME_DEVICE_H

#include "otaplan.h"

int same_device(const ota_device *a, const ota_device *b);

#endif
