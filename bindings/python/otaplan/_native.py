"""The C interfaces of include/otaplan.h and include/otaplan_json.h, declared
for ctypes: struct layouts, constants and every function's exact argument and
result types.  Plans, devices and catalogs reach the library as JSON text
through libotaplan-json, the same reader the `otaplan` program uses."""
import ctypes
import ctypes.util
import os
from ctypes import (POINTER, Structure, c_char_p, c_int32, c_int64, c_size_t, c_uint32,
                    c_void_p)

# The header this module was written against (OTA_VERSION_NUMBER).
HEADER_VERSION = 500

OK = 0
ERR_NULL, ERR_NOMEM, ERR_INVALID_PLAN, ERR_INVALID_DEVICE, ERR_RANGE = -1, -2, -3, -4, -5
ERR_STRUCT_VERSION, ERR_ARGUMENT, ERR_ICU, ERR_INDEX = -6, -7, -8, -9
NO_MORE = 1

NO_INSTANT = -(2 ** 63)
UNSET = -(2 ** 31)
INSTANT_MIN, INSTANT_MAX = 946684800, 4102444800
MAX_COMPONENTS = 16

PLAN_STRUCT_VERSION = 3
DEVICE_STRUCT_VERSION = 1
VALIDATE_OPTIONS_VERSION = EVAL_OPTIONS_VERSION = 1
DIAGNOSTIC_VERSION = ELIGIBILITY_VERSION = PUSH_RESULT_VERSION = INTERVAL_VERSION = 1
EXPLANATION_VERSION = 2
JSON_ERROR_VERSION = JSON_BUFFER_VERSION = JSON_BATCH_VERSION = 1
SET_DEVICE_VERSION = SELECTION_VERSION = 1
MAX_SET_PLANS = 100000
EXPLAIN_CHECKS, EXPLAIN_TERMS, MAX_BLACKOUTS = 16, 7, 32

MODES = {"silent": 1, "user_confirm": 2}
PLAN_STATES = {"saved": 0, "active": 1, "suspended": 2, "terminated": 3, "ended": 4}
PRODUCT_TYPES = {"direct": 0, "subdevice": 1}
REGIONS = {"cn": 1, "intl": 2}
COMPONENT_TYPES = {"module": 1, "mcu": 2}
METHODS = {"full": 1, "delta": 2}
DEVICE_STATES = {"idle": 0, "refused": 1, "user_confirmed": 2, "upgrading": 3,
                 "succeeded": 4, "failed": 5}
SEVERITIES = {1: "error", 2: "warning"}
KINDS = {0: None, 1: "final", 2: "wait", 3: "device-side"}
PUSH_AT = 1


class Window(Structure):
    _fields_ = [("start_hour", c_int32), ("end_hour", c_int32), ("weekdays", c_uint32)]


class Blackout(Structure):
    _fields_ = [("start", c_char_p), ("end", c_char_p)]


class RolloutPhase(Structure):
    _fields_ = [("start", c_char_p), ("basis_points", c_int32)]


class RolloutAbort(Structure):
    _fields_ = [("failure_basis_points", c_int32), ("min_attempts", c_int32)]


class Rollout(Structure):
    _fields_ = [("salt", c_char_p), ("spread", c_int32), ("phases", POINTER(RolloutPhase)),
                ("phase_count", c_uint32), ("abort", POINTER(RolloutAbort))]


class Component(Structure):
    _fields_ = [("type", c_int32), ("method", c_int32), ("id", c_char_p),
                ("target_version", c_char_p), ("specified_versions", c_char_p),
                ("source_version", c_char_p), ("version_order", c_int32),
                ("allow_downgrade", c_int32), ("min_version", c_char_p),
                ("below_version", c_char_p)]


class Text(Structure):
    _fields_ = [("lang", c_char_p), ("text", c_char_p)]


class Plan(Structure):
    _fields_ = [
        ("version", c_uint32), ("name", c_char_p), ("product", c_char_p),
        ("product_type", c_int32), ("bluetooth", c_int32), ("region", c_int32),
        ("timezone", c_char_p), ("start", c_char_p), ("end", c_char_p),
        ("activated_at", c_int64), ("state", c_int32), ("mode", c_int32),
        ("active_push", c_int32), ("push_window", POINTER(Window)),
        ("auto_upgrade_window", POINTER(Window)), ("refusal_retry_minutes", c_int32),
        ("retry_count", c_int32), ("min_signal", c_int32), ("min_battery", c_int32),
        ("blacklist", POINTER(c_char_p)), ("blacklist_count", c_uint32),
        ("whitelist", POINTER(c_char_p)), ("whitelist_count", c_uint32),
        ("components", POINTER(Component)), ("component_count", c_uint32),
        ("texts", POINTER(Text)), ("text_count", c_uint32),
        ("blackouts", POINTER(Blackout)), ("blackout_count", c_uint32),
        ("rollout", POINTER(Rollout)), ("priority", c_int32)]


class Diagnostic(Structure):
    _fields_ = [("version", c_uint32), ("severity", c_int32), ("code", c_int32), ("path", c_char_p),
                ("message", c_char_p)]


class Package(Structure):
    _fields_ = [("id", c_char_p), ("method", c_int32), ("target_version", c_char_p),
                ("source_version", c_char_p)]


class ValidateOptions(Structure):
    _fields_ = [("version", c_uint32), ("now", c_int64),
                ("existing_names", POINTER(c_char_p)), ("existing_name_count", c_uint32),
                ("catalog", POINTER(Package)), ("catalog_count", c_uint32),
                ("system_tzdata_version", c_char_p), ("allocator", c_void_p)]


class DeviceVersion(Structure):
    _fields_ = [("component_id", c_char_p), ("version", c_char_p)]


class Device(Structure):
    _fields_ = [
        ("version", c_uint32), ("id", c_char_p), ("product", c_char_p),
        ("versions", POINTER(DeviceVersion)), ("version_count", c_uint32),
        ("signal", c_int32), ("battery", c_int32), ("auto_update", c_int32),
        ("state", c_int32), ("state_at", c_int64), ("appointment_start", c_int64),
        ("appointment_end", c_int64), ("failed_attempts", c_int32)]


class ComponentResult(Structure):
    _fields_ = [("applies", c_int32), ("reason", c_int32)]


class Eligibility(Structure):
    _fields_ = [("version", c_uint32), ("reason", c_int32), ("kind", c_int32),
                ("component_count", c_uint32),
                ("components", ComponentResult * MAX_COMPONENTS)]


class EvalOptions(Structure):
    _fields_ = [("version", c_uint32), ("tick_minutes", c_int32)]


class PushResult(Structure):
    _fields_ = [("version", c_uint32), ("status", c_int32), ("reason", c_int32), ("at", c_int64)]


class CheckResult(Structure):
    _fields_ = [("check", c_int32), ("failed", c_int32), ("value", c_int64), ("limit", c_int64)]


class T0Term(Structure):
    _fields_ = [("term", c_int32), ("at", c_int64)]


class Explanation(Structure):
    _fields_ = [
        ("version", c_uint32), ("push", PushResult), ("bucket", c_int32), ("position", c_int32),
        ("t0", c_int64), ("t0_set_by", c_int32), ("term_count", c_uint32),
        ("occurrence_day", c_int64), ("occurrence_weekday", c_uint32), ("closed_days", c_uint32),
        ("slot_index", c_int32), ("slot_count", c_int32), ("slot_at", c_int64),
        ("check_count", c_uint32), ("blackout_count", c_uint32),
        ("checks", CheckResult * EXPLAIN_CHECKS), ("terms", T0Term * EXPLAIN_TERMS),
        ("blackout_start", c_int64 * MAX_BLACKOUTS), ("blackout_end", c_int64 * MAX_BLACKOUTS),
        ("eligibility", Eligibility)]


class JsonBuffer(Structure):
    _fields_ = [("version", c_uint32), ("failed", c_int32), ("data", ctypes.c_void_p),
                ("length", c_size_t), ("capacity", c_size_t)]


class Interval(Structure):
    _fields_ = [("version", c_uint32), ("start", c_int64), ("end", c_int64)]


class JsonError(Structure):
    _fields_ = [("version", c_uint32), ("line", c_int32), ("column", c_int32),
                ("text", ctypes.c_char * 200)]


class JsonBatch(Structure):
    _fields_ = [("version", c_uint32), ("devices_json", c_char_p), ("length", c_size_t),
                ("count", c_size_t), ("now", c_int64), ("options", POINTER(EvalOptions)),
                ("reasons", POINTER(c_int32)), ("component_reasons", POINTER(c_int32)),
                ("component_stride", c_uint32), ("push_status", POINTER(c_int32)),
                ("push_reason", POINTER(c_int32)), ("push_at", POINTER(c_int64)),
                ("failed", c_size_t)]


class Candidate(Structure):
    _fields_ = [("plan", c_uint32), ("reason", c_int32), ("outranked_by", c_int32)]


class PlanState(Structure):
    _fields_ = [("plan", c_uint32), ("state", c_int32), ("state_at", c_int64),
                ("appointment_start", c_int64), ("appointment_end", c_int64),
                ("failed_attempts", c_int32)]


class SetDevice(Structure):
    _fields_ = [("version", c_uint32), ("device", c_void_p), ("states", POINTER(PlanState)),
                ("state_count", c_uint32)]


class Selection(Structure):
    _fields_ = [("version", c_uint32), ("plan", c_int32), ("candidate_count", c_uint32),
                ("others", POINTER(Candidate)), ("other_capacity", c_uint32),
                ("other_count", c_uint32), ("push", PushResult), ("eligibility", Eligibility)]


# The sonames: libotaplan-json's structs took a version in 0.4.0.
SONAMES = {"otaplan": "libotaplan.so.1", "otaplan-json": "libotaplan-json.so.2",
           "otaplan-tzdata": "libotaplan-tzdata.so.1"}


def _candidates(name, variable):
    explicit = os.environ.get(variable)
    if explicit:
        yield explicit
    here = os.path.dirname(os.path.abspath(__file__))
    for file in (SONAMES[name], f"lib{name}.so"):
        yield os.path.join(here, file)
    found = ctypes.util.find_library(name)
    if found:
        yield found
    yield SONAMES[name]


def _load(name, variable):
    errors = []
    for path in _candidates(name, variable):
        try:
            # RTLD_GLOBAL: libotaplan-json finds the libotaplan loaded here.
            return ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
        except OSError as error:
            errors.append(f"{path}: {error}")
    raise ImportError(f"cannot load lib{name} (set {variable} to its path): " + "; ".join(errors))


lib = _load("otaplan", "OTAPLAN_LIBRARY")
json_lib = _load("otaplan-json", "OTAPLAN_JSON_LIBRARY")
tzdata_lib = _load("otaplan-tzdata", "OTAPLAN_TZDATA_LIBRARY")

_PROTOTYPES = {
    "ota_version_number": (c_uint32, []),
    "ota_version_string": (c_char_p, []),
    "ota_tzdata_version": (c_char_p, []),
    "ota_strerror": (c_char_p, [c_int32]),
    "ota_diagnostic_init": (c_int32, [POINTER(Diagnostic), c_uint32]),
    "ota_eligibility_init": (c_int32, [POINTER(Eligibility), c_uint32]),
    "ota_push_result_init": (c_int32, [POINTER(PushResult), c_uint32]),
    "ota_interval_init": (c_int32, [POINTER(Interval), c_uint32]),
    "ota_tick_is_allowed": (c_int32, [c_int32]),
    "ota_instant_parse": (c_int32, [c_char_p, POINTER(c_int64)]),
    "ota_code_name": (c_char_p, [c_int32]),
    "ota_code_severity": (c_int32, [c_int32]),
    "ota_diagnostics_count": (c_uint32, [c_void_p]),
    "ota_diagnostics_error_count": (c_uint32, [c_void_p]),
    "ota_diagnostics_get": (c_int32, [c_void_p, c_uint32, POINTER(Diagnostic)]),
    "ota_diagnostics_free": (None, [c_void_p]),
    "ota_diagnostics_hint": (c_char_p, [c_void_p, c_uint32]),
    "ota_validate_options_init": (c_int32, [POINTER(ValidateOptions), c_uint32]),
    "ota_compiled_plan_free": (None, [c_void_p]),
    "ota_compiled_plan_timezone": (c_char_p, [c_void_p]),
    "ota_compiled_plan_period": (c_int32, [c_void_p, POINTER(c_int64), POINTER(c_int64),
                                           POINTER(c_int64)]),
    "ota_reason_name": (c_char_p, [c_int32]),
    "ota_device_check": (c_int32, [POINTER(Device), POINTER(c_char_p)]),
    "ota_reason_kind": (c_int32, [c_int32]),
    "ota_device_eligible": (c_int32, [c_void_p, c_void_p, c_int64, POINTER(Eligibility)]),
    "ota_device_eligible_many": (c_int32, [c_void_p, POINTER(c_void_p), c_size_t, c_int64,
                                       POINTER(POINTER(Eligibility)), POINTER(c_size_t)]),
    "ota_push_status_name": (c_char_p, [c_int32]),
    "ota_eval_options_init": (c_int32, [POINTER(EvalOptions), c_uint32]),
    "ota_next_push_time": (c_int32, [c_void_p, c_void_p, c_int64, POINTER(EvalOptions),
                                     POINTER(PushResult)]),
    "ota_next_push_time_many": (c_int32, [c_void_p, POINTER(c_void_p), c_size_t, c_int64,
                                        POINTER(EvalOptions), POINTER(POINTER(PushResult)),
                                        POINTER(c_size_t)]),
    "ota_explanation_init": (c_int32, [POINTER(Explanation), c_uint32]),
    "ota_device_explain": (c_int32, [c_void_p, c_void_p, c_int64, POINTER(EvalOptions),
                                     POINTER(Explanation)]),
    "ota_compiled_plan_next_window": (c_int32, [c_void_p, c_int64, c_int64, POINTER(Interval)]),
    "ota_rollout_bucket": (c_int32, [c_char_p, c_char_p, POINTER(c_int32), POINTER(c_int32)]),
    "ota_version_compare": (c_int32, [c_int32, c_char_p, c_char_p, POINTER(c_int32)]),
    "ota_diagnostics_new": (c_int32, [c_void_p, POINTER(c_void_p)]),
    "ota_diagnostics_append": (c_int32, [c_void_p, c_void_p, c_char_p]),
    "ota_plan_set_new": (c_int32, [POINTER(c_void_p), c_uint32, c_void_p, POINTER(c_void_p)]),
    "ota_plan_set_free": (None, [c_void_p]),
    "ota_plan_set_count": (c_uint32, [c_void_p]),
    "ota_plan_set_plan": (c_void_p, [c_void_p, c_uint32]),
    "ota_plan_set_check_between": (c_int32, [POINTER(POINTER(Plan)), c_uint32,
                                             POINTER(ValidateOptions), c_void_p]),
    "ota_compiled_plan_name": (c_char_p, [c_void_p]),
    "ota_selection_init": (c_int32, [POINTER(Selection), c_uint32]),
    "ota_plan_set_find": (c_int32, [c_void_p, c_char_p, POINTER(c_uint32)]),
    "ota_plan_set_select": (c_int32, [c_void_p, POINTER(SetDevice), c_int64, POINTER(EvalOptions),
                                      POINTER(Selection)]),
    "ota_compiled_plan_rollout_verdict": (c_int32, [c_void_p, ctypes.c_uint64, ctypes.c_uint64,
                                      POINTER(c_int32)]),
}

_JSON_PROTOTYPES = {
    "ota_json_plan_read": (c_int32, [c_char_p, c_size_t, POINTER(c_void_p), POINTER(JsonError)]),
    "ota_json_parse_instant": (ctypes.c_int, [c_char_p, POINTER(c_int64)]),
    "ota_json_plan_get": (POINTER(Plan), [c_void_p]),
    "ota_json_plan_validate": (c_int32, [c_void_p, POINTER(ValidateOptions), POINTER(c_void_p)]),
    "ota_json_plan_compile": (c_int32, [c_void_p, POINTER(ValidateOptions), POINTER(c_void_p),
                                        POINTER(c_void_p)]),
    "ota_json_plan_free": (None, [c_void_p]),
    "ota_json_catalog_read": (c_int32, [c_char_p, c_size_t, POINTER(c_void_p),
                                        POINTER(JsonError)]),
    "ota_json_catalog_packages": (POINTER(Package), [c_void_p, POINTER(c_uint32)]),
    "ota_json_catalog_free": (None, [c_void_p]),
    "ota_json_device_reader_new": (c_void_p, []),
    "ota_json_device_reader_free": (None, [c_void_p]),
    "ota_json_device_read": (c_int32, [c_void_p, c_char_p, c_size_t, POINTER(c_void_p),
                                       POINTER(JsonError)]),
    "ota_json_set_device_read": (c_int32, [c_void_p, c_void_p, c_char_p, c_size_t,
                                           POINTER(POINTER(SetDevice)), POINTER(JsonError)]),
    "ota_json_put_explanation": (None, [POINTER(JsonBuffer), POINTER(Plan), c_void_p,
                                        POINTER(Explanation)]),
    "ota_json_buffer_free": (None, [POINTER(JsonBuffer)]),
    "ota_json_evaluate_batch": (c_int32, [c_void_p, POINTER(JsonBatch), POINTER(JsonError)]),
    "ota_json_error_init": (c_int32, [POINTER(JsonError), c_uint32]),
    "ota_json_buffer_init": (c_int32, [POINTER(JsonBuffer), c_uint32]),
}

_TZDATA_PROTOTYPES = {
    "ota_tzdata_system_version": (ctypes.c_int, [ctypes.c_char_p, c_size_t]),
    "ota_tzdata_setup": (c_int32, [c_char_p, c_char_p, ctypes.c_char_p, c_size_t]),
}

for _library, _table in ((lib, _PROTOTYPES), (json_lib, _JSON_PROTOTYPES),
                         (tzdata_lib, _TZDATA_PROTOTYPES)):
    for _name, (_result, _arguments) in _table.items():
        _function = getattr(_library, _name)
        _function.restype = _result
        _function.argtypes = _arguments

# Fresh time-zone data by default, before ICU loads any zone (doc/rules.md
# 2.5): ICU_TIMEZONE_FILES_DIR if the operator set it, else the newest of the
# build tree's resources (beside the loaded library) and the installed ones.
TZDATA_SOURCES = {1: "given", 2: "ICU_TIMEZONE_FILES_DIR", 3: "otaplan-tzdata resources",
                  4: "ICU's built-in data",
                  5: "ICU's built-in data (ICU_TIMEZONE_FILES_DIR has no zoneinfo64.res)",
                  6: "ICU's built-in data (the resources are truncated or corrupt)"}
_tzdata_dir = ctypes.create_string_buffer(4096)
_near = os.path.dirname(os.path.realpath(lib._name)).encode()
tzdata_source = tzdata_lib.ota_tzdata_setup(None, _near, _tzdata_dir, len(_tzdata_dir))
tzdata_dir = _tzdata_dir.value.decode()
if tzdata_source == 5:
    # A server that thinks it runs fresh data must not run ICU's old one quietly.
    import warnings
    warnings.warn(f"ICU_TIMEZONE_FILES_DIR={tzdata_dir} has no zoneinfo64.res: ICU's built-in "
                  f"time-zone data ({lib.ota_tzdata_version().decode()}) is in use",
                  RuntimeWarning, stacklevel=2)
elif tzdata_source == 6:
    import warnings
    warnings.warn(f"{tzdata_dir}/zoneinfo64.res is truncated or corrupt (rebuild it with "
                  f"otaplan-tzdata): ICU's built-in time-zone data "
                  f"({lib.ota_tzdata_version().decode()}) is in use", RuntimeWarning, stacklevel=2)

if lib.ota_version_number() // 100 != HEADER_VERSION // 100:
    raise ImportError(f"libotaplan {lib.ota_version_string().decode()} does not match this "
                      f"binding (written for {HEADER_VERSION})")
