#include "plan_set.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cli_is_directory(const char *path)
{
    struct stat info;
    return strcmp(path, "-") != 0 && stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

static int ends_with_json(const char *name)
{
    size_t length = strlen(name);
    return length > 5 && strcmp(name + length - 5, ".json") == 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cli_json_files(const char *path, size_t *count)
{
    DIR *dir = opendir(path);
    if (!dir) {
        fprintf(stderr, "otaplan: cannot read the directory %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t n = 0, capacity = 16;
    char **names = malloc(capacity * sizeof *names);
    int failed = !names;
    for (struct dirent *entry; !failed && (entry = readdir(dir));) {
        if (!ends_with_json(entry->d_name))
            continue;
        if (n == capacity) {
            char **grown = realloc(names, capacity * 2 * sizeof *names);
            failed = !grown;
            if (grown) {
                names = grown;
                capacity *= 2;
            }
        }
        if (!failed && !(names[n++] = strdup(entry->d_name)))
            failed = 1, n--;
    }
    closedir(dir);
    if (failed) {
        fprintf(stderr, "otaplan: out of memory reading the directory %s\n", path);
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return NULL;
    }
    qsort(names, n, sizeof *names, compare_names);
    *count = n;
    return names;
}

static ota_json_set *load_directory(const char *path)
{
    size_t count = 0;
    char **names = cli_json_files(path, &count);
    if (!names)
        return NULL;
    ota_json_set *set = NULL;
    int ok = ota_json_set_new(&set) == OTA_OK;
    if (!ok)
        fprintf(stderr, "otaplan: out of memory\n");
    if (ok && count == 0) {
        fprintf(stderr, "otaplan: %s: the directory holds no *.json plan\n", path);
        ok = 0;
    }
    for (size_t i = 0; i < count && ok; i++) {
        size_t length = strlen(path) + 1 + strlen(names[i]) + 1;
        char *file = malloc(length);
        size_t text_length = 0;
        char *text = NULL;
        if (file) {
            snprintf(file, length, "%s/%s", path, names[i]);
            text = cli_read_file(file, &text_length);
        } else {
            fprintf(stderr, "otaplan: out of memory\n");
        }
        ok = text != NULL;
        if (ok) {
            ota_json_error error = OTA_JSON_ERROR_INIT;
            int32_t status = ota_json_set_add(set, text, text_length, &error);
            ok = cli_reader_verdict(file, status, &error) == 0;
        }
        free(text);
        free(file);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (!ok) {
        ota_json_set_free(set);
        return NULL;
    }
    return set;
}

ota_json_set *cli_load_set(const char *path, int *is_set)
{
    if (cli_is_directory(path)) {
        *is_set = 1;
        return load_directory(path);
    }
    size_t length;
    char *text = cli_read_file(path, &length);
    if (!text)
        return NULL;
    ota_json_set *set = NULL;
    ota_json_error error = OTA_JSON_ERROR_INIT;
    int32_t status = ota_json_set_read(text, length, &set, &error);
    free(text);
    if (cli_reader_verdict(path, status, &error) != 0)
        return NULL;
    *is_set = ota_json_set_count(set) > 1;
    return set;
}

int cli_compile_loaded_set(const char *path, const cli_options *options, ota_json_set *set,
                           int *exit_status)
{
    *exit_status = EXIT_USAGE;
    cli_validation validation;
    if (cli_validation_setup(options, &validation)) {
        cli_validation_free(&validation);
        return 0;
    }
    ota_diagnostics *diagnostics = NULL;
    /* Without --strict warnings change nothing: the set is compiled
     * without them, and again with every diagnostic only to say why it
     * is refused. */
    int32_t status =
        ota_json_set_compile(set, &validation.options, options->strict ? &diagnostics : NULL);
    if (status == OTA_ERR_INVALID_PLAN && !diagnostics)
        status = ota_json_set_compile(set, &validation.options, &diagnostics);
    cli_validation_free(&validation);
    int ok = 0;
    if (status == OTA_ERR_INVALID_PLAN) {
        fprintf(stderr, "%s: the plan set is not valid:\n", path);
        cli_print_diagnostics(stderr, path, diagnostics);
        *exit_status = EXIT_INVALID;
    } else if (status != OTA_OK) {
        fprintf(stderr, "otaplan: %s: %s\n", path, ota_strerror(status));
    } else if (cli_failing_count(diagnostics, options->strict)) {
        fprintf(stderr, "%s: the plan set has warnings, which --strict counts as errors:\n", path);
        cli_print_diagnostics(stderr, path, diagnostics);
        *exit_status = EXIT_INVALID;
    } else {
        ok = 1;
    }
    ota_diagnostics_free(diagnostics);
    return ok;
}

ota_json_set *cli_compile_set(const char *path, const cli_options *options, int *exit_status)
{
    *exit_status = EXIT_USAGE;
    int is_set = 0;
    ota_json_set *set = cli_load_set(path, &is_set);
    if (set && !cli_compile_loaded_set(path, options, set, exit_status)) {
        ota_json_set_free(set);
        return NULL;
    }
    return set;
}
