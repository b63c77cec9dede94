#include "names.h"

#include "otaplan.h"
#include "otaplan_json.h"

#include <string.h>

const char *const ota__plan_state_names[] = {
    [OTA_PLAN_SAVED] = "saved",         [OTA_PLAN_ACTIVE] = "active",
    [OTA_PLAN_SUSPENDED] = "suspended", [OTA_PLAN_TERMINATED] = "terminated",
    [OTA_PLAN_ENDED] = "ended",         [OTA_PLAN_ENDED + 1] = NULL};

const char *const ota__device_state_names[] = {[OTA_DEVICE_IDLE] = "idle",
                                               [OTA_DEVICE_REFUSED] = "refused",
                                               [OTA_DEVICE_USER_CONFIRMED] = "user_confirmed",
                                               [OTA_DEVICE_UPGRADING] = "upgrading",
                                               [OTA_DEVICE_SUCCEEDED] = "succeeded",
                                               [OTA_DEVICE_FAILED] = "failed",
                                               [OTA_DEVICE_FAILED + 1] = NULL};

const char *const ota__weekday_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

const char *ota_json_device_state_name(int32_t state)
{
    return state >= OTA_DEVICE_IDLE && state <= OTA_DEVICE_FAILED ? ota__device_state_names[state]
                                                                  : NULL;
}

int ota__name_index(const char *const *names, const char *text, size_t length)
{
    for (int i = 0; names[i]; i++)
        if (strlen(names[i]) == length && memcmp(names[i], text, length) == 0)
            return i;
    return -1;
}
