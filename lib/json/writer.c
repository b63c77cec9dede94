/* JSON output of SPEC 9.  Evaluation lines are written directly into a
 * buffer: a million devices a run makes a DOM per line too slow
 * (bench/HISTORY.md); the string escaper is checked against jansson's in
 * tests/test_json.c. */
#include "otaplan_json.h"

#include "reader.h"
#include "writer.h"

#include <stdlib.h>
#include <string.h>

void ota_json_buffer_free(ota_json_buffer *buffer)
{
    if (!buffer || buffer->version != OTA_JSON_BUFFER_VERSION)
        return;
    ota__json_free(buffer->data);
    *buffer = (ota_json_buffer)OTA_JSON_BUFFER_INIT;
}

static int reserve(ota_json_buffer *b, size_t more)
{
    /* A buffer of another version is another layout: nothing is written. */
    if (!b || b->version != OTA_JSON_BUFFER_VERSION || b->failed)
        return 0;
    if (b->length + more + 1 <= b->capacity)
        return 1;
    size_t capacity = b->capacity ? b->capacity : 256;
    while (capacity < b->length + more + 1)
        capacity *= 2;
    char *data = ota__json_grow(b->data, b->length + 1, capacity);
    if (!data) {
        b->failed = 1;
        return 0;
    }
    b->data = data;
    b->capacity = capacity;
    return 1;
}

void ota_json_put(ota_json_buffer *b, const char *text, size_t length)
{
    if (!reserve(b, length))
        return;
    memcpy(b->data + b->length, text, length);
    b->length += length;
    b->data[b->length] = '\0';
}

void ota_json_put_cstr(ota_json_buffer *b, const char *text)
{
    ota_json_put(b, text, strlen(text));
}

void ota_json_put_string(ota_json_buffer *b, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    PUT_LITERAL(b, "\"");
    const char *run = text;
    for (const char *s = text;; s++) {
        unsigned char c = (unsigned char)*s;
        if (c != '\0' && c >= 0x20 && c != '"' && c != '\\')
            continue;
        ota__json_put_short(b, run, (size_t)(s - run));
        if (c == '\0')
            break;
        char escape[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
        switch (c) {
        case '"': ota_json_put(b, "\\\"", 2); break;
        case '\\': ota_json_put(b, "\\\\", 2); break;
        case '\n': ota_json_put(b, "\\n", 2); break;
        case '\r': ota_json_put(b, "\\r", 2); break;
        case '\t': ota_json_put(b, "\\t", 2); break;
        case '\b': ota_json_put(b, "\\b", 2); break;
        case '\f': ota_json_put(b, "\\f", 2); break;
        default: ota_json_put(b, escape, 6); break;
        }
        run = s + 1;
    }
    PUT_LITERAL(b, "\"");
}

void ota__json_put_instant(ota_json_buffer *b, int64_t t)
{
    char text[OTA_JSON_INSTANT_SIZE];
    ota_json_format_instant(t, text);
    PUT_LITERAL(b, "\"");
    ota__json_put_short(b, text, strlen(text));
    PUT_LITERAL(b, "\"");
}

void ota__json_put_push(ota_json_buffer *b, const ota_push_result *push)
{
    PUT_LITERAL(b, "{\"status\":\"");
    ota_json_put_cstr(b, ota_push_status_name(push->status));
    PUT_LITERAL(b, "\"");
    if (push->status == OTA_PUSH_AT) {
        PUT_LITERAL(b, ",\"at\":");
        ota__json_put_instant(b, push->at);
    } else if (push->status == OTA_PUSH_NEVER) {
        PUT_LITERAL(b, ",\"reason\":\"");
        ota_json_put_cstr(b, ota_reason_name(push->reason));
        PUT_LITERAL(b, "\"");
    }
    PUT_LITERAL(b, "}");
}

void ota__json_put_component(ota_json_buffer *b, const char *id, const ota_component_result *c)
{
    PUT_LITERAL(b, "{\"id\":");
    ota_json_put_string(b, id);
    if (c->applies) {
        PUT_LITERAL(b, ",\"applies\":true");
    } else {
        PUT_LITERAL(b, ",\"applies\":false,\"reason\":\"");
        ota_json_put_cstr(b, ota_reason_name(c->reason));
        PUT_LITERAL(b, "\"");
    }
}

void ota_json_put_evaluation(ota_json_buffer *b, const ota_plan *plan, const char *device_id,
                             const ota_eligibility *e, const ota_push_result *push)
{
    PUT_LITERAL(b, "{\"id\":");
    ota_json_put_string(b, device_id);
    if (e->reason == OTA_REASON_OK)
        PUT_LITERAL(b, ",\"eligible\":true");
    else
        PUT_LITERAL(b, ",\"eligible\":false");
    PUT_LITERAL(b, ",\"reason\":\"");
    ota_json_put_cstr(b, ota_reason_name(e->reason));
    PUT_LITERAL(b, "\",\"components\":[");
    for (uint32_t i = 0; i < e->component_count; i++) {
        if (i)
            PUT_LITERAL(b, ",");
        ota__json_put_component(b, ota__json_component_at(plan, i).id, &e->components[i]);
        PUT_LITERAL(b, "}");
    }
    PUT_LITERAL(b, "],\"push\":");
    ota__json_put_push(b, push);
    PUT_LITERAL(b, "}");
}

void ota_json_put_diagnostics(ota_json_buffer *b, const ota_diagnostics *list)
{
    ota_json_put_cstr(b, ota_diagnostics_error_count(list) == 0
                             ? "{\"valid\":true,\"diagnostics\":["
                             : "{\"valid\":false,\"diagnostics\":[");
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        ota_json_put_cstr(b, i ? ",{\"severity\":\"" : "{\"severity\":\"");
        ota_json_put_cstr(b, d.severity == OTA_SEVERITY_ERROR ? "error" : "warning");
        ota_json_put_cstr(b, "\",\"code\":\"");
        ota_json_put_cstr(b, ota_code_name(d.code));
        ota_json_put_cstr(b, "\",\"path\":");
        ota_json_put_string(b, d.path);
        ota_json_put_cstr(b, ",\"message\":");
        ota_json_put_string(b, d.message);
        const char *hint = ota_diagnostics_hint(list, i);
        if (hint) {
            ota_json_put_cstr(b, ",\"hint\":");
            ota_json_put_string(b, hint);
        }
        ota_json_put_cstr(b, "}");
    }
    ota_json_put_cstr(b, "]}");
}

static void put_plan_name(ota_json_buffer *b, const ota_plan_set *set, int64_t index)
{
    const ota_compiled_plan *plan = index >= 0 ? ota_plan_set_plan(set, (uint32_t)index) : NULL;
    if (plan)
        ota_json_put_string(b, ota_compiled_plan_name(plan));
    else
        PUT_LITERAL(b, "null");
}

void ota_json_put_selection(ota_json_buffer *b, const ota_plan_set *set, const char *device_id,
                            const ota_selection *s)
{
    if (!b || !set || !device_id || !s || b->version != OTA_JSON_BUFFER_VERSION) {
        if (b && b->version == OTA_JSON_BUFFER_VERSION)
            b->failed = 1;
        return;
    }
    const ota_compiled_plan *governing =
        s->plan >= 0 ? ota_plan_set_plan(set, (uint32_t)s->plan) : NULL;
    PUT_LITERAL(b, "{\"id\":");
    ota_json_put_string(b, device_id);
    PUT_LITERAL(b, ",\"plan\":");
    put_plan_name(b, set, s->plan);
    if (s->eligibility.reason == OTA_REASON_OK)
        PUT_LITERAL(b, ",\"eligible\":true");
    else
        PUT_LITERAL(b, ",\"eligible\":false");
    PUT_LITERAL(b, ",\"reason\":\"");
    ota_json_put_cstr(b, ota_reason_name(s->eligibility.reason));
    PUT_LITERAL(b, "\",\"components\":[");
    for (uint32_t i = 0; governing && i < s->eligibility.component_count; i++) {
        if (i)
            PUT_LITERAL(b, ",");
        ota__json_put_component(b, ota_compiled_plan_component_id(governing, i),
                                &s->eligibility.components[i]);
        PUT_LITERAL(b, "}");
    }
    PUT_LITERAL(b, "],\"push\":");
    ota__json_put_push(b, &s->push);
    PUT_LITERAL(b, ",\"others\":[");
    for (uint32_t i = 0; i < s->other_count; i++) {
        const ota_candidate *c = &s->others[i];
        if (i)
            PUT_LITERAL(b, ",");
        PUT_LITERAL(b, "{\"plan\":");
        put_plan_name(b, set, c->plan);
        PUT_LITERAL(b, ",\"reason\":\"");
        ota_json_put_cstr(b, ota_reason_name(c->reason));
        PUT_LITERAL(b, "\"");
        if (c->outranked_by >= 0) {
            PUT_LITERAL(b, ",\"outranked_by\":");
            put_plan_name(b, set, c->outranked_by);
        }
        PUT_LITERAL(b, "}");
    }
    PUT_LITERAL(b, "]}");
}
