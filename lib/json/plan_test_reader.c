/* A line of a plan test file (doc/rules.md 9.4) -> ota_json_plan_test.
 * Strict like the device reader, and more: a test whose expectation has a
 * misspelt key would check nothing and pass, so every key is known, every
 * name (reason, status) exists, and an expectation checks something. */
#include "otaplan_json.h"

#include "path.h"
#include "reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int32_t ota_json_plan_test_init(ota_json_plan_test *test, uint32_t version)
{
    if (!test)
        return OTA_ERR_NULL;
    if (version != OTA_JSON_PLAN_TEST_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    memset(test, 0, sizeof *test);
    test->version = version;
    return OTA_OK;
}

__attribute__((format(printf, 2, 3))) static int32_t bad(ota_json_error *error, const char *format,
                                                         ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(error->text, sizeof error->text, format, args);
    va_end(args);
    ota__utf8_cut(error->text);
    return OTA_ERR_ARGUMENT;
}

/* 1 when every key of `object` is one of `known` (NULL-terminated), else
 * 0 with the first other in *unknown. */
static int keys_known(json_t *object, const char *const *known, const char **unknown)
{
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value)
    {
        size_t i = 0;
        while (known[i] && strcmp(known[i], key) != 0)
            i++;
        if (!known[i]) {
            *unknown = key;
            return 0;
        }
    }
    return 1;
}

static int32_t reason_of(const char *name)
{
    /* Reasons are small numbers with gaps (SPEC 5, 6, 11, 13, 14). */
    for (int32_t reason = 0; reason < 64; reason++) {
        const char *known = ota_reason_name(reason);
        if (known && strcmp(known, name) == 0)
            return reason;
    }
    return -1;
}

static int32_t push_status_of(const char *name)
{
    for (int32_t status = OTA_PUSH_AT; status <= OTA_PUSH_NEVER; status++)
        if (strcmp(ota_push_status_name(status), name) == 0)
            return status;
    return -1;
}

static int32_t read_push(json_t *push, ota_json_plan_test *t, ota_json_error *error)
{
    static const char *const known[] = {"status", "at", NULL};
    const char *unknown = NULL;
    if (!json_is_object(push))
        return bad(error, "expect.push must be an object {\"status\", \"at\"?}");
    if (!keys_known(push, known, &unknown))
        return bad(error, "expect.push has no field \"%s\" (it has status and at)", unknown);
    json_t *status = json_object_get(push, "status");
    if (!json_is_string(status))
        return bad(error, "expect.push.status must be a string: push_at, await_user_confirm, "
                          "await_device_request or never");
    t->push_status = push_status_of(json_string_value(status));
    if (t->push_status < 0)
        return bad(error,
                   "expect.push.status: no status \"%s\" (push_at, await_user_confirm, "
                   "await_device_request, never)",
                   json_string_value(status));
    t->expects |= OTA_JSON_EXPECT_PUSH_STATUS;
    json_t *at = json_object_get(push, "at");
    if (!at)
        return OTA_OK;
    if (t->push_status != OTA_PUSH_AT)
        return bad(error, "expect.push.at goes with the status push_at only");
    if (!json_is_string(at) || ota_json_parse_instant(json_string_value(at), &t->push_at) != 0)
        return bad(error, "expect.push.at must be an RFC 3339 instant");
    t->expects |= OTA_JSON_EXPECT_PUSH_AT;
    return OTA_OK;
}

static int32_t read_components(json_t *list, ota_json_plan_test *t, ota_json_error *error)
{
    if (!json_is_array(list))
        return bad(error, "expect.components must be an array of the IDs of the components "
                          "that apply");
    if (json_array_size(list) > OTA_MAX_COMPONENTS)
        return bad(error, "expect.components lists more than the %d components a plan has at most",
                   OTA_MAX_COMPONENTS);
    size_t i;
    json_t *id;
    json_array_foreach(list, i, id)
    {
        if (!json_is_string(id))
            return bad(error, "expect.components[%zu] must be a string (a component ID)", i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(t->components[j], json_string_value(id)) == 0)
                return bad(error, "expect.components lists \"%s\" twice", t->components[j]);
        t->components[i] = json_string_value(id);
    }
    t->component_count = (uint32_t)json_array_size(list);
    t->expects |= OTA_JSON_EXPECT_COMPONENTS;
    return OTA_OK;
}

static int32_t read_expect(json_t *expect, ota_json_plan_test *t, ota_json_error *error)
{
    static const char *const known[] = {"reason", "eligible", "plan", "push", "components", NULL};
    const char *unknown = NULL;
    if (!json_is_object(expect))
        return bad(error, "expect must be an object of what to check");
    if (!keys_known(expect, known, &unknown))
        return bad(error,
                   "expect has no field \"%s\" (it has reason, eligible, plan, push and "
                   "components)",
                   unknown);
    if (json_object_size(expect) == 0)
        return bad(error, "expect checks nothing: name a reason, eligible, plan, push or "
                          "components");
    json_t *reason = json_object_get(expect, "reason");
    if (reason) {
        if (!json_is_string(reason))
            return bad(error, "expect.reason must be a string (a reason of SPEC 5)");
        t->reason = reason_of(json_string_value(reason));
        if (t->reason < 0)
            return bad(error, "expect.reason: no reason \"%s\"", json_string_value(reason));
        t->expects |= OTA_JSON_EXPECT_REASON;
    }
    json_t *eligible = json_object_get(expect, "eligible");
    if (eligible) {
        if (!json_is_boolean(eligible))
            return bad(error, "expect.eligible must be true or false");
        t->eligible = json_is_true(eligible);
        t->expects |= OTA_JSON_EXPECT_ELIGIBLE;
    }
    json_t *plan = json_object_get(expect, "plan");
    if (plan) {
        if (!json_is_string(plan) && !json_is_null(plan))
            return bad(error, "expect.plan must be a plan's name, or null for no plan");
        t->plan = json_is_string(plan) ? json_string_value(plan) : NULL;
        t->expects |= OTA_JSON_EXPECT_PLAN;
    }
    json_t *push = json_object_get(expect, "push");
    int32_t status = push ? read_push(push, t, error) : OTA_OK;
    json_t *components = json_object_get(expect, "components");
    if (status == OTA_OK && components)
        status = read_components(components, t, error);
    return status;
}

static int32_t read_test(ota_json_device_reader *reader, const ota_plan_set *set, json_t *root,
                         ota_json_plan_test *t, ota_json_error *error)
{
    static const char *const known[] = {"name", "device", "now", "tick", "expect", NULL};
    const char *unknown = NULL;
    if (!json_is_object(root))
        return bad(error, "a test must be a JSON object {\"name\", \"device\", \"now\", "
                          "\"tick\"?, \"expect\"}");
    if (!keys_known(root, known, &unknown))
        return bad(error, "a test has no field \"%s\" (it has name, device, now, tick and expect)",
                   unknown);
    json_t *name = json_object_get(root, "name");
    if (!json_is_string(name))
        return bad(error, "name must be a string: the test's name");
    t->name = json_string_value(name);
    json_t *now = json_object_get(root, "now");
    if (!json_is_string(now) || ota_json_parse_instant(json_string_value(now), &t->now) != 0)
        return bad(error, "now must be an RFC 3339 instant: when the device asks");
    t->tick_minutes = OTA_TICK_DEFAULT_MINUTES;
    json_t *tick = json_object_get(root, "tick");
    if (tick && !json_is_null(tick)) {
        if (!json_is_integer(tick) || json_integer_value(tick) < 0 ||
            json_integer_value(tick) > 60 ||
            !ota_tick_is_allowed((int32_t)json_integer_value(tick)))
            return bad(error, "tick must be a tick length in minutes of SPEC 2.3 (0, 1, 2, 3, "
                              "4, 5, 6, 10, 12, 15, 20, 30 or 60)");
        t->tick_minutes = (int32_t)json_integer_value(tick);
    }
    json_t *expect = json_object_get(root, "expect");
    if (!expect)
        return bad(error, "a test needs \"expect\": what the plan must answer");
    int32_t status = read_expect(expect, t, error);
    if (status != OTA_OK)
        return status;
    json_t *device = json_object_get(root, "device");
    if (!device)
        return bad(error, "a test needs \"device\": the device that asks");
    status = ota__device_of_member(reader, device, set, &t->device, &t->set_device, error);
    if (status != OTA_OK && status != OTA_ERR_NOMEM) {
        static const char prefix[] = "device: ";
        size_t room = sizeof error->text - sizeof prefix; /* the NUL's byte kept */
        size_t length = strnlen(error->text, room);
        memmove(error->text + sizeof prefix - 1, error->text, length);
        memcpy(error->text, prefix, sizeof prefix - 1);
        error->text[sizeof prefix - 1 + length] = '\0';
        ota__utf8_cut(error->text);
    }
    return status;
}

int32_t ota_json_plan_test_read(ota_json_device_reader *reader, const ota_plan_set *set,
                                const char *text, size_t length, ota_json_plan_test *test,
                                ota_json_error *error)
{
    if (!reader || !text || !test)
        return OTA_ERR_NULL;
    if (test->version != OTA_JSON_PLAN_TEST_VERSION)
        return OTA_ERR_STRUCT_VERSION;
    int32_t usable = ota__json_error_usable(error);
    if (usable != OTA_OK)
        return usable;
    ota_json_plan_test_init(test, OTA_JSON_PLAN_TEST_VERSION);
    /* The tree stays in the reader's arena until its next read: the test's
     * strings and device point into it. */
    ota__json_arena_enter(ota__device_reader_arena(reader));
    json_t *root = NULL;
    int32_t status = ota__reader_load(text, length, &root, error);
    if (status == OTA_OK) {
        ota__json_error_at(error, 0, 0); /* no place in the text: a field's meaning */
        status = read_test(reader, set, root, test, error);
        if (ota__json_failed())
            status = OTA_ERR_NOMEM;
    }
    ota__json_arena_leave();
    if (status != OTA_OK)
        ota_json_plan_test_init(test, OTA_JSON_PLAN_TEST_VERSION);
    return status;
}
