/* libotaplan-json and the process's other users of jansson.
 * jansson 2.14 has one pair of allocation functions for a whole process;
 * the module must not take them from another user (a PostgreSQL extension,
 * a Python module in the same process): that user's calls keep going to the
 * functions it installed, before or after the module's first use, and the
 * module's own blocks never reach them.  This file is its own program, so
 * that the functions are installed before the module is first used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "otaplan_json.h"

static long neighbour_calls, neighbour_live;

static void *neighbour_alloc(size_t size)
{
    neighbour_calls++;
    neighbour_live++;
    return malloc(size);
}

static void neighbour_free(void *block)
{
    if (block)
        neighbour_live--;
    free(block);
}

static long backend_calls;

static void *backend_alloc(size_t size)
{
    backend_calls++;
    return malloc(size);
}

static const char plan_text[] =
    "{\"name\":\"n\",\"product\":\"lamp-1\",\"timezone\":\"Asia/Shanghai\",\"start\":"
    "\"2026-01-01T00:00\",\"end\":\"2026-06-01T00:00\",\"state\":\"active\",\"mode\":\"silent\","
    "\"blacklist\":[\"a\",\"b\"],\"components\":[{\"type\":\"module\",\"id\":\"w\",\"method\":"
    "\"full\",\"target_version\":\"2\"}]}";
/* Declined by the one-pass scan (white space, an escape): read by jansson. */
static const char device_text[] =
    "{ \"id\": \"d\\u0041\", \"product\": \"lamp-1\", \"versions\": {\"w\": \"1\"} }";

/* Every path of the module that calls jansson, from reading to freeing. */
static void use_the_module(void)
{
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    assert_int_equal(ota_json_plan_read(plan_text, strlen(plan_text), &plan, &error), OTA_OK);
    ota_json_buffer out = OTA_JSON_BUFFER_INIT;
    assert_int_equal(ota_json_put_plan(&out, ota_json_plan_get(plan)), OTA_OK);
    ota_json_buffer_free(&out);
    ota_json_device_reader *reader = ota_json_device_reader_new();
    assert_non_null(reader);
    const ota_device *device = NULL;
    assert_int_equal(
        ota_json_device_read(reader, device_text, strlen(device_text), &device, &error), OTA_OK);
    assert_string_equal(device->id, "dA");
    ota_json_device_reader_free(reader);
    ota_json_catalog *catalog = NULL;
    const char catalog_text[] =
        "[{\"id\": \"w\", \"method\": \"full\", \"target_version\": \"2\"}]";
    assert_int_equal(ota_json_catalog_read(catalog_text, strlen(catalog_text), &catalog, &error),
                     OTA_OK);
    ota_json_catalog_free(catalog);
    ota_json_plan_free(plan);
}

static void a_neighbours_functions_stay_its_own(void **state)
{
    (void)state;
    json_set_alloc_funcs(neighbour_alloc, neighbour_free);
    json_t *before = json_pack("{s:[i,i]}", "kept", 1, 2); /* made before the module's first use */
    long calls = neighbour_calls;
    assert_true(calls > 0);
    use_the_module();
    assert_int_equal(neighbour_calls, calls); /* the module's blocks are not the neighbour's */
    json_t *after = json_object();
    json_object_set_new(after, "x", json_string("y"));
    assert_true(neighbour_calls > calls); /* the neighbour's calls reach its own functions */
    json_decref(after);
    json_decref(before);
    assert_int_equal(neighbour_live, 0); /* and every one of its blocks came back to it */
    /* The module's allocator is the module's alone. */
    ota_json_set_allocator(backend_alloc, free);
    calls = neighbour_calls;
    use_the_module();
    assert_true(backend_calls > 0);
    assert_int_equal(neighbour_calls, calls);
    json_decref(json_string("z"));
    assert_true(neighbour_calls > calls);
    ota_json_set_allocator(NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_neighbours_functions_stay_its_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
