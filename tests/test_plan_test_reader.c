/* ota_json_plan_test_read() (the lines of otaplan test, doc/rules.md 9.4):
 * its arguments, every field read, a set's device, strictness, and a
 * refused line leaving nothing half-read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "otaplan_json.h"

static const char plan_text[] =
    "{\"name\":\"Release\",\"product\":\"lamp-1\",\"timezone\":\"UTC\",\"start\":"
    "\"2026-01-01T00:00\",\"end\":\"2026-06-01T00:00\",\"state\":\"active\",\"mode\":\"silent\","
    "\"components\":[{\"type\":\"module\",\"id\":\"w\",\"method\":\"full\",\"target_version\":"
    "\"2\"}]}";

static int32_t read_line(ota_json_device_reader *reader, const ota_plan_set *set, const char *text,
                         ota_json_plan_test *test, ota_json_error *error)
{
    ota_json_plan_test_init(test, OTA_JSON_PLAN_TEST_VERSION);
    ota_json_error_init(error, OTA_JSON_ERROR_VERSION);
    return ota_json_plan_test_read(reader, set, text, strlen(text), test, error);
}

static void arguments_are_checked(void **state)
{
    (void)state;
    ota_json_device_reader *reader = ota_json_device_reader_new();
    ota_json_plan_test test = OTA_JSON_PLAN_TEST_INIT;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    const char *text = "{}";
    assert_int_equal(ota_json_plan_test_read(NULL, NULL, text, 2, &test, &error), OTA_ERR_NULL);
    assert_int_equal(ota_json_plan_test_read(reader, NULL, NULL, 2, &test, &error), OTA_ERR_NULL);
    assert_int_equal(ota_json_plan_test_read(reader, NULL, text, 2, NULL, &error), OTA_ERR_NULL);
    assert_int_equal(ota_json_plan_test_read(reader, NULL, text, 2, &test, NULL), OTA_ERR_NULL);
    test.version = 99;
    assert_int_equal(ota_json_plan_test_read(reader, NULL, text, 2, &test, &error),
                     OTA_ERR_STRUCT_VERSION);
    assert_int_equal(ota_json_plan_test_init(NULL, OTA_JSON_PLAN_TEST_VERSION), OTA_ERR_NULL);
    assert_int_equal(ota_json_plan_test_init(&test, 2), OTA_ERR_STRUCT_VERSION);
    ota_json_device_reader_free(reader);
}

static void a_test_of_one_plan_is_read_whole(void **state)
{
    (void)state;
    ota_json_device_reader *reader = ota_json_device_reader_new();
    ota_json_plan_test test;
    ota_json_error error;
    const char *line =
        "{\"name\":\"t\\u00e9\",\"now\":\"2026-03-01T00:00:00Z\",\"tick\":0,\"device\":{\"id\":"
        "\"d1\",\"product\":\"lamp-1\",\"versions\":{\"w\":\"1\"},\"state\":\"refused\","
        "\"state_at\":\"2026-02-28T23:00:00Z\"},\"expect\":{\"reason\":\"low_battery\","
        "\"eligible\":false,\"plan\":\"Release\",\"push\":{\"status\":\"push_at\",\"at\":"
        "\"2026-03-01T01:00:00Z\"},\"components\":[\"w\",\"x\"]}}";
    assert_int_equal(read_line(reader, NULL, line, &test, &error), OTA_OK);
    assert_string_equal(test.name, "t\u00e9");
    assert_true(test.now == fixture_instant("2026-03-01T00:00:00Z"));
    assert_int_equal(test.tick_minutes, 0);
    assert_string_equal(test.device->id, "d1");
    assert_int_equal(test.device->state, OTA_DEVICE_REFUSED);
    assert_null(test.set_device);
    assert_int_equal(test.expects, OTA_JSON_EXPECT_REASON | OTA_JSON_EXPECT_ELIGIBLE |
                                       OTA_JSON_EXPECT_PLAN | OTA_JSON_EXPECT_PUSH_STATUS |
                                       OTA_JSON_EXPECT_PUSH_AT | OTA_JSON_EXPECT_COMPONENTS);
    assert_int_equal(test.reason, OTA_REASON_LOW_BATTERY);
    assert_int_equal(test.eligible, 0);
    assert_string_equal(test.plan, "Release");
    assert_int_equal(test.push_status, OTA_PUSH_AT);
    assert_true(test.push_at == fixture_instant("2026-03-01T01:00:00Z"));
    assert_int_equal(test.component_count, 2);
    assert_string_equal(test.components[1], "x");

    /* Only what is given is expected; the tick defaults to 10; null is
     * "no plan". */
    assert_int_equal(read_line(reader, NULL,
                               "{\"name\":\"\",\"now\":\"2026-03-01T00:00:00Z\",\"device\":{\"id\":"
                               "\"d\",\"product\":\"p\"},\"expect\":{\"plan\":null}}",
                               &test, &error),
                     OTA_OK);
    assert_int_equal(test.expects, OTA_JSON_EXPECT_PLAN);
    assert_null(test.plan);
    assert_int_equal(test.tick_minutes, OTA_TICK_DEFAULT_MINUTES);
    ota_json_device_reader_free(reader);
}

static void a_set_test_reads_the_state_per_plan(void **state)
{
    (void)state;
    ota_json_set *set = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_set_read(plan_text, strlen(plan_text), &set, &error), OTA_OK);
    assert_int_equal(ota_json_set_compile(set, NULL, NULL), OTA_OK);
    ota_json_device_reader *reader = ota_json_device_reader_new();
    ota_json_plan_test test;
    assert_int_equal(
        read_line(reader, ota_json_set_get(set),
                  "{\"name\":\"s\",\"now\":\"2026-03-01T00:00:00Z\",\"device\":{\"id\":\"d\","
                  "\"product\":\"lamp-1\",\"plans\":{\" Release \":{\"state\":"
                  "\"upgrading\"}}},\"expect\":{\"reason\":\"in_progress\"}}",
                  &test, &error),
        OTA_OK);
    assert_non_null(test.set_device);
    assert_ptr_equal(test.set_device->device, test.device);
    assert_int_equal(test.set_device->state_count, 1);
    assert_int_equal(test.set_device->states[0].state, OTA_DEVICE_UPGRADING);
    /* A state of the device's own is no device of a set. */
    assert_int_equal(
        read_line(reader, ota_json_set_get(set),
                  "{\"name\":\"s\",\"now\":\"2026-03-01T00:00:00Z\",\"device\":{\"id\":\"d\","
                  "\"product\":\"lamp-1\",\"state\":\"idle\"},\"expect\":{\"reason\":"
                  "\"ok\"}}",
                  &test, &error),
        OTA_ERR_INVALID_DEVICE);
    assert_non_null(strstr(error.text, "device: a device in a plan set has no \"state\""));
    ota_json_device_reader_free(reader);
    ota_json_set_free(set);
}

static void bad_lines_are_refused_and_leave_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int32_t status;
        const char *says;
    } bad[] = {
        {"[1]", OTA_ERR_ARGUMENT, "a test must be a JSON object"},
        {"{\"name\":1}", OTA_ERR_ARGUMENT, "name must be a string"},
        {"{\"name\":\"n\",\"now\":\"tomorrow\"}", OTA_ERR_ARGUMENT, "now must be"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"tick\":7}", OTA_ERR_ARGUMENT,
         "tick must be"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"tick\":4294967306}", OTA_ERR_ARGUMENT,
         "tick must be"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\"}", OTA_ERR_ARGUMENT, "needs \"expect\""},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{\"reason\":\"ok\"}}",
         OTA_ERR_ARGUMENT, "needs \"device\""},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{}}", OTA_ERR_ARGUMENT,
         "expect checks nothing"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{\"reason\":\"no_such\"}}",
         OTA_ERR_ARGUMENT, "no reason \"no_such\""},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{\"components\":[1]}}",
         OTA_ERR_ARGUMENT, "expect.components[0] must be a string"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{\"components\":"
         "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\","
         "\"14\",\"15\",\"16\",\"17\"]}}",
         OTA_ERR_ARGUMENT, "more than the 16 components"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{\"push\":[]}}",
         OTA_ERR_ARGUMENT, "expect.push must be an object"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{\"push\":{\"status\":"
         "\"push_at\",\"at\":\"soon\"}}}",
         OTA_ERR_ARGUMENT, "expect.push.at must be"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{\"reason\":\"ok\"},"
         "\"device\":{\"id\":\"d\",\"product\":\"p\",\"signal\":\"-80\"}}",
         OTA_ERR_INVALID_DEVICE, "device: signal must be an integer"},
        {"{\"name\":\"n\",\"now\":\"2026-03-01T00:00:00Z\",\"expect\":{\"reason\":\"ok\"},"
         "\"device\":{\"id\":\"d\",\"product\":\"p\",\"state\":\"refused\"}}",
         OTA_ERR_INVALID_DEVICE, "device: "},
    };
    ota_json_device_reader *reader = ota_json_device_reader_new();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ota_json_plan_test test;
        ota_json_error error;
        int32_t status = read_line(reader, NULL, bad[i].line, &test, &error);
        if (status != bad[i].status || !strstr(error.text, bad[i].says))
            fail_msg("%s: %s (%s), wanted %s", bad[i].line, ota_strerror(status), error.text,
                     bad[i].says);
        assert_int_equal(test.version, OTA_JSON_PLAN_TEST_VERSION);
        assert_int_equal(test.expects, 0);
        assert_null(test.name);
        assert_null(test.device);
    }
    ota_json_device_reader_free(reader);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arguments_are_checked),
        cmocka_unit_test(a_test_of_one_plan_is_read_whole),
        cmocka_unit_test(a_set_test_reads_the_state_per_plan),
        cmocka_unit_test(bad_lines_are_refused_and_leave_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
