/* The inputs of validation that are not the plan (SPEC 9): the firmware
 * catalog (a JSON array of packages) and the names already used (one a
 * line).  Every error names its line and column. */
#include "otaplan_json.h"

#include "reader.h"

#include <stdio.h>
#include <string.h>

struct ota_json_catalog {
    json_t *root;
    ota_package *packages;
    uint32_t count;
};

struct ota_json_names {
    char *text;
    const char **names;
    uint32_t count;
};

/* Line and column (1-based, columns in code points, as jansson counts) of
 * byte `offset`. */
static void position_of(const char *text, size_t offset, ota_json_error *error)
{
    error->line = 1;
    error->column = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            error->line++;
            error->column = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            error->column++;
        }
    }
}

/* The byte offset where element `index` of the top-level array starts, by a
 * scan that knows strings and nesting (jansson keeps no positions). */
static size_t element_offset(const char *text, size_t length, size_t index)
{
    size_t depth = 0, element = 0;
    int in_string = 0, starting = 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (starting && depth == 1) {
            if (element == index)
                return i;
            starting = 0;
        }
        if (c == '"')
            in_string = 1;
        else if (c == '[' || c == '{')
            starting = ++depth == 1;
        else if (c == ']' || c == '}')
            depth--;
        else if (c == ',' && depth == 1) {
            element++;
            starting = 1;
        }
    }
    return 0;
}

static int32_t package_error(const char *text, size_t length, size_t index, ota_json_error *error,
                             const char *why)
{
    position_of(text, element_offset(text, length, index), error);
    snprintf(error->text, sizeof error->text, "package %zu: %s", index, why);
    return OTA_ERR_ARGUMENT;
}

static int32_t read_package(json_t *entry, ota_package *package)
{
    if (!json_is_object(entry))
        return 0;
    const char *method = json_string_value(json_object_get(entry, "method"));
    json_t *source = json_object_get(entry, "source_version");
    package->id = json_string_value(json_object_get(entry, "id"));
    package->target_version = json_string_value(json_object_get(entry, "target_version"));
    package->source_version = json_string_value(source);
    package->method = !method                        ? 0
                      : strcmp(method, "full") == 0  ? OTA_METHOD_FULL
                      : strcmp(method, "delta") == 0 ? OTA_METHOD_DELTA
                                                     : 0;
    int source_ok = !source || json_is_null(source) || json_is_string(source);
    return package->id && package->target_version && package->method && source_ok;
}

int32_t ota_json_catalog_read(const char *text, size_t length, ota_json_catalog **out,
                              ota_json_error *error)
{
    if (out)
        *out = NULL;
    if (!text || !out)
        return OTA_ERR_NULL;
    int32_t usable = ota__json_error_usable(error);
    if (usable != OTA_OK)
        return usable;
    json_t *root = NULL;
    int32_t loaded = ota__reader_load(text, length, &root, error);
    if (loaded != OTA_OK)
        return loaded;
    int32_t status = OTA_OK;
    ota_json_catalog *catalog = NULL;
    size_t n = json_is_array(root) ? json_array_size(root) : 0;
    if (!json_is_array(root)) {
        ota__json_error_at(error, 1, 1);
        snprintf(error->text, sizeof error->text, "a catalog is a JSON array of packages");
        status = OTA_ERR_ARGUMENT;
    } else if (n > UINT32_MAX) {
        status = OTA_ERR_NOMEM;
    } else if (!(catalog = ota__json_alloc(sizeof *catalog)) ||
               !(catalog->packages = ota__json_alloc((n ? n : 1) * sizeof *catalog->packages))) {
        status = OTA_ERR_NOMEM;
    }
    for (size_t i = 0; status == OTA_OK && i < n; i++)
        if (!read_package(json_array_get(root, i), &catalog->packages[i]))
            status = package_error(text, length, i, error,
                                   "a package is an object with \"id\", \"method\" (full or "
                                   "delta), \"target_version\" and, for delta, "
                                   "\"source_version\", all strings");
    if (status != OTA_OK) {
        if (catalog)
            ota__json_free(catalog->packages);
        ota__json_free(catalog);
        ota__json_decref(root);
        return status;
    }
    catalog->root = root;
    catalog->count = (uint32_t)n;
    *out = catalog;
    return OTA_OK;
}

const ota_package *ota_json_catalog_packages(const ota_json_catalog *catalog, uint32_t *count)
{
    if (count)
        *count = catalog ? catalog->count : 0;
    return catalog ? catalog->packages : NULL;
}

void ota_json_catalog_free(ota_json_catalog *catalog)
{
    if (!catalog)
        return;
    ota__json_decref(catalog->root);
    ota__json_free(catalog->packages);
    ota__json_free(catalog);
}

int32_t ota_json_names_read(const char *text, size_t length, ota_json_names **out,
                            ota_json_error *error)
{
    if (out)
        *out = NULL;
    if (!text || !out)
        return OTA_ERR_NULL;
    int32_t usable = ota__json_error_usable(error);
    if (usable != OTA_OK)
        return usable;
    ota__json_error_at(error, 0, 0);
    /* A NUL would end a name silently in C: the names after it would be
     * missed by the duplicate check. */
    const char *nul = memchr(text, '\0', length);
    if (nul) {
        position_of(text, (size_t)(nul - text), error);
        snprintf(error->text, sizeof error->text,
                 "a NUL byte; a names file is text, one name a "
                 "line");
        return OTA_ERR_ARGUMENT;
    }
    size_t lines = 1;
    for (size_t i = 0; i < length; i++)
        lines += text[i] == '\n';
    if (lines > UINT32_MAX)
        return OTA_ERR_NOMEM;
    ota__json_begin();
    ota_json_names *names = ota__json_alloc(sizeof *names);
    if (names) {
        names->text = ota__json_alloc(length + 1);
        names->names = ota__json_alloc(lines * sizeof *names->names);
    }
    if (!names || !names->text || !names->names) {
        ota_json_names_free(names);
        return OTA_ERR_NOMEM;
    }
    memcpy(names->text, text, length);
    for (char *line = names->text, *end = names->text + length; line < end;) {
        char *next = memchr(line, '\n', (size_t)(end - line));
        char *stop = next ? next : end;
        *stop = '\0';
        if (stop > line && stop[-1] == '\r')
            stop[-1] = '\0';
        if (*line)
            names->names[names->count++] = line;
        line = stop + 1;
    }
    *out = names;
    return OTA_OK;
}

const char *const *ota_json_names_get(const ota_json_names *names, uint32_t *count)
{
    if (count)
        *count = names ? names->count : 0;
    return names ? names->names : NULL;
}

void ota_json_names_free(ota_json_names *names)
{
    if (!names)
        return;
    ota__json_free(names->text);
    ota__json_free(names->names);
    ota__json_free(names);
}
