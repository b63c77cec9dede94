#include "answer.h"

#include "utils/jsonb.h"

#include "otaplan_json.h"

#include <string.h>

static void put_key(JsonbParseState **state, const char *key)
{
    JsonbValue v = {.type = jbvString};
    v.val.string.val = (char *)key;
    v.val.string.len = (int)strlen(key);
    pushJsonbValue(state, WJB_KEY, &v);
}

/* The pointers are kept until JsonbValueToJsonb(): `text` must outlive
 * the document's making (reason names, the compiled plans' IDs and names,
 * the device read for this call do). */
static void put_string(JsonbParseState **state, const char *key, const char *text)
{
    JsonbValue v = {.type = jbvString};
    put_key(state, key);
    v.val.string.val = (char *)text;
    v.val.string.len = (int)strlen(text);
    pushJsonbValue(state, WJB_VALUE, &v);
}

static void put_bool(JsonbParseState **state, const char *key, bool value)
{
    JsonbValue v = {.type = jbvBool};
    put_key(state, key);
    v.val.boolean = value;
    pushJsonbValue(state, WJB_VALUE, &v);
}

static void put_push(JsonbParseState **state, const ota_push_result *push)
{
    char at[OTA_JSON_INSTANT_SIZE];

    put_key(state, "push");
    pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
    put_string(state, "status", ota_push_status_name(push->status));
    if (push->status == OTA_PUSH_AT) {
        ota_json_format_instant(push->at, at);
        /* jsonb keeps the pointer until the document is made: a copy that
         * outlives this frame */
        put_string(state, "at", pstrdup(at));
    } else if (push->status == OTA_PUSH_NEVER) {
        put_string(state, "reason", ota_reason_name(push->reason));
    }
    pushJsonbValue(state, WJB_END_OBJECT, NULL);
}

/* "eligible", "reason", "components" and "push" of one plan's answer. */
static void put_answer(JsonbParseState **state, const ota_compiled_plan *plan,
                       const ota_eligibility *eligibility, const ota_push_result *push)
{
    put_bool(state, "eligible", eligibility->reason == OTA_REASON_OK);
    put_string(state, "reason", ota_reason_name(eligibility->reason));
    put_key(state, "components");
    pushJsonbValue(state, WJB_BEGIN_ARRAY, NULL);
    for (uint32_t i = 0; plan && i < eligibility->component_count; i++) {
        const ota_component_result *c = &eligibility->components[i];
        const char *id = ota_compiled_plan_component_id(plan, i);

        pushJsonbValue(state, WJB_BEGIN_OBJECT, NULL);
        put_string(state, "id", id ? id : "");
        put_bool(state, "applies", c->applies != 0);
        if (!c->applies)
            put_string(state, "reason", ota_reason_name(c->reason));
        pushJsonbValue(state, WJB_END_OBJECT, NULL);
    }
    pushJsonbValue(state, WJB_END_ARRAY, NULL);
    put_push(state, push);
}

Datum otaplan_evaluation_jsonb(const ota_compiled_plan *plan, const char *device_id,
                               const ota_eligibility *eligibility, const ota_push_result *push)
{
    JsonbParseState *state = NULL;
    JsonbValue *root;

    pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
    put_string(&state, "id", device_id);
    put_answer(&state, plan, eligibility, push);
    root = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
    return JsonbPGetDatum(JsonbValueToJsonb(root));
}

static void put_plan_name(JsonbParseState **state, const char *key, const ota_plan_set *set,
                          int32_t index)
{
    JsonbValue null = {.type = jbvNull};

    if (index < 0) {
        put_key(state, key);
        pushJsonbValue(state, WJB_VALUE, &null);
        return;
    }
    put_string(state, key, ota_compiled_plan_name(ota_plan_set_plan(set, (uint32_t)index)));
}

Datum otaplan_selection_jsonb(const ota_plan_set *set, const char *device_id,
                              const ota_selection *selection)
{
    JsonbParseState *state = NULL;
    JsonbValue *root;
    const ota_compiled_plan *governing =
        selection->plan >= 0 ? ota_plan_set_plan(set, (uint32_t)selection->plan) : NULL;

    pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
    put_string(&state, "id", device_id);
    put_plan_name(&state, "plan", set, selection->plan);
    put_answer(&state, governing, &selection->eligibility, &selection->push);
    put_key(&state, "others");
    pushJsonbValue(&state, WJB_BEGIN_ARRAY, NULL);
    for (uint32_t i = 0; i < selection->other_count; i++) {
        const ota_candidate *c = &selection->others[i];

        pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
        put_plan_name(&state, "plan", set, (int32_t)c->plan);
        put_string(&state, "reason", ota_reason_name(c->reason));
        if (c->outranked_by >= 0)
            put_plan_name(&state, "outranked_by", set, c->outranked_by);
        pushJsonbValue(&state, WJB_END_OBJECT, NULL);
    }
    pushJsonbValue(&state, WJB_END_ARRAY, NULL);
    root = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
    return JsonbPGetDatum(JsonbValueToJsonb(root));
}
