/* Target 8: plan JSON -> canonical form -> plan JSON: the form reads back
 * as the same plan (its SPEC JSON, keys sorted, byte for byte), formatting
 * it again gives the same bytes, in both forms, and the hash of both plans
 * is one. */
#include "otaplan.h"
#include "otaplan_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static ota_json_plan *read_text(const char *text, size_t length)
{
    ota_json_plan *plan = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    return ota_json_plan_read(text, length, &plan, &error) == OTA_OK ? plan : NULL;
}

static int same_bytes(const ota_json_buffer *a, const ota_json_buffer *b)
{
    return a->length == b->length && memcmp(a->data, b->data, a->length) == 0;
}

/* One form: the plan's form, read back and formatted again. */
static void check_form(const ota_json_plan *read, int32_t form)
{
    ota_json_buffer canonical = OTA_JSON_BUFFER_INIT;
    int32_t status = ota_json_put_plan_canonical(&canonical, ota_json_plan_get(read), form);
    if (status == OTA_ERR_ARGUMENT) { /* no JSON form (text that is not UTF-8...) */
        ota_json_buffer_free(&canonical);
        return;
    }
    if (status != OTA_OK)
        abort();
    ota_json_plan *again = read_text(canonical.data, canonical.length);
    if (!again)
        abort(); /* the form is always JSON the reader takes */
    ota_json_buffer x = OTA_JSON_BUFFER_INIT, y = OTA_JSON_BUFFER_INIT,
                    twice = OTA_JSON_BUFFER_INIT;
    if (ota_json_put_plan(&x, ota_json_plan_get(read)) != OTA_OK ||
        ota_json_put_plan(&y, ota_json_plan_get(again)) != OTA_OK || !same_bytes(&x, &y))
        abort(); /* another plan */
    if (ota_json_put_plan_canonical(&twice, ota_json_plan_get(again), form) != OTA_OK ||
        !same_bytes(&canonical, &twice))
        abort(); /* no fixed point */
    char first[OTA_PLAN_HASH_SIZE], second[OTA_PLAN_HASH_SIZE];
    if (ota_plan_hash(ota_json_plan_get(read), first) != OTA_OK ||
        ota_plan_hash(ota_json_plan_get(again), second) != OTA_OK || strcmp(first, second) != 0)
        abort();
    ota_json_buffer_free(&x);
    ota_json_buffer_free(&y);
    ota_json_buffer_free(&twice);
    ota_json_buffer_free(&canonical);
    ota_json_plan_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    ota_json_plan *read = read_text((const char *)data, size);
    if (!read)
        return 0;
    check_form(read, OTA_JSON_CANONICAL_BLOCK);
    check_form(read, OTA_JSON_CANONICAL_LINE);
    ota_json_plan_free(read);
    return 0;
}
