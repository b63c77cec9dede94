/* The ABI of include/otaplan.h on LP64 targets.
 *
 * 1. Every struct's size and every field's offset, pinned: bindings mirror
 *    these layouts (bindings/python/tests checks the same numbers), so a
 *    change here must be deliberate.  Structs only grow at the end, with a
 *    new version number.
 * 2. Every number of the interface (status codes, code and reason numbers),
 *    pinned: they are written out in the header and never renumbered.
 * 3. Versions: an unknown version is refused everywhere, and the version
 *    macros agree with the library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "otaplan.h"

#include <stdio.h>
#include <string.h>
#include "fixture.h"

static void struct_layouts(void **state)
{
    (void)state;
    if (sizeof(void *) != 8)
        skip();
    assert_int_equal(sizeof(ota_allocator), 24);
    assert_int_equal(offsetof(ota_allocator, alloc), 0);
    assert_int_equal(offsetof(ota_allocator, free), 8);
    assert_int_equal(offsetof(ota_allocator, context), 16);
    assert_int_equal(sizeof(ota_window), 12);
    assert_int_equal(offsetof(ota_window, start_hour), 0);
    assert_int_equal(offsetof(ota_window, end_hour), 4);
    assert_int_equal(offsetof(ota_window, weekdays), 8);
    assert_int_equal(sizeof(ota_blackout), 16);
    assert_int_equal(offsetof(ota_blackout, start), 0);
    assert_int_equal(offsetof(ota_blackout, end), 8);
    assert_int_equal(sizeof(ota_rollout_phase), 16);
    assert_int_equal(offsetof(ota_rollout_phase, start), 0);
    assert_int_equal(offsetof(ota_rollout_phase, basis_points), 8);
    assert_int_equal(sizeof(ota_rollout_abort), 8);
    assert_int_equal(offsetof(ota_rollout_abort, failure_basis_points), 0);
    assert_int_equal(offsetof(ota_rollout_abort, min_attempts), 4);
    assert_int_equal(sizeof(ota_rollout), 40);
    assert_int_equal(offsetof(ota_rollout, salt), 0);
    assert_int_equal(offsetof(ota_rollout, spread), 8);
    assert_int_equal(offsetof(ota_rollout, phases), 16);
    assert_int_equal(offsetof(ota_rollout, phase_count), 24);
    assert_int_equal(offsetof(ota_rollout, abort), 32);
    assert_int_equal(sizeof(ota_component), 64);
    assert_int_equal(offsetof(ota_component, type), 0);
    assert_int_equal(offsetof(ota_component, method), 4);
    assert_int_equal(offsetof(ota_component, id), 8);
    assert_int_equal(offsetof(ota_component, target_version), 16);
    assert_int_equal(offsetof(ota_component, specified_versions), 24);
    assert_int_equal(offsetof(ota_component, source_version), 32);
    assert_int_equal(offsetof(ota_component, version_order), 40);
    assert_int_equal(offsetof(ota_component, allow_downgrade), 44);
    assert_int_equal(offsetof(ota_component, min_version), 48);
    assert_int_equal(offsetof(ota_component, below_version), 56);
    assert_int_equal(sizeof(ota_text), 16);
    assert_int_equal(offsetof(ota_text, lang), 0);
    assert_int_equal(offsetof(ota_text, text), 8);
    assert_int_equal(sizeof(ota_plan), 216);
    assert_int_equal(offsetof(ota_plan, version), 0);
    assert_int_equal(offsetof(ota_plan, name), 8);
    assert_int_equal(offsetof(ota_plan, product), 16);
    assert_int_equal(offsetof(ota_plan, product_type), 24);
    assert_int_equal(offsetof(ota_plan, bluetooth), 28);
    assert_int_equal(offsetof(ota_plan, region), 32);
    assert_int_equal(offsetof(ota_plan, timezone), 40);
    assert_int_equal(offsetof(ota_plan, start), 48);
    assert_int_equal(offsetof(ota_plan, end), 56);
    assert_int_equal(offsetof(ota_plan, activated_at), 64);
    assert_int_equal(offsetof(ota_plan, state), 72);
    assert_int_equal(offsetof(ota_plan, mode), 76);
    assert_int_equal(offsetof(ota_plan, active_push), 80);
    assert_int_equal(offsetof(ota_plan, push_window), 88);
    assert_int_equal(offsetof(ota_plan, auto_upgrade_window), 96);
    assert_int_equal(offsetof(ota_plan, refusal_retry_minutes), 104);
    assert_int_equal(offsetof(ota_plan, retry_count), 108);
    assert_int_equal(offsetof(ota_plan, min_signal), 112);
    assert_int_equal(offsetof(ota_plan, min_battery), 116);
    assert_int_equal(offsetof(ota_plan, blacklist), 120);
    assert_int_equal(offsetof(ota_plan, blacklist_count), 128);
    assert_int_equal(offsetof(ota_plan, whitelist), 136);
    assert_int_equal(offsetof(ota_plan, whitelist_count), 144);
    assert_int_equal(offsetof(ota_plan, components), 152);
    assert_int_equal(offsetof(ota_plan, component_count), 160);
    assert_int_equal(offsetof(ota_plan, texts), 168);
    assert_int_equal(offsetof(ota_plan, text_count), 176);
    assert_int_equal(offsetof(ota_plan, blackouts), 184);
    assert_int_equal(offsetof(ota_plan, blackout_count), 192);
    assert_int_equal(offsetof(ota_plan, rollout), 200);
    assert_int_equal(offsetof(ota_plan, priority), 208);
    assert_int_equal(sizeof(ota_diagnostic), 32);
    assert_int_equal(offsetof(ota_diagnostic, version), 0);
    assert_int_equal(offsetof(ota_diagnostic, severity), 4);
    assert_int_equal(offsetof(ota_diagnostic, code), 8);
    assert_int_equal(offsetof(ota_diagnostic, path), 16);
    assert_int_equal(offsetof(ota_diagnostic, message), 24);
    assert_int_equal(sizeof(ota_package), 32);
    assert_int_equal(offsetof(ota_package, id), 0);
    assert_int_equal(offsetof(ota_package, method), 8);
    assert_int_equal(offsetof(ota_package, target_version), 16);
    assert_int_equal(offsetof(ota_package, source_version), 24);
    assert_int_equal(sizeof(ota_validate_options), 64);
    assert_int_equal(offsetof(ota_validate_options, version), 0);
    assert_int_equal(offsetof(ota_validate_options, now), 8);
    assert_int_equal(offsetof(ota_validate_options, existing_names), 16);
    assert_int_equal(offsetof(ota_validate_options, existing_name_count), 24);
    assert_int_equal(offsetof(ota_validate_options, catalog), 32);
    assert_int_equal(offsetof(ota_validate_options, catalog_count), 40);
    assert_int_equal(offsetof(ota_validate_options, system_tzdata_version), 48);
    assert_int_equal(offsetof(ota_validate_options, allocator), 56);
    assert_int_equal(sizeof(ota_device_version), 16);
    assert_int_equal(offsetof(ota_device_version, component_id), 0);
    assert_int_equal(offsetof(ota_device_version, version), 8);
    assert_int_equal(sizeof(ota_device), 88);
    assert_int_equal(offsetof(ota_device, version), 0);
    assert_int_equal(offsetof(ota_device, id), 8);
    assert_int_equal(offsetof(ota_device, product), 16);
    assert_int_equal(offsetof(ota_device, versions), 24);
    assert_int_equal(offsetof(ota_device, version_count), 32);
    assert_int_equal(offsetof(ota_device, signal), 36);
    assert_int_equal(offsetof(ota_device, battery), 40);
    assert_int_equal(offsetof(ota_device, auto_update), 44);
    assert_int_equal(offsetof(ota_device, state), 48);
    assert_int_equal(offsetof(ota_device, state_at), 56);
    assert_int_equal(offsetof(ota_device, appointment_start), 64);
    assert_int_equal(offsetof(ota_device, appointment_end), 72);
    assert_int_equal(offsetof(ota_device, failed_attempts), 80);
    assert_int_equal(sizeof(ota_component_result), 8);
    assert_int_equal(offsetof(ota_component_result, applies), 0);
    assert_int_equal(offsetof(ota_component_result, reason), 4);
    assert_int_equal(sizeof(ota_eligibility), 144);
    assert_int_equal(offsetof(ota_eligibility, version), 0);
    assert_int_equal(offsetof(ota_eligibility, reason), 4);
    assert_int_equal(offsetof(ota_eligibility, kind), 8);
    assert_int_equal(offsetof(ota_eligibility, component_count), 12);
    assert_int_equal(offsetof(ota_eligibility, components), 16);
    assert_int_equal(sizeof(ota_eval_options), 8);
    assert_int_equal(offsetof(ota_eval_options, version), 0);
    assert_int_equal(offsetof(ota_eval_options, tick_minutes), 4);
    assert_int_equal(sizeof(ota_push_result), 24);
    assert_int_equal(offsetof(ota_push_result, version), 0);
    assert_int_equal(offsetof(ota_push_result, status), 4);
    assert_int_equal(offsetof(ota_push_result, reason), 8);
    assert_int_equal(offsetof(ota_push_result, at), 16);
    assert_int_equal(sizeof(ota_interval), 24);
    assert_int_equal(offsetof(ota_interval, version), 0);
    assert_int_equal(offsetof(ota_interval, start), 8);
    assert_int_equal(offsetof(ota_interval, end), 16);
    assert_int_equal(sizeof(ota_check_result), 24);
    assert_int_equal(offsetof(ota_check_result, check), 0);
    assert_int_equal(offsetof(ota_check_result, failed), 4);
    assert_int_equal(offsetof(ota_check_result, value), 8);
    assert_int_equal(offsetof(ota_check_result, limit), 16);
    assert_int_equal(sizeof(ota_t0_term), 16);
    assert_int_equal(offsetof(ota_t0_term, term), 0);
    assert_int_equal(offsetof(ota_t0_term, at), 8);
    assert_int_equal(sizeof(ota_explanation), 1248);
    assert_int_equal(offsetof(ota_explanation, version), 0);
    assert_int_equal(offsetof(ota_explanation, push), 8);
    assert_int_equal(offsetof(ota_explanation, bucket), 32);
    assert_int_equal(offsetof(ota_explanation, position), 36);
    assert_int_equal(offsetof(ota_explanation, t0), 40);
    assert_int_equal(offsetof(ota_explanation, t0_set_by), 48);
    assert_int_equal(offsetof(ota_explanation, term_count), 52);
    assert_int_equal(offsetof(ota_explanation, occurrence_day), 56);
    assert_int_equal(offsetof(ota_explanation, occurrence_weekday), 64);
    assert_int_equal(offsetof(ota_explanation, closed_days), 68);
    assert_int_equal(offsetof(ota_explanation, slot_index), 72);
    assert_int_equal(offsetof(ota_explanation, slot_count), 76);
    assert_int_equal(offsetof(ota_explanation, slot_at), 80);
    assert_int_equal(offsetof(ota_explanation, check_count), 88);
    assert_int_equal(offsetof(ota_explanation, blackout_count), 92);
    assert_int_equal(offsetof(ota_explanation, checks), 96);
    assert_int_equal(offsetof(ota_explanation, terms), 480);
    assert_int_equal(offsetof(ota_explanation, blackout_start), 592);
    assert_int_equal(offsetof(ota_explanation, blackout_end), 848);
    assert_int_equal(offsetof(ota_explanation, eligibility), 1104);
    /* Plan sets (0.5.0). */
    assert_int_equal(sizeof(ota_plan_state), 40);
    assert_int_equal(offsetof(ota_plan_state, state_at), 8);
    assert_int_equal(offsetof(ota_plan_state, failed_attempts), 32);
    assert_int_equal(sizeof(ota_set_device), 32);
    assert_int_equal(offsetof(ota_set_device, device), 8);
    assert_int_equal(offsetof(ota_set_device, states), 16);
    assert_int_equal(offsetof(ota_set_device, state_count), 24);
    assert_int_equal(sizeof(ota_candidate), 12);
    assert_int_equal(offsetof(ota_candidate, outranked_by), 8);
    assert_int_equal(sizeof(ota_selection), 200);
    assert_int_equal(offsetof(ota_selection, candidate_count), 8);
    assert_int_equal(offsetof(ota_selection, others), 16);
    assert_int_equal(offsetof(ota_selection, other_capacity), 24);
    assert_int_equal(offsetof(ota_selection, other_count), 28);
    assert_int_equal(offsetof(ota_selection, push), 32);
    assert_int_equal(offsetof(ota_selection, eligibility), 56);
}

static void numbers_are_pinned(void **state)
{
    (void)state;
    assert_int_equal(OTA_OK, 0);
    assert_int_equal(OTA_ERR_NULL, -1);
    assert_int_equal(OTA_ERR_NOMEM, -2);
    assert_int_equal(OTA_ERR_INVALID_PLAN, -3);
    assert_int_equal(OTA_ERR_INVALID_DEVICE, -4);
    assert_int_equal(OTA_ERR_RANGE, -5);
    assert_int_equal(OTA_ERR_STRUCT_VERSION, -6);
    assert_int_equal(OTA_ERR_ARGUMENT, -7);
    assert_int_equal(OTA_ERR_ICU, -8);
    assert_int_equal(OTA_ERR_INDEX, -9);
    assert_int_equal(OTA_NO_MORE, 1);
    assert_int_equal(OTA_CODE_NAME_MISSING, 1);
    assert_int_equal(OTA_CODE_FIELD_TYPE_INVALID, 46);
    assert_int_equal(OTA_CODE_TZDATA_STALE, 100);
    assert_int_equal(OTA_CODE_FIELD_UNKNOWN, 116);
    assert_int_equal(OTA_CODE_VERSION_ORDER_INVALID, 55);
    assert_int_equal(OTA_CODE_VERSION_RANGE_EMPTY, 59);
    assert_int_equal(OTA_CODE_PRIORITY_OUT_OF_RANGE, 60);
    assert_int_equal(OTA_CODE_ALLOW_DOWNGRADE_NOT_APPLICABLE, 119);
    assert_int_equal(OTA_CODE_COMPONENT_NEVER_APPLIES, 121);
    assert_int_equal(OTA_REASON_VERSION_UNORDERED, 24);
    assert_int_equal(OTA_REASON_NEWER_THAN_TARGET, 27);
    assert_int_equal(OTA_ORDER_NONE, 0);
    assert_int_equal(OTA_ORDER_SEMVER, 1);
    assert_int_equal(OTA_ORDER_NATURAL, 2);
    assert_int_equal(OTA_DOWNGRADE_ABSENT, 0);
    assert_int_equal(OTA_DOWNGRADE_ALLOWED, 1);
    assert_int_equal(OTA_DOWNGRADE_DENIED, 2);
    assert_int_equal(OTA_PLAN_STRUCT_VERSION, 3);
    assert_int_equal(OTA_REASON_LOW_BATTERY, 14);
    assert_int_equal(OTA_REASON_COMPONENT_MISSING, 20);
    assert_int_equal(OTA_REASON_APPOINTMENT_MISSED, 30);
    assert_int_equal(OTA_PUSH_NEVER, 4);
    assert_int_equal(OTA_T0_NONE, 0);
    assert_int_equal(OTA_T0_NOW, 1);
    assert_int_equal(OTA_T0_START, 2);
    assert_int_equal(OTA_T0_ACTIVATED_AT, 3);
    assert_int_equal(OTA_T0_PHASE, 4);
    assert_int_equal(OTA_T0_REFUSAL_TIMER, 5);
    assert_int_equal(OTA_T0_CONFIRMATION, 6);
    assert_int_equal(OTA_T0_APPOINTMENT, 7);
    assert_int_equal(OTA_EXPLAIN_CHECKS, 16);
    assert_int_equal(OTA_EXPLAIN_TERMS, 7);
    /* Each code number names one code, and its name maps back. */
    for (int32_t code = 0; code < 200; code++)
        if (ota_code_name(code))
            assert_int_not_equal(ota_code_severity(code), 0);
    for (int32_t status = -9; status <= 1; status++)
        assert_string_not_equal(ota_strerror(status), "unknown status code");
    assert_string_equal(ota_strerror(-100), "unknown status code");
}

static void versions_agree(void **state)
{
    (void)state;
    assert_int_equal(ota_version_number(), OTA_VERSION_NUMBER);
    assert_int_equal(OTA_VERSION_NUMBER,
                     OTA_VERSION_MAJOR * 10000 + OTA_VERSION_MINOR * 100 + OTA_VERSION_PATCH);
    assert_string_equal(ota_version_string(), OTA_VERSION_STRING);
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", OTA_VERSION_MAJOR, OTA_VERSION_MINOR,
             OTA_VERSION_PATCH);
    assert_string_equal(ota_version_string(), expected);
}

/* Every _init() refuses a version it does not know, and sets exactly what
 * its _INIT macro sets.  The macro's value is a static object, whose padding
 * is zero bits, as the library's prototypes are. */
#define CHECK_INIT(type, init, version, macro)                                                     \
    do {                                                                                           \
        static const type by_macro = macro;                                                        \
        type by_function;                                                                          \
        memset(&by_function, 0x5A, sizeof by_function);                                            \
        assert_int_equal(init(&by_function, (version) + 1), OTA_ERR_STRUCT_VERSION);               \
        assert_int_equal(init(&by_function, 0), OTA_ERR_STRUCT_VERSION);                           \
        assert_int_equal(init(NULL, version), OTA_ERR_NULL);                                       \
        assert_int_equal(init(&by_function, version), OTA_OK);                                     \
        assert_memory_equal(&by_function, &by_macro, sizeof by_macro);                             \
    } while (0)

static void init_functions_and_macros_agree(void **state)
{
    (void)state;
    CHECK_INIT(ota_plan, ota_plan_init, OTA_PLAN_STRUCT_VERSION, OTA_PLAN_INIT);
    CHECK_INIT(ota_validate_options, ota_validate_options_init, OTA_VALIDATE_OPTIONS_VERSION,
               OTA_VALIDATE_OPTIONS_INIT);
    CHECK_INIT(ota_diagnostic, ota_diagnostic_init, OTA_DIAGNOSTIC_VERSION, OTA_DIAGNOSTIC_INIT);
    CHECK_INIT(ota_device, ota_device_init, OTA_DEVICE_STRUCT_VERSION, OTA_DEVICE_INIT);
    CHECK_INIT(ota_eligibility, ota_eligibility_init, OTA_ELIGIBILITY_VERSION,
               OTA_ELIGIBILITY_INIT);
    CHECK_INIT(ota_eval_options, ota_eval_options_init, OTA_EVAL_OPTIONS_VERSION,
               OTA_EVAL_OPTIONS_INIT);
    CHECK_INIT(ota_push_result, ota_push_result_init, OTA_PUSH_RESULT_VERSION,
               OTA_PUSH_RESULT_INIT);
    CHECK_INIT(ota_interval, ota_interval_init, OTA_INTERVAL_VERSION, OTA_INTERVAL_INIT);
    CHECK_INIT(ota_explanation, ota_explanation_init, OTA_EXPLANATION_VERSION,
               OTA_EXPLANATION_INIT);
}

/* ------------------------------------------------ a version-1 caller */

/* ota_plan and ota_window as a program compiled against otaplan 0.2's
 * header (plan version 1) laid them out: the library must read just these
 * bytes, whatever lies after them. */
typedef struct window_v1 {
    int32_t start_hour;
    int32_t end_hour;
} window_v1;

typedef struct plan_v1 {
    uint32_t version;
    const char *name, *product;
    int32_t product_type, bluetooth, region;
    const char *timezone, *start, *end;
    int64_t activated_at;
    int32_t state, mode, active_push;
    const window_v1 *push_window, *auto_upgrade_window;
    int32_t refusal_retry_minutes, retry_count, min_signal, min_battery;
    const char *const *blacklist;
    uint32_t blacklist_count;
    const char *const *whitelist;
    uint32_t whitelist_count;
    const struct component_v2 *components;
    uint32_t component_count;
    const ota_text *texts;
    uint32_t text_count;
} plan_v1;

/* ota_component of plan versions 1 and 2 (0.1.0 to 0.4.0). */
typedef struct component_v2 {
    int32_t type;
    int32_t method;
    const char *id;
    const char *target_version;
    const char *specified_versions;
    const char *source_version;
} component_v2;

/* The old struct at the start of a buffer of garbage: reading past it reads
 * 0xA5 bytes (a bogus blackout count, rollout pointer, weekdays). */
typedef struct old_caller {
    union {
        plan_v1 plan;
        unsigned char bytes[sizeof(ota_plan) + 64];
    } u;
    window_v1 windows[1];
    unsigned char after_window[8];
} old_caller;

static void a_version_1_caller_still_works(void **state)
{
    (void)state;
    assert_int_equal(sizeof(plan_v1), 184);
    static old_caller old;
    memset(&old, 0xA5, sizeof old);
    assert_int_equal(ota_plan_init((ota_plan *)&old.u.plan, 1), OTA_OK);
    /* The init wrote the old struct's bytes and not one more. */
    for (size_t i = sizeof(plan_v1); i < sizeof old.u.bytes; i++)
        assert_int_equal(old.u.bytes[i], 0xA5);
    assert_int_equal(old.u.plan.version, 1);
    assert_int_equal(old.u.plan.min_signal, OTA_UNSET);

    static const component_v2 old_wifi = {.type = OTA_COMPONENT_MODULE,
                                          .method = OTA_METHOD_FULL,
                                          .id = "wifi",
                                          .target_version = "2.0"};
    static const ota_component wifi = {.type = OTA_COMPONENT_MODULE,
                                       .method = OTA_METHOD_FULL,
                                       .id = "wifi",
                                       .target_version = "2.0"};
    old.windows[0] = (window_v1){0, 2};
    plan_v1 *p = &old.u.plan;
    p->name = "old caller";
    p->product = "lamp-1";
    p->timezone = "Asia/Shanghai";
    p->start = "2026-01-01T00:00";
    p->end = "2026-12-31T00:00";
    p->state = OTA_PLAN_ACTIVE;
    p->mode = OTA_MODE_SILENT;
    p->push_window = &old.windows[0];
    p->components = &old_wifi;
    p->component_count = 1;

    /* The same plan in today's layout. */
    ota_window night = {.start_hour = 0, .end_hour = 2};
    ota_plan now_plan = OTA_PLAN_INIT;
    memcpy(&now_plan, p, offsetof(plan_v1, push_window));
    now_plan.version = OTA_PLAN_STRUCT_VERSION;
    now_plan.push_window = &night;
    now_plan.components = &wifi;
    now_plan.component_count = 1;

    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_validate((const ota_plan *)p, NULL, &list), OTA_OK);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);
    assert_int_equal(ota_plan_validate_update((const ota_plan *)p, &now_plan, NULL, &list), OTA_OK);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);

    ota_compiled_plan *old_compiled = NULL, *new_compiled = NULL;
    assert_int_equal(ota_plan_compile((const ota_plan *)p, NULL, &old_compiled, NULL), OTA_OK);
    assert_int_equal(ota_plan_compile(&now_plan, NULL, &new_compiled, NULL), OTA_OK);
    ota_device_version reported = {"wifi", "1.0"};
    ota_device device = OTA_DEVICE_INIT;
    device.id = "dev-1";
    device.product = "lamp-1";
    device.versions = &reported;
    device.version_count = 1;
    for (int64_t t = 1767225600; t < 1767225600 + 10 * 86400; t += 3301) {
        ota_push_result a = OTA_PUSH_RESULT_INIT, b = OTA_PUSH_RESULT_INIT;
        assert_int_equal(ota_next_push_time(old_compiled, &device, t, NULL, &a), OTA_OK);
        assert_int_equal(ota_next_push_time(new_compiled, &device, t, NULL, &b), OTA_OK);
        assert_memory_equal(&a, &b, sizeof a);
        assert_int_equal(a.status, OTA_PUSH_AT);
    }
    ota_compiled_plan_free(old_compiled);
    ota_compiled_plan_free(new_compiled);
}

/* A program built with 0.4.0's header: plan version 2, whose components
 * are 40 bytes apart.  Three of them, so that a reader striding by 64 bytes
 * would read the second and third from the wrong place. */
static void a_version_2_caller_still_works(void **state)
{
    (void)state;
    static const component_v2 old_components[3] = {
        {OTA_COMPONENT_MODULE, OTA_METHOD_FULL, "wifi", "2.0", NULL, NULL},
        {OTA_COMPONENT_MCU, OTA_METHOD_DELTA, "mcu", "1.1", NULL, "1.0"},
        {OTA_COMPONENT_MODULE, OTA_METHOD_FULL, "ble", "3.0", "2.8;2.9", NULL}};
    static const ota_component components[3] = {{.type = OTA_COMPONENT_MODULE,
                                                 .method = OTA_METHOD_FULL,
                                                 .id = "wifi",
                                                 .target_version = "2.0"},
                                                {.type = OTA_COMPONENT_MCU,
                                                 .method = OTA_METHOD_DELTA,
                                                 .id = "mcu",
                                                 .target_version = "1.1",
                                                 .source_version = "1.0"},
                                                {.type = OTA_COMPONENT_MODULE,
                                                 .method = OTA_METHOD_FULL,
                                                 .id = "ble",
                                                 .target_version = "3.0",
                                                 .specified_versions = "2.8;2.9"}};
    fixture_plan f;
    fixture_silent(&f);
    /* The caller's struct ends at its 208th byte; garbage follows, which
     * the library must neither write nor read (as priority, it would be out
     * of range). */
    static union {
        ota_plan plan;
        unsigned char bytes[sizeof(ota_plan) + 64];
    } caller;
    memset(&caller, 0xA5, sizeof caller);
    assert_int_equal(ota_plan_init(&caller.plan, 2), OTA_OK);
    for (size_t i = 208; i < sizeof caller.bytes; i++)
        assert_int_equal(caller.bytes[i], 0xA5);
    assert_int_equal(caller.plan.version, 2);
    memcpy(&caller.plan, &f.plan, 208);
    caller.plan.version = 2;
    caller.plan.components = (const ota_component *)(const void *)old_components;
    caller.plan.component_count = 3;
    ota_plan now_plan = f.plan;
    now_plan.components = components;
    now_plan.component_count = 3;
    ota_diagnostics *list = NULL;
    assert_int_equal(ota_plan_validate(&caller.plan, NULL, &list), OTA_OK);
    assert_int_equal(ota_diagnostics_error_count(list), 0);
    ota_diagnostics_free(list);
    assert_int_equal(ota_plan_validate_update(&caller.plan, &now_plan, NULL, &list), OTA_OK);
    assert_int_equal(ota_diagnostics_count(list), 0);
    ota_diagnostics_free(list);

    ota_compiled_plan *old_compiled = NULL, *new_compiled = NULL;
    assert_int_equal(ota_plan_compile(&caller.plan, NULL, &old_compiled, NULL), OTA_OK);
    assert_int_equal(ota_plan_compile(&now_plan, NULL, &new_compiled, NULL), OTA_OK);
    static const char *const versions[] = {"1.0", "2.0", "2.8", "2.9", "1.1", "9"};
    for (size_t a = 0; a < 6; a++)
        for (size_t b = 0; b < 6; b++) {
            ota_device_version reported[3] = {
                {"wifi", versions[a]}, {"mcu", versions[b]}, {"ble", versions[(a + b) % 6]}};
            ota_device device = OTA_DEVICE_INIT;
            device.id = "dev-1";
            device.product = f.plan.product;
            device.versions = reported;
            device.version_count = 3;
            ota_eligibility x = OTA_ELIGIBILITY_INIT, y = OTA_ELIGIBILITY_INIT;
            assert_int_equal(ota_device_eligible(old_compiled, &device, 1767225600, &x), OTA_OK);
            assert_int_equal(ota_device_eligible(new_compiled, &device, 1767225600, &y), OTA_OK);
            assert_memory_equal(&x, &y, sizeof x);
            assert_int_equal(x.component_count, 3);
        }
    ota_compiled_plan_free(old_compiled);
    ota_compiled_plan_free(new_compiled);
}

static void options_of_an_unknown_version_are_not_read(void **state)
{
    (void)state;
    fixture_plan f;
    fixture_silent(&f);
    ota_validate_options garbage;
    memset(&garbage, 0xA5, sizeof garbage);
    ota_diagnostics *list = (ota_diagnostics *)&garbage; /* must be set to NULL */
    assert_int_equal(ota_plan_validate(&f.plan, &garbage, &list), OTA_ERR_STRUCT_VERSION);
    assert_null(list);
    ota_compiled_plan *compiled = (ota_compiled_plan *)&garbage;
    list = (ota_diagnostics *)&garbage;
    assert_int_equal(ota_plan_compile(&f.plan, &garbage, &compiled, &list), OTA_ERR_STRUCT_VERSION);
    assert_null(compiled);
    assert_null(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(struct_layouts),
        cmocka_unit_test(numbers_are_pinned),
        cmocka_unit_test(versions_agree),
        cmocka_unit_test(init_functions_and_macros_agree),
        cmocka_unit_test(a_version_1_caller_still_works),
        cmocka_unit_test(a_version_2_caller_still_works),
        cmocka_unit_test(options_of_an_unknown_version_are_not_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
