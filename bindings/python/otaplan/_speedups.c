/* otaplan._speedups: eligible(), next_push() and a set's select() of one
 * device dict in about a microsecond.  The dict goes straight into an ota_device on the stack
 * and the answer comes back as a tuple of ints, which the binding turns
 * into its objects (api.py).
 *
 * It takes a device by the rules of the ctypes path (_device_struct.py):
 * anything it does not take whole returns None and the binding reads the
 * device the slow way, whose answer and message stand.  It does not link
 * libotaplan: the binding hands it the addresses of the functions of the
 * one libotaplan it loaded (configure()), so a compiled plan is always
 * evaluated by the library that compiled it.  The GIL is held throughout:
 * the strings the device points into belong to the dict, which no other
 * thread can change meanwhile, and the C call is shorter than a release. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "otaplan.h"

#include <string.h>

/* Devices with more versions, or (in a set) more plan states, or
 * selections with more other candidates, go the slow way. */
#define MAX_VERSIONS 16
#define MAX_STATES   16
#define MAX_OTHERS   64

typedef int32_t (*eligible_fn)(const ota_compiled_plan *, const ota_device *, int64_t,
                               ota_eligibility *);
typedef int32_t (*next_push_fn)(const ota_compiled_plan *, const ota_device *, int64_t,
                                const ota_eval_options *, ota_push_result *);
typedef int (*parse_instant_fn)(const char *, int64_t *);
typedef int32_t (*set_find_fn)(const ota_plan_set *, const char *, uint32_t *);
typedef int32_t (*set_select_fn)(const ota_plan_set *, const ota_set_device *, int64_t,
                                 const ota_eval_options *, ota_selection *);
typedef int32_t (*device_check_fn)(const ota_device *, const char **);

static struct {
    eligible_fn eligible;
    next_push_fn next_push;
    parse_instant_fn parse_instant;
    set_find_fn set_find;
    set_select_fn set_select;
    device_check_fn device_check;
    PyObject *states; /* SPEC 4's state names to OTA_DEVICE_* */
} api;

/* What a device dict is read into: the struct and its versions. */
typedef struct device_space {
    ota_device device;
    ota_device_version versions[MAX_VERSIONS];
} device_space;

/* 1 and the UTF-8 bytes of an exact str without NUL, as a JSON string of
 * it would reach C; 0 for anything else (with no Python error left). */
static int take_text(PyObject *value, const char **out)
{
    if (!PyUnicode_CheckExact(value))
        return 0;
    Py_ssize_t length;
    const char *text = PyUnicode_AsUTF8AndSize(value, &length);
    if (!text) {
        PyErr_Clear(); /* a lone surrogate: the JSON reader says why */
        return 0;
    }
    if (strlen(text) != (size_t)length)
        return 0;
    *out = text;
    return 1;
}

/* An exact int as a JSON reader takes it (int64) and clamps it to int32
 * (ota__reader_clamp_int32). */
static int take_integer(PyObject *value, int32_t *out)
{
    if (!PyLong_CheckExact(value))
        return 0;
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow || (v == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    *out = v > INT32_MAX ? INT32_MAX : v <= INT32_MIN ? INT32_MIN + 1 : (int32_t)v;
    return 1;
}

static int take_instant(PyObject *value, int64_t *out)
{
    const char *text;
    return take_text(value, &text) && api.parse_instant(text, out) == 0;
}

static int take_versions(PyObject *value, device_space *space)
{
    if (!PyDict_CheckExact(value) || PyDict_GET_SIZE(value) > MAX_VERSIONS)
        return 0;
    Py_ssize_t position = 0;
    PyObject *component, *version;
    uint32_t count = 0;
    while (PyDict_Next(value, &position, &component, &version)) {
        ota_device_version *slot = &space->versions[count++];
        if (!take_text(component, &slot->component_id) || !take_text(version, &slot->version))
            return 0;
    }
    /* {} as null: no versions. */
    if (count) {
        space->device.versions = space->versions;
        space->device.version_count = count;
    }
    return 1;
}

static int take_appointment(PyObject *value, ota_device *device)
{
    if (!PyDict_CheckExact(value))
        return 0;
    Py_ssize_t position = 0;
    PyObject *key, *instant;
    while (PyDict_Next(value, &position, &key, &instant)) {
        const char *name;
        if (!take_text(key, &name))
            return 0;
        int64_t *field = strcmp(name, "start") == 0 ? &device->appointment_start
                         : strcmp(name, "end") == 0 ? &device->appointment_end
                                                    : NULL;
        if (!field || (instant != Py_None && !take_instant(instant, field)))
            return 0;
    }
    return 1;
}

static int take_state(PyObject *value, int32_t *out)
{
    if (!PyUnicode_CheckExact(value))
        return 0;
    PyObject *state = PyDict_GetItemWithError(api.states, value);
    if (!state) {
        PyErr_Clear();
        return 0;
    }
    *out = (int32_t)PyLong_AsLong(state);
    return 1;
}

static int take_field(const char *key, PyObject *value, device_space *space)
{
    ota_device *d = &space->device;
    switch (key[0]) {
    case 'i': return strcmp(key, "id") == 0 && take_text(value, &d->id);
    case 'p': return strcmp(key, "product") == 0 && take_text(value, &d->product);
    case 'v': return strcmp(key, "versions") == 0 && take_versions(value, space);
    case 'b': return strcmp(key, "battery") == 0 && take_integer(value, &d->battery);
    case 'f':
        return strcmp(key, "failed_attempts") == 0 && take_integer(value, &d->failed_attempts);
    case 'a':
        if (strcmp(key, "auto_update") == 0) {
            if (value != Py_True && value != Py_False)
                return 0;
            d->auto_update = value == Py_True;
            return 1;
        }
        return strcmp(key, "appointment") == 0 && take_appointment(value, d);
    case 's':
        if (strcmp(key, "signal") == 0)
            return take_integer(value, &d->signal);
        if (strcmp(key, "state") == 0)
            return take_state(value, &d->state);
        return strcmp(key, "state_at") == 0 && take_instant(value, &d->state_at);
    default: return 0;
    }
}

/* null leaves a field to its default; a key that is no field is refused
 * by the reader, null or not. */
static int is_field(const char *key)
{
    static const char *const fields[] = {"id",          "product",        "versions", "signal",
                                         "battery",     "auto_update",    "state",    "state_at",
                                         "appointment", "failed_attempts"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(key, fields[i]) == 0)
            return 1;
    return 0;
}

/* 1 when the dict is taken whole into space->device (not yet checked:
 * the evaluation checks it). */
static int take_device(PyObject *dict, device_space *space)
{
    space->device = (ota_device)OTA_DEVICE_INIT;
    Py_ssize_t position = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &position, &key, &value)) {
        const char *name;
        if (!take_text(key, &name))
            return 0;
        if (value == Py_None ? !is_field(name) : !take_field(name, value, space))
            return 0;
    }
    return 1;
}

static int parse_call(PyObject *const *args, Py_ssize_t count, Py_ssize_t expected,
                      const ota_compiled_plan **plan, int64_t *at)
{
    if (!api.eligible) {
        PyErr_SetString(PyExc_RuntimeError, "otaplan._speedups is not configured");
        return 0;
    }
    if (count != expected) {
        PyErr_Format(PyExc_TypeError, "%zd arguments expected", expected);
        return 0;
    }
    *plan = PyLong_AsVoidPtr(args[0]);
    if (!*plan) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "no compiled plan");
        return 0;
    }
    *at = PyLong_AsLongLong(args[2]);
    return !(*at == -1 && PyErr_Occurred());
}

static PyObject *component_reasons(const ota_eligibility *result)
{
    PyObject *components = PyTuple_New(result->component_count);
    if (!components)
        return NULL;
    for (uint32_t i = 0; i < result->component_count; i++) {
        const ota_component_result *c = &result->components[i];
        PyObject *reason = PyLong_FromLong(c->applies ? -1 : c->reason);
        if (!reason) {
            Py_DECREF(components);
            return NULL;
        }
        PyTuple_SET_ITEM(components, i, reason);
    }
    return components;
}

/* eligible(plan, device, at): None when the device is not taken, else
 * (status, reason, kind, components), each component its reason or -1
 * when it applies. */
static PyObject *eligible(PyObject *self, PyObject *const *args, Py_ssize_t count)
{
    (void)self;
    const ota_compiled_plan *plan;
    int64_t at;
    if (!parse_call(args, count, 3, &plan, &at))
        return NULL;
    device_space space;
    if (!PyDict_CheckExact(args[1]) || !take_device(args[1], &space))
        Py_RETURN_NONE;
    ota_eligibility result = OTA_ELIGIBILITY_INIT;
    int32_t status = api.eligible(plan, &space.device, at, &result);
    if (status != OTA_OK)
        return Py_BuildValue("(iiiO)", status, 0, 0, Py_None);
    PyObject *components = component_reasons(&result);
    if (!components)
        return NULL;
    return Py_BuildValue("(iiiN)", status, result.reason, result.kind, components);
}

/* next_push(plan, device, at, tick): None when the device is not taken,
 * else (status, push status, reason, at).  The tick was checked. */
static PyObject *next_push(PyObject *self, PyObject *const *args, Py_ssize_t count)
{
    (void)self;
    const ota_compiled_plan *plan;
    int64_t at;
    if (!parse_call(args, count, 4, &plan, &at))
        return NULL;
    ota_eval_options options = OTA_EVAL_OPTIONS_INIT;
    long tick = PyLong_AsLong(args[3]);
    if (tick == -1 && PyErr_Occurred())
        return NULL;
    options.tick_minutes = (int32_t)tick;
    device_space space;
    if (!PyDict_CheckExact(args[1]) || !take_device(args[1], &space))
        Py_RETURN_NONE;
    ota_push_result result = OTA_PUSH_RESULT_INIT;
    int32_t status = api.next_push(plan, &space.device, at, &options, &result);
    return Py_BuildValue("(iiiL)", status, result.status, result.reason, (long long)result.at);
}

/* A set's device: its own fields and its state per plan, sorted by plan. */
typedef struct set_space {
    device_space own;
    ota_plan_state states[MAX_STATES];
    ota_set_device device;
} set_space;

static int is_state_field(const char *key)
{
    return strcmp(key, "state") == 0 || strcmp(key, "state_at") == 0 ||
           strcmp(key, "appointment") == 0 || strcmp(key, "failed_attempts") == 0;
}

/* One entry of "plans", as the set's reader takes it: an object of state
 * fields, checked alone (ota_device_check on a view holding the state). */
static int take_plan_state(PyObject *value, ota_device *view)
{
    if (!PyDict_CheckExact(value))
        return 0;
    device_space space;
    space.device = (ota_device)OTA_DEVICE_INIT;
    Py_ssize_t position = 0;
    PyObject *key, *field;
    while (PyDict_Next(value, &position, &key, &field)) {
        const char *name;
        if (!take_text(key, &name) || !is_state_field(name))
            return 0;
        if (field != Py_None && !take_field(name, field, &space))
            return 0;
    }
    *view = space.device;
    view->id = view->product = "-";
    return api.device_check(view, NULL) == OTA_OK;
}

/* "plans": names looked up as the reader looks them up (a name not in the
 * set dropped), two names of one plan left to the reader. */
static int take_plan_states(PyObject *plans, const ota_plan_set *set, set_space *space)
{
    if (plans == Py_None)
        return 1;
    if (!PyDict_CheckExact(plans))
        return 0;
    Py_ssize_t position = 0;
    PyObject *key, *value;
    uint32_t count = 0;
    while (PyDict_Next(plans, &position, &key, &value)) {
        const char *name;
        uint32_t index;
        if (!take_text(key, &name))
            return 0;
        int32_t found = api.set_find(set, name, &index);
        /* The reader drops a name not in the set unread, but its value must
         * still be JSON it can read (an int beyond int64 is not): one that
         * is a state it could read is taken, anything else goes to it. */
        ota_device view;
        if (found == OTA_NO_MORE && take_plan_state(value, &view))
            continue;
        if (found != OTA_OK || count == MAX_STATES || !take_plan_state(value, &view))
            return 0;
        uint32_t at = count++;
        while (at > 0 && space->states[at - 1].plan > index) {
            space->states[at] = space->states[at - 1];
            at--;
        }
        if (at > 0 && space->states[at - 1].plan == index)
            return 0;
        space->states[at] = (ota_plan_state){.plan = index,
                                             .state = view.state,
                                             .state_at = view.state_at,
                                             .appointment_start = view.appointment_start,
                                             .appointment_end = view.appointment_end,
                                             .failed_attempts = view.failed_attempts};
    }
    space->device.states = count ? space->states : NULL;
    space->device.state_count = count;
    return 1;
}

/* 1 when the dict is taken whole: no state of its own (the reader says
 * where it goes), its own fields, and "plans". */
static int take_set_device(PyObject *dict, const ota_plan_set *set, set_space *space)
{
    space->own.device = (ota_device)OTA_DEVICE_INIT;
    space->device = (ota_set_device)OTA_SET_DEVICE_INIT;
    space->device.device = &space->own.device;
    Py_ssize_t position = 0;
    PyObject *key, *value, *plans = Py_None;
    while (PyDict_Next(dict, &position, &key, &value)) {
        const char *name;
        if (!take_text(key, &name) || is_state_field(name))
            return 0;
        if (strcmp(name, "plans") == 0)
            plans = value;
        else if (value == Py_None ? !is_field(name) : !take_field(name, value, &space->own))
            return 0;
    }
    return take_plan_states(plans, set, space);
}

/* select(set, device, at, tick): None when the device is not taken (or has
 * more other candidates than this keeps room for), else (status, plan,
 * reason, kind, components, push status, push reason, push at, others),
 * others a tuple of (plan, reason, outranked_by).  The tick was checked. */
static PyObject *select_plan(PyObject *self, PyObject *const *args, Py_ssize_t count)
{
    (void)self;
    if (!api.set_select) {
        PyErr_SetString(PyExc_RuntimeError, "otaplan._speedups is not configured");
        return NULL;
    }
    if (count != 4) {
        PyErr_SetString(PyExc_TypeError, "4 arguments expected");
        return NULL;
    }
    const ota_plan_set *set = PyLong_AsVoidPtr(args[0]);
    if (!set) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "no plan set");
        return NULL;
    }
    long long at = PyLong_AsLongLong(args[2]);
    long tick = at == -1 && PyErr_Occurred() ? -1 : PyLong_AsLong(args[3]);
    if (PyErr_Occurred())
        return NULL;
    ota_eval_options options = OTA_EVAL_OPTIONS_INIT;
    options.tick_minutes = (int32_t)tick;
    set_space space;
    if (!PyDict_CheckExact(args[1]) || !take_set_device(args[1], set, &space))
        Py_RETURN_NONE;
    ota_candidate others[MAX_OTHERS];
    ota_selection result = OTA_SELECTION_INIT;
    result.others = others;
    result.other_capacity = MAX_OTHERS;
    int32_t status = api.set_select(set, &space.device, at, &options, &result);
    if (status != OTA_OK)
        return Py_BuildValue("(iiiiOiiLO)", status, -1, 0, 0, Py_None, 0, 0, 0LL, Py_None);
    /* Every candidate but the governing plan is another. */
    if (result.candidate_count - (result.plan >= 0 ? 1u : 0u) > result.other_count)
        Py_RETURN_NONE;
    PyObject *listed = PyTuple_New(result.other_count);
    if (!listed)
        return NULL;
    for (uint32_t i = 0; i < result.other_count; i++) {
        PyObject *other =
            Py_BuildValue("(iii)", (int)others[i].plan, others[i].reason, others[i].outranked_by);
        if (!other) {
            Py_DECREF(listed);
            return NULL;
        }
        PyTuple_SET_ITEM(listed, i, other);
    }
    PyObject *components = component_reasons(&result.eligibility);
    if (!components) {
        Py_DECREF(listed);
        return NULL;
    }
    return Py_BuildValue("(iiiiNiiLN)", status, result.plan, result.eligibility.reason,
                         result.eligibility.kind, components, result.push.status,
                         result.push.reason, (long long)result.push.at, listed);
}

static void *address(PyObject *value)
{
    void *pointer = PyLong_AsVoidPtr(value);
    if (!pointer && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "a null function address");
    return pointer;
}

/* configure(library version number, eligible, next_push, parse_instant,
 * states, set_find, set_select, device_check): the addresses of
 * ota_device_eligible, ota_next_push_time, ota_json_parse_instant, the dict
 * of state names, and of ota_plan_set_find, ota_plan_set_select and
 * ota_device_check. */
static PyObject *configure(PyObject *self, PyObject *const *args, Py_ssize_t count)
{
    (void)self;
    if (count != 8 || !PyDict_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "configure(library_version, eligible, next_push, "
                                         "parse_instant, states, set_find, set_select, "
                                         "device_check)");
        return NULL;
    }
    long library = PyLong_AsLong(args[0]);
    if (library == -1 && PyErr_Occurred())
        return NULL;
    /* The structs it fills are those of this release's header. */
    if (library / 100 != OTA_VERSION_NUMBER / 100) {
        PyErr_Format(PyExc_ImportError, "otaplan._speedups was built for libotaplan %s, not %ld",
                     OTA_VERSION_STRING, library);
        return NULL;
    }
    eligible_fn e = (eligible_fn)address(args[1]);
    next_push_fn p = e ? (next_push_fn)address(args[2]) : NULL;
    parse_instant_fn i = p ? (parse_instant_fn)address(args[3]) : NULL;
    set_find_fn f = i ? (set_find_fn)address(args[5]) : NULL;
    set_select_fn s = f ? (set_select_fn)address(args[6]) : NULL;
    device_check_fn c = s ? (device_check_fn)address(args[7]) : NULL;
    if (!c)
        return NULL;
    Py_INCREF(args[4]);
    Py_XSETREF(api.states, args[4]);
    api.next_push = p;
    api.parse_instant = i;
    api.set_find = f;
    api.device_check = c;
    api.set_select = s;
    api.eligible = e;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL, NULL},
    {"eligible", (PyCFunction)(void (*)(void))eligible, METH_FASTCALL, NULL},
    {"next_push", (PyCFunction)(void (*)(void))next_push, METH_FASTCALL, NULL},
    {"select", (PyCFunction)(void (*)(void))select_plan, METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "otaplan._speedups",
    "eligible(), next_push() and select() of a device dict without JSON (see api.py)",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC PyInit__speedups(void);
PyMODINIT_FUNC PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
