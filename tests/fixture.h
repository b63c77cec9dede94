/* Shared by the unit tests: valid plans of both modes, and assertions on
 * diagnostics.  Included after cmocka.h. */
#ifndef OTA_TEST_FIXTURE_H
#define OTA_TEST_FIXTURE_H

#include "otaplan.h"

#include <stddef.h>
#include <stdint.h>

/* A plan with its storage, so tests can change one field at a time. */
typedef struct fixture_plan {
    ota_plan plan;
    ota_component components[OTA_MAX_COMPONENTS + 2];
    ota_window push_window;
    ota_window auto_upgrade_window;
    ota_text texts[4];
} fixture_plan;

/* A valid silent plan: Asia/Shanghai, 2026-01-01T10:00 to 2026-12-31T00:00,
 * active, push window 0-2, two components (a full "wifi" 1.0 -> 2.0 and a
 * delta "mcu" 1.0 -> 1.1). */
void fixture_silent(fixture_plan *f);

/* A valid user_confirm plan: region intl, an "en" text, Europe/Berlin,
 * 2026-03-01T00:00 to 2026-11-01T00:00, active, one full component. */
void fixture_user_confirm(fixture_plan *f);

/* Validates and returns the list (never NULL: the test fails otherwise). */
ota_diagnostics *fixture_validate(const ota_plan *plan, const ota_validate_options *options);

/* 1 if the list holds a diagnostic with this code and path. */
int fixture_has(const ota_diagnostics *list, int32_t code, const char *path);

/* 1 if a test of this binary found the code where it expected it (with
 * fixture_has(), assert_diagnostic()). */
int fixture_code_was_asserted(int32_t code);

/* The diagnostic codes in families, each tested whole by one binary whose
 * last test calls fixture_assert_family_asserted(): SPEC 3 and 7's
 * validation (test_validate), rollout control's, SPEC 11
 * (test_validate_rollout), version order's, SPEC 13 (test_validate_order),
 * the JSON reader's (test_json), update validation's (test_update), a
 * plan set's, SPEC 14.4 (test_plan_set; name_duplicate is validation's).  -1
 * for a number that is no code. */
enum {
    FIXTURE_FAMILY_VALIDATION,
    FIXTURE_FAMILY_ROLLOUT,
    FIXTURE_FAMILY_READER,
    FIXTURE_FAMILY_UPDATE,
    FIXTURE_FAMILY_ORDER,
    FIXTURE_FAMILY_SET
};
int fixture_code_family(int32_t code);

/* Fails unless every code of the family was found by a test of this
 * binary (printing each that was not). */
void fixture_assert_family_asserted(int family);

/* One change of a valid plan and the diagnostic it must draw. */
typedef struct fixture_change {
    void (*change)(fixture_plan *f);
    int32_t code;
    const char *path;
} fixture_change;

/* A function `name` that makes one change to the plan *f. */
#define FIXTURE_CHANGE(name, ...)                                                                  \
    static void name(fixture_plan *f)                                                              \
    {                                                                                              \
        (void)f;                                                                                   \
        __VA_ARGS__;                                                                               \
    }

/* For each case: the plan `base` makes, changed, validated, must hold the
 * case's code at its path (the list printed when it does not). */
void fixture_assert_changes(void (*base)(fixture_plan *f), const fixture_change *cases,
                            size_t count);

/* Prints the list (for a failing test's context). */
void fixture_print(const ota_diagnostics *list);

/* Compiles a plan that must be valid. */
ota_compiled_plan *fixture_compile(const ota_plan *plan);

/* Parses "2026-01-01T10:00:00Z"-style instants (UTC only). */
int64_t fixture_instant(const char *text);

#define assert_diagnostic(list, code, path)                                                        \
    do {                                                                                           \
        if (!fixture_has((list), (code), (path))) {                                                \
            fixture_print(list);                                                                   \
            fail_msg("expected %s at \"%s\"", ota_code_name(code), (path));                        \
        }                                                                                          \
    } while (0)

#define assert_no_errors(list)                                                                     \
    do {                                                                                           \
        if (ota_diagnostics_error_count(list) != 0) {                                              \
            fixture_print(list);                                                                   \
            fail_msg("expected no error");                                                         \
        }                                                                                          \
    } while (0)

#endif
