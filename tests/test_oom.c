/* Out-of-memory injection.  For each API path: one run counts its
 * allocations; then the path runs again once per allocation with that one
 * failing.  Each run must succeed or return OTA_ERR_NOMEM with its outputs
 * NULL, and leave no block allocated.  Evaluation must allocate nothing at
 * all: malloc and friends are wrapped at link time (-Wl,--wrap), so even a
 * direct malloc call inside the library would be counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "fixture.h"
#include "otaplan_json.h"

/* ---------------------------------------------------------- wrapped libc */

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *block, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *block, size_t size);

static long libc_allocations;

void *__wrap_malloc(size_t size)
{
    libc_allocations++;
    return __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    libc_allocations++;
    return __real_calloc(count, size);
}

void *__wrap_realloc(void *block, size_t size)
{
    libc_allocations++;
    return __real_realloc(block, size);
}

/* ---------------------------------------------------- counting allocator */

typedef struct counter {
    long calls;    /* allocation requests so far */
    long fail_at;  /* the request that fails, or -1 */
    int and_after; /* every later request fails too, as under memory pressure */
    long live;     /* blocks not yet freed */
} counter;

static void *counting_alloc(void *context, size_t size)
{
    counter *c = context;
    long call = c->calls++;
    if (call == c->fail_at || (c->and_after && c->fail_at >= 0 && call > c->fail_at))
        return NULL;
    c->live++;
    return __real_malloc(size);
}

static void counting_free(void *context, void *block)
{
    counter *c = context;
    if (block)
        c->live--;
    free(block);
}

/* A path under test: runs with the allocator and returns its status after
 * freeing whatever it built. */
typedef int32_t (*path_fn)(const ota_allocator *allocator, void *data);

static void inject(const char *name, path_fn path, void *data)
{
    counter count = {.fail_at = -1};
    ota_allocator allocator = {counting_alloc, counting_free, &count};
    assert_int_equal(path(&allocator, data), OTA_OK);
    assert_int_equal(count.live, 0);
    long total = count.calls;
    assert_true(total > 0);
    long nomem = 0;
    for (long k = 0; k < total; k++) {
        counter failing = {.fail_at = k};
        ota_allocator injected = {counting_alloc, counting_free, &failing};
        int32_t status = path(&injected, data);
        if (status != OTA_OK && status != OTA_ERR_NOMEM)
            fail_msg("%s: failing allocation %ld of %ld gave %s", name, k, total,
                     ota_strerror(status));
        if (failing.live != 0)
            fail_msg("%s: failing allocation %ld of %ld left %ld blocks", name, k, total,
                     failing.live);
        nomem += status == OTA_ERR_NOMEM;
    }
    print_message("%s: %ld allocations, each failed in turn, alone and with all after it "
                  "(%ld gave OTA_ERR_NOMEM)\n",
                  name, total, nomem);
    assert_true(nomem > 0);
}

/* ------------------------------------------------------------- the paths */

typedef struct rich_plan {
    fixture_plan f;
    const char *black[40];
    const char *white[40];
    char ids[80][48];
    ota_blackout blackouts[3];
    ota_rollout_phase phases[2];
    ota_rollout_abort abort;
    ota_rollout rollout;
} rich_plan;

/* A user-confirm plan that touches every allocating rule: NFC names, both
 * lists with short and long IDs and duplicates, texts, a catalog, and every
 * field of SPEC 11 (weekdays, overlapping blackouts, phases, spread, a salt,
 * an abort threshold). */
static void make_rich_plan(rich_plan *r)
{
    fixture_user_confirm(&r->f);
    r->f.plan.name = "Caf\xc3\xa9 plan";
    r->f.texts[1] = (ota_text){"de-DE", "Neue Firmware"};
    r->f.texts[2] = (ota_text){"zh_TW", "x"}; /* invalid, with a hint */
    r->f.plan.text_count = 3;
    r->f.components[1] = (ota_component){.type = OTA_COMPONENT_MCU,
                                         .method = OTA_METHOD_FULL,
                                         .id = "mcu",
                                         .target_version = "2",
                                         .specified_versions = "1;1;2"};
    r->f.plan.component_count = 2;
    for (int i = 0; i < 80; i++)
        snprintf(r->ids[i], sizeof r->ids[i], i % 2 ? "dev-%d" : "tenant-7/region-eu/device-%06d",
                 i % 70);
    for (int i = 0; i < 40; i++) {
        r->black[i] = r->ids[i];
        r->white[i] = r->ids[40 + i];
    }
    r->f.plan.blacklist = r->black;
    r->f.plan.blacklist_count = 40;
    r->f.plan.whitelist = r->white;
    r->f.plan.whitelist_count = 40;
    r->f.auto_upgrade_window.weekdays = OTA_WEEKDAY_SAT | OTA_WEEKDAY_SUN;
    r->blackouts[0] = (ota_blackout){"2026-04-01T00:00", "2026-04-03T00:00"};
    r->blackouts[1] = (ota_blackout){"2026-04-02T00:00", "2026-04-05T00:00"};
    r->blackouts[2] = (ota_blackout){"2026-03-29T02:30", "2026-03-29T04:30"};
    r->f.plan.blackouts = r->blackouts;
    r->f.plan.blackout_count = 3;
    r->phases[0] = (ota_rollout_phase){"2026-03-02T00:00", 150};
    r->phases[1] = (ota_rollout_phase){"2026-03-09T00:00", 10000};
    r->abort = (ota_rollout_abort){500, 100};
    r->rollout = (ota_rollout){
        .salt = "grey-1", .spread = 1, .phases = r->phases, .phase_count = 2, .abort = &r->abort};
    r->f.plan.rollout = &r->rollout;
}

static ota_validate_options rich_options(const ota_allocator *allocator)
{
    static const char *const names[] = {"Cafe\xcc\x81 plan ", "other"};
    static const ota_package catalog[] = {{"main", OTA_METHOD_FULL, "3.0", NULL},
                                          {"mcu", OTA_METHOD_FULL, "2", NULL}};
    ota_validate_options o;
    ota_validate_options_init(&o, OTA_VALIDATE_OPTIONS_VERSION);
    o.existing_names = names;
    o.existing_name_count = 2;
    o.catalog = catalog;
    o.catalog_count = 2;
    o.allocator = allocator;
    return o;
}

static int32_t validate_path(const ota_allocator *allocator, void *data)
{
    rich_plan *r = data;
    ota_validate_options o = rich_options(allocator);
    ota_diagnostics *list = (ota_diagnostics *)r;
    int32_t status = ota_plan_validate(&r->f.plan, &o, &list);
    if (status != OTA_OK) {
        assert_null(list);
        return status;
    }
    assert_true(ota_diagnostics_count(list) > 3);
    ota_diagnostics_free(list);
    return status;
}

/* A zone typo: the suggestion's search and its hint allocate too. */
static int32_t zone_hint_path(const ota_allocator *allocator, void *data)
{
    rich_plan *r = data;
    ota_plan plan = r->f.plan;
    plan.timezone = "Europe/Berlni";
    ota_validate_options o = rich_options(allocator);
    ota_diagnostics *list = NULL;
    int32_t status = ota_plan_validate(&plan, &o, &list);
    if (status != OTA_OK) {
        assert_null(list);
        return status;
    }
    int hinted = 0;
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++)
        hinted += ota_diagnostics_hint(list, i) != NULL;
    assert_int_equal(hinted, 2); /* the zone and the language tag */
    ota_diagnostics_free(list);
    return status;
}

static int32_t update_path(const ota_allocator *allocator, void *data)
{
    rich_plan *r = data;
    ota_plan changed = r->f.plan;
    changed.name = "Renamed";
    changed.product = "other-product";
    ota_validate_options o = rich_options(allocator);
    ota_diagnostics *list = (ota_diagnostics *)r;
    int32_t status = ota_plan_validate_update(&r->f.plan, &changed, &o, &list);
    if (status != OTA_OK) {
        assert_null(list);
        return status;
    }
    ota_diagnostics_free(list);
    return status;
}

static int32_t compile_path(const ota_allocator *allocator, void *data)
{
    rich_plan *r = data;
    ota_plan plan = r->f.plan;
    plan.text_count = 2; /* without the invalid tag */
    plan.components = r->f.components;
    ota_validate_options o = rich_options(allocator);
    o.existing_names = NULL;
    o.existing_name_count = 0;
    ota_compiled_plan *compiled = (ota_compiled_plan *)r;
    ota_diagnostics *list = (ota_diagnostics *)r;
    int32_t status = ota_plan_compile(&plan, &o, &compiled, &list);
    if (status != OTA_OK) {
        assert_null(compiled);
        if (status == OTA_ERR_NOMEM)
            assert_null(list);
        ota_diagnostics_free(list);
        return status;
    }
    ota_diagnostics_free(list);
    ota_compiled_plan_free(compiled);
    return status;
}

/* A set (SPEC 14) of three plans: a whitelist that another plan's
 * blacklist crosses, an upgrade cycle, and names equal after NFC. */
typedef struct set_plans {
    fixture_plan f[3];
    const ota_plan *plans[3];
    ota_compiled_plan *compiled[3];
} set_plans;

static void make_set_plans(set_plans *s)
{
    static const char *const white[] = {"lamp-0001", "a-device-id-longer-than-twelve", "lamp-0003"};
    static const char *const black[] = {"lamp-0003"};
    for (int i = 0; i < 3; i++) {
        fixture_silent(&s->f[i]);
        s->plans[i] = &s->f[i].plan;
    }
    s->f[0].plan.name = "caf\xc3\xa9";
    s->f[1].plan.name = "cafe\xcc\x81"; /* name_duplicate after NFC */
    s->f[1].plan.whitelist = white;
    s->f[1].plan.whitelist_count = 3;
    s->f[2].plan.name = "Rollback";
    s->f[2].plan.blacklist = black;
    s->f[2].plan.blacklist_count = 1;
    s->f[2].components[0].target_version = "1.0";
    s->f[2].components[0].specified_versions = "2.0";
}

static int32_t set_validate_path(const ota_allocator *allocator, void *data)
{
    set_plans *s = data;
    ota_validate_options o = OTA_VALIDATE_OPTIONS_INIT;
    o.allocator = allocator;
    ota_diagnostics *list = (ota_diagnostics *)s;
    int32_t status = ota_plan_set_validate(s->plans, 3, &o, &list);
    if (status != OTA_OK) {
        assert_null(list);
        return status;
    }
    assert_int_equal(ota_diagnostics_error_count(list), 1);
    ota_diagnostics_free(list);
    return status;
}

static int32_t set_build_path(const ota_allocator *allocator, void *data)
{
    set_plans *s = data;
    ota_plan_set *set = (ota_plan_set *)s;
    int32_t status =
        ota_plan_set_new((const ota_compiled_plan *const *)s->compiled, 3, allocator, &set);
    if (status != OTA_OK) {
        assert_null(set);
        return status;
    }
    ota_plan_set_free(set);
    return status;
}

static void set_paths_survive_every_failed_allocation(void **state)
{
    (void)state;
    set_plans *s = calloc(1, sizeof *s);
    make_set_plans(s);
    inject("ota_plan_set_validate", set_validate_path, s);
    s->f[1].plan.name = "Hotfix";
    for (int i = 0; i < 3; i++)
        assert_int_equal(ota_plan_compile(s->plans[i], NULL, &s->compiled[i], NULL), OTA_OK);
    inject("ota_plan_set_new", set_build_path, s);
    for (int i = 0; i < 3; i++)
        ota_compiled_plan_free(s->compiled[i]);
    free(s);
}

static void validation_paths_survive_every_failed_allocation(void **state)
{
    (void)state;
    rich_plan *r = calloc(1, sizeof *r);
    make_rich_plan(r);
    inject("ota_plan_validate", validate_path, r);
    inject("ota_plan_validate_update", update_path, r);
    inject("ota_plan_validate, hints", zone_hint_path, r);
    inject("ota_plan_compile", compile_path, r);
    free(r);
}

static void evaluation_allocates_nothing(void **state)
{
    (void)state;
    rich_plan *r = calloc(1, sizeof *r);
    make_rich_plan(r);
    r->f.plan.text_count = 2;
    counter count = {.fail_at = -1};
    ota_allocator allocator = {counting_alloc, counting_free, &count};
    ota_validate_options o;
    ota_validate_options_init(&o, OTA_VALIDATE_OPTIONS_VERSION);
    o.allocator = &allocator;
    ota_compiled_plan *compiled = NULL;
    assert_int_equal(ota_plan_compile(&r->f.plan, &o, &compiled, NULL), OTA_OK);
    long before_libc = libc_allocations, before_ours = count.calls;
    ota_device devices[64];
    ota_device_version version = {"main", "2.0"};
    ota_eligibility results[64];
    for (int i = 0; i < 64; i++)
        ota_eligibility_init(&results[i], OTA_ELIGIBILITY_VERSION);
    for (int i = 0; i < 64; i++) {
        ota_device_init(&devices[i], OTA_DEVICE_STRUCT_VERSION);
        devices[i].id = r->ids[i];
        devices[i].product = "cam-3";
        devices[i].versions = &version;
        devices[i].version_count = 1;
        devices[i].auto_update = i % 2;
        devices[i].state = i % 3 ? OTA_DEVICE_IDLE : OTA_DEVICE_USER_CONFIRMED;
        devices[i].state_at = fixture_instant("2026-06-01T00:00:00Z");
    }
    int64_t now = fixture_instant("2026-06-01T10:00:00Z");
    for (int i = 0; i < 64; i++) {
        ota_push_result push = OTA_PUSH_RESULT_INIT;
        assert_int_equal(ota_device_eligible(compiled, &devices[i], now, &results[i]), OTA_OK);
        assert_int_equal(ota_next_push_time(compiled, &devices[i], now, NULL, &push), OTA_OK);
        ota_explanation explanation = OTA_EXPLANATION_INIT;
        assert_int_equal(ota_device_explain(compiled, &devices[i], now, NULL, &explanation),
                         OTA_OK);
    }
    const ota_device *device_pointers[64];
    ota_eligibility *result_pointers[64];
    for (int i = 0; i < 64; i++) {
        device_pointers[i] = &devices[i];
        result_pointers[i] = &results[i];
    }
    assert_int_equal(
        ota_device_eligible_many(compiled, device_pointers, 64, now, result_pointers, NULL),
        OTA_OK);
    ota_interval interval = OTA_INTERVAL_INIT;
    assert_int_equal(ota_compiled_plan_next_window(compiled, now, now + 7 * 86400, &interval),
                     OTA_OK);
    assert_int_equal(libc_allocations, before_libc);
    assert_int_equal(count.calls, before_ours);
    ota_compiled_plan_free(compiled);
    assert_int_equal(count.live, 0);
    free(r);
}

/* The allocator struct is copied: it may go out of scope before the objects
 * built with it are freed. */
static ota_compiled_plan *compile_with_a_scoped_allocator(counter *count, ota_diagnostics **list)
{
    ota_allocator scoped = {counting_alloc, counting_free, count};
    ota_validate_options o;
    ota_validate_options_init(&o, OTA_VALIDATE_OPTIONS_VERSION);
    o.allocator = &scoped;
    fixture_plan f;
    fixture_silent(&f);
    ota_compiled_plan *compiled = NULL;
    assert_int_equal(ota_plan_compile(&f.plan, &o, &compiled, list), OTA_OK);
    return compiled;
}

static void allocator_struct_need_not_outlive_objects(void **state)
{
    (void)state;
    counter count = {.fail_at = -1};
    ota_diagnostics *list = NULL;
    ota_compiled_plan *compiled = compile_with_a_scoped_allocator(&count, &list);
    volatile char scrub[512];
    memset((char *)scrub, 0xa5, sizeof scrub); /* the old frame is overwritten */
    assert_true(count.live > 0);
    ota_diagnostics_free(list);
    ota_compiled_plan_free(compiled);
    assert_int_equal(count.live, 0);
}

/* --------------------------------------------------------- the JSON module */

static counter json_counter;

static void *json_counting_alloc(size_t size)
{
    return counting_alloc(&json_counter, size);
}

static void json_counting_free(void *block)
{
    counting_free(&json_counter, block);
}

/* A JSON path returns its status and, on success, a digest of its result:
 * a success must give the clean run's result.  jansson's lexer ignores a
 * failed buffer growth and goes on with a truncated token, which once gave
 * a successful read of different data here (and, when every later growth
 * failed too, corrupted the heap); a failed allocation now never returns
 * to jansson: the read ends with OTA_ERR_NOMEM and nothing allocated. */
typedef int32_t (*json_path_fn)(uint64_t *digest);

static uint64_t digest_text(uint64_t h, const char *text)
{
    for (; text && *text; text++)
        h = (h ^ (unsigned char)*text) * UINT64_C(1099511628211);
    return h * 31 + 7;
}

static void inject_json(const char *name, json_path_fn path)
{
    ota_json_set_allocator(json_counting_alloc, json_counting_free);
    json_counter = (counter){.fail_at = -1};
    uint64_t clean = 0;
    assert_int_equal(path(&clean), OTA_OK);
    assert_int_equal(json_counter.live, 0);
    long total = json_counter.calls, nomem = 0;
    for (long k = 0; k < 2 * total; k++) {
        json_counter = (counter){.fail_at = k % total, .and_after = k >= total};
        uint64_t digest = 0;
        int32_t status = path(&digest);
        if (status != OTA_OK && status != OTA_ERR_NOMEM)
            fail_msg("%s: failing allocation %ld gave %s", name, k, ota_strerror(status));
        if (status == OTA_OK && digest != clean)
            fail_msg("%s: failing allocation %ld of %ld gave a different result", name, k, total);
        if (json_counter.live != 0)
            fail_msg("%s: failing allocation %ld of %ld left %ld blocks", name, k, total,
                     json_counter.live);
        nomem += status == OTA_ERR_NOMEM;
    }
    ota_json_set_allocator(NULL, NULL);
    print_message("%s: %ld allocations, each failed in turn (%ld gave OTA_ERR_NOMEM)\n", name,
                  total, nomem);
    assert_true(nomem > 0);
}

static const char plan_json[] =
    "{\"name\":\"n\",\"product\":\"lamp-1\",\"timezone\":\"Europe/Berlin\",\"start\":"
    "\"2026-01-01T00:00\",\"end\":\"2026-06-01T00:00\",\"mode\":\"user_confirm\",\"region\":"
    "\"intl\",\"texts\":{\"en\":\"hi\",\"fr\":7},\"blacklist\":[\"a\",\"b\",3],\"whitelist\":"
    "[\"c\"],\"pushWindow\":1,\"strategy\":{\"retry_count\":\"x\"},\"components\":[{\"type\":"
    "\"module\",\"id\":\"w\",\"method\":\"full\",\"target_version\":\"2\",\"zz\":1,"
    "\"version_order\":\"semantic\",\"max_version\":\"3\"},{\"type\":\"mcu\",\"id\":\"m\","
    "\"method\":\"full\",\"target_version\":\"2.0\",\"version_order\":\"natural\","
    "\"min_version\":\"1.0\",\"below_version\":\"1.5\",\"allow_downgrade\":false}],"
    "\"auto_upgrade_window\":{\"start_hour\":1,\"end_hour\":3,\"weekdays\":[\"mon\",\"Tue\"]},"
    "\"blackouts\":[{\"start\":\"2026-02-01T00:00\",\"end\":\"2026-02-02T00:00\"},7],"
    "\"rollout\":{\"salt\":\"s\",\"spread\":true,\"phases\":[{\"start\":\"2026-01-02T00:00\","
    "\"percent\":12.34},{\"start\":\"x\",\"percent\":\"y\"}],\"abort\":{\"failure_percent\":5,"
    "\"min_attempts\":10,\"q\":1}}}";

static int32_t json_plan_path(uint64_t *digest)
{
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_plan_read(plan_json, strlen(plan_json), &plan, &error);
    if (status != OTA_OK) {
        assert_null(plan);
        return status;
    }
    ota_diagnostics *list = NULL;
    status = ota_json_plan_validate(plan, NULL, &list);
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        *digest = digest_text(digest_text(*digest + (uint64_t)d.code, d.path), d.message);
    }
    const ota_plan *p = ota_json_plan_get(plan);
    for (uint32_t i = 0; i < p->blacklist_count; i++)
        *digest = digest_text(*digest, p->blacklist[i]);
    for (uint32_t i = 0; i < p->text_count; i++)
        *digest = digest_text(digest_text(*digest, p->texts[i].lang), p->texts[i].text);
    *digest = digest_text(digest_text(*digest, p->name), p->timezone);
    ota_diagnostics_free(list);
    ota_json_plan_free(plan);
    return status;
}

static int32_t read_device_line(ota_json_device_reader *reader, const char *line, uint64_t *digest)
{
    const ota_device *device = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_device_read(reader, line, strlen(line), &device, &error);
    if (status == OTA_OK) {
        *digest = digest_text(digest_text(*digest, device->id), device->product);
        for (uint32_t i = 0; i < device->version_count; i++)
            *digest = digest_text(digest_text(*digest, device->versions[i].component_id),
                                  device->versions[i].version);
        *digest += (uint64_t)device->state_at;
    }
    return status;
}

/* A line the one-pass scan declines (an escape, white space, UTF-8), whose
 * long string grows jansson's token buffer many times: jansson 2.14's lexer
 * went on past a failed growth and corrupted the heap. */
static const char *declined_line(void)
{
    static char line[9000];
    if (!line[0]) {
        int n = snprintf(line, sizeof line,
                         "{ \"id\": \"d\\u0041\", \"product\": \"lamp-1\", \"versions\": "
                         "{\"wifi\": \"\u00e9");
        memset(line + n, 'a', 8000);
        snprintf(line + n + 8000, sizeof line - (size_t)n - 8000, "\"} }");
    }
    return line;
}

static int32_t json_device_path(uint64_t *digest)
{
    static const char line[] =
        "{\"id\":\"tenant-7/region-eu/device-000123\",\"product\":\"smart-lock_v2\","
        "\"versions\":{\"wifi-firmware\":\"2.3.1-rc.4\",\"b\":\"2\",\"c\":\"3\"},"
        "\"state\":\"refused\",\"state_at\":\"2026-01-01T00:00:00Z\"}";
    ota_json_device_reader *reader = ota_json_device_reader_new();
    if (!reader)
        return OTA_ERR_NOMEM;
    int32_t status = read_device_line(reader, line, digest);
    if (status == OTA_OK)
        status = read_device_line(reader, declined_line(), digest);
    ota_json_device_reader_free(reader);
    return status;
}

static int32_t json_write_path(uint64_t *digest)
{
    static const ota_component components[2] = {{.id = "wifi\n\"fw\""}, {.id = "mcu"}};
    ota_plan plan;
    ota_plan_init(&plan, OTA_PLAN_STRUCT_VERSION);
    plan.components = components;
    plan.component_count = 2;
    ota_eligibility e = {
        .version = OTA_ELIGIBILITY_VERSION,
        .reason = OTA_REASON_NO_APPLICABLE_COMPONENT,
        .component_count = 2,
        .components = {{0, OTA_REASON_AT_TARGET}, {0, OTA_REASON_COMPONENT_MISSING}}};
    ota_push_result push = {.version = OTA_PUSH_RESULT_VERSION,
                            .status = OTA_PUSH_NEVER,
                            .reason = OTA_REASON_NO_APPLICABLE_COMPONENT,
                            .at = OTA_NO_INSTANT};
    ota_json_buffer out = OTA_JSON_BUFFER_INIT;
    for (int i = 0; i < 40; i++) /* enough to grow the buffer several times */
        ota_json_put_evaluation(&out, &plan, "device \"\x01\"", &e, &push);
    int failed = out.failed;
    if (!failed)
        *digest = digest_text(0, out.data);
    ota_json_buffer_free(&out);
    return failed ? OTA_ERR_NOMEM : OTA_OK;
}

/* A set in JSON Lines (SPEC 14.5): a release, a hotfix for a whitelist
 * whose names differ from the release's only before NFC, read, validated,
 * compiled; a device with its state in one plan read and selected. */
static int32_t json_set_path(uint64_t *digest)
{
    static const char plans[] =
        "{\"name\":\"Re\u0301lease\",\"product\":\"lamp-1\",\"timezone\":\"Europe/Berlin\","
        "\"start\":\"2026-01-01T00:00\",\"end\":\"2026-06-01T00:00\",\"state\":\"active\","
        "\"mode\":\"silent\",\"components\":[{\"type\":\"module\",\"id\":\"w\",\"method\":"
        "\"full\",\"target_version\":\"2.1.0\",\"version_order\":\"semver\"}]}\n"
        "\n"
        "{\"name\":\"Hotfix\",\"priority\":5,\"product\":\"lamp-1\",\"timezone\":\"UTC\","
        "\"start\":\"2026-01-01T00:00\",\"end\":\"2026-06-01T00:00\",\"state\":\"active\","
        "\"mode\":\"silent\",\"whitelist\":[\"d1\",\"d2\",\"d3\"],\"components\":[{\"type\":"
        "\"module\",\"id\":\"w\",\"method\":\"full\",\"target_version\":\"2.0.0\","
        "\"version_order\":\"semver\",\"allow_downgrade\":true}]}\n";
    static const char line[] =
        "{\"id\":\"d2\",\"product\":\"lamp-1\",\"versions\":{\"w\":\"1.0.0\"},\"plans\":"
        "{\"R\u00e9lease\":{\"state\":\"refused\",\"state_at\":\"2026-02-01T00:00:00Z\"}}}";
    ota_json_set *set = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_set_read(plans, strlen(plans), &set, &error);
    if (status != OTA_OK) {
        assert_null(set);
        return status;
    }
    ota_diagnostics *list = NULL;
    status = ota_json_set_validate(set, NULL, &list);
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        *digest = digest_text(*digest + (uint64_t)d.code, d.path);
    }
    ota_diagnostics_free(list);
    list = NULL;
    if (status == OTA_OK)
        status = ota_json_set_compile(set, NULL, &list);
    ota_diagnostics_free(list);
    ota_json_device_reader *reader = status == OTA_OK ? ota_json_device_reader_new() : NULL;
    if (status == OTA_OK && !reader)
        status = OTA_ERR_NOMEM;
    const ota_set_device *device = NULL;
    if (status == OTA_OK)
        status = ota_json_set_device_read(reader, ota_json_set_get(set), line, strlen(line),
                                          &device, &error);
    if (status == OTA_OK) {
        ota_candidate others[2];
        ota_selection selection = OTA_SELECTION_INIT;
        selection.others = others;
        selection.other_capacity = 2;
        assert_int_equal(ota_plan_set_select(ota_json_set_get(set), device,
                                             fixture_instant("2026-03-01T00:00:00Z"), NULL,
                                             &selection),
                         OTA_OK);
        ota_json_buffer out = OTA_JSON_BUFFER_INIT;
        ota_json_put_selection(&out, ota_json_set_get(set), device->device->id, &selection);
        if (out.failed)
            status = OTA_ERR_NOMEM;
        else
            *digest = digest_text(*digest, out.data);
        ota_json_buffer_free(&out);
    }
    ota_json_device_reader_free(reader);
    ota_json_set_free(set);
    return status;
}

/* A plan test line (otaplan test) of a set: its tree, its device and the
 * device's state per plan. */
static int32_t json_plan_test_path(uint64_t *digest)
{
    static const char plans[] =
        "{\"name\":\"Release\",\"product\":\"lamp-1\",\"timezone\":\"UTC\",\"start\":"
        "\"2026-01-01T00:00\",\"end\":\"2026-06-01T00:00\",\"state\":\"active\",\"mode\":"
        "\"silent\",\"components\":[{\"type\":\"module\",\"id\":\"w\",\"method\":\"full\","
        "\"target_version\":\"2\"}]}\n";
    static const char line[] =
        "{\"name\":\"a long name, so that its string is a block of its own in the tree\","
        "\"now\":\"2026-03-01T00:00:00Z\",\"tick\":5,\"device\":{\"id\":\"d2\",\"product\":"
        "\"lamp-1\",\"versions\":{\"w\":\"1\"},\"plans\":{\"Release\":{\"state\":\"failed\","
        "\"failed_attempts\":1}}},\"expect\":{\"reason\":\"retries_exhausted\",\"plan\":"
        "\"Release\",\"components\":[\"w\"],\"push\":{\"status\":\"never\"}}}";
    ota_json_set *set = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_set_read(plans, strlen(plans), &set, &error);
    if (status == OTA_OK)
        status = ota_json_set_compile(set, NULL, NULL);
    ota_json_device_reader *reader = status == OTA_OK ? ota_json_device_reader_new() : NULL;
    if (status == OTA_OK && !reader)
        status = OTA_ERR_NOMEM;
    ota_json_plan_test test = OTA_JSON_PLAN_TEST_INIT;
    if (status == OTA_OK)
        status = ota_json_plan_test_read(reader, ota_json_set_get(set), line, strlen(line), &test,
                                         &error);
    if (status == OTA_OK) {
        *digest = digest_text(digest_text(*digest, test.name), test.plan);
        *digest = digest_text(*digest + test.expects + (uint64_t)test.reason, test.components[0]);
        *digest = digest_text(*digest + test.set_device->states[0].state, test.device->id);
    } else {
        assert_int_equal(test.expects, 0); /* nothing half-read */
    }
    ota_json_device_reader_free(reader);
    ota_json_set_free(set);
    return status;
}

static void json_paths_survive_every_failed_allocation(void **state)
{
    (void)state;
    inject_json("plan JSON read and validate", json_plan_path);
    inject_json("device JSON read", json_device_path);
    inject_json("JSON write", json_write_path);
    inject_json("plan set JSON read, validate, compile, select", json_set_path);
    inject_json("plan test read", json_plan_test_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validation_paths_survive_every_failed_allocation),
        cmocka_unit_test(set_paths_survive_every_failed_allocation),
        cmocka_unit_test(evaluation_allocates_nothing),
        cmocka_unit_test(allocator_struct_need_not_outlive_objects),
        cmocka_unit_test(json_paths_survive_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
