/* SPEC 5's kind of each reason, in one place for the public
 * ota_reason_kind() and for the evaluation path, which inlines it. */
#ifndef OTA_REASONS_H
#define OTA_REASONS_H

#include "otaplan.h"

static inline int32_t reason_kind_of(int32_t reason)
{
    switch (reason) {
    case OTA_REASON_PLAN_NOT_ACTIVE:
    case OTA_REASON_PLAN_TERMINATED:
    case OTA_REASON_PLAN_ENDED:
    case OTA_REASON_WRONG_PRODUCT:
    case OTA_REASON_BLACKLISTED:
    case OTA_REASON_NOT_WHITELISTED:
    case OTA_REASON_ALREADY_SUCCEEDED:
    case OTA_REASON_RETRIES_EXHAUSTED:
    case OTA_REASON_OUTSIDE_ROLLOUT:
    case OTA_REASON_NO_APPLICABLE_COMPONENT:
    case OTA_REASON_NO_PLAN: return OTA_KIND_FINAL;
    case OTA_REASON_PLAN_SUSPENDED:
    case OTA_REASON_PLAN_NOT_STARTED:
    case OTA_REASON_ROLLOUT_PENDING:
    case OTA_REASON_IN_PROGRESS: return OTA_KIND_WAIT;
    case OTA_REASON_LOW_SIGNAL:
    case OTA_REASON_LOW_BATTERY: return OTA_KIND_DEVICE_SIDE;
    default: return OTA_KIND_NONE;
    }
}

#endif
