/* Device JSON (SPEC 4) -> ota_device.  Strict: a key the specification does
 * not name, or a value of the wrong type, makes the device invalid, so that
 * a typo such as "stateAt" cannot silently change an answer. */
#include "names.h"
#include "otaplan_json.h"

#include "arena.h"
#include "device_scan.h"
#include "path.h"
#include "reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ota_json_device_reader {
    device_scan_space scan; /* the last line's strings, when it was scanned */
    json_arena *arena;      /* the last line's tree, when jansson read it */
    ota_device device;
    ota_device_version *versions;
    size_t capacity;
    /* a device in a set (SPEC 14.2) */
    ota_set_device set_device;
    ota_plan_state *states;
    size_t state_capacity;
};

ota_json_device_reader *ota_json_device_reader_new(void)
{
    ota_json_device_reader *reader = ota__json_alloc(sizeof(ota_json_device_reader));
    if (!reader)
        return NULL;
    reader->arena = ota__json_arena_new();
    if (!reader->arena) {
        ota__json_free(reader);
        return NULL;
    }
    return reader;
}

void ota_json_device_reader_free(ota_json_device_reader *reader)
{
    if (!reader)
        return;
    /* The last tree goes with its arena. */
    ota__json_arena_free(reader->arena);
    ota__device_scan_space_free(&reader->scan);
    ota__json_free(reader->versions);
    ota__json_free(reader->states);
    ota__json_free(reader);
}

__attribute__((format(printf, 3, 4))) static int32_t problem(ota_json_error *error, int32_t status,
                                                             const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(error->text, sizeof error->text, format, args);
    va_end(args);
    ota__utf8_cut(error->text);
    return status;
}

static int32_t read_int(json_t *value, const char *field, int32_t *out, ota_json_error *error)
{
    if (!value || json_is_null(value))
        return OTA_OK;
    if (!json_is_integer(value))
        return problem(error, OTA_ERR_INVALID_DEVICE, "%s must be an integer", field);
    *out = ota__reader_clamp_int32(json_integer_value(value));
    return OTA_OK;
}

static int32_t read_instant(json_t *value, const char *field, int64_t *out, ota_json_error *error)
{
    if (!value || json_is_null(value))
        return OTA_OK;
    if (!json_is_string(value) || ota_json_parse_instant(json_string_value(value), out) != 0)
        return problem(error, OTA_ERR_INVALID_DEVICE, "%s must be an RFC 3339 instant", field);
    return OTA_OK;
}

static int32_t read_string(json_t *value, const char *field, const char **out,
                           ota_json_error *error)
{
    if (!value || json_is_null(value))
        return OTA_OK;
    if (!json_is_string(value))
        return problem(error, OTA_ERR_INVALID_DEVICE, "%s must be a string", field);
    *out = json_string_value(value);
    return OTA_OK;
}

static int32_t read_versions(ota_json_device_reader *r, json_t *value, ota_json_error *error)
{
    if (!value || json_is_null(value))
        return OTA_OK;
    if (!json_is_object(value))
        return problem(error, OTA_ERR_INVALID_DEVICE,
                       "%s must be an object of component to version", "versions");
    size_t n = json_object_size(value);
    if (n > r->capacity) {
        ota_device_version *grown =
            ota__json_grow(r->versions, r->capacity * sizeof *grown, n * sizeof *grown);
        if (!grown)
            return OTA_ERR_NOMEM;
        r->versions = grown;
        r->capacity = n;
    }
    const char *key;
    json_t *version;
    size_t i = 0;
    json_object_foreach(value, key, version)
    {
        if (!json_is_string(version))
            return problem(error, OTA_ERR_INVALID_DEVICE, "versions[\"%s\"] must be a string", key);
        r->versions[i++] = (ota_device_version){key, json_string_value(version)};
    }
    r->device.versions = r->versions;
    r->device.version_count = (uint32_t)n;
    return OTA_OK;
}

static int32_t read_state(json_t *value, int32_t *out, ota_json_error *error)
{
    const char *text = NULL;
    int32_t status = read_string(value, "state", &text, error);
    if (status != OTA_OK || !text)
        return status;
    int state = ota__name_index(ota__device_state_names, text, strlen(text));
    if (state < 0)
        return problem(error, OTA_ERR_INVALID_DEVICE, "state \"%s\" is not a device state", text);
    *out = state;
    return OTA_OK;
}

static int32_t read_appointment(json_t *value, ota_device *d, ota_json_error *error)
{
    if (!value || json_is_null(value))
        return OTA_OK;
    if (!json_is_object(value))
        return problem(error, OTA_ERR_INVALID_DEVICE, "%s must be an object {start, end}",
                       "appointment");
    const char *key;
    json_t *ignored;
    json_object_foreach(value, key, ignored)
    {
        if (strcmp(key, "start") != 0 && strcmp(key, "end") != 0)
            return problem(error, OTA_ERR_INVALID_DEVICE, "appointment has no field \"%s\"", key);
    }
    int32_t status = read_instant(json_object_get(value, "start"), "appointment.start",
                                  &d->appointment_start, error);
    if (status == OTA_OK)
        status = read_instant(json_object_get(value, "end"), "appointment.end", &d->appointment_end,
                              error);
    return status;
}

/* One entry of "plans": the fields of SPEC 4 a state is made of. */
static int32_t read_plan_state(json_t *value, const char *name, ota_device *view,
                               ota_json_error *error)
{
    if (!json_is_object(value))
        return problem(error, OTA_ERR_INVALID_DEVICE,
                       "plans[\"%s\"] must be an object {state, state_at, appointment, "
                       "failed_attempts}",
                       name);
    const char *key;
    json_t *field;
    json_object_foreach(value, key, field)
    {
        if (strcmp(key, "state") != 0 && strcmp(key, "state_at") != 0 &&
            strcmp(key, "appointment") != 0 && strcmp(key, "failed_attempts") != 0)
            return problem(error, OTA_ERR_INVALID_DEVICE, "plans[\"%s\"] has no field \"%s\"", name,
                           key);
    }
    int32_t status = read_state(json_object_get(value, "state"), &view->state, error);
    if (status == OTA_OK)
        status =
            read_instant(json_object_get(value, "state_at"), "state_at", &view->state_at, error);
    if (status == OTA_OK)
        status = read_appointment(json_object_get(value, "appointment"), view, error);
    if (status == OTA_OK)
        status = read_int(json_object_get(value, "failed_attempts"), "failed_attempts",
                          &view->failed_attempts, error);
    const char *why = NULL;
    if (status == OTA_OK && ota_device_check(view, &why) != OTA_OK)
        status = problem(error, ota_device_check(view, NULL), "plans[\"%s\"]: %s", name, why);
    return status;
}

/* SPEC 14.2: the device's state per plan, keyed by names compared as a
 * set's names are; a name the set does not have is ignored, two keys of
 * one plan make the line bad.  Sorted by plan, as ota_set_device wants. */
static int32_t read_plan_states(ota_json_device_reader *r, json_t *plans, const ota_plan_set *set,
                                ota_json_error *error)
{
    r->set_device.state_count = 0;
    if (!plans || json_is_null(plans))
        return OTA_OK;
    if (!json_is_object(plans))
        return problem(error, OTA_ERR_INVALID_DEVICE,
                       "plans must be an object of plan name to the device's state in it");
    size_t n = json_object_size(plans);
    if (n > r->state_capacity) {
        ota_plan_state *grown =
            ota__json_grow(r->states, r->state_capacity * sizeof *grown, n * sizeof *grown);
        if (!grown)
            return OTA_ERR_NOMEM;
        r->states = grown;
        r->state_capacity = n;
    }
    const char *key;
    json_t *value;
    uint32_t count = 0;
    json_object_foreach(plans, key, value)
    {
        uint32_t index;
        int32_t found = ota_plan_set_find(set, key, &index);
        if (found == OTA_NO_MORE)
            continue;
        if (found != OTA_OK)
            return found;
        /* The state is checked on its own: the device's own fields are
         * checked once, for the whole line. */
        ota_device view = OTA_DEVICE_INIT;
        view.id = view.product = "-";
        int32_t status = read_plan_state(value, key, &view, error);
        if (status != OTA_OK)
            return status;
        ota_plan_state state = {.plan = index,
                                .state = view.state,
                                .state_at = view.state_at,
                                .appointment_start = view.appointment_start,
                                .appointment_end = view.appointment_end,
                                .failed_attempts = view.failed_attempts};
        uint32_t at = count++;
        while (at > 0 && r->states[at - 1].plan > index) {
            r->states[at] = r->states[at - 1];
            at--;
        }
        if (at > 0 && r->states[at - 1].plan == index)
            return problem(error, OTA_ERR_INVALID_DEVICE,
                           "plans names the plan \"%s\" twice (names are compared trimmed and "
                           "NFC-normalised)",
                           ota_compiled_plan_name(ota_plan_set_plan(set, index)));
        r->states[at] = state;
    }
    r->set_device.states = r->states;
    r->set_device.state_count = count;
    return OTA_OK;
}

static int is_state_key(const char *key)
{
    return strcmp(key, "state") == 0 || strcmp(key, "state_at") == 0 ||
           strcmp(key, "appointment") == 0 || strcmp(key, "failed_attempts") == 0;
}

/* The keys of SPEC 4, or in a set those of 14.2: no state of the device's
 * own, its state per plan under "plans". */
static int32_t check_keys(json_t *o, const ota_plan_set *set, ota_json_error *error)
{
    static const char *const own[] = {"id",      "product",     "versions", "signal",
                                      "battery", "auto_update", NULL};
    const char *key;
    json_t *value;
    json_object_foreach(o, key, value)
    {
        int found = 0;
        for (size_t i = 0; own[i] && !found; i++)
            found = strcmp(key, own[i]) == 0;
        if (found)
            continue;
        if (set && strcmp(key, "plans") == 0)
            continue;
        if (!set && is_state_key(key))
            continue;
        if (set && is_state_key(key))
            return problem(error, OTA_ERR_INVALID_DEVICE,
                           "a device in a plan set has no \"%s\" of its own: its state in each "
                           "plan goes under \"plans\": {\"<plan name>\": {\"%s\": ...}}",
                           key, key);
        return problem(error, OTA_ERR_INVALID_DEVICE, "a device has no field \"%s\"", key);
    }
    return OTA_OK;
}

static int32_t read_device(ota_json_device_reader *r, json_t *o, const ota_plan_set *set,
                           ota_json_error *error)
{
    int32_t checked_keys = check_keys(o, set, error);
    if (checked_keys != OTA_OK)
        return checked_keys;
    ota_device *d = &r->device;
    int32_t status = read_string(json_object_get(o, "id"), "id", &d->id, error);
    if (status == OTA_OK)
        status = read_string(json_object_get(o, "product"), "product", &d->product, error);
    if (status == OTA_OK)
        status = read_versions(r, json_object_get(o, "versions"), error);
    if (status == OTA_OK)
        status = read_int(json_object_get(o, "signal"), "signal", &d->signal, error);
    if (status == OTA_OK)
        status = read_int(json_object_get(o, "battery"), "battery", &d->battery, error);
    json_t *auto_update = json_object_get(o, "auto_update");
    if (status == OTA_OK && auto_update && !json_is_null(auto_update)) {
        if (json_is_boolean(auto_update))
            d->auto_update = json_is_true(auto_update);
        else
            status =
                problem(error, OTA_ERR_INVALID_DEVICE, "%s must be true or false", "auto_update");
    }
    if (status == OTA_OK)
        status = read_state(json_object_get(o, "state"), &d->state, error);
    if (status == OTA_OK)
        status = read_instant(json_object_get(o, "state_at"), "state_at", &d->state_at, error);
    if (status == OTA_OK)
        status = read_appointment(json_object_get(o, "appointment"), d, error);
    if (status == OTA_OK)
        status = read_int(json_object_get(o, "failed_attempts"), "failed_attempts",
                          &d->failed_attempts, error);
    if (status == OTA_OK && set)
        status = read_plan_states(r, json_object_get(o, "plans"), set, error);
    return status;
}

static int32_t device_of_value(ota_json_device_reader *reader, json_t *value,
                               const ota_device **device, ota_json_error *error);
static int32_t checked(ota_json_device_reader *reader, const ota_device **device,
                       ota_json_error *error);

int32_t ota_json_device_read(ota_json_device_reader *reader, const char *text, size_t length,
                             const ota_device **device, ota_json_error *error)
{
    if (!reader || !text || !device)
        return OTA_ERR_NULL;
    int32_t usable = ota__json_error_usable(error);
    if (usable != OTA_OK)
        return usable;
    size_t offset = 0;
    return ota__device_read(reader, text, length, &offset, 0, device, error);
}

int32_t ota__device_read(ota_json_device_reader *reader, const char *text, size_t length,
                         size_t *offset, int next, const ota_device **device, ota_json_error *error)
{
    *device = NULL;
    if (ota__device_scan(&reader->scan, text, length, offset, !next, &reader->device)) {
        ota__json_arena_reset(reader->arena); /* a tree of an earlier line */
        ota__json_error_at(error, 0, 0);
        return checked(reader, device, error);
    }
    return ota__device_read_jansson(reader, text, length, offset, next, device, error);
}

int32_t ota__device_read_jansson(ota_json_device_reader *reader, const char *text, size_t length,
                                 size_t *offset, int next, const ota_device **device,
                                 ota_json_error *error)
{
    *device = NULL;
    /* The previous line's tree is dropped with the arena's reset. */
    ota__json_arena_enter(reader->arena);
    json_t *root = NULL;
    int32_t status = next ? ota__reader_load_next(text, length, offset, &root, error)
                          : ota__reader_load(text, length, &root, error);
    if (status == OTA_OK)
        status = device_of_value(reader, root, device, error);
    ota__json_arena_leave();
    return status;
}

/* The device of a JSON object of jansson's tree: alone (set NULL) or in
 * `set`, read and checked. */
static int32_t device_of_object(ota_json_device_reader *reader, json_t *object,
                                const ota_plan_set *set, const ota_device **device,
                                ota_json_error *error)
{
    ota_device_init(&reader->device, OTA_DEVICE_STRUCT_VERSION);
    int32_t status = read_device(reader, object, set, error);
    if (ota__json_failed())
        return OTA_ERR_NOMEM;
    if (status != OTA_OK)
        return status;
    return checked(reader, device, error);
}

static int32_t device_of_value(ota_json_device_reader *reader, json_t *value,
                               const ota_device **device, ota_json_error *error)
{
    *device = NULL;
    if (!json_is_object(value)) {
        error->line = error->column = 1; /* as the plan reader says it */
        return problem(error, OTA_ERR_ARGUMENT, "%s", "a device must be a JSON object");
    }
    return device_of_object(reader, value, NULL, device, error);
}

static int32_t checked(ota_json_device_reader *reader, const ota_device **device,
                       ota_json_error *error)
{
    const char *why = NULL;
    int32_t status = ota_device_check(&reader->device, &why);
    if (status != OTA_OK)
        return problem(error, status, "%s", why);
    *device = &reader->device;
    return OTA_OK;
}

int32_t ota_json_set_device_read(ota_json_device_reader *reader, const ota_plan_set *set,
                                 const char *text, size_t length, const ota_set_device **device,
                                 ota_json_error *error)
{
    if (device)
        *device = NULL;
    if (!reader || !set || !text || !device)
        return OTA_ERR_NULL;
    int32_t usable = ota__json_error_usable(error);
    if (usable != OTA_OK)
        return usable;
    ota_set_device_init(&reader->set_device, OTA_SET_DEVICE_VERSION);
    reader->set_device.device = &reader->device;
    const ota_device *own = NULL;
    int32_t status;
    if (ota__device_scan_in_set(&reader->scan, text, length, &reader->device)) {
        ota__json_arena_reset(reader->arena); /* a tree of an earlier line */
        ota__json_error_at(error, 0, 0);
        status = checked(reader, &own, error);
    } else {
        ota__json_arena_enter(reader->arena);
        json_t *root = NULL;
        status = ota__reader_load(text, length, &root, error);
        if (status == OTA_OK && !json_is_object(root)) {
            error->line = error->column = 1;
            status = problem(error, OTA_ERR_ARGUMENT, "%s", "a device must be a JSON object");
        }
        if (status == OTA_OK)
            status = device_of_object(reader, root, set, &own, error);
        ota__json_arena_leave();
    }
    if (status == OTA_OK)
        *device = &reader->set_device;
    return status;
}

json_arena *ota__device_reader_arena(ota_json_device_reader *reader)
{
    return reader->arena;
}

int32_t ota__device_of_member(ota_json_device_reader *reader, json_t *value,
                              const ota_plan_set *set, const ota_device **device,
                              const ota_set_device **set_device, ota_json_error *error)
{
    *device = NULL;
    if (set_device)
        *set_device = NULL;
    if (!json_is_object(value))
        return problem(error, OTA_ERR_INVALID_DEVICE, "%s", "a device must be a JSON object");
    ota_set_device_init(&reader->set_device, OTA_SET_DEVICE_VERSION);
    reader->set_device.device = &reader->device;
    int32_t status = device_of_object(reader, value, set, device, error);
    if (status == OTA_OK && set && set_device)
        *set_device = &reader->set_device;
    return status;
}
