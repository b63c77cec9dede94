/*
 * libotaplan-json — the JSON documents of otaplan (doc/rules.md, "JSON"):
 * plans, devices, the firmware catalog, the names list, and the results of
 * `otaplan evaluate` and `validate`, mapped to and from the C structs of
 * otaplan.h.  The core library knows nothing of JSON; this library (with
 * jansson) is what the `otaplan` program, the Python binding, the tests and
 * the fuzzers read and write with, so that they all give the same answers
 * for the same document.  pkg-config: otaplan-json.
 */
#ifndef OTAPLAN_JSON_H
#define OTAPLAN_JSON_H

#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(OTA_BUILDING_JSON) && defined(__GNUC__)
#define OTA_JSON_API __attribute__((visibility("default")))
#else
#define OTA_JSON_API
#endif

/* -------------------------------------------------------------- allocation */

/* What is process-wide, and how a host controls it:
 *   - jansson 2.14 has one pair of allocation functions per process.  On
 *     its first use the module installs hooks that pass every call of
 *     another jansson user on to the functions installed before (malloc and
 *     free, or the host's own json_set_alloc_funcs()), and take only the
 *     module's own blocks.  A host that sets jansson's functions does so
 *     before its first call of this module: set after, they would replace
 *     the hooks.
 *   - ota_json_set_allocator(): the functions of the module's own blocks
 *     (default malloc and free).  A failed allocation during a parse never
 *     reaches jansson (whose lexer would go on with a truncated token): the
 *     read is refused as OTA_ERR_NOMEM with nothing left allocated.  Call
 *     it before any other function of the module, not while one runs.
 *   - ICU's time-zone data is ICU's, for the process: ICU reads the
 *     variable ICU_TIMEZONE_FILES_DIR when it first loads a zone.
 *     ota_tzdata_setup() of libotaplan-tzdata (otaplan_tzdata.h) sets it
 *     when the host calls it; nothing in this module changes the
 *     environment. */
OTA_JSON_API void ota_json_set_allocator(void *(*alloc)(size_t size), void (*release)(void *block));

/* ---------------------------------------------------------------- instants */

/* ota_instant_parse() of otaplan.h: 0, or -1 if the text is no RFC 3339
 * date-time (or NULL).  The three functions here are libotaplan's, under
 * this library's names. */
OTA_JSON_API int ota_json_parse_instant(const char *text, int64_t *out);

#define OTA_JSON_INSTANT_SIZE OTA_INSTANT_TEXT_SIZE
/* ota_instant_format(): YYYY-MM-DDTHH:MM:SSZ. */
OTA_JSON_API void ota_json_format_instant(int64_t t, char out[OTA_JSON_INSTANT_SIZE]);
/* The same instant as local time at `offset` seconds from UTC (see
 * ota_compiled_plan_utc_offset()): "2026-12-03T01:50:00+08:00". */
#define OTA_JSON_LOCAL_SIZE OTA_LOCAL_TEXT_SIZE
OTA_JSON_API void ota_json_format_local(int64_t t, int32_t offset, char out[OTA_JSON_LOCAL_SIZE]);

/* The JSON name of a device state (SPEC 4: "idle", "upgrading", ...), or
 * NULL for a number that is no OTA_DEVICE_* state. */
OTA_JSON_API const char *ota_json_device_state_name(int32_t state);

/* ---------------------------------------------------------------- errors */

/* The structs of this header follow otaplan.h's conventions: a `version`
 * first, set by the caller (_INIT macro or _init() function), and a
 * version the library does not know is OTA_ERR_STRUCT_VERSION (or, for the
 * void functions on a buffer, nothing written and `failed` left alone). */

#define OTA_JSON_ERROR_VERSION 1

/* Where a document could not be read at all (malformed JSON, not an object). */
typedef struct ota_json_error {
    uint32_t version; /* OTA_JSON_ERROR_VERSION, set by the caller */
    int32_t line;     /* 1-based; 0 when unknown */
    int32_t column;   /* 1-based; 0 when unknown */
    char text[200];
} ota_json_error;

OTA_JSON_API int32_t ota_json_error_init(ota_json_error *error, uint32_t version);
#define OTA_JSON_ERROR_INIT                                                                        \
    {                                                                                              \
        .version = OTA_JSON_ERROR_VERSION                                                          \
    }

/* ------------------------------------------------------------------ plan */

typedef struct ota_json_plan ota_json_plan;

/* Reads one plan object.  Returns OTA_OK with *out (even when fields had
 * the wrong type: those are diagnostics), OTA_ERR_ARGUMENT with *error when
 * the text is not a JSON object, or OTA_ERR_NOMEM. */
OTA_JSON_API int32_t ota_json_plan_read(const char *text, size_t length, ota_json_plan **out,
                                        ota_json_error *error);

/* The plan as the library sees it; valid as long as the ota_json_plan. */
OTA_JSON_API const ota_plan *ota_json_plan_get(const ota_json_plan *plan);
/* The "$schema" the document names (a URI of its JSON Schema, for
 * editors: doc/rules.md 9.5), or NULL.  It is no field of the plan: the
 * plan's answers and hash do not depend on it. */
OTA_JSON_API const char *ota_json_plan_schema(const ota_json_plan *plan);

/* The reader's own diagnostics (field_type_invalid, field_unknown,
 * time_invalid of activated_at) merged with ota_plan_validate()'s, in
 * field order of the document.  A library diagnostic about a field the
 * reader already rejected for its type is left out. */
OTA_JSON_API int32_t ota_json_plan_validate(const ota_json_plan *plan,
                                            const ota_validate_options *options,
                                            ota_diagnostics **out);

/* ota_plan_compile() of a plan read from JSON; OTA_ERR_INVALID_PLAN also
 * when the reader found an error.  *diagnostics as ota_json_plan_validate(). */
OTA_JSON_API int32_t ota_json_plan_compile(const ota_json_plan *plan,
                                           const ota_validate_options *options,
                                           ota_compiled_plan **out, ota_diagnostics **diagnostics);

OTA_JSON_API void ota_json_plan_free(ota_json_plan *plan);

/* ------------------------------------------------- catalog and names */

/* The firmware catalog of `otaplan validate --catalog` (SPEC 9): a JSON
 * array of {"id", "method", "target_version", "source_version"?}.  Returns
 * OTA_OK, OTA_ERR_ARGUMENT with *error (line and column of the bad package
 * or of the JSON syntax error), or OTA_ERR_NOMEM. */
typedef struct ota_json_catalog ota_json_catalog;
OTA_JSON_API int32_t ota_json_catalog_read(const char *text, size_t length, ota_json_catalog **out,
                                           ota_json_error *error);
/* The packages, valid as long as the catalog. */
OTA_JSON_API const ota_package *ota_json_catalog_packages(const ota_json_catalog *catalog,
                                                          uint32_t *count);
OTA_JSON_API void ota_json_catalog_free(ota_json_catalog *catalog);

/* The names already used in the plan's scope (`--names`): one a line, a
 * trailing '\r' dropped, empty lines skipped.  A NUL byte is
 * OTA_ERR_ARGUMENT with its position. */
typedef struct ota_json_names ota_json_names;
OTA_JSON_API int32_t ota_json_names_read(const char *text, size_t length, ota_json_names **out,
                                         ota_json_error *error);
OTA_JSON_API const char *const *ota_json_names_get(const ota_json_names *names, uint32_t *count);
OTA_JSON_API void ota_json_names_free(ota_json_names *names);

/* ---------------------------------------------------------------- device */

/* A reusable reader of device objects: one per fleet, so that reading a
 * line allocates nothing once its buffers have grown. */
typedef struct ota_json_device_reader ota_json_device_reader;

OTA_JSON_API ota_json_device_reader *ota_json_device_reader_new(void);
OTA_JSON_API void ota_json_device_reader_free(ota_json_device_reader *reader);

/* Reads one device object into *device (pointing into the reader, valid
 * until the next read).  Returns OTA_OK, or OTA_ERR_ARGUMENT /
 * OTA_ERR_INVALID_DEVICE / OTA_ERR_RANGE with a sentence in *error, or
 * OTA_ERR_NOMEM. */
OTA_JSON_API int32_t ota_json_device_read(ota_json_device_reader *reader, const char *text,
                                          size_t length, const ota_device **device,
                                          ota_json_error *error);

/* -------------------------------------------------------------- plan set */

/* A plan set read from JSON (SPEC 14.5): plans[i] is the i-th plan read. */
typedef struct ota_json_set ota_json_set;

/* An empty set, for plans added one by one (the files of a directory, a
 * binding's list): OTA_OK, OTA_ERR_NULL or OTA_ERR_NOMEM. */
OTA_JSON_API int32_t ota_json_set_new(ota_json_set **out);
/* Reads one plan object and adds it as the next plan.  Returns OTA_OK,
 * OTA_ERR_ARGUMENT with *error as ota_json_plan_read() (or a set already
 * of OTA_MAX_SET_PLANS plans), OTA_ERR_NULL or OTA_ERR_NOMEM.  A set that
 * was compiled must be compiled again. */
OTA_JSON_API int32_t ota_json_set_add(ota_json_set *set, const char *text, size_t length,
                                      ota_json_error *error);
/* A JSON Lines text, one plan object a line (blank lines skipped), or one
 * plan object over several lines (the first line that is not blank is
 * then no JSON value of its own).  OTA_ERR_ARGUMENT with *error naming
 * the line of the bad plan, or for a text without a plan. */
OTA_JSON_API int32_t ota_json_set_read(const char *text, size_t length, ota_json_set **out,
                                       ota_json_error *error);
OTA_JSON_API void ota_json_set_free(ota_json_set *set);
OTA_JSON_API uint32_t ota_json_set_count(const ota_json_set *set);
/* Plan `index`, valid as long as the set; NULL past the end. */
OTA_JSON_API const ota_json_plan *ota_json_set_plan(const ota_json_set *set, uint32_t index);

/* SPEC 14.4: each plan's diagnostics as ota_json_plan_validate() gives
 * them, under "plans[i]", then the set's (name_duplicate, upgrade_cycle).
 * Returns OTA_OK, OTA_ERR_NULL, OTA_ERR_ARGUMENT (an empty set),
 * OTA_ERR_NOMEM or OTA_ERR_ICU. */
OTA_JSON_API int32_t ota_json_set_validate(const ota_json_set *set,
                                           const ota_validate_options *options,
                                           ota_diagnostics **out);
/* Validates and compiles every plan and builds the set's ota_plan_set
 * (ota_json_set_get()), owned by this set.  OTA_ERR_INVALID_PLAN when the
 * set has an error; *diagnostics (when not NULL) as
 * ota_json_set_validate().  With diagnostics NULL the set's upgrade_cycle
 * warnings are not looked for (a warning never makes a set invalid): a
 * caller that only needs the set pays for no more than that. */
OTA_JSON_API int32_t ota_json_set_compile(ota_json_set *set, const ota_validate_options *options,
                                          ota_diagnostics **diagnostics);
/* The compiled set, NULL until ota_json_set_compile() succeeded. */
OTA_JSON_API const ota_plan_set *ota_json_set_get(const ota_json_set *set);

/* Reads one device of a set (SPEC 14.2): the device's own fields and its
 * state per plan under "plans", keys matched to the set's names (trimmed,
 * NFC; names not in the set ignored).  A top-level state, state_at,
 * appointment or failed_attempts is OTA_ERR_INVALID_DEVICE with a message
 * that says where the state goes.  *device points into the reader, valid
 * until its next read.  Errors as ota_json_device_read(). */
OTA_JSON_API int32_t ota_json_set_device_read(ota_json_device_reader *reader,
                                              const ota_plan_set *set, const char *text,
                                              size_t length, const ota_set_device **device,
                                              ota_json_error *error);

/* ------------------------------------------------------------ plan tests */

/* One line of a test file of `otaplan test` (doc/rules.md 9.4): a device,
 * an instant, and what the plan (or set) must answer for it. */

/* Which expectations a test has (ota_json_plan_test.expects). */
enum {
    OTA_JSON_EXPECT_REASON = 1u << 0,
    OTA_JSON_EXPECT_ELIGIBLE = 1u << 1,
    OTA_JSON_EXPECT_PLAN = 1u << 2,
    OTA_JSON_EXPECT_PUSH_STATUS = 1u << 3,
    OTA_JSON_EXPECT_PUSH_AT = 1u << 4,
    OTA_JSON_EXPECT_COMPONENTS = 1u << 5
};

#define OTA_JSON_PLAN_TEST_VERSION 1

typedef struct ota_json_plan_test {
    uint32_t version; /* OTA_JSON_PLAN_TEST_VERSION, set by the caller */
    const char *name;
    /* The device: alone (a test of one plan), or in a set, with its state
     * per plan; device is then set_device->device. */
    const ota_device *device;
    const ota_set_device *set_device; /* NULL in a test of one plan */
    int64_t now;
    int32_t tick_minutes; /* OTA_TICK_DEFAULT_MINUTES when absent */
    uint32_t expects;     /* OTA_JSON_EXPECT_*, never 0 */
    int32_t reason;       /* OTA_REASON_* */
    int32_t eligible;     /* 0 or 1 */
    const char *plan;     /* the governing plan's name as written; NULL: none */
    int32_t push_status;  /* OTA_PUSH_* */
    int64_t push_at;
    /* The IDs of the components that apply, as written, each once. */
    uint32_t component_count;
    const char *components[OTA_MAX_COMPONENTS];
} ota_json_plan_test;

OTA_JSON_API int32_t ota_json_plan_test_init(ota_json_plan_test *test, uint32_t version);
#define OTA_JSON_PLAN_TEST_INIT                                                                    \
    {                                                                                              \
        .version = OTA_JSON_PLAN_TEST_VERSION                                                      \
    }

/* Reads one test object {"name", "device", "now", "tick"?, "expect":
 * {"reason"?, "eligible"?, "plan"?, "push"?: {"status", "at"?},
 * "components"?}} into *test.  The device is read as
 * ota_json_device_read() reads it when `set` is NULL, else as
 * ota_json_set_device_read() does.  Strict: a key not named here, a value
 * of the wrong type, a reason or status that does not exist, an "expect"
 * that checks nothing, is OTA_ERR_ARGUMENT with a sentence in *error that
 * names the field; a bad device OTA_ERR_INVALID_DEVICE (or OTA_ERR_RANGE),
 * the sentence beginning "device: ".  The strings and the device point
 * into the reader, valid until its next read.  Also OTA_ERR_NULL,
 * OTA_ERR_STRUCT_VERSION, OTA_ERR_NOMEM. */
OTA_JSON_API int32_t ota_json_plan_test_read(ota_json_device_reader *reader,
                                             const ota_plan_set *set, const char *text,
                                             size_t length, ota_json_plan_test *test,
                                             ota_json_error *error);

/* ---------------------------------------------------------------- writer */

#define OTA_JSON_BUFFER_VERSION 1

/* A growable output buffer. */
typedef struct ota_json_buffer {
    uint32_t version; /* OTA_JSON_BUFFER_VERSION, set by the caller */
    int32_t failed;   /* an allocation failed; the content is incomplete */
    char *data;
    size_t length;
    size_t capacity;
} ota_json_buffer;

OTA_JSON_API int32_t ota_json_buffer_init(ota_json_buffer *buffer, uint32_t version);
#define OTA_JSON_BUFFER_INIT                                                                       \
    {                                                                                              \
        .version = OTA_JSON_BUFFER_VERSION                                                         \
    }

/* Frees the content; the buffer is empty again (its version kept). */
OTA_JSON_API void ota_json_buffer_free(ota_json_buffer *buffer);
OTA_JSON_API void ota_json_put(ota_json_buffer *buffer, const char *text, size_t length);
OTA_JSON_API void ota_json_put_cstr(ota_json_buffer *buffer, const char *text);
/* A JSON string literal, escaped (RFC 8259). */
OTA_JSON_API void ota_json_put_string(ota_json_buffer *buffer, const char *text);

/* The plan JSON of SPEC 3 for a plan struct, keys sorted, absent fields
 * left out (ota_json_plan_read() of it gives the same plan).  Returns
 * OTA_OK, OTA_ERR_NULL, OTA_ERR_STRUCT_VERSION, OTA_ERR_NOMEM, or
 * OTA_ERR_ARGUMENT when the plan has no JSON form (a string that is not
 * UTF-8, a count without its array, a repeated text tag, an instant past
 * year 9999); nothing is appended then. */
OTA_JSON_API int32_t ota_json_put_plan(ota_json_buffer *buffer, const ota_plan *plan);

/* The canonical form of a plan (`otaplan fmt`, doc/rules.md 9.3): the keys
 * in the order of the rules document's tables, the texts by tag, absent
 * fields left out and defaults that the reader fills written out as it
 * fills them, numbers as SPEC writes them (percents with at most two
 * decimals), UTF-8 unescaped, a newline at the end.  OTA_JSON_CANONICAL_BLOCK:
 * two-space indentation, every object and array one member a line (a
 * component a block, a device ID a line); OTA_JSON_CANONICAL_LINE: the same
 * on one line ("key": value, "key": value), a line of a plan set's file.
 * Reading the form gives the same plan, and formatting it again the same
 * bytes.  Returns as ota_json_put_plan(), and OTA_ERR_ARGUMENT for another
 * form. */
enum { OTA_JSON_CANONICAL_BLOCK = 1, OTA_JSON_CANONICAL_LINE = 2 };
OTA_JSON_API int32_t ota_json_put_plan_canonical(ota_json_buffer *buffer, const ota_plan *plan,
                                                 int32_t form);

/* "sha256:" and the 64 lower-case hex digits of the SHA-256 (nettle's) of
 * the plan's canonical block form, and a NUL: a content identifier that
 * two plans differing only in formatting, key order or escapes share, and
 * that any change of meaning changes.  It lives here, beside the canonical
 * form, so that libotaplan stays free of JSON.  Returns OTA_OK,
 * OTA_ERR_NULL, OTA_ERR_STRUCT_VERSION, OTA_ERR_ARGUMENT (the plan has no
 * JSON form, see ota_json_put_plan()) or OTA_ERR_NOMEM; `out` is "" on an
 * error. */
#define OTA_PLAN_HASH_SIZE 72
OTA_JSON_API int32_t ota_plan_hash(const ota_plan *plan, char out[OTA_PLAN_HASH_SIZE]);

/* SPEC 9 `evaluate --json`: one device's line, without the newline. */
OTA_JSON_API void ota_json_put_evaluation(ota_json_buffer *buffer, const ota_plan *plan,
                                          const char *device_id, const ota_eligibility *eligibility,
                                          const ota_push_result *push);

/* SPEC 14.5 `select --json`: one device's line, without the newline:
 * {"id", "plan", "eligible", "reason", "components", "push", "others":
 * [{"plan", "reason", "outranked_by"?}]}, names trimmed as written. */
OTA_JSON_API void ota_json_put_selection(ota_json_buffer *buffer, const ota_plan_set *set,
                                         const char *device_id, const ota_selection *selection);

/* One sentence on what a check of ota_device_explain() compared, e.g.
 * "signal -118 < min_signal -110" or "not in the whitelist (1000 IDs)",
 * written into out (truncated to capacity, NUL-terminated; instants in
 * UTC).  Returns the length of the whole sentence (as snprintf). */
OTA_JSON_API int ota_json_check_detail(const ota_plan *plan, const ota_device *device,
                                       const ota_check_result *check, char *out, size_t capacity);

/* The same for component `index` of the plan and its answer in
 * ota_device_explain() (or ota_device_eligible()): the versions its rule
 * compared, e.g. "2.5.0 > target 2.4.0 (semver, downgrades not allowed)"
 * or "1.9.9 < min_version 2.0.0 (semver)".  Returns the length as
 * snprintf, or -1 for a NULL argument or an index outside the plan. */
OTA_JSON_API int ota_json_component_detail(const ota_plan *plan, const ota_device *device,
                                           uint32_t index, const ota_component_result *result,
                                           char *out, size_t capacity);

/* SPEC 9 `explain --json`: {"id", "eligible", "reason", "kind", "checks":
 * [{"check", "failed", "detail"}], "components": [{"id", "applies",
 * "reason"?, "version"?, "target", "source"?, "specified"?}], "push",
 * "t0": {"at", "set_by"} or null, "terms": [{"term", "at"}], "bucket",
 * "position" (null when not used), "occurrence": {"day", "weekday"} or
 * null, "closed_days", "blackouts": [{"start", "end"}], "slot": {"index",
 * "count", "at"} or null}, without a newline.  `device` is the one
 * explained. */
OTA_JSON_API void ota_json_put_explanation(ota_json_buffer *buffer, const ota_plan *plan,
                                           const ota_device *device,
                                           const ota_explanation *explanation);

/* SPEC 9 `validate --json`: {"valid": ..., "diagnostics": [...]}. */
OTA_JSON_API void ota_json_put_diagnostics(ota_json_buffer *buffer,
                                           const ota_diagnostics *diagnostics);

#ifdef __cplusplus
}
#endif

#endif
