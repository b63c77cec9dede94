/* The stable string names of codes, reasons and statuses (SPEC 5, 6, 7), for
 * logs, JSON and bindings. */
#include "otaplan.h"
#include "reasons.h"

#include <stddef.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const error_names[] = {
    [OTA_CODE_NAME_MISSING] = "name_missing",
    [OTA_CODE_NAME_TOO_LONG] = "name_too_long",
    [OTA_CODE_NAME_INVALID_UTF8] = "name_invalid_utf8",
    [OTA_CODE_NAME_CONTROL_CHAR] = "name_control_char",
    [OTA_CODE_NAME_DUPLICATE] = "name_duplicate",
    [OTA_CODE_PRODUCT_MISSING] = "product_missing",
    [OTA_CODE_PRODUCT_INVALID] = "product_invalid",
    [OTA_CODE_PRODUCT_TYPE_INVALID] = "product_type_invalid",
    [OTA_CODE_REGION_MISSING] = "region_missing",
    [OTA_CODE_REGION_INVALID] = "region_invalid",
    [OTA_CODE_TIMEZONE_MISSING] = "timezone_missing",
    [OTA_CODE_TIMEZONE_UNKNOWN] = "timezone_unknown",
    [OTA_CODE_TIME_MISSING] = "time_missing",
    [OTA_CODE_TIME_INVALID] = "time_invalid",
    [OTA_CODE_TIME_OUT_OF_RANGE] = "time_out_of_range",
    [OTA_CODE_TIME_ORDER] = "time_order",
    [OTA_CODE_STATE_INVALID] = "state_invalid",
    [OTA_CODE_MODE_MISSING] = "mode_missing",
    [OTA_CODE_MODE_INVALID] = "mode_invalid",
    [OTA_CODE_BLUETOOTH_REQUIRES_SILENT] = "bluetooth_requires_silent",
    [OTA_CODE_WINDOW_INVALID] = "window_invalid",
    [OTA_CODE_REFUSAL_OUT_OF_RANGE] = "refusal_out_of_range",
    [OTA_CODE_RETRY_OUT_OF_RANGE] = "retry_out_of_range",
    [OTA_CODE_SIGNAL_OUT_OF_RANGE] = "signal_out_of_range",
    [OTA_CODE_BATTERY_OUT_OF_RANGE] = "battery_out_of_range",
    [OTA_CODE_LIST_ENTRY_INVALID] = "list_entry_invalid",
    [OTA_CODE_LIST_TOO_LONG] = "list_too_long",
    [OTA_CODE_COMPONENTS_MISSING] = "components_missing",
    [OTA_CODE_COMPONENTS_TOO_MANY] = "components_too_many",
    [OTA_CODE_COMPONENT_TYPE_INVALID] = "component_type_invalid",
    [OTA_CODE_SUBDEVICE_REQUIRES_MODULE] = "subdevice_requires_module",
    [OTA_CODE_COMPONENT_ID_INVALID] = "component_id_invalid",
    [OTA_CODE_COMPONENT_DUPLICATE] = "component_duplicate",
    [OTA_CODE_COMPONENT_METHOD_INVALID] = "component_method_invalid",
    [OTA_CODE_VERSION_INVALID] = "version_invalid",
    [OTA_CODE_SPECIFIED_VERSIONS_INVALID] = "specified_versions_invalid",
    [OTA_CODE_SPECIFIED_VERSIONS_TOO_MANY] = "specified_versions_too_many",
    [OTA_CODE_SOURCE_VERSION_MISSING] = "source_version_missing",
    [OTA_CODE_SOURCE_EQUALS_TARGET] = "source_equals_target",
    [OTA_CODE_PACKAGE_MISSING] = "package_missing",
    [OTA_CODE_TEXT_REQUIRED_MISSING] = "text_required_missing",
    [OTA_CODE_TEXT_LANG_INVALID] = "text_lang_invalid",
    [OTA_CODE_TEXT_LANG_DUPLICATE] = "text_lang_duplicate",
    [OTA_CODE_TEXT_INVALID] = "text_invalid",
    [OTA_CODE_IMMUTABLE_FIELD] = "immutable_field",
    [OTA_CODE_FIELD_TYPE_INVALID] = "field_type_invalid",
    [OTA_CODE_ROLLOUT_SALT_INVALID] = "rollout_salt_invalid",
    [OTA_CODE_ROLLOUT_PHASES_INVALID] = "rollout_phases_invalid",
    [OTA_CODE_ROLLOUT_PERCENT_INVALID] = "rollout_percent_invalid",
    [OTA_CODE_ROLLOUT_PHASES_ORDER] = "rollout_phases_order",
    [OTA_CODE_WEEKDAYS_INVALID] = "weekdays_invalid",
    [OTA_CODE_BLACKOUTS_TOO_MANY] = "blackouts_too_many",
    [OTA_CODE_ABORT_INVALID] = "abort_invalid",
    [OTA_CODE_SPREAD_NOT_APPLICABLE] = "spread_not_applicable",
    [OTA_CODE_VERSION_ORDER_INVALID] = "version_order_invalid",
    [OTA_CODE_VERSION_UNORDERED] = "version_unordered",
    [OTA_CODE_VERSION_ORDER_MISSING] = "version_order_missing",
    [OTA_CODE_VERSION_RANGE_WITH_LIST] = "version_range_with_list",
    [OTA_CODE_VERSION_RANGE_EMPTY] = "version_range_empty",
    [OTA_CODE_PRIORITY_OUT_OF_RANGE] = "priority_out_of_range",
};

static const char *const warning_names[] = {
    [OTA_CODE_TZDATA_STALE - 100] = "tzdata_stale",
    [OTA_CODE_TIME_IN_GAP - 100] = "time_in_gap",
    [OTA_CODE_TIME_AMBIGUOUS - 100] = "time_ambiguous",
    [OTA_CODE_PLAN_ALREADY_ENDED - 100] = "plan_already_ended",
    [OTA_CODE_PLAN_NEVER_PUSHES - 100] = "plan_never_pushes",
    [OTA_CODE_PUSH_WINDOW_NOT_APPLICABLE - 100] = "push_window_not_applicable",
    [OTA_CODE_AUTO_UPGRADE_WINDOW_NOT_APPLICABLE - 100] = "auto_upgrade_window_not_applicable",
    [OTA_CODE_ACTIVE_PUSH_NOT_APPLICABLE - 100] = "active_push_not_applicable",
    [OTA_CODE_REFUSAL_RETRY_MINUTES_NOT_APPLICABLE - 100] = "refusal_retry_minutes_not_applicable",
    [OTA_CODE_SPECIFIED_VERSIONS_NOT_APPLICABLE - 100] = "specified_versions_not_applicable",
    [OTA_CODE_SOURCE_VERSION_NOT_APPLICABLE - 100] = "source_version_not_applicable",
    [OTA_CODE_TEXTS_NOT_APPLICABLE - 100] = "texts_not_applicable",
    [OTA_CODE_SPECIFIED_VERSIONS_DUPLICATE - 100] = "specified_versions_duplicate",
    [OTA_CODE_TARGET_IN_SPECIFIED_VERSIONS - 100] = "target_in_specified_versions",
    [OTA_CODE_LIST_DUPLICATE - 100] = "list_duplicate",
    [OTA_CODE_DEVICE_IN_BOTH_LISTS - 100] = "device_in_both_lists",
    [OTA_CODE_FIELD_UNKNOWN - 100] = "field_unknown",
    [OTA_CODE_ROLLOUT_PHASE_AFTER_END - 100] = "rollout_phase_after_end",
    [OTA_CODE_BLACKOUT_OUTSIDE_PERIOD - 100] = "blackout_outside_period",
    [OTA_CODE_ALLOW_DOWNGRADE_NOT_APPLICABLE - 100] = "allow_downgrade_not_applicable",
    [OTA_CODE_VERSION_RANGE_NOT_APPLICABLE - 100] = "version_range_not_applicable",
    [OTA_CODE_COMPONENT_NEVER_APPLIES - 100] = "component_never_applies",
    [OTA_CODE_UPGRADE_CYCLE - 100] = "upgrade_cycle",
};

const char *ota_code_name(int32_t code)
{
    if (code > 0 && (size_t)code < COUNT(error_names))
        return error_names[code];
    if (code >= 100 && (size_t)(code - 100) < COUNT(warning_names))
        return warning_names[code - 100];
    return NULL;
}

int32_t ota_code_severity(int32_t code)
{
    if (!ota_code_name(code))
        return 0;
    return code < 100 ? OTA_SEVERITY_ERROR : OTA_SEVERITY_WARNING;
}

static const char *const reasons[] = {
    [OTA_REASON_OK] = "ok",
    [OTA_REASON_PLAN_NOT_ACTIVE] = "plan_not_active",
    [OTA_REASON_PLAN_TERMINATED] = "plan_terminated",
    [OTA_REASON_PLAN_ENDED] = "plan_ended",
    [OTA_REASON_PLAN_SUSPENDED] = "plan_suspended",
    [OTA_REASON_PLAN_NOT_STARTED] = "plan_not_started",
    [OTA_REASON_WRONG_PRODUCT] = "wrong_product",
    [OTA_REASON_BLACKLISTED] = "blacklisted",
    [OTA_REASON_NOT_WHITELISTED] = "not_whitelisted",
    [OTA_REASON_ALREADY_SUCCEEDED] = "already_succeeded",
    [OTA_REASON_RETRIES_EXHAUSTED] = "retries_exhausted",
    [OTA_REASON_IN_PROGRESS] = "in_progress",
    [OTA_REASON_NO_APPLICABLE_COMPONENT] = "no_applicable_component",
    [OTA_REASON_LOW_SIGNAL] = "low_signal",
    [OTA_REASON_LOW_BATTERY] = "low_battery",
    [OTA_REASON_OUTSIDE_ROLLOUT] = "outside_rollout",
    [OTA_REASON_ROLLOUT_PENDING] = "rollout_pending",
    [OTA_REASON_NO_PLAN] = "no_plan",
    [OTA_REASON_COMPONENT_MISSING] = "component_missing",
    [OTA_REASON_AT_TARGET] = "at_target",
    [OTA_REASON_SOURCE_MISMATCH] = "source_mismatch",
    [OTA_REASON_VERSION_NOT_SPECIFIED] = "version_not_specified",
    [OTA_REASON_VERSION_UNORDERED] = "version_unordered",
    [OTA_REASON_BELOW_RANGE] = "below_range",
    [OTA_REASON_ABOVE_RANGE] = "above_range",
    [OTA_REASON_NEWER_THAN_TARGET] = "newer_than_target",
    [OTA_REASON_APPOINTMENT_MISSED] = "appointment_missed",
};

const char *ota_reason_name(int32_t reason)
{
    if (reason < 0 || (size_t)reason >= COUNT(reasons))
        return NULL;
    return reasons[reason];
}

int32_t ota_reason_kind(int32_t reason)
{
    return reason_kind_of(reason);
}

const char *ota_push_status_name(int32_t status)
{
    switch (status) {
    case OTA_PUSH_AT: return "push_at";
    case OTA_PUSH_AWAIT_USER_CONFIRM: return "await_user_confirm";
    case OTA_PUSH_AWAIT_DEVICE_REQUEST: return "await_device_request";
    case OTA_PUSH_NEVER: return "never";
    default: return NULL;
    }
}

const char *ota_version_order_name(int32_t order)
{
    switch (order) {
    case OTA_ORDER_SEMVER: return "semver";
    case OTA_ORDER_NATURAL: return "natural";
    default: return NULL;
    }
}

const char *ota_t0_term_name(int32_t term)
{
    switch (term) {
    case OTA_T0_NOW: return "now";
    case OTA_T0_START: return "start";
    case OTA_T0_ACTIVATED_AT: return "activated_at";
    case OTA_T0_PHASE: return "phase";
    case OTA_T0_REFUSAL_TIMER: return "refusal_timer";
    case OTA_T0_CONFIRMATION: return "confirmation";
    case OTA_T0_APPOINTMENT: return "appointment";
    default: return NULL;
    }
}

const char *ota_strerror(int32_t status)
{
    switch (status) {
    case OTA_OK: return "success";
    case OTA_ERR_NULL: return "a required pointer argument is NULL";
    case OTA_ERR_NOMEM: return "out of memory";
    case OTA_ERR_INVALID_PLAN: return "the plan is not valid (see its diagnostics)";
    case OTA_ERR_INVALID_DEVICE: return "the device is not valid";
    case OTA_ERR_RANGE:
        return "an instant lies outside 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z";
    case OTA_ERR_STRUCT_VERSION: return "a struct carries a version this library does not know";
    case OTA_ERR_ARGUMENT: return "an argument is outside its allowed values";
    case OTA_ERR_ICU: return "ICU failed (its data may be missing)";
    case OTA_ERR_INDEX: return "index past the end of the list";
    case OTA_NO_MORE: return "no further result (not an error)";
    default: return "unknown status code";
    }
}
