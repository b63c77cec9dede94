#include "canonical.h"

#include "plan_set.h"

#include <stdlib.h>
#include <string.h>

/* What makes a text that is not JSON look like JSON to a person: a comment
 * or a trailing comma outside strings.  NULL when neither is there. */
static const char *not_json_because(const char *text, size_t length)
{
    int in_string = 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if (c == '"')
            in_string = 1;
        else if (c == '/' && i + 1 < length && (text[i + 1] == '/' || text[i + 1] == '*'))
            return "JSON has no comments";
        else if (c == ',') {
            size_t j = i + 1;
            while (j < length && strchr(" \t\r\n", text[j]))
                j++;
            if (j < length && (text[j] == '}' || text[j] == ']'))
                return "JSON has no trailing commas";
        }
    }
    return NULL;
}

/* The reader's own diagnostics: what the plan struct does not hold, so
 * the canonical form would drop it. */
static int dropped_by_the_form(const ota_diagnostic *d)
{
    return d->code == OTA_CODE_FIELD_UNKNOWN || d->code == OTA_CODE_FIELD_TYPE_INVALID ||
           (d->code == OTA_CODE_TIME_INVALID && strcmp(d->path, "activated_at") == 0);
}

/* 0 when every plan holds only what the form keeps, else EXIT_USAGE after
 * naming the first field it would drop. */
static int check_formable(const char *path, const ota_json_set *set)
{
    uint32_t count = ota_json_set_count(set);
    ota_validate_options options;
    ota_validate_options_init(&options, OTA_VALIDATE_OPTIONS_VERSION);
    for (uint32_t i = 0; i < count; i++) {
        ota_diagnostics *list = NULL;
        int32_t status = ota_json_plan_validate(ota_json_set_plan(set, i), &options, &list);
        if (status != OTA_OK) {
            fprintf(stderr, "otaplan: %s: %s\n", path, ota_strerror(status));
            ota_diagnostics_free(list);
            return EXIT_USAGE;
        }
        for (uint32_t k = 0; k < ota_diagnostics_count(list); k++) {
            ota_diagnostic d = OTA_DIAGNOSTIC_INIT;
            if (ota_diagnostics_get(list, k, &d) != OTA_OK || !dropped_by_the_form(&d))
                continue;
            fprintf(stderr, "%s: error: ", path);
            if (count > 1)
                fprintf(stderr, "plans[%u].", (unsigned)i);
            cli_fput_escaped(stderr, d.path);
            fputs(": ", stderr);
            cli_fput_escaped(stderr, d.message);
            fprintf(stderr,
                    " [%s]: the canonical form holds only what the plan says; fix this "
                    "first\n",
                    ota_code_name(d.code));
            ota_diagnostics_free(list);
            return EXIT_USAGE;
        }
        ota_diagnostics_free(list);
    }
    return 0;
}

/* The form read back gives the same plans (their SPEC JSON, keys sorted). */
static int same_plans(const ota_json_set *a, const ota_json_set *b)
{
    if (ota_json_set_count(a) != ota_json_set_count(b))
        return 0;
    int same = 1;
    for (uint32_t i = 0; same && i < ota_json_set_count(a); i++) {
        ota_json_buffer x = OTA_JSON_BUFFER_INIT, y = OTA_JSON_BUFFER_INIT;
        const char *schema_a = ota_json_plan_schema(ota_json_set_plan(a, i));
        const char *schema_b = ota_json_plan_schema(ota_json_set_plan(b, i));
        same = (schema_a && schema_b ? strcmp(schema_a, schema_b) == 0 : schema_a == schema_b) &&
               ota_json_put_plan(&x, ota_json_plan_get(ota_json_set_plan(a, i))) == OTA_OK &&
               ota_json_put_plan(&y, ota_json_plan_get(ota_json_set_plan(b, i))) == OTA_OK &&
               x.length == y.length && memcmp(x.data, y.data, x.length) == 0;
        ota_json_buffer_free(&x);
        ota_json_buffer_free(&y);
    }
    return same;
}

/* The plan's canonical form, with the document's "$schema" (no field of
 * the plan, so not in ota_json_put_plan_canonical()) kept as its first
 * member: an editor that finds it there keeps finding it. */
static int32_t put_plan(ota_json_buffer *out, const ota_json_plan *plan, int32_t form)
{
    const char *schema = ota_json_plan_schema(plan);
    if (!schema)
        return ota_json_put_plan_canonical(out, ota_json_plan_get(plan), form);
    ota_json_buffer body = OTA_JSON_BUFFER_INIT;
    int32_t status = ota_json_put_plan_canonical(&body, ota_json_plan_get(plan), form);
    if (status == OTA_OK && body.failed)
        status = OTA_ERR_NOMEM;
    if (status == OTA_OK) {
        /* body is "{" then, in the block form, "\n  " before each member. */
        int block = form == OTA_JSON_CANONICAL_BLOCK;
        size_t rest = 1;
        while (rest < body.length && (body.data[rest] == '\n' || body.data[rest] == ' '))
            rest++;
        int empty = rest < body.length && body.data[rest] == '}';
        ota_json_put_cstr(out, block ? "{\n  \"$schema\": " : "{\"$schema\": ");
        ota_json_put_string(out, schema);
        ota_json_put_cstr(out, empty ? (block ? "\n" : "") : (block ? ",\n  " : ", "));
        ota_json_put(out, body.data + rest, body.length - rest);
    }
    ota_json_buffer_free(&body);
    return status;
}

int cli_canonical(const char *path, const char *text, size_t length, canonical *out)
{
    *out = (canonical){.text = OTA_JSON_BUFFER_INIT};
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_set_read(text, length, &out->plans, &error);
    if (cli_reader_verdict(path, status, &error) != 0) {
        const char *why = status == OTA_ERR_ARGUMENT ? not_json_because(text, length) : NULL;
        if (why)
            fprintf(stderr, "%s: note: %s\n", path, why);
        return EXIT_USAGE;
    }
    if (check_formable(path, out->plans) != 0) {
        cli_canonical_free(out);
        return EXIT_USAGE;
    }
    uint32_t count = ota_json_set_count(out->plans);
    int32_t form = count == 1 ? OTA_JSON_CANONICAL_BLOCK : OTA_JSON_CANONICAL_LINE;
    for (uint32_t i = 0; i < count && status == OTA_OK; i++)
        status = put_plan(&out->text, ota_json_set_plan(out->plans, i), form);
    if (status != OTA_OK) {
        fprintf(stderr, "otaplan: %s: %s\n", path,
                status == OTA_ERR_ARGUMENT ? "a plan has no JSON form" : ota_strerror(status));
        cli_canonical_free(out);
        return EXIT_USAGE;
    }
    ota_json_set *again = NULL;
    ota_json_error ignored = OTA_JSON_ERROR_INIT;
    int same = ota_json_set_read(out->text.data, out->text.length, &again, &ignored) == OTA_OK &&
               same_plans(out->plans, again);
    ota_json_set_free(again);
    if (!same) {
        fprintf(stderr, "otaplan: %s: internal error: the canonical form reads as another plan\n",
                path);
        cli_canonical_free(out);
        return EXIT_USAGE;
    }
    return 0;
}

void cli_canonical_free(canonical *c)
{
    ota_json_set_free(c->plans);
    ota_json_buffer_free(&c->text);
    c->plans = NULL;
}

int cli_hash_or_say(const char *path, const ota_plan *plan, char out[OTA_PLAN_HASH_SIZE])
{
    int32_t status = ota_plan_hash(plan, out);
    if (status != OTA_OK)
        fprintf(stderr, "otaplan: %s: no hash: %s\n", path,
                status == OTA_ERR_ARGUMENT ? "the plan has no JSON form" : ota_strerror(status));
    return status == OTA_OK;
}

void cli_put_plan_hash(ota_json_buffer *out, const char *hash)
{
    int newline = out->length > 0 && out->data[out->length - 1] == '\n';
    size_t end = out->length - (size_t)newline;
    if (out->failed || end == 0 || out->data[end - 1] != '}')
        return;
    out->length = end - 1;
    ota_json_put_cstr(out, ",\"plan_hash\":");
    if (hash)
        ota_json_put_string(out, hash);
    else
        ota_json_put_cstr(out, "null");
    ota_json_put_cstr(out, newline ? "}\n" : "}");
}

char **cli_plan_files(const char *argument, size_t *count)
{
    if (cli_is_directory(argument)) {
        size_t n = 0;
        char **names = cli_json_files(argument, &n);
        if (!names)
            return NULL;
        if (n == 0) {
            fprintf(stderr, "otaplan: %s: the directory holds no *.json plan\n", argument);
            free(names);
            return NULL;
        }
        for (size_t i = 0; i < n; i++) {
            size_t length = strlen(argument) + 1 + strlen(names[i]) + 1;
            char *file = malloc(length);
            if (!file) {
                fprintf(stderr, "otaplan: out of memory\n");
                cli_files_free(names, n);
                return NULL;
            }
            snprintf(file, length, "%s/%s", argument, names[i]);
            free(names[i]);
            names[i] = file;
        }
        *count = n;
        return names;
    }
    char **one = malloc(sizeof *one);
    if (one && !(one[0] = strdup(argument))) {
        free(one);
        one = NULL;
    }
    if (!one)
        fprintf(stderr, "otaplan: out of memory\n");
    *count = 1;
    return one;
}

void cli_files_free(char **files, size_t count)
{
    for (size_t i = 0; files && i < count; i++)
        free(files[i]);
    free(files);
}
