/* JSON output of SPEC 9.  Evaluation lines are written directly into a
 * buffer: a million devices a run makes a DOM per line too slow
 * (bench/RESULTS.md); the string escaper is checked against jansson's in
 * tests/test_json.c. */
#include "otaplan_json.h"

#include "reader.h"

#include <stdlib.h>
#include <string.h>

void ojson_buffer_free(ojson_buffer *buffer)
{
    json_module_free(buffer->data);
    *buffer = (ojson_buffer){0};
}

static int reserve(ojson_buffer *b, size_t more)
{
    if (b->failed)
        return 0;
    if (b->length + more + 1 <= b->capacity)
        return 1;
    size_t capacity = b->capacity ? b->capacity : 256;
    while (capacity < b->length + more + 1)
        capacity *= 2;
    char *data = json_module_grow(b->data, b->length + 1, capacity);
    if (!data) {
        b->failed = 1;
        return 0;
    }
    b->data = data;
    b->capacity = capacity;
    return 1;
}

void ojson_put(ojson_buffer *b, const char *text, size_t length)
{
    if (!reserve(b, length))
        return;
    memcpy(b->data + b->length, text, length);
    b->length += length;
    b->data[b->length] = '\0';
}

void ojson_put_cstr(ojson_buffer *b, const char *text)
{
    ojson_put(b, text, strlen(text));
}

void ojson_put_string(ojson_buffer *b, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    ojson_put(b, "\"", 1);
    const char *run = text;
    for (const char *s = text;; s++) {
        unsigned char c = (unsigned char)*s;
        if (c != '\0' && c >= 0x20 && c != '"' && c != '\\')
            continue;
        ojson_put(b, run, (size_t)(s - run));
        if (c == '\0')
            break;
        char escape[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
        switch (c) {
        case '"': ojson_put(b, "\\\"", 2); break;
        case '\\': ojson_put(b, "\\\\", 2); break;
        case '\n': ojson_put(b, "\\n", 2); break;
        case '\r': ojson_put(b, "\\r", 2); break;
        case '\t': ojson_put(b, "\\t", 2); break;
        case '\b': ojson_put(b, "\\b", 2); break;
        case '\f': ojson_put(b, "\\f", 2); break;
        default: ojson_put(b, escape, 6); break;
        }
        run = s + 1;
    }
    ojson_put(b, "\"", 1);
}

static void put_instant(ojson_buffer *b, int64_t t)
{
    char text[OJSON_INSTANT_SIZE];
    ojson_format_instant(t, text);
    ojson_put(b, "\"", 1);
    ojson_put_cstr(b, text);
    ojson_put(b, "\"", 1);
}

void ojson_put_evaluation(ojson_buffer *b, const ota_plan *plan, const char *device_id,
                          const ota_eligibility *e, const ota_push_result *push)
{
    ojson_put_cstr(b, "{\"id\":");
    ojson_put_string(b, device_id);
    ojson_put_cstr(b, e->reason == OTA_REASON_OK ? ",\"eligible\":true" : ",\"eligible\":false");
    ojson_put_cstr(b, ",\"reason\":\"");
    ojson_put_cstr(b, ota_reason_name(e->reason));
    ojson_put_cstr(b, "\",\"components\":[");
    for (uint32_t i = 0; i < e->component_count; i++) {
        ojson_put_cstr(b, i ? ",{\"id\":" : "{\"id\":");
        ojson_put_string(b, plan->components[i].id);
        if (e->components[i].applies) {
            ojson_put_cstr(b, ",\"applies\":true}");
        } else {
            ojson_put_cstr(b, ",\"applies\":false,\"reason\":\"");
            ojson_put_cstr(b, ota_reason_name(e->components[i].reason));
            ojson_put_cstr(b, "\"}");
        }
    }
    ojson_put_cstr(b, "],\"push\":{\"status\":\"");
    ojson_put_cstr(b, ota_push_status_name(push->status));
    ojson_put_cstr(b, "\"");
    if (push->status == OTA_PUSH_AT) {
        ojson_put_cstr(b, ",\"at\":");
        put_instant(b, push->at);
    } else if (push->status == OTA_PUSH_NEVER) {
        ojson_put_cstr(b, ",\"reason\":\"");
        ojson_put_cstr(b, ota_reason_name(push->reason));
        ojson_put_cstr(b, "\"");
    }
    ojson_put_cstr(b, "}}");
}

void ojson_put_diagnostics(ojson_buffer *b, const ota_diagnostics *list)
{
    ojson_put_cstr(b, ota_diagnostics_error_count(list) == 0 ? "{\"valid\":true,\"diagnostics\":["
                                                             : "{\"valid\":false,\"diagnostics\":[");
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d;
        ota_diagnostics_get(list, i, &d);
        ojson_put_cstr(b, i ? ",{\"severity\":\"" : "{\"severity\":\"");
        ojson_put_cstr(b, d.severity == OTA_SEVERITY_ERROR ? "error" : "warning");
        ojson_put_cstr(b, "\",\"code\":\"");
        ojson_put_cstr(b, ota_code_name(d.code));
        ojson_put_cstr(b, "\",\"path\":");
        ojson_put_string(b, d.path);
        ojson_put_cstr(b, ",\"message\":");
        ojson_put_string(b, d.message);
        ojson_put_cstr(b, "}");
    }
    ojson_put_cstr(b, "]}");
}
