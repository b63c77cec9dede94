/* SPEC 9 `explain --json` and the sentences of its checks. */
#include "otaplan_json.h"

#include "names.h"
#include "writer.h"

#include <stdio.h>
#include <string.h>

static const char *name_of(const char *const *names, int64_t value)
{
    for (int64_t i = 0; names[i]; i++)
        if (i == value)
            return names[i];
    return "?";
}

/* "12.34%" of basis points. */
static void format_share(int64_t basis_points, char out[16])
{
    snprintf(out, 16, "%d.%02d%%", (int)(basis_points / 100), (int)(basis_points % 100));
}

static int compare_minimum(char *out, size_t capacity, const char *what, const char *minimum,
                           const ota_check_result *c)
{
    if (c->limit == OTA_UNSET)
        return snprintf(out, capacity, "%s not set", minimum);
    if (c->value == OTA_UNSET)
        return snprintf(out, capacity, "no %s reported (%s %lld)", what, minimum,
                        (long long)c->limit);
    return snprintf(out, capacity, "%s %lld %s %s %lld", what, (long long)c->value,
                    c->failed ? "<" : ">=", minimum, (long long)c->limit);
}

static int list_detail(char *out, size_t capacity, const char *list, const ota_check_result *c)
{
    if (c->limit == 0)
        return snprintf(out, capacity, "no %s", list);
    return snprintf(out, capacity, "%s the %s (%lld IDs)", c->value ? "in" : "not in", list,
                    (long long)c->limit);
}

int ota_json_check_detail(const ota_plan *plan, const ota_device *device, const ota_check_result *c,
                          char *out, size_t capacity)
{
    if (!plan || !device || !c || (!out && capacity))
        return -1;
    char at[OTA_JSON_INSTANT_SIZE], limit[OTA_JSON_INSTANT_SIZE], share[16];
    const char *device_state = name_of(ota__device_state_names, device->state);
    switch (c->check) {
    case OTA_REASON_PLAN_NOT_ACTIVE:
    case OTA_REASON_PLAN_TERMINATED:
    case OTA_REASON_PLAN_SUSPENDED:
        return snprintf(out, capacity, "plan state is %s",
                        name_of(ota__plan_state_names, c->value));
    case OTA_REASON_PLAN_ENDED:
        if (plan->state == OTA_PLAN_ENDED)
            return snprintf(out, capacity, "plan state is ended");
        ota_json_format_instant(c->value, at);
        ota_json_format_instant(c->limit, limit);
        return snprintf(out, capacity, "now %s %s end %s", at, c->failed ? ">=" : "<", limit);
    case OTA_REASON_PLAN_NOT_STARTED:
        ota_json_format_instant(c->value, at);
        ota_json_format_instant(c->limit, limit);
        return snprintf(out, capacity, "now %s %s max(start, activated_at) %s%s", at,
                        c->failed ? "<" : ">=", limit,
                        c->failed ? " (no push waits for it: the search starts there)" : "");
    case OTA_REASON_WRONG_PRODUCT:
        return snprintf(out, capacity, "device product \"%s\" %s plan product \"%s\"",
                        device->product, c->failed ? "!=" : "=", plan->product);
    case OTA_REASON_BLACKLISTED: return list_detail(out, capacity, "blacklist", c);
    case OTA_REASON_NOT_WHITELISTED:
        if (c->limit == 0)
            return snprintf(out, capacity, "no whitelist: every device is targeted");
        return list_detail(out, capacity, "whitelist", c);
    case OTA_REASON_OUTSIDE_ROLLOUT:
    case OTA_REASON_ROLLOUT_PENDING:
        if (c->value < 0)
            return snprintf(out, capacity, "no rollout phases");
        format_share(c->limit, share);
        return snprintf(out, capacity, "bucket %lld %s %lld (%s, %s)", (long long)c->value,
                        c->failed ? ">=" : "<", (long long)c->limit, share,
                        c->check == OTA_REASON_OUTSIDE_ROLLOUT ? "the last phase's share"
                                                               : "the share in force now");
    case OTA_REASON_ALREADY_SUCCEEDED:
    case OTA_REASON_IN_PROGRESS: return snprintf(out, capacity, "device state is %s", device_state);
    case OTA_REASON_RETRIES_EXHAUSTED:
        if (device->state != OTA_DEVICE_FAILED)
            return snprintf(out, capacity, "device state is %s", device_state);
        return snprintf(out, capacity, "failed attempts %lld %s retry_count %lld",
                        (long long)c->value, c->failed ? ">" : "<=", (long long)c->limit);
    case OTA_REASON_NO_APPLICABLE_COMPONENT:
        return snprintf(out, capacity, "%lld of %lld components apply", (long long)c->value,
                        (long long)c->limit);
    case OTA_REASON_LOW_SIGNAL: return compare_minimum(out, capacity, "signal", "min_signal", c);
    case OTA_REASON_LOW_BATTERY: return compare_minimum(out, capacity, "battery", "min_battery", c);
    default: return snprintf(out, capacity, "unknown check %d", (int)c->check);
    }
}

static void put_key_string(ota_json_buffer *b, const char *key, const char *value)
{
    ota_json_put_cstr(b, key);
    ota_json_put_string(b, value);
}

static void put_number(ota_json_buffer *b, long long value)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", value);
    ota_json_put_cstr(b, text);
}

static void put_checks(ota_json_buffer *b, const ota_plan *plan, const ota_device *device,
                       const ota_explanation *e)
{
    ota_json_put_cstr(b, ",\"checks\":[");
    for (uint32_t i = 0; i < e->check_count; i++) {
        char detail[320];
        ota_json_check_detail(plan, device, &e->checks[i], detail, sizeof detail);
        ota_json_put_cstr(b, i ? ",{\"check\":\"" : "{\"check\":\"");
        ota_json_put_cstr(b, ota_reason_name(e->checks[i].check));
        ota_json_put_cstr(b, e->checks[i].failed ? "\",\"failed\":true" : "\",\"failed\":false");
        put_key_string(b, ",\"detail\":", detail);
        ota_json_put_cstr(b, "}");
    }
    ota_json_put_cstr(b, "]");
}

static void put_components(ota_json_buffer *b, const ota_plan *plan, const ota_device *device,
                           const ota_explanation *e)
{
    ota_json_put_cstr(b, ",\"components\":[");
    for (uint32_t i = 0; i < e->eligibility.component_count; i++) {
        ota_component k = ota__json_component_at(plan, i);
        if (i)
            ota_json_put_cstr(b, ",");
        ota__json_put_component(b, k.id, &e->eligibility.components[i]);
        const char *version = ota__json_reported_version(device, k.id);
        if (version)
            put_key_string(b, ",\"version\":", version);
        put_key_string(b, ",\"target\":", k.target_version);
        if (k.method == OTA_METHOD_DELTA && k.source_version)
            put_key_string(b, ",\"source\":", k.source_version);
        if (k.method == OTA_METHOD_FULL && k.specified_versions)
            put_key_string(b, ",\"specified\":", k.specified_versions);
        const char *order = ota_version_order_name(k.version_order);
        if (order) {
            put_key_string(b, ",\"order\":", order);
            ota_json_put_cstr(b, k.allow_downgrade == OTA_DOWNGRADE_ALLOWED
                                     ? ",\"allow_downgrade\":true"
                                     : ",\"allow_downgrade\":false");
            if (k.method == OTA_METHOD_FULL && !k.specified_versions && k.min_version)
                put_key_string(b, ",\"min_version\":", k.min_version);
            if (k.method == OTA_METHOD_FULL && !k.specified_versions && k.below_version)
                put_key_string(b, ",\"below_version\":", k.below_version);
        }
        char detail[320];
        ota_json_component_detail(plan, device, i, &e->eligibility.components[i], detail,
                                  sizeof detail);
        put_key_string(b, ",\"detail\":", detail);
        ota_json_put_cstr(b, "}");
    }
    ota_json_put_cstr(b, "]");
}

static void put_search(ota_json_buffer *b, const ota_explanation *e)
{
    if (e->t0 == OTA_NO_INSTANT) {
        ota_json_put_cstr(b, ",\"t0\":null");
    } else {
        ota_json_put_cstr(b, ",\"t0\":{\"at\":");
        ota__json_put_instant(b, e->t0);
        ota_json_put_cstr(b, ",\"set_by\":\"");
        ota_json_put_cstr(b, ota_t0_term_name(e->t0_set_by));
        ota_json_put_cstr(b, "\"}");
    }
    ota_json_put_cstr(b, ",\"terms\":[");
    for (uint32_t i = 0; i < e->term_count; i++) {
        ota_json_put_cstr(b, i ? ",{\"term\":\"" : "{\"term\":\"");
        ota_json_put_cstr(b, ota_t0_term_name(e->terms[i].term));
        ota_json_put_cstr(b, "\",\"at\":");
        ota__json_put_instant(b, e->terms[i].at);
        ota_json_put_cstr(b, "}");
    }
    ota_json_put_cstr(b, "],\"bucket\":");
    e->bucket >= 0 ? put_number(b, e->bucket) : ota_json_put_cstr(b, "null");
    ota_json_put_cstr(b, ",\"position\":");
    e->position >= 0 ? put_number(b, e->position) : ota_json_put_cstr(b, "null");
    if (e->occurrence_day == OTA_NO_INSTANT) {
        ota_json_put_cstr(b, ",\"occurrence\":null");
    } else {
        /* The day's date: its midnight's, in UTC. */
        char date[OTA_INSTANT_TEXT_SIZE];
        ota_instant_format(e->occurrence_day * 86400, date);
        date[10] = '\0';
        int bit = 0;
        while (bit < 6 && !(e->occurrence_weekday & (1u << bit)))
            bit++;
        put_key_string(b, ",\"occurrence\":{\"day\":", date);
        put_key_string(b, ",\"weekday\":", ota__weekday_names[bit]);
        ota_json_put_cstr(b, "}");
    }
    ota_json_put_cstr(b, ",\"closed_days\":");
    put_number(b, e->closed_days);
    ota_json_put_cstr(b, ",\"blackouts\":[");
    for (uint32_t i = 0; i < e->blackout_count; i++) {
        ota_json_put_cstr(b, i ? ",{\"start\":" : "{\"start\":");
        ota__json_put_instant(b, e->blackout_start[i]);
        ota_json_put_cstr(b, ",\"end\":");
        ota__json_put_instant(b, e->blackout_end[i]);
        ota_json_put_cstr(b, "}");
    }
    ota_json_put_cstr(b, "]");
    if (e->slot_index < 0) {
        ota_json_put_cstr(b, ",\"slot\":null");
    } else {
        ota_json_put_cstr(b, ",\"slot\":{\"index\":");
        put_number(b, e->slot_index);
        ota_json_put_cstr(b, ",\"count\":");
        put_number(b, e->slot_count);
        ota_json_put_cstr(b, ",\"at\":");
        ota__json_put_instant(b, e->slot_at);
        ota_json_put_cstr(b, "}");
    }
}

void ota_json_put_explanation(ota_json_buffer *b, const ota_plan *plan, const ota_device *device,
                              const ota_explanation *e)
{
    static const char *const kinds[] = {"none", "final", "wait", "device-side", NULL};
    put_key_string(b, "{\"id\":", device->id);
    ota_json_put_cstr(b, e->eligibility.reason == OTA_REASON_OK ? ",\"eligible\":true"
                                                                : ",\"eligible\":false");
    ota_json_put_cstr(b, ",\"reason\":\"");
    ota_json_put_cstr(b, ota_reason_name(e->eligibility.reason));
    ota_json_put_cstr(b, "\",\"kind\":\"");
    ota_json_put_cstr(b, name_of(kinds, e->eligibility.kind));
    ota_json_put_cstr(b, "\"");
    put_checks(b, plan, device, e);
    put_components(b, plan, device, e);
    ota_json_put_cstr(b, ",\"push\":");
    ota__json_put_push(b, &e->push);
    put_search(b, e);
    ota_json_put_cstr(b, "}");
}
