"""A device dict straight into the C struct ota_device, with no JSON between:
the single calls' fast path (eligible(), next_push(), explain()).

Like the one-pass reader of fleet lines (lib/json/device_scan.h), it never
refuses anything itself: a dict it does not take whole (an unknown key, a
value of another type, a string with a NUL or a lone surrogate, an integer
beyond what JSON readers take, a state or instant it cannot read) returns
None, and the caller reads the device as JSON (Device), whose answer and
message stand.  So both paths agree wherever this one answers; the
binding's tests check it field by field (tests/python/test_device_struct.py)."""
from ctypes import byref, c_char_p, c_int64

from . import _native as n
from ._native import json_lib

# What a JSON integer may be here: the reader takes int64 (jansson's
# json_int_t) and clamps to int32 (ota__reader_clamp_int32).
_JSON_INT_LIMIT = 2 ** 63


def _clamped(value):
    if value.__class__ is not int or not -_JSON_INT_LIMIT <= value < _JSON_INT_LIMIT:
        raise _NotTaken
    if value > 2 ** 31 - 1:
        return 2 ** 31 - 1
    if value <= -2 ** 31:
        return -2 ** 31 + 1
    return value


def _text(value):
    """UTF-8 bytes of a str, as the JSON text of it would give them to C."""
    if value.__class__ is not str or "\0" in value:
        raise _NotTaken
    try:
        return value.encode("utf-8")  # strict: a lone surrogate is not taken
    except UnicodeEncodeError:
        raise _NotTaken from None


def _instant(value):
    seconds = c_int64()
    if json_lib.ota_json_parse_instant(_text(value), byref(seconds)) != 0:
        raise _NotTaken
    return seconds.value


class _NotTaken(Exception):
    """The dict goes to the JSON reader."""


def _versions(struct, value, keep):
    if value.__class__ is not dict:
        raise _NotTaken
    if not value:
        return  # {} as null: no versions
    array = (n.DeviceVersion * len(value))()
    for slot, (component, version) in zip(array, value.items()):
        slot.component_id, slot.version = _text(component), _text(version)
    keep.append(array)
    struct.versions, struct.version_count = array, len(value)


def _appointment(struct, value, keep):
    if value.__class__ is not dict:
        raise _NotTaken
    for key, field in value.items():
        if key not in ("start", "end"):
            raise _NotTaken
        if field is not None:
            setattr(struct, "appointment_" + key, _instant(field))


def _state(struct, value, keep):
    state = n.DEVICE_STATES.get(value) if value.__class__ is str else None
    if state is None:
        raise _NotTaken
    struct.state = state


def _boolean(name):
    def take(struct, value, keep):
        if value.__class__ is not bool:
            raise _NotTaken
        setattr(struct, name, int(value))
    return take


def _integer(name):
    def take(struct, value, keep):
        setattr(struct, name, _clamped(value))
    return take


def _string(name):
    def take(struct, value, keep):
        setattr(struct, name, _text(value))
    return take


def _state_at(struct, value, keep):
    struct.state_at = _instant(value)


# SPEC 4's fields and how each is taken; null leaves a field to its default.
_FIELDS = {
    "id": _string("id"), "product": _string("product"), "versions": _versions,
    "signal": _integer("signal"), "battery": _integer("battery"),
    "auto_update": _boolean("auto_update"), "state": _state, "state_at": _state_at,
    "appointment": _appointment, "failed_attempts": _integer("failed_attempts"),
}

_DEFAULTS = dict(version=n.DEVICE_STRUCT_VERSION, signal=n.UNSET, battery=n.UNSET,
                 state=n.DEVICE_STATES["idle"], state_at=n.NO_INSTANT,
                 appointment_start=n.NO_INSTANT, appointment_end=n.NO_INSTANT)


def device_struct(document):
    """(ota_device, what it points into) of a dict, or None when the JSON
    reader must read it.  The struct is not checked (ota_device_check): the
    evaluation calls check it, and the caller asks for the message."""
    if document.__class__ is not dict:
        return None
    struct = n.Device(**_DEFAULTS)
    keep = []
    try:
        for key, value in document.items():
            take = _FIELDS.get(key) if key.__class__ is str else None
            if take is None:
                return None
            if value is not None:
                take(struct, value, keep)
    except _NotTaken:
        return None
    return struct, keep


def device_problem(struct):
    """(status, sentence) of ota_device_check() for a struct an evaluation
    refused: what the JSON reader reports for the same device; status OK
    when the device is not what was wrong."""
    why = c_char_p()
    status = n.lib.ota_device_check(byref(struct), byref(why))
    return status, why.value.decode() if why.value else ""

