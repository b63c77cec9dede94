/*
 * otaplan — OTA firmware-upgrade plan rules for IoT fleets.
 *
 * This header is the published interface of libotaplan: if it is not in this
 * file, it is not an API.  Every rule cited as "SPEC n.m" is section n.m of
 * the project's rules document, doc/rules.md (it keeps the section numbers
 * of the product specification); the names of fields, diagnostic codes and
 * reasons are that document's names.
 *
 * Shape of the library (SPEC 10), in the order a caller meets it:
 *
 *   1. Fill an ota_plan (ota_plan_init() first) and call ota_plan_validate():
 *      every problem at once, as a list of diagnostics.
 *   2. ota_plan_compile() turns a valid plan into an immutable
 *      ota_compiled_plan: resolved instants, hashed device lists and the time
 *      zone's UTC-offset transitions over the plan period.
 *   3. ota_device_eligible() and ota_next_push_time() answer per device.  They
 *      allocate nothing, call no ICU function, and may run on any number of
 *      threads sharing one compiled plan.
 *
 * Conventions:
 *   - Instants are int64_t seconds since 1970-01-01T00:00:00Z.  Supported:
 *     OTA_INSTANT_MIN <= t < OTA_INSTANT_MAX (years 2000 to 2099).
 *     OTA_NO_INSTANT marks an absent optional instant.
 *   - Strings are NUL-terminated UTF-8, borrowed: the library never keeps a
 *     caller's pointer beyond the call (a compiled plan copies what it needs).
 *   - Booleans are int32_t, 0 or 1, so that FFI callers cannot pass a value
 *     that is undefined behaviour for C's bool.
 *   - Enumerations are int32_t fields holding the OTA_* constants below; the
 *     size of a C enum is the compiler's choice, a field's is not.
 *   - Functions return int32_t status codes: OTA_OK (0) or a negative
 *     OTA_ERR_* value.  An expected outcome ("plan invalid", "device not
 *     eligible") is data in the result, not an error.
 *   - Every struct the caller passes, to be read or to be written, starts
 *     with a `version` field: set it with the struct's _init(ptr, VERSION)
 *     function (FFI callers) or its _INIT macro (C).  Structs only ever grow
 *     at the end, with a new version; the library reads and writes only the
 *     fields of the version the caller was compiled with, so a program built
 *     against an older header keeps working with a newer library.  The
 *     element structs a plan or device points to (ota_window, ota_component,
 *     ota_text, ota_device_version, ota_package) have the layout of the
 *     version of the struct that points to them.  A version the library does
 *     not know is OTA_ERR_STRUCT_VERSION.
 *   - Every number below (status, code, reason, kind, constant) is written
 *     out and never changes meaning.
 */
#ifndef OTAPLAN_H
#define OTAPLAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(OTA_BUILDING_LIBRARY) && defined(__GNUC__)
#define OTA_API __attribute__((visibility("default")))
#else
#define OTA_API
#endif

/* ---------------------------------------------------------------- version */

/* OTA_VERSION_MAJOR, _MINOR, _PATCH, _STRING and OTA_VERSION_NUMBER
 * (MAJOR * 10000 + MINOR * 100 + PATCH), generated from meson's project()
 * version, the one version number of the project. */
#include "otaplan_version.h"

/* The OTA_VERSION_NUMBER the library was built with; a binding compares it
 * with the header it was written against. */
OTA_API uint32_t ota_version_number(void);
/* "MAJOR.MINOR.PATCH", static. */
OTA_API const char *ota_version_string(void);
/* The version of the time-zone data ICU is using ("2025b"), static, never
 * NULL ("unknown" if ICU cannot say).  ICU reads newer data from the folder
 * named by the environment variable ICU_TIMEZONE_FILES_DIR (SPEC 2.5). */
OTA_API const char *ota_tzdata_version(void);
/* The folder where `ninja install` put the resources that tools/otaplan-tzdata
 * built from the build machine's tz database ("/usr/local/share/otaplan/tzdata"),
 * static; the folder may not exist.  A server that links the library makes ICU
 * use them, unless its operator chose another folder, with one line before
 * its first use of ICU (setenv is not thread-safe: call it at start-up):
 *     setenv("ICU_TIMEZONE_FILES_DIR", ota_tzdata_installed_dir(), 0);
 * libotaplan-json's ota_tzdata_setup() does the same and more. */
OTA_API const char *ota_tzdata_installed_dir(void);

/* ----------------------------------------------------------------- status */

enum {
    OTA_OK = 0,
    OTA_ERR_NULL = -1,           /* a required pointer argument is NULL */
    OTA_ERR_NOMEM = -2,          /* out of memory; nothing was built */
    OTA_ERR_INVALID_PLAN = -3,   /* the plan has errors: see its diagnostics */
    OTA_ERR_INVALID_DEVICE = -4, /* the device struct breaks SPEC 4 */
    OTA_ERR_RANGE = -5,          /* an instant outside [2000, 2100) */
    OTA_ERR_STRUCT_VERSION = -6, /* a struct's version field is unknown */
    OTA_ERR_ARGUMENT = -7,       /* an argument out of its documented range */
    OTA_ERR_ICU = -8,            /* ICU failed (its data is missing or broken) */
    OTA_ERR_INDEX = -9,          /* an index past the end of a list */
    /* Not an error: a search found nothing more (ota_compiled_plan_next_window). */
    OTA_NO_MORE = 1
};

/* What the outputs hold after an error.  A function that makes an object
 * and returns it through `**out` (ota_plan_validate(), ota_plan_compile(),
 * ota_diagnostics_new(), ...) sets *out to NULL before anything else, so
 * after any error, OTA_ERR_NULL for another argument included, *out is
 * NULL and there is nothing to free.  A function that fills a struct of
 * the caller's (ota_device_eligible(), ota_next_push_time(),
 * ota_device_explain(), ota_diagnostics_get(), ota_compiled_plan_next_window(), the
 * _init functions) leaves every byte of it as it was when it returns an
 * error: OTA_ERR_NULL, OTA_ERR_STRUCT_VERSION (the struct's version is not
 * one this library knows) or another. */

/* A static English sentence for a status code; never NULL. */
OTA_API const char *ota_strerror(int32_t status);

/* ------------------------------------------------------------------ time */

#define OTA_NO_INSTANT  INT64_MIN
#define OTA_INSTANT_MIN INT64_C(946684800)  /* 2000-01-01T00:00:00Z */
#define OTA_INSTANT_MAX INT64_C(4102444800) /* 2100-01-01T00:00:00Z */
/* Marks an absent optional integer field (min_signal, battery, ...). */
#define OTA_UNSET INT32_MIN

/* ------------------------------------------------------------- allocation */

/* An optional allocator.  Every allocation the library makes for a call goes
 * through it (ICU and PCRE2 keep their own internal allocations).  NULL in an
 * options struct means malloc/free.  `alloc` returns NULL on failure.  The
 * objects built with it (diagnostics lists, compiled plans) keep a copy of
 * the struct and free through it, so the functions and `context` must stay
 * usable for as long as those objects live; the struct itself need not. */
typedef struct ota_allocator {
    void *(*alloc)(void *context, size_t size);
    void (*free)(void *context, void *pointer);
    void *context;
} ota_allocator;

/* ------------------------------------------------------------------- plan */

/* ota_plan.mode — SPEC 3 "mode".  0 means the field is missing. */
enum { OTA_MODE_MISSING = 0, OTA_MODE_SILENT = 1, OTA_MODE_USER_CONFIRM = 2 };

/* ota_plan.state — SPEC 3.3.  Default saved. */
enum {
    OTA_PLAN_SAVED = 0,
    OTA_PLAN_ACTIVE = 1,
    OTA_PLAN_SUSPENDED = 2,
    OTA_PLAN_TERMINATED = 3,
    OTA_PLAN_ENDED = 4
};

/* ota_plan.product_type.  Default direct. */
enum { OTA_PRODUCT_DIRECT = 0, OTA_PRODUCT_SUBDEVICE = 1 };

/* ota_plan.region.  Required for user_confirm plans. */
enum { OTA_REGION_MISSING = 0, OTA_REGION_CN = 1, OTA_REGION_INTL = 2 };

/* ota_component.type and ota_component.method.  0 is "not given" and is
 * reported as component_type_invalid / component_method_invalid. */
enum { OTA_COMPONENT_MODULE = 1, OTA_COMPONENT_MCU = 2 };
enum { OTA_METHOD_FULL = 1, OTA_METHOD_DELTA = 2 };

/* ota_component.version_order (SPEC 13.1): how a component's versions
 * compare.  0 is "no order": versions are exact strings (SPEC 3.1) and the
 * component behaves as before SPEC 13; any other number is
 * version_order_invalid.  ota_version_order_name() gives the SPEC's name. */
enum {
    OTA_ORDER_NONE = 0,
    OTA_ORDER_SEMVER = 1, /* Semantic Versioning 2.0.0 precedence */
    OTA_ORDER_NATURAL = 2 /* digit runs compared as numbers */
};

/* ota_component.allow_downgrade (SPEC 13.2), a boolean whose absence is
 * told apart: 0 (absent) and OTA_DOWNGRADE_DENIED both mean false, 1 true.
 * A value given on a component without an order draws the warning
 * allow_downgrade_not_applicable, which is why a reader that saw `false`
 * writes OTA_DOWNGRADE_DENIED rather than 0.  Any other number is
 * field_type_invalid. */
enum { OTA_DOWNGRADE_ABSENT = 0, OTA_DOWNGRADE_ALLOWED = 1, OTA_DOWNGRADE_DENIED = 2 };

/* ota_window.weekdays (SPEC 11.3): a mask of OTA_WEEKDAY_* bits; 0 means
 * every day.  The day that counts is an instant's occurrence day: its local
 * date, except that in a window crossing midnight an instant before
 * end_hour belongs to the day before (Friday's 22-02 runs into Saturday). */
enum {
    OTA_WEEKDAY_MON = 1,
    OTA_WEEKDAY_TUE = 2,
    OTA_WEEKDAY_WED = 4,
    OTA_WEEKDAY_THU = 8,
    OTA_WEEKDAY_FRI = 16,
    OTA_WEEKDAY_SAT = 32,
    OTA_WEEKDAY_SUN = 64,
    OTA_WEEKDAYS_ALL = 127
};

/* An hourly window (SPEC 2.2): 0 <= start_hour <= 23, 1 <= end_hour <= 24,
 * start_hour != end_hour.  start_hour > end_hour crosses midnight. */
typedef struct ota_window {
    int32_t start_hour;
    int32_t end_hour;
    /* plan version 2: the days it opens (SPEC 11.3), 0 = every day; a bit
     * outside OTA_WEEKDAYS_ALL is weekdays_invalid. */
    uint32_t weekdays;
} ota_window;

/* A freeze period (SPEC 11.4): local wall times "YYYY-MM-DDTHH:MM" resolved
 * as the plan period is, start < end.  Nothing is pushed inside [start,
 * end), whatever the mode; blackouts delay, they never change eligibility. */
typedef struct ota_blackout {
    const char *start;
    const char *end;
} ota_blackout;

/* A phase of a grey release (SPEC 11.2): from `start` (a local wall time),
 * the devices whose bucket is below basis_points (percent x 100, 1-10000)
 * are in the rollout.  Starts and shares strictly increase. */
typedef struct ota_rollout_phase {
    const char *start;
    int32_t basis_points;
} ota_rollout_phase;

/* The abort threshold (SPEC 11.6): abort when at least min_attempts
 * (1-1000000000) devices finished an attempt and failed x 10000 >=
 * failure_basis_points (1-10000) x attempted. */
typedef struct ota_rollout_abort {
    int32_t failure_basis_points;
    int32_t min_attempts;
} ota_rollout_abort;

#define OTA_MAX_PHASES    10
#define OTA_MAX_BLACKOUTS 32

/* Rollout control (SPEC 11); every part is optional. */
typedef struct ota_rollout {
    /* The bucket salt: 1-64 of [A-Za-z0-9_.-]; NULL = the plan's product,
     * so every plan of a product takes its first percent from the same
     * devices (a stable canary cohort). */
    const char *salt;
    int32_t spread; /* 1: each device's first push of an occurrence at its own slot (11.5) */
    const ota_rollout_phase *phases; /* 1-10, or NULL: no phases */
    uint32_t phase_count;
    const ota_rollout_abort *abort; /* NULL: the verdict is always continue */
} ota_rollout;

/* One firmware component (SPEC 3.1).  Components are upgraded in array
 * order. */
typedef struct ota_component {
    int32_t type;               /* OTA_COMPONENT_* */
    int32_t method;             /* OTA_METHOD_* */
    const char *id;             /* 1-64 of [A-Za-z0-9_.-], unique */
    const char *target_version; /* required version token */
    /* full only, optional (NULL = absent): the list as the user typed it,
     * version tokens separated by ';', at most 8. */
    const char *specified_versions;
    /* delta: required, different from target; full: NULL. */
    const char *source_version;
    /* ---- plan version 3: version order (SPEC 13) ---- */
    int32_t version_order;   /* OTA_ORDER_*, 0 = none */
    int32_t allow_downgrade; /* OTA_DOWNGRADE_*, 0 = absent (false) */
    /* Inclusive lower and exclusive upper bound, tokens of the order, or
     * NULL; they narrow a full component without specified_versions and
     * are ignored (with a warning) on a delta. */
    const char *min_version;
    const char *below_version;
} ota_component;

/* One upgrade text (SPEC 3.2): a BCP 47 tag and 1-2000 code points. */
typedef struct ota_text {
    const char *lang;
    const char *text;
} ota_text;

/* 1: SPEC 1-10; 2: and rollout control (SPEC 11), with ota_window.weekdays;
 * 3: and version order (SPEC 13), with the ota_component fields after
 * source_version, and `priority` (SPEC 14.1).  The library reads version-1
 * and version-2 plans (their 184 and 208 bytes, their 8-byte windows,
 * their 40-byte components) as they are. */
#define OTA_PLAN_STRUCT_VERSION    3
#define OTA_MAX_COMPONENTS         16
#define OTA_MAX_SPECIFIED_VERSIONS 8
#define OTA_MAX_LIST_ENTRIES       1000000u

/* An upgrade plan (SPEC 3).  Call ota_plan_init() first: it sets `version`
 * and every default of the specification.  Pointer fields may be NULL where
 * the field is optional.  The library reads the struct, never writes it. */
typedef struct ota_plan {
    uint32_t version;     /* OTA_PLAN_STRUCT_VERSION */
    const char *name;     /* required, 1-100 code points after trimming */
    const char *product;  /* required, 1-64 of [A-Za-z0-9_.-] */
    int32_t product_type; /* OTA_PRODUCT_*, default direct */
    int32_t bluetooth;    /* default 0; a Bluetooth product is silent only */
    int32_t region;       /* OTA_REGION_*, required for user_confirm */
    const char *timezone; /* IANA zone ID known to ICU */
    const char *start;    /* local wall time "YYYY-MM-DDTHH:MM" */
    const char *end;      /* local wall time, after start */
    int64_t activated_at; /* instant, or OTA_NO_INSTANT */
    int32_t state;        /* OTA_PLAN_*, default saved */
    int32_t mode;         /* OTA_MODE_*, required */
    /* silent only.  OTA_UNSET (the init value) means absent, which is true;
     * a value given on a user_confirm plan draws a *_not_applicable
     * warning, which is why "absent" and "true" are told apart. */
    int32_t active_push;
    const ota_window *push_window;         /* silent + active push, or NULL */
    const ota_window *auto_upgrade_window; /* user_confirm, or NULL */
    /* 10-1440, silent + active push only; OTA_UNSET means absent (120). */
    int32_t refusal_retry_minutes;
    int32_t retry_count;          /* 0-10, default 0 */
    int32_t min_signal;           /* dBm, -140 to -44, or OTA_UNSET */
    int32_t min_battery;          /* percent, 0-100, or OTA_UNSET */
    const char *const *blacklist; /* device IDs; NULL when count is 0 */
    uint32_t blacklist_count;
    const char *const *whitelist;
    uint32_t whitelist_count;
    const ota_component *components; /* 1-16 */
    uint32_t component_count;
    const ota_text *texts; /* user_confirm: language tag -> text */
    uint32_t text_count;
    /* ---- version 2: rollout control (SPEC 11) ---- */
    const ota_blackout *blackouts; /* at most 32, or NULL */
    uint32_t blackout_count;
    const ota_rollout *rollout; /* NULL: none */
    /* ---- version 3: version order (SPEC 13, in ota_component) and: ---- */
    /* The plan's rank in a plan set (SPEC 14.1): -1000 to 1000, default 0,
     * higher first; a single plan's evaluation ignores it. */
    int32_t priority;
} ota_plan;

/* Sets *plan to `version` (pass OTA_PLAN_STRUCT_VERSION; 1 or 2 for a
 * caller built with an older layout, of which only its 184 or 208 bytes
 * are written)
 * and every field of that version to its default.  Returns OTA_OK,
 * OTA_ERR_NULL, or OTA_ERR_STRUCT_VERSION for a version the library does
 * not know. */
OTA_API int32_t ota_plan_init(ota_plan *plan, uint32_t version);
/* The same defaults, for C callers: `ota_plan plan = OTA_PLAN_INIT;`. */
#define OTA_PLAN_INIT                                                                              \
    {                                                                                              \
        .version = OTA_PLAN_STRUCT_VERSION, .product_type = OTA_PRODUCT_DIRECT,                    \
        .activated_at = OTA_NO_INSTANT, .state = OTA_PLAN_SAVED, .active_push = OTA_UNSET,         \
        .refusal_retry_minutes = OTA_UNSET, .min_signal = OTA_UNSET, .min_battery = OTA_UNSET      \
    }

/* ------------------------------------------------------------ diagnostics */

enum { OTA_SEVERITY_ERROR = 1, OTA_SEVERITY_WARNING = 2 };

/* Diagnostic codes (SPEC 7).  The numbers are stable; ota_code_name() gives
 * the specification's string. */
enum {
    /* errors */
    OTA_CODE_NAME_MISSING = 1,
    OTA_CODE_NAME_TOO_LONG = 2,
    OTA_CODE_NAME_INVALID_UTF8 = 3,
    OTA_CODE_NAME_CONTROL_CHAR = 4,
    OTA_CODE_NAME_DUPLICATE = 5,
    OTA_CODE_PRODUCT_MISSING = 6,
    OTA_CODE_PRODUCT_INVALID = 7,
    OTA_CODE_PRODUCT_TYPE_INVALID = 8,
    OTA_CODE_REGION_MISSING = 9,
    OTA_CODE_REGION_INVALID = 10,
    OTA_CODE_TIMEZONE_MISSING = 11,
    OTA_CODE_TIMEZONE_UNKNOWN = 12,
    OTA_CODE_TIME_MISSING = 13,
    OTA_CODE_TIME_INVALID = 14,
    OTA_CODE_TIME_OUT_OF_RANGE = 15,
    OTA_CODE_TIME_ORDER = 16,
    OTA_CODE_STATE_INVALID = 17,
    OTA_CODE_MODE_MISSING = 18,
    OTA_CODE_MODE_INVALID = 19,
    OTA_CODE_BLUETOOTH_REQUIRES_SILENT = 20,
    OTA_CODE_WINDOW_INVALID = 21,
    OTA_CODE_REFUSAL_OUT_OF_RANGE = 22,
    OTA_CODE_RETRY_OUT_OF_RANGE = 23,
    OTA_CODE_SIGNAL_OUT_OF_RANGE = 24,
    OTA_CODE_BATTERY_OUT_OF_RANGE = 25,
    OTA_CODE_LIST_ENTRY_INVALID = 26,
    OTA_CODE_LIST_TOO_LONG = 27,
    OTA_CODE_COMPONENTS_MISSING = 28,
    OTA_CODE_COMPONENTS_TOO_MANY = 29,
    OTA_CODE_COMPONENT_TYPE_INVALID = 30,
    OTA_CODE_SUBDEVICE_REQUIRES_MODULE = 31,
    OTA_CODE_COMPONENT_ID_INVALID = 32,
    OTA_CODE_COMPONENT_DUPLICATE = 33,
    OTA_CODE_COMPONENT_METHOD_INVALID = 34,
    OTA_CODE_VERSION_INVALID = 35,
    OTA_CODE_SPECIFIED_VERSIONS_INVALID = 36,
    OTA_CODE_SPECIFIED_VERSIONS_TOO_MANY = 37,
    OTA_CODE_SOURCE_VERSION_MISSING = 38,
    OTA_CODE_SOURCE_EQUALS_TARGET = 39,
    OTA_CODE_PACKAGE_MISSING = 40,
    OTA_CODE_TEXT_REQUIRED_MISSING = 41,
    OTA_CODE_TEXT_LANG_INVALID = 42,
    OTA_CODE_TEXT_LANG_DUPLICATE = 43,
    OTA_CODE_TEXT_INVALID = 44,
    OTA_CODE_IMMUTABLE_FIELD = 45,
    OTA_CODE_FIELD_TYPE_INVALID = 46,
    /* rollout control (SPEC 11) */
    OTA_CODE_ROLLOUT_SALT_INVALID = 47,
    OTA_CODE_ROLLOUT_PHASES_INVALID = 48,
    OTA_CODE_ROLLOUT_PERCENT_INVALID = 49,
    OTA_CODE_ROLLOUT_PHASES_ORDER = 50,
    OTA_CODE_WEEKDAYS_INVALID = 51,
    OTA_CODE_BLACKOUTS_TOO_MANY = 52,
    OTA_CODE_ABORT_INVALID = 53,
    OTA_CODE_SPREAD_NOT_APPLICABLE = 54,
    /* version order (SPEC 13.4) */
    OTA_CODE_VERSION_ORDER_INVALID = 55,
    OTA_CODE_VERSION_UNORDERED = 56,
    OTA_CODE_VERSION_ORDER_MISSING = 57,
    OTA_CODE_VERSION_RANGE_WITH_LIST = 58,
    OTA_CODE_VERSION_RANGE_EMPTY = 59,
    /* plan sets (SPEC 14.1) */
    OTA_CODE_PRIORITY_OUT_OF_RANGE = 60,
    /* warnings */
    OTA_CODE_TZDATA_STALE = 100,
    OTA_CODE_TIME_IN_GAP = 101,
    OTA_CODE_TIME_AMBIGUOUS = 102,
    OTA_CODE_PLAN_ALREADY_ENDED = 103,
    OTA_CODE_PLAN_NEVER_PUSHES = 104,
    OTA_CODE_PUSH_WINDOW_NOT_APPLICABLE = 105,
    OTA_CODE_AUTO_UPGRADE_WINDOW_NOT_APPLICABLE = 106,
    OTA_CODE_ACTIVE_PUSH_NOT_APPLICABLE = 107,
    OTA_CODE_REFUSAL_RETRY_MINUTES_NOT_APPLICABLE = 108,
    OTA_CODE_SPECIFIED_VERSIONS_NOT_APPLICABLE = 109,
    OTA_CODE_SOURCE_VERSION_NOT_APPLICABLE = 110,
    OTA_CODE_TEXTS_NOT_APPLICABLE = 111,
    OTA_CODE_SPECIFIED_VERSIONS_DUPLICATE = 112,
    OTA_CODE_TARGET_IN_SPECIFIED_VERSIONS = 113,
    OTA_CODE_LIST_DUPLICATE = 114,
    OTA_CODE_DEVICE_IN_BOTH_LISTS = 115,
    OTA_CODE_FIELD_UNKNOWN = 116,
    OTA_CODE_ROLLOUT_PHASE_AFTER_END = 117,
    OTA_CODE_BLACKOUT_OUTSIDE_PERIOD = 118,
    /* version order (SPEC 13.4) */
    OTA_CODE_ALLOW_DOWNGRADE_NOT_APPLICABLE = 119,
    OTA_CODE_VERSION_RANGE_NOT_APPLICABLE = 120,
    OTA_CODE_COMPONENT_NEVER_APPLIES = 121,
    /* plan sets (SPEC 14.4) */
    OTA_CODE_UPGRADE_CYCLE = 122
};

/* The SPEC's name of a diagnostic code ("version_invalid"), static; NULL for
 * a number that is no code. */
OTA_API const char *ota_code_name(int32_t code);
/* OTA_SEVERITY_ERROR or OTA_SEVERITY_WARNING for a code; 0 for no code. */
OTA_API int32_t ota_code_severity(int32_t code);

#define OTA_DIAGNOSTIC_VERSION 1

/* One problem of a plan, as ota_diagnostics_get() copies it out.  Strings
 * belong to the list they came from. */
typedef struct ota_diagnostic {
    uint32_t version;    /* OTA_DIAGNOSTIC_VERSION, set by the caller */
    int32_t severity;    /* OTA_SEVERITY_* */
    int32_t code;        /* OTA_CODE_* */
    const char *path;    /* "components[1].specified_versions", "" for the plan */
    const char *message; /* one readable English sentence */
} ota_diagnostic;

OTA_API int32_t ota_diagnostic_init(ota_diagnostic *diagnostic, uint32_t version);
#define OTA_DIAGNOSTIC_INIT                                                                        \
    {                                                                                              \
        .version = OTA_DIAGNOSTIC_VERSION                                                          \
    }

/* A list of diagnostics, in field order. */
typedef struct ota_diagnostics ota_diagnostics;

/* Number of entries; 0 for NULL. */
OTA_API uint32_t ota_diagnostics_count(const ota_diagnostics *list);
/* Number of entries of severity error; 0 for NULL. */
OTA_API uint32_t ota_diagnostics_error_count(const ota_diagnostics *list);
/* Copies entry `index` into *out (whose version the caller set).
 * OTA_ERR_NULL, OTA_ERR_STRUCT_VERSION, or OTA_ERR_INDEX past the end. */
OTA_API int32_t ota_diagnostics_get(const ota_diagnostics *list, uint32_t index,
                                    ota_diagnostic *out);
/* Frees the list; NULL is fine. */
OTA_API void ota_diagnostics_free(ota_diagnostics *list);

/* A new, empty list, for a caller that reports diagnostics of its own in
 * the library's shape (the JSON reader's field_type_invalid, a binding's
 * checks).  `allocator` may be NULL (malloc/free); the list keeps a copy.
 * Returns OTA_OK, OTA_ERR_NULL or OTA_ERR_NOMEM (*out NULL). */
OTA_API int32_t ota_diagnostics_new(const ota_allocator *allocator, ota_diagnostics **out);
/* Appends a copy of (code, path, message); the severity is the code's.
 * Returns OTA_OK, OTA_ERR_NULL, OTA_ERR_ARGUMENT for a number that is no
 * code, or OTA_ERR_NOMEM (the list is unchanged). */
OTA_API int32_t ota_diagnostics_add(ota_diagnostics *list, int32_t code, const char *path,
                                    const char *message);

/* Appends a copy of every diagnostic of `from`, hints included, each path
 * under `prefix`: with "plans[2]", "name" becomes "plans[2].name" and the
 * plan's own "" becomes "plans[2]"; NULL or "" keeps the paths.  For a
 * reader that validates the plans of a set one by one.  Returns OTA_OK,
 * OTA_ERR_NULL, OTA_ERR_ARGUMENT (list and from are one list) or
 * OTA_ERR_NOMEM (the list is unchanged). */
OTA_API int32_t ota_diagnostics_append(ota_diagnostics *list, const ota_diagnostics *from,
                                       const char *prefix);

/* The suggestion of diagnostic `index`, when there is a likely one: the
 * nearest zone names for timezone_unknown, "-" for "_" in a language tag,
 * the character and column at fault in a version list, the right place of
 * a field at the wrong level, the closest key for a typo (SPEC 7, hints).  It
 * also ends the diagnostic's message ("...; did you mean ...?").  NULL
 * when there is none, or for a NULL list or an index past the end. */
OTA_API const char *ota_diagnostics_hint(const ota_diagnostics *list, uint32_t index);
/* Gives the list's last diagnostic a hint (a copy), appended to its
 * message after "; ".  For readers that add their own diagnostics.
 * Returns OTA_OK, OTA_ERR_NULL, OTA_ERR_INDEX (an empty list) or
 * OTA_ERR_NOMEM (the diagnostic is unchanged). */
OTA_API int32_t ota_diagnostics_add_hint(ota_diagnostics *list, const char *hint);

/* ------------------------------------------------------------- validation */

/* A firmware package of the caller's catalog (SPEC 3.1): `full` packages are
 * keyed by (id, target), `delta` by (id, source, target). */
typedef struct ota_package {
    const char *id;
    int32_t method; /* OTA_METHOD_* */
    const char *target_version;
    const char *source_version; /* delta only */
} ota_package;

#define OTA_VALIDATE_OPTIONS_VERSION 1

/* Optional inputs of validation and compilation.  NULL options, or fields
 * left at their ota_validate_options_init() values, mean "not given". */
typedef struct ota_validate_options {
    uint32_t version; /* OTA_VALIDATE_OPTIONS_VERSION */
    int64_t now;      /* for plan_already_ended; OTA_NO_INSTANT */
    /* Names already used in the plan's scope, compared after trimming and
     * NFC normalisation (name_duplicate). */
    const char *const *existing_names;
    uint32_t existing_name_count;
    /* The firmware catalog; NULL = no catalog, so no package_missing. */
    const ota_package *catalog;
    uint32_t catalog_count;
    /* The operating system's tz database version ("2026a"); when it is
     * newer than ICU's, validation warns tzdata_stale.  NULL: not checked. */
    const char *system_tzdata_version;
    const ota_allocator *allocator; /* NULL: malloc/free */
} ota_validate_options;

/* Sets `version` (OTA_VALIDATE_OPTIONS_VERSION) and "nothing given" in
 * every field: now OTA_NO_INSTANT, no names, no catalog, no system tz
 * version, the default allocator. */
OTA_API int32_t ota_validate_options_init(ota_validate_options *options, uint32_t version);
#define OTA_VALIDATE_OPTIONS_INIT                                                                  \
    {                                                                                              \
        .version = OTA_VALIDATE_OPTIONS_VERSION, .now = OTA_NO_INSTANT                             \
    }

/* Checks every rule of SPEC 3 and 7 and stores every diagnostic, in field
 * order, in a new list *out (free it with ota_diagnostics_free()).  The plan
 * is valid iff ota_diagnostics_error_count(*out) == 0.  Returns OTA_OK when
 * the check ran (whatever it found), OTA_ERR_NULL, OTA_ERR_STRUCT_VERSION,
 * OTA_ERR_NOMEM (then *out is NULL) or OTA_ERR_ICU. */
OTA_API int32_t ota_plan_validate(const ota_plan *plan, const ota_validate_options *options,
                                  ota_diagnostics **out);

/* Everything ota_plan_validate() reports for `updated`, plus an
 * immutable_field error for each field that may not change (SPEC 3.3): a
 * saved plan may change anything but `product`; a plan in any other state
 * may change nothing (the `state` field itself follows the lifecycle and
 * is reported only for a transition SPEC 3.3 does not allow). */
OTA_API int32_t ota_plan_validate_update(const ota_plan *original, const ota_plan *updated,
                                         const ota_validate_options *options,
                                         ota_diagnostics **out);

/* --------------------------------------------------------- compiled plan */

typedef struct ota_compiled_plan ota_compiled_plan;

/* Validates `plan` and builds its immutable compiled form.  On success
 * returns OTA_OK and *out.  An invalid plan gives OTA_ERR_INVALID_PLAN and
 * *out NULL.  In both cases, when `diagnostics` is not NULL, it receives the
 * validation's list (the caller frees it).  The compiled plan copies all it
 * needs; `plan` may be freed afterwards. */
OTA_API int32_t ota_plan_compile(const ota_plan *plan, const ota_validate_options *options,
                                 ota_compiled_plan **out, ota_diagnostics **diagnostics);

/* Frees a compiled plan; NULL is fine. */
OTA_API void ota_compiled_plan_free(ota_compiled_plan *plan);

/* The plan's zone in ICU's canonical form ("US/Eastern" -> "America/New_York"). */
OTA_API const char *ota_compiled_plan_timezone(const ota_compiled_plan *plan);
/* The resolved plan period [start, end) and the first instant the plan may
 * push, max(start, activated_at); OTA_ERR_NULL for NULL arguments. */
OTA_API int32_t ota_compiled_plan_period(const ota_compiled_plan *plan, int64_t *start,
                                         int64_t *end, int64_t *effective_start);
/* Rollout phase `index` (SPEC 11.2): its resolved start and share in basis
 * points.  OTA_OK, OTA_NO_MORE past the last phase, or OTA_ERR_NULL. */
OTA_API int32_t ota_compiled_plan_phase(const ota_compiled_plan *plan, uint32_t index,
                                        int64_t *start, int32_t *basis_points);
/* Blackout `index` (SPEC 11.4) as evaluation sees them: resolved, sorted,
 * and merged where they overlap or touch.  OTA_OK, OTA_NO_MORE past the
 * last, or OTA_ERR_NULL. */
OTA_API int32_t ota_compiled_plan_blackout(const ota_compiled_plan *plan, uint32_t index,
                                           int64_t *start, int64_t *end);

/* ----------------------------------------------------------------- device */

/* ota_device.state — SPEC 4.  Default idle. */
enum {
    OTA_DEVICE_IDLE = 0,
    OTA_DEVICE_REFUSED = 1,
    OTA_DEVICE_USER_CONFIRMED = 2,
    OTA_DEVICE_UPGRADING = 3,
    OTA_DEVICE_SUCCEEDED = 4,
    OTA_DEVICE_FAILED = 5
};

/* The version a device reports for one component. */
typedef struct ota_device_version {
    const char *component_id;
    const char *version;
} ota_device_version;

#define OTA_DEVICE_STRUCT_VERSION 1

/* A device as one plan sees it (SPEC 4).  Call ota_device_init() first. */
typedef struct ota_device {
    uint32_t version;    /* OTA_DEVICE_STRUCT_VERSION */
    const char *id;      /* required: 1-128 bytes of UTF-8 */
    const char *product; /* required */
    const ota_device_version *versions;
    uint32_t version_count;
    int32_t signal;      /* dBm, or OTA_UNSET */
    int32_t battery;     /* percent, or OTA_UNSET */
    int32_t auto_update; /* 0 or 1; default 0 (off) */
    int32_t state;       /* OTA_DEVICE_*, default idle */
    /* Last state change; required for refused and user_confirmed. */
    int64_t state_at;
    /* The confirmed slot [start, end) of a user_confirmed device, or both
     * OTA_NO_INSTANT. */
    int64_t appointment_start;
    int64_t appointment_end;
    int32_t failed_attempts; /* >= 0; a failed state with 0 counts as 1 */
} ota_device;

/* Sets `version` (OTA_DEVICE_STRUCT_VERSION) and the defaults of SPEC 4:
 * state idle, auto_update 0, failed_attempts 0, signal and battery
 * OTA_UNSET, state_at and the appointment OTA_NO_INSTANT. */
OTA_API int32_t ota_device_init(ota_device *device, uint32_t version);
#define OTA_DEVICE_INIT                                                                            \
    {                                                                                              \
        .version = OTA_DEVICE_STRUCT_VERSION, .signal = OTA_UNSET, .battery = OTA_UNSET,           \
        .state = OTA_DEVICE_IDLE, .state_at = OTA_NO_INSTANT, .appointment_start = OTA_NO_INSTANT, \
        .appointment_end = OTA_NO_INSTANT                                                          \
    }

/* Checks the device struct against SPEC 4 without a plan: OTA_OK, or
 * OTA_ERR_NULL / OTA_ERR_STRUCT_VERSION / OTA_ERR_INVALID_DEVICE /
 * OTA_ERR_RANGE with, when `problem` is not NULL, a static sentence naming
 * the field.  The evaluation functions run the same check. */
OTA_API int32_t ota_device_check(const ota_device *device, const char **problem);

/* ----------------------------------------------------------- eligibility */

/* Reasons (SPEC 5 and 6).  ota_reason_name() gives the SPEC's string. */
enum {
    OTA_REASON_OK = 0,
    OTA_REASON_PLAN_NOT_ACTIVE = 1,
    OTA_REASON_PLAN_TERMINATED = 2,
    OTA_REASON_PLAN_ENDED = 3,
    OTA_REASON_PLAN_SUSPENDED = 4,
    OTA_REASON_PLAN_NOT_STARTED = 5,
    OTA_REASON_WRONG_PRODUCT = 6,
    OTA_REASON_BLACKLISTED = 7,
    OTA_REASON_NOT_WHITELISTED = 8,
    OTA_REASON_ALREADY_SUCCEEDED = 9,
    OTA_REASON_RETRIES_EXHAUSTED = 10,
    OTA_REASON_IN_PROGRESS = 11,
    OTA_REASON_NO_APPLICABLE_COMPONENT = 12,
    OTA_REASON_LOW_SIGNAL = 13,
    OTA_REASON_LOW_BATTERY = 14,
    /* rollout phases (SPEC 11.2), checked after not_whitelisted */
    OTA_REASON_OUTSIDE_ROLLOUT = 15, /* final: the bucket is not below the last share */
    OTA_REASON_ROLLOUT_PENDING = 16, /* wait: not below the share in force now */
    /* plan sets (SPEC 14.3), final: no plan of the set governs the device */
    OTA_REASON_NO_PLAN = 17,
    /* why one component does not apply */
    OTA_REASON_COMPONENT_MISSING = 20,
    OTA_REASON_AT_TARGET = 21,
    OTA_REASON_SOURCE_MISMATCH = 22,
    OTA_REASON_VERSION_NOT_SPECIFIED = 23,
    /* and, with a version order (SPEC 13.3), in this order after those */
    OTA_REASON_VERSION_UNORDERED = 24, /* the version is no token of the order */
    OTA_REASON_BELOW_RANGE = 25,       /* below min_version */
    OTA_REASON_ABOVE_RANGE = 26,       /* not below below_version */
    OTA_REASON_NEWER_THAN_TARGET = 27, /* above the target, downgrades not allowed */
    /* next push only */
    OTA_REASON_APPOINTMENT_MISSED = 30
};

/* What a server should do with a reason (SPEC 5). */
enum {
    OTA_KIND_NONE = 0,       /* reason ok */
    OTA_KIND_FINAL = 1,      /* not with this plan */
    OTA_KIND_WAIT = 2,       /* later, perhaps */
    OTA_KIND_DEVICE_SIDE = 3 /* the device will decline */
};

/* The SPEC's name of a reason ("not_whitelisted"), static; NULL for a number
 * that is no reason. */
OTA_API const char *ota_reason_name(int32_t reason);
/* The OTA_KIND_* of a reason of SPEC 5; OTA_KIND_NONE for ok and others. */
OTA_API int32_t ota_reason_kind(int32_t reason);

typedef struct ota_component_result {
    int32_t applies; /* 1 if the component applies to the device */
    int32_t reason;  /* OTA_REASON_OK when it applies, else why not */
} ota_component_result;

#define OTA_ELIGIBILITY_VERSION 1

/* The answer of ota_device_eligible(), written into the caller's struct. */
typedef struct ota_eligibility {
    uint32_t version;         /* OTA_ELIGIBILITY_VERSION, set by the caller */
    int32_t reason;           /* first failing check of SPEC 5, or OK */
    int32_t kind;             /* OTA_KIND_* of the reason */
    uint32_t component_count; /* the plan's component count */
    /* components[i] is the plan's component i, always filled, whatever
     * the reason. */
    ota_component_result components[OTA_MAX_COMPONENTS];
} ota_eligibility;

OTA_API int32_t ota_eligibility_init(ota_eligibility *eligibility, uint32_t version);
#define OTA_ELIGIBILITY_INIT                                                                       \
    {                                                                                              \
        .version = OTA_ELIGIBILITY_VERSION                                                         \
    }

/* Runs the fourteen checks of SPEC 5 in order at instant `now`.  Returns
 * OTA_OK with *out filled (eligible iff out->reason == OTA_REASON_OK), or
 * OTA_ERR_NULL, OTA_ERR_STRUCT_VERSION (out's), OTA_ERR_RANGE (now out of
 * range), or an error of ota_device_check(); on an error *out is left as
 * it was.  No allocation, no ICU call; thread-safe. */
OTA_API int32_t ota_device_eligible(const ota_compiled_plan *plan, const ota_device *device,
                                    int64_t now, ota_eligibility *out);

/* The same for `count` devices at once, *out[i] answering *devices[i]
 * (arrays of pointers, so that each struct keeps its own version and
 * size): the answers are those of ota_device_eligible(), but while it
 * evaluates one device it fetches the list entries of the devices a few
 * places ahead, so the memory latency of large black/white lists overlaps
 * instead of adding up (bench/RESULTS.md).  Returns OTA_OK, or the error of
 * the first device (or output) that fails its check, with *failed_index
 * set to it (out[] is then filled up to that device only).  `failed_index`
 * may be NULL. */
OTA_API int32_t ota_device_eligible_many(const ota_compiled_plan *plan,
                                         const ota_device *const *devices, size_t count,
                                         int64_t now, ota_eligibility *const *out,
                                         size_t *failed_index);

/* ------------------------------------------------------------- next push */

/* ota_push_result.status — SPEC 6. */
enum {
    OTA_PUSH_AT = 1, /* `at` holds the instant */
    OTA_PUSH_AWAIT_USER_CONFIRM = 2,
    OTA_PUSH_AWAIT_DEVICE_REQUEST = 3,
    OTA_PUSH_NEVER = 4 /* `reason` says why */
};

/* "push_at", "await_user_confirm", ...; NULL for no status. */
OTA_API const char *ota_push_status_name(int32_t status);

#define OTA_EVAL_OPTIONS_VERSION 1

typedef struct ota_eval_options {
    uint32_t version; /* OTA_EVAL_OPTIONS_VERSION */
    /* Tick length in minutes (SPEC 2.3): 1, 2, 3, 4, 5, 6, 10, 12, 15, 20,
     * 30 or 60; 0 = no alignment.  Default 10. */
    int32_t tick_minutes;
} ota_eval_options;

#define OTA_TICK_DEFAULT_MINUTES 10

/* Sets `version` (OTA_EVAL_OPTIONS_VERSION) and tick_minutes 10. */
OTA_API int32_t ota_eval_options_init(ota_eval_options *options, uint32_t version);
#define OTA_EVAL_OPTIONS_INIT                                                                      \
    {                                                                                              \
        .version = OTA_EVAL_OPTIONS_VERSION, .tick_minutes = OTA_TICK_DEFAULT_MINUTES              \
    }
/* 1 if `tick_minutes` is a tick length of SPEC 2.3 (0, or a divisor of an
 * hour from the list above), else 0. */
OTA_API int32_t ota_tick_is_allowed(int32_t tick_minutes);

#define OTA_PUSH_RESULT_VERSION 1

/* The answer of ota_next_push_time(), written into the caller's struct. */
typedef struct ota_push_result {
    uint32_t version; /* OTA_PUSH_RESULT_VERSION, set by the caller */
    int32_t status;   /* OTA_PUSH_* */
    int32_t reason;   /* with OTA_PUSH_NEVER; else OTA_REASON_OK */
    int64_t at;       /* with OTA_PUSH_AT; else OTA_NO_INSTANT */
} ota_push_result;

OTA_API int32_t ota_push_result_init(ota_push_result *result, uint32_t version);
#define OTA_PUSH_RESULT_INIT                                                                       \
    {                                                                                              \
        .version = OTA_PUSH_RESULT_VERSION                                                         \
    }

/* When the platform next pushes the plan to the device (SPEC 6), exact
 * across daylight-saving changes.  `options` may be NULL (tick 10).
 * Returns OTA_OK with *out, OTA_ERR_NULL, OTA_ERR_STRUCT_VERSION (out's or
 * options'), OTA_ERR_RANGE, OTA_ERR_ARGUMENT (a tick length not allowed)
 * or an error of ota_device_check().  No allocation, no ICU call;
 * thread-safe. */
OTA_API int32_t ota_next_push_time(const ota_compiled_plan *plan, const ota_device *device,
                                   int64_t now, const ota_eval_options *options,
                                   ota_push_result *out);

/* The same for `count` devices at once, *out[i] answering *devices[i], in
 * the shape of ota_device_eligible_many(): the answers are those of
 * ota_next_push_time(), with the list lookups of the devices a few places
 * ahead begun early so that their memory accesses overlap.  Returns OTA_OK,
 * or the error of the first device (or output, or `options`) that fails,
 * with *failed_index set to its index (out[] is then filled up to that
 * device only).  `failed_index` may be NULL.  No allocation, no ICU call;
 * thread-safe. */
OTA_API int32_t ota_next_push_time_many(const ota_compiled_plan *plan,
                                        const ota_device *const *devices, size_t count, int64_t now,
                                        const ota_eval_options *options,
                                        ota_push_result *const *out, size_t *failed_index);

/* ----------------------------------------------------------- explanation */

/* One check of SPEC 5 (with 11.2), named by the reason it gives when it
 * fails, and the two sides it compared: `value` is the device's or the
 * instant's, `limit` the plan's (see ota_device_explain() for each check's
 * pair; OTA_NO_INSTANT or OTA_UNSET where a side is absent). */
typedef struct ota_check_result {
    int32_t check;  /* OTA_REASON_* this check gives when it fails */
    int32_t failed; /* 1 if the check fails */
    int64_t value;
    int64_t limit;
} ota_check_result;

/* The checks, always all of them: the fourteen of SPEC 5 and 8a, 8b. */
#define OTA_EXPLAIN_CHECKS 16

/* The terms whose maximum is T0, where a search for a push begins (SPEC 6,
 * 11.2).  ota_t0_term_name() gives "now", "start", "activated_at", "phase",
 * "refusal_timer", "confirmation", "appointment". */
enum {
    OTA_T0_NONE = 0,
    OTA_T0_NOW = 1,
    OTA_T0_START = 2,
    OTA_T0_ACTIVATED_AT = 3,
    OTA_T0_PHASE = 4,         /* P(d): the device's phase starts */
    OTA_T0_REFUSAL_TIMER = 5, /* state_at + refusal_retry_minutes */
    OTA_T0_CONFIRMATION = 6,  /* state_at of a user_confirmed device */
    OTA_T0_APPOINTMENT = 7    /* the appointment's start */
};
OTA_API const char *ota_t0_term_name(int32_t term);

typedef struct ota_t0_term {
    int32_t term; /* OTA_T0_* */
    int64_t at;
} ota_t0_term;

#define OTA_EXPLAIN_TERMS 7

/* 2 since 0.4.0: the arrays moved behind every fixed-size field.  The
 * library still writes version 1 (0.3.0's layout) for a caller that asks
 * for it. */
#define OTA_EXPLANATION_VERSION 2

/* The answer of ota_device_explain(), written into the caller's struct
 * (about 1.3 KB: it lives on the caller's stack, nothing is allocated).
 * Every field of a fixed size comes first; the arrays sized by a limit of
 * this header (OTA_EXPLAIN_CHECKS, OTA_EXPLAIN_TERMS, OTA_MAX_BLACKOUTS and
 * the components of `eligibility`) come last, so that a field added later
 * goes before them and never moves, and a limit that rises moves only the
 * arrays after it, under a new version whose predecessors the library
 * keeps writing. */
typedef struct ota_explanation {
    uint32_t version;     /* OTA_EXPLANATION_VERSION, set by the caller */
    ota_push_result push; /* exactly ota_next_push_time()'s answer */
    int32_t bucket;       /* b(d) with rollout phases, else -1 */
    int32_t position;     /* p(d) with rollout.spread, else -1 */
    /* How the push was searched for: T0 and the terms whose maximum it is,
     * in the order of the enum; t0 is OTA_NO_INSTANT (and t0_set_by
     * OTA_T0_NONE, term_count 0) when no search ran: a final reason, or an
     * await_* answer. t0_set_by is the first term that equals t0. */
    int64_t t0;
    int32_t t0_set_by;
    uint32_t term_count;
    /* For a push found in the governing window: the occurrence day of
     * push.at (SPEC 11.3: its local date, days since 1970-01-01) and its
     * OTA_WEEKDAY_* bit, the number of occurrence days from T0's to it that
     * the window's weekdays close; else OTA_NO_INSTANT, 0, 0. */
    int64_t occurrence_day;
    uint32_t occurrence_weekday;
    uint32_t closed_days;
    /* Under spread (SPEC 11.5), for the occurrence of push.at: the device's
     * slot j of the occurrence's n ticks and the slot's instant t_j; else
     * -1, 0, OTA_NO_INSTANT. */
    int32_t slot_index;
    int32_t slot_count;
    int64_t slot_at;
    uint32_t check_count;    /* OTA_EXPLAIN_CHECKS */
    uint32_t blackout_count; /* of blackout_start/blackout_end */
    /* ---- the arrays ---- */
    /* In SPEC 5's order; eligibility.reason is the first that failed. */
    ota_check_result checks[OTA_EXPLAIN_CHECKS];
    ota_t0_term terms[OTA_EXPLAIN_TERMS];
    /* The blackouts (merged where they overlap or touch) that reach into
     * [T0, push.at], or into [T0, end) when no push was found. */
    int64_t blackout_start[OTA_MAX_BLACKOUTS];
    int64_t blackout_end[OTA_MAX_BLACKOUTS];
    /* exactly ota_device_eligible()'s answer; last, for its components[] */
    ota_eligibility eligibility;
} ota_explanation;

/* Sets `version` and zeroes the rest; version 1 writes only the 1,256
 * bytes of 0.3.0's layout. */
OTA_API int32_t ota_explanation_init(ota_explanation *explanation, uint32_t version);
#define OTA_EXPLANATION_INIT                                                                       \
    {                                                                                              \
        .version = OTA_EXPLANATION_VERSION                                                         \
    }

/* Why: one device's whole decision (otaplan explain).  Fills *out with the
 * answers of ota_device_eligible() and ota_next_push_time() (their version
 * fields set to the current ones), every check of SPEC 5 in order with
 * what it compared, and the derivation of the push.  The pairs of the
 * checks: plan_not_active, plan_terminated, plan_suspended: the plan's
 * state (value); plan_ended: now and end; plan_not_started: now and
 * max(start, activated_at); wrong_product, already_succeeded, in_progress:
 * 1 if the fact holds; blacklisted, not_whitelisted: 1 if the ID is in the
 * list, and the list's length; outside_rollout: the bucket and the last
 * phase's basis points; rollout_pending: the bucket and the share at now
 * (both -1 without phases); retries_exhausted: the failed attempts
 * counted (0 unless state failed) and retry_count; no_applicable_component:
 * the applying components and the plan's count; low_signal, low_battery:
 * the report and the minimum.  Errors as ota_next_push_time(); on an error
 * *out is left as it was.  No allocation, no ICU call; thread-safe. */
OTA_API int32_t ota_device_explain(const ota_compiled_plan *plan, const ota_device *device,
                                   int64_t now, const ota_eval_options *options,
                                   ota_explanation *out);

/* The plan zone's UTC offset at instant t, in seconds (local = t + offset),
 * from the compiled transitions: OTA_OK, OTA_ERR_NULL or OTA_ERR_RANGE. */
OTA_API int32_t ota_compiled_plan_utc_offset(const ota_compiled_plan *plan, int64_t t,
                                             int32_t *offset);

/* --------------------------------------------------------------- rollout */

/* SPEC 11.1: a device's bucket b(d) = XXH64(salt ":" id, seed 0) mod 10000,
 * which decides its phase, and its position p(d) (seed 1), which decides
 * its slot under spread; the key is the bytes of the salt, one ':' and the
 * ID, unchanged.  Either output may be NULL.  Any lengths; no allocation.
 * Returns OTA_OK or OTA_ERR_NULL. */
OTA_API int32_t ota_rollout_bucket(const char *salt, const char *device_id, int32_t *bucket,
                                   int32_t *position);

enum { OTA_VERDICT_CONTINUE = 0, OTA_VERDICT_ABORT = 1 };

/* SPEC 11.6: abort when the plan has rollout.abort, attempted >=
 * min_attempts and failed x 10000 >= failure_basis_points x attempted; else
 * continue.  `attempted` counts the devices that finished an attempt,
 * `failed` those that failed.  Returns OTA_OK with *verdict, OTA_ERR_NULL,
 * or OTA_ERR_ARGUMENT when failed > attempted. */
OTA_API int32_t ota_compiled_plan_rollout_verdict(const ota_compiled_plan *plan, uint64_t attempted,
                                                  uint64_t failed, int32_t *verdict);

/* --------------------------------------------------------- version order */

/* The SPEC's name of an order ("semver", "natural"), static; NULL for
 * OTA_ORDER_NONE and any other number. */
OTA_API const char *ota_version_order_name(int32_t order);

/* 1 if `version` is a token of `order` (SPEC 13.1: for OTA_ORDER_SEMVER a
 * semver such as 2.4.0-rc.2; for OTA_ORDER_NATURAL any version token of
 * SPEC 3.1), else 0; 0 also for NULL or an order that is none. */
OTA_API int32_t ota_version_is_ordered(int32_t order, const char *version);

/* Compares two versions in `order` (SPEC 13.1): *result is -1, 0 or 1 as
 * `a` is below, equal to or above `b`; 0 only for equal strings.  Returns
 * OTA_OK, OTA_ERR_NULL, or OTA_ERR_ARGUMENT when the order is not
 * OTA_ORDER_SEMVER or OTA_ORDER_NATURAL or a version is no token of it
 * (see ota_version_is_ordered()).  No allocation; thread-safe. */
OTA_API int32_t ota_version_compare(int32_t order, const char *a, const char *b, int32_t *result);

/* --------------------------------------------------------------- windows */

#define OTA_INTERVAL_VERSION 1

typedef struct ota_interval {
    uint32_t version; /* OTA_INTERVAL_VERSION, set by the caller */
    int64_t start;    /* inclusive */
    int64_t end;      /* exclusive */
} ota_interval;

OTA_API int32_t ota_interval_init(ota_interval *interval, uint32_t version);
#define OTA_INTERVAL_INIT                                                                          \
    {                                                                                              \
        .version = OTA_INTERVAL_VERSION                                                            \
    }

/* The first maximal half-open interval of instants inside the plan's
 * governing window (push_window for silent plans with active push,
 * auto_upgrade_window for user_confirm plans, all day when absent), on
 * the days its weekdays open and outside every blackout (SPEC 11.3, 11.4),
 * clipped to [max(start, activated_at), end) and to [from, to), that ends
 * after `from`.  Returns OTA_OK with *out, OTA_NO_MORE (1) when there is
 * none (also for silent plans without active push, which have no window),
 * or a negative error.  To list every interval, call again with
 * from = out->end. */
OTA_API int32_t ota_compiled_plan_next_window(const ota_compiled_plan *plan, int64_t from,
                                              int64_t to, ota_interval *out);

/* -------------------------------------------------------------- instants */

/* RFC 3339 instants, as every document and option of otaplan writes them:
 * "2026-01-01T10:00:00+08:00", "...Z" (seconds required, 't' and 'z'
 * accepted as RFC 3339 allows).  Fractional seconds round up to the next
 * whole second (SPEC 2: an instant is never moved earlier).  Returns OTA_OK
 * with *out, OTA_ERR_ARGUMENT when the text is no RFC 3339 date-time, or
 * OTA_ERR_NULL.  The range of SPEC 2 is not checked here. */
OTA_API int32_t ota_instant_parse(const char *text, int64_t *out);

#define OTA_INSTANT_TEXT_SIZE 21
/* "YYYY-MM-DDTHH:MM:SSZ".  Returns OTA_OK, OTA_ERR_NULL, or OTA_ERR_RANGE
 * (with "out-of-range" written) for a year outside 0000-9999. */
OTA_API int32_t ota_instant_format(int64_t t, char out[OTA_INSTANT_TEXT_SIZE]);

#define OTA_LOCAL_TEXT_SIZE 32
/* The same instant as local time at `offset` seconds from UTC (see
 * ota_compiled_plan_utc_offset()): "2026-12-03T01:50:00+08:00".  Returns
 * as ota_instant_format(). */
OTA_API int32_t ota_instant_format_local(int64_t t, int32_t offset, char out[OTA_LOCAL_TEXT_SIZE]);

/* ------------------------------------------------------------- plan sets */

/* SPEC 14: all the plans a platform runs, and which of them governs a
 * device.  A set is built from compiled plans, which it borrows: they must
 * outlive the set, and a server that changes one plan compiles that plan
 * and builds a new set from the others as they are.  The set is immutable:
 * any number of threads may select from it at once. */
typedef struct ota_plan_set ota_plan_set;

#define OTA_MAX_SET_PLANS 100000u

/* Builds the set of plans[0..count) (1 to OTA_MAX_SET_PLANS; plans[i] is
 * the set's plan i) with its index: the plans in precedence (SPEC 14.1),
 * by product, and one table of every whitelisted device ID.  `allocator`
 * may be NULL (malloc/free); the set keeps a copy.  Returns OTA_OK with
 * *out, OTA_ERR_NULL (also for a NULL plan), OTA_ERR_ARGUMENT for a count
 * out of range or two plans of one name (trimmed, NFC: the error
 * name_duplicate of ota_plan_set_validate(); a set's plans are found by
 * name), or OTA_ERR_NOMEM. */
OTA_API int32_t ota_plan_set_new(const ota_compiled_plan *const *plans, uint32_t count,
                                 const ota_allocator *allocator, ota_plan_set **out);
/* Frees the set (not its plans); NULL is fine. */
OTA_API void ota_plan_set_free(ota_plan_set *set);
/* The number of plans; 0 for NULL. */
OTA_API uint32_t ota_plan_set_count(const ota_plan_set *set);
/* Plan `index`, NULL past the end or for NULL. */
OTA_API const ota_compiled_plan *ota_plan_set_plan(const ota_plan_set *set, uint32_t index);
/* The index of the plan at `position` in precedence (0 = the first):
 * OTA_OK, OTA_ERR_NULL or OTA_ERR_INDEX. */
OTA_API int32_t ota_plan_set_ranked(const ota_plan_set *set, uint32_t position, uint32_t *index);
/* The index of the plan named `name`, compared trimmed and NFC (SPEC
 * 14.2: a device's "plans" keys).  OTA_OK, OTA_NO_MORE when no plan has
 * the name (or it is no UTF-8), OTA_ERR_NULL, OTA_ERR_NOMEM or
 * OTA_ERR_ICU (names that are not ASCII are normalised by ICU: this is
 * not a call of the evaluation path). */
OTA_API int32_t ota_plan_set_find(const ota_plan_set *set, const char *name, uint32_t *index);

/* A plan's name trimmed as written, its priority (SPEC 14.1), its
 * product, and component `index`'s ID (NULL past the end): for callers
 * that print a selection.  NULL or 0 for a NULL plan. */
OTA_API const char *ota_compiled_plan_name(const ota_compiled_plan *plan);
OTA_API int32_t ota_compiled_plan_priority(const ota_compiled_plan *plan);
OTA_API const char *ota_compiled_plan_product(const ota_compiled_plan *plan);
OTA_API const char *ota_compiled_plan_component_id(const ota_compiled_plan *plan, uint32_t index);

/* A device's state in one plan of the set (SPEC 14.2), with the rules of
 * SPEC 4 for the fields of the same names in ota_device. */
typedef struct ota_plan_state {
    uint32_t plan; /* the plan's index in the set */
    int32_t state; /* OTA_DEVICE_* */
    int64_t state_at;
    int64_t appointment_start;
    int64_t appointment_end;
    int32_t failed_attempts;
} ota_plan_state;

/* The init values of ota_device's state fields, for plan `index`. */
#define OTA_PLAN_STATE_INIT(index)                                                                 \
    {                                                                                              \
        .plan = (index), .state = OTA_DEVICE_IDLE, .state_at = OTA_NO_INSTANT,                     \
        .appointment_start = OTA_NO_INSTANT, .appointment_end = OTA_NO_INSTANT                     \
    }

#define OTA_SET_DEVICE_VERSION 1

/* A device as a set sees it (SPEC 14.2): its own fields in `device`, whose
 * state fields must keep their init values (a device in a set has no
 * state but per plan), and its state in the plans that are not idle for
 * it, in `states`, sorted by plan index, each plan at most once.  A plan
 * without an entry finds the device idle. */
typedef struct ota_set_device {
    uint32_t version; /* OTA_SET_DEVICE_VERSION */
    const ota_device *device;
    const ota_plan_state *states; /* NULL when state_count is 0 */
    uint32_t state_count;
} ota_set_device;

OTA_API int32_t ota_set_device_init(ota_set_device *device, uint32_t version);
#define OTA_SET_DEVICE_INIT                                                                        \
    {                                                                                              \
        .version = OTA_SET_DEVICE_VERSION                                                          \
    }

/* The device as plan `index` sees it: a copy of *device->device with the
 * state of that plan (idle when it has none), for ota_device_eligible(),
 * ota_device_explain() and the like.  OTA_OK, OTA_ERR_NULL,
 * OTA_ERR_STRUCT_VERSION or OTA_ERR_INVALID_DEVICE (states unsorted). */
OTA_API int32_t ota_set_device_in_plan(const ota_set_device *device, uint32_t index,
                                       ota_device *out);

/* Another candidate of a selection (SPEC 14.3). */
typedef struct ota_candidate {
    uint32_t plan;        /* its index in the set */
    int32_t reason;       /* its eligibility reason for the device */
    int32_t outranked_by; /* when live: the governing plan's index; else -1 */
} ota_candidate;

#define OTA_SELECTION_VERSION 1

/* The answer of ota_plan_set_select(), written into the caller's struct.
 * The caller sets `others` and `other_capacity` (after the _init) to an
 * array of its own for the other candidates; selection allocates nothing. */
typedef struct ota_selection {
    uint32_t version; /* OTA_SELECTION_VERSION, set by the caller */
    /* The governing plan's index, or -1: then eligibility.reason is
     * OTA_REASON_NO_PLAN (component_count 0) and push is never/no_plan. */
    int32_t plan;
    /* The plans that target the device (SPEC 14.3, step 1), the governing
     * one included. */
    uint32_t candidate_count;
    /* The other candidates in precedence order: the first
     * min(other_capacity, candidates but the governing one) of them. */
    ota_candidate *others;
    uint32_t other_capacity;
    uint32_t other_count;
    ota_push_result push;        /* the governing plan's ota_next_push_time() */
    ota_eligibility eligibility; /* its ota_device_eligible(); last, for its array */
} ota_selection;

/* Sets `version` and zeroes the rest (no array for the others). */
OTA_API int32_t ota_selection_init(ota_selection *selection, uint32_t version);
#define OTA_SELECTION_INIT                                                                         \
    {                                                                                              \
        .version = OTA_SELECTION_VERSION                                                           \
    }

/* Which plan of the set governs the device at `now`, and its answer (SPEC
 * 14.3): the candidates are evaluated in precedence, found through the
 * set's index, so the cost grows with the plans that target the device,
 * not with the set.  `options` as for ota_next_push_time().  Returns
 * OTA_OK with *out, OTA_ERR_NULL, OTA_ERR_STRUCT_VERSION, OTA_ERR_RANGE,
 * OTA_ERR_ARGUMENT (a tick length, or others NULL with a capacity),
 * OTA_ERR_INDEX (a state's plan past the end) or an error of
 * ota_device_check() (also for a state of the device's own, or states
 * unsorted); on an error *out is left as it was.  No allocation, no ICU
 * call; thread-safe. */
OTA_API int32_t ota_plan_set_select(const ota_plan_set *set, const ota_set_device *device,
                                    int64_t now, const ota_eval_options *options,
                                    ota_selection *out);

/* The same for `count` devices, in the shape of ota_device_eligible_many(). */
OTA_API int32_t ota_plan_set_select_many(const ota_plan_set *set,
                                         const ota_set_device *const *devices, size_t count,
                                         int64_t now, const ota_eval_options *options,
                                         ota_selection *const *out, size_t *failed_index);

/* Validation of a set (SPEC 14.4): every plan alone, its diagnostics'
 * paths prefixed "plans[i].", then the set's own (name_duplicate,
 * upgrade_cycle), into a new list *out.  count 1 to OTA_MAX_SET_PLANS.
 * Returns as ota_plan_validate(), and OTA_ERR_ARGUMENT for a count out of
 * range. */
OTA_API int32_t ota_plan_set_validate(const ota_plan *const *plans, uint32_t count,
                                      const ota_validate_options *options, ota_diagnostics **out);

/* The set's own diagnostics only, appended to `list`: for a reader that
 * validates each plan its own way (libotaplan-json).  A plan with errors
 * takes part in name_duplicate, not in upgrade_cycle.  Returns OTA_OK,
 * OTA_ERR_NULL, OTA_ERR_ARGUMENT, OTA_ERR_NOMEM (the list may then hold
 * part of them) or OTA_ERR_ICU. */
OTA_API int32_t ota_plan_set_check_between(const ota_plan *const *plans, uint32_t count,
                                           const ota_validate_options *options,
                                           ota_diagnostics *list);

/* The upgrade_cycle warnings of a set already built, appended to `list`:
 * what ota_plan_set_check_between() reports for a set whose plans are all
 * valid, from the set's own compiled plans and index (its names are
 * distinct: ota_plan_set_new() refuses two of one name), so that a reader
 * that compiled the plans and built the set compiles nothing again.
 * Temporary memory comes from the set's allocator.  Returns OTA_OK,
 * OTA_ERR_NULL or OTA_ERR_NOMEM (the list may then hold part of them). */
OTA_API int32_t ota_plan_set_check_cycles(const ota_plan_set *set, ota_diagnostics *list);

/* ------------------------------------------------------ names until 1.0 */

/* The names of 0.3.0, kept as aliases until 1.0 (the ABI keeps them too):
 * a function on a compiled plan is named ota_compiled_plan_*, and a batch
 * call is its single call's name with _many. */
OTA_API int32_t ota_devices_eligible(const ota_compiled_plan *plan,
                                     const ota_device *const *devices, size_t count, int64_t now,
                                     ota_eligibility *const *out, size_t *failed_index);
OTA_API int32_t ota_devices_next_push(const ota_compiled_plan *plan,
                                      const ota_device *const *devices, size_t count, int64_t now,
                                      const ota_eval_options *options, ota_push_result *const *out,
                                      size_t *failed_index);
OTA_API int32_t ota_plan_next_window(const ota_compiled_plan *plan, int64_t from, int64_t to,
                                     ota_interval *out);
OTA_API int32_t ota_rollout_verdict(const ota_compiled_plan *plan, uint64_t attempted,
                                    uint64_t failed, int32_t *verdict);

#ifdef __cplusplus
}
#endif

#endif /* OTAPLAN_H */
