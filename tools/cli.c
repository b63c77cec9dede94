#include "cli.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int is_allowed(const char *option, const char *const *allowed)
{
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(option, allowed[i]) == 0)
            return 1;
    return 0;
}

static int parse_instant_argument(const char *command, const char *option, const char *text,
                                  int64_t *out)
{
    if (ojson_parse_instant(text, out) != 0 || *out < OTA_INSTANT_MIN || *out >= OTA_INSTANT_MAX) {
        fprintf(stderr,
                "otaplan %s: %s needs an RFC 3339 instant from 2000 to 2099, such as "
                "2026-01-01T00:00:00Z, not \"%s\"\n",
                command, option, text);
        return EXIT_USAGE;
    }
    return 0;
}

/* SPEC 2.3: 0, or a tick length that divides an hour. */
static int parse_tick(const char *command, const char *text, int *out)
{
    char *end;
    errno = 0;
    long tick = strtol(text, &end, 10);
    if (errno || end == text || *end || tick < 0 || tick > 60 || (tick > 0 && 60 % tick != 0)) {
        fprintf(stderr,
                "otaplan %s: --tick takes 0, 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60, not "
                "\"%s\"\n",
                command, text);
        return EXIT_USAGE;
    }
    *out = (int)tick;
    return 0;
}

int cli_parse(int argc, char **argv, const char *const *allowed, int positional_wanted,
              const char *command, cli_options *out)
{
    *out = (cli_options){.now = (int64_t)time(NULL), .from = OTA_NO_INSTANT,
                         .to = OTA_NO_INSTANT, .tick = 10};
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || strcmp(arg, "-") == 0) {
            if (out->positional_count == positional_wanted) {
                fprintf(stderr, "otaplan %s: unexpected argument \"%s\" (see otaplan help %s)\n",
                        command, arg, command);
                return EXIT_USAGE;
            }
            out->positional[out->positional_count++] = arg;
            continue;
        }
        if (!is_allowed(arg, allowed)) {
            fprintf(stderr, "otaplan %s: unknown option %s (see otaplan help %s)\n", command, arg,
                    command);
            return EXIT_USAGE;
        }
        if (strcmp(arg, "--json") == 0) {
            out->json = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "otaplan %s: %s needs a value\n", command, arg);
            return EXIT_USAGE;
        }
        const char *value = argv[++i];
        int status = 0;
        if (strcmp(arg, "--now") == 0)
            status = parse_instant_argument(command, arg, value, &out->now);
        else if (strcmp(arg, "--from") == 0)
            status = parse_instant_argument(command, arg, value, &out->from);
        else if (strcmp(arg, "--to") == 0)
            status = parse_instant_argument(command, arg, value, &out->to);
        else if (strcmp(arg, "--names") == 0)
            out->names = value;
        else if (strcmp(arg, "--catalog") == 0)
            out->catalog = value;
        else if (strcmp(arg, "--tick") == 0)
            status = parse_tick(command, value, &out->tick);
        if (status)
            return status;
    }
    if (out->positional_count != positional_wanted) {
        fprintf(stderr, "otaplan %s: expected %d file argument%s (see otaplan help %s)\n",
                command, positional_wanted, positional_wanted == 1 ? "" : "s", command);
        return EXIT_USAGE;
    }
    return 0;
}

char *cli_read_file(const char *path, size_t *length)
{
    FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "otaplan: cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t capacity = 4096, used = 0;
    char *data = malloc(capacity);
    while (data) {
        if (used + 1 == capacity) {
            char *grown = realloc(data, capacity * 2);
            if (!grown) {
                free(data);
                data = NULL;
                break;
            }
            data = grown;
            capacity *= 2;
        }
        size_t n = fread(data + used, 1, capacity - used - 1, file);
        used += n;
        if (n == 0)
            break;
    }
    int failed = !data || ferror(file);
    int saved_errno = errno;
    if (file != stdin)
        fclose(file);
    if (failed) {
        fprintf(stderr, "otaplan: cannot read %s: %s\n", path,
                data ? strerror(saved_errno) : "out of memory");
        free(data);
        return NULL;
    }
    data[used] = '\0';
    *length = used;
    return data;
}

ojson_plan *cli_load_plan(const char *path)
{
    size_t length;
    char *text = cli_read_file(path, &length);
    if (!text)
        return NULL;
    ojson_plan *plan = NULL;
    ojson_error error;
    int32_t status = ojson_plan_read(text, length, &plan, &error);
    free(text);
    if (status == OTA_ERR_ARGUMENT)
        fprintf(stderr, "%s:%d:%d: error: %s\n", path, error.line, error.column, error.text);
    else if (status != OTA_OK)
        fprintf(stderr, "otaplan: %s: %s\n", path, ota_strerror(status));
    return plan;
}

void cli_print_diagnostics(FILE *out, const char *file, const ota_diagnostics *list)
{
    for (uint32_t i = 0; i < ota_diagnostics_count(list); i++) {
        ota_diagnostic d;
        ota_diagnostics_get(list, i, &d);
        fprintf(out, "%s: %s: %s%s%s [%s]\n", file,
                d.severity == OTA_SEVERITY_ERROR ? "error" : "warning", d.path,
                d.path[0] ? ": " : "", d.message, ota_code_name(d.code));
    }
}

/* "# version 2025b", the first line of the tz database's tzdata.zi. */
static void read_system_tzdata_version(char *out, size_t capacity)
{
    out[0] = '\0';
    FILE *file = fopen("/usr/share/zoneinfo/tzdata.zi", "r");
    if (!file)
        return;
    char line[64];
    if (fgets(line, sizeof line, file) && strncmp(line, "# version ", 10) == 0) {
        line[strcspn(line, "\r\n")] = '\0';
        snprintf(out, capacity, "%s", line + 10);
    }
    fclose(file);
}

static int read_names(const char *path, cli_validation *v)
{
    size_t length;
    v->names_text = cli_read_file(path, &length);
    if (!v->names_text)
        return EXIT_USAGE;
    size_t lines = 1;
    for (size_t i = 0; i < length; i++)
        lines += v->names_text[i] == '\n';
    v->names = calloc(lines, sizeof *v->names);
    if (!v->names)
        return EXIT_USAGE;
    uint32_t count = 0;
    for (char *line = v->names_text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "\r")] = '\0';
        if (*line)
            v->names[count++] = line;
        line = next;
    }
    v->options.existing_names = v->names;
    v->options.existing_name_count = count;
    return 0;
}

static int read_catalog(const char *path, cli_validation *v)
{
    json_error_t failure;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &failure);
    if (!root) {
        fprintf(stderr, "%s:%d:%d: error: %s\n", path, failure.line, failure.column, failure.text);
        return EXIT_USAGE;
    }
    v->catalog_json = root;
    if (!json_is_array(root)) {
        fprintf(stderr, "%s:1:1: error: a catalog is a JSON array of packages\n", path);
        return EXIT_USAGE;
    }
    size_t n = json_array_size(root);
    v->packages = calloc(n ? n : 1, sizeof *v->packages);
    if (!v->packages)
        return EXIT_USAGE;
    for (size_t i = 0; i < n; i++) {
        json_t *entry = json_array_get(root, i);
        const char *method = json_string_value(json_object_get(entry, "method"));
        ota_package *pkg = &v->packages[i];
        pkg->id = json_string_value(json_object_get(entry, "id"));
        pkg->target_version = json_string_value(json_object_get(entry, "target_version"));
        pkg->source_version = json_string_value(json_object_get(entry, "source_version"));
        pkg->method = !method ? 0
                      : strcmp(method, "full") == 0  ? OTA_METHOD_FULL
                      : strcmp(method, "delta") == 0 ? OTA_METHOD_DELTA
                                                     : 0;
        if (!json_is_object(entry) || !pkg->id || !pkg->target_version || !pkg->method) {
            fprintf(stderr,
                    "%s: error: package %zu needs \"id\", \"method\" (full or delta) and "
                    "\"target_version\"\n",
                    path, i);
            return EXIT_USAGE;
        }
    }
    v->options.catalog = v->packages;
    v->options.catalog_count = (uint32_t)n;
    return 0;
}

int cli_validation_setup(const cli_options *options, cli_validation *v)
{
    *v = (cli_validation){0};
    ota_validate_options_init(&v->options);
    v->options.now = options->now;
    read_system_tzdata_version(v->system_tzdata, sizeof v->system_tzdata);
    if (v->system_tzdata[0])
        v->options.system_tzdata_version = v->system_tzdata;
    if (options->names && read_names(options->names, v))
        return EXIT_USAGE;
    if (options->catalog && read_catalog(options->catalog, v))
        return EXIT_USAGE;
    return 0;
}

void cli_validation_free(cli_validation *v)
{
    free(v->names_text);
    free(v->names);
    free(v->packages);
    json_decref(v->catalog_json);
}

ota_compiled_plan *cli_compile(const char *path, const cli_options *options, ojson_plan **plan,
                               int *exit_status)
{
    *exit_status = EXIT_USAGE;
    *plan = cli_load_plan(path);
    if (!*plan)
        return NULL;
    cli_validation validation;
    if (cli_validation_setup(options, &validation)) {
        cli_validation_free(&validation);
        return NULL;
    }
    ota_compiled_plan *compiled = NULL;
    ota_diagnostics *diagnostics = NULL;
    int32_t status = ojson_plan_compile(*plan, &validation.options, &compiled, &diagnostics);
    cli_validation_free(&validation);
    if (status == OTA_ERR_INVALID_PLAN) {
        fprintf(stderr, "%s: the plan is not valid:\n", path);
        cli_print_diagnostics(stderr, path, diagnostics);
        *exit_status = EXIT_INVALID;
    } else if (status != OTA_OK) {
        fprintf(stderr, "otaplan: %s: %s\n", path, ota_strerror(status));
    }
    ota_diagnostics_free(diagnostics);
    if (!compiled) {
        ojson_plan_free(*plan);
        *plan = NULL;
    }
    return compiled;
}
