/* Target 1: the specified_versions list and version-token syntax.  The
 * input is the list as a user typed it; the library's verdict is compared
 * with a plain C reading of SPEC 3.1. */
#include "otaplan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_token_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

/* 0 valid, 1 invalid, 2 too many (SPEC 3.1, read literally). */
static int verdict(const char *list)
{
    int tokens = 0, length = 0, invalid = 0;
    for (const char *s = list;; s++) {
        if (*s == ';' || *s == '\0') {
            invalid |= length == 0 || length > 64;
            tokens++;
            length = 0;
            if (*s == '\0')
                break;
        } else {
            invalid |= !is_token_char(*s);
            length++;
        }
    }
    return tokens > 8 ? 2 : invalid;
}

static int has(const ota_diagnostics *list, int32_t code)
{
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
        ota_diagnostics_get(list, i, &d);
        if (d.code == code)
            return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    ota_component component = {.type = OTA_COMPONENT_MODULE,
                               .method = OTA_METHOD_FULL,
                               .id = "fw",
                               .target_version = "2.0",
                               .specified_versions = text};
    ota_plan plan;
    ota_plan_init(&plan, OTA_PLAN_STRUCT_VERSION);
    plan.name = "fuzz";
    plan.product = "p";
    plan.timezone = "UTC";
    plan.start = "2026-01-01T00:00";
    plan.end = "2027-01-01T00:00";
    plan.mode = OTA_MODE_SILENT;
    plan.components = &component;
    plan.component_count = 1;
    ota_diagnostics *list = NULL;
    if (ota_plan_validate(&plan, NULL, &list) != OTA_OK)
        abort();
    /* An embedded NUL ends the C string: judge what the library saw. */
    int expected = verdict(text);
    int too_many = has(list, OTA_CODE_SPECIFIED_VERSIONS_TOO_MANY);
    int invalid = has(list, OTA_CODE_SPECIFIED_VERSIONS_INVALID);
    if ((expected == 2) != too_many || (expected == 1) != (invalid && !too_many) ||
        (expected == 0 && ota_diagnostics_error_count(list) != 0))
        abort();
    if (expected == 0) {
        ota_compiled_plan *compiled = NULL;
        if (ota_plan_compile(&plan, NULL, &compiled, NULL) != OTA_OK)
            abort();
        ota_compiled_plan_free(compiled);
    }
    ota_diagnostics_free(list);
    free(text);
    return 0;
}
