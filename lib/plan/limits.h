/* Every limit and default of the plan rules (SPEC 2.3, 3, 3.1, 3.2, 4), in
 * one place; the public ones are in otaplan.h (OTA_MAX_*). */
#ifndef OTA_LIMITS_H
#define OTA_LIMITS_H

#define NAME_MAX_CODE_POINTS    100  /* SPEC 3 name */
#define TEXT_MAX_CODE_POINTS    2000 /* SPEC 3.2 */
#define REFUSAL_MIN             10   /* SPEC 3 refusal_retry_minutes */
#define REFUSAL_MAX             1440
#define REFUSAL_DEFAULT_MINUTES 120
#define RETRY_MAX               10     /* SPEC 3 strategy.retry_count */
#define SIGNAL_MIN              (-140) /* SPEC 3 strategy.min_signal, dBm */
#define SIGNAL_MAX              (-44)
#define BATTERY_MIN             0 /* SPEC 3 strategy.min_battery, percent */
#define BATTERY_MAX             100

#endif
