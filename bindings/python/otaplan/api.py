"""Pythonic classes over the C interface: Plan, CompiledPlan, Device.

A plan or a device is handed to libotaplan-json as JSON text (a dict is
serialised with json.dumps when the object is made), so that Python and the
`otaplan` program read every document the same way and report the same
diagnostics for it."""
from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import json
import struct
import threading
from ctypes import POINTER, byref, c_char_p, c_int64, c_size_t, c_uint32, c_void_p

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _native as n
from ._device_struct import device_problem, device_struct
from ._fast import speedups
from ._native import json_lib, lib
from .answers import ComponentAnswer, Diagnostic, Eligibility, Push
from .explanation import Explanation

__all__ = ["OtaplanError", "Diagnostic", "Plan", "CompiledPlan", "Device", "Eligibility",
           "ComponentAnswer", "Push", "Explanation", "version", "tzdata_version",
           "tzdata_source", "bucket"]


# An instant: seconds since 1970 (int), an aware datetime, or an RFC 3339
# string as `otaplan --now` takes it.
Instant = Union[int, _dt.datetime, str]

INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1


class OtaplanError(Exception):
    """A status code of the library (OTA_ERR_*) with its message; for an
    invalid plan, `diagnostics` holds every problem."""

    def __init__(self, code, message, diagnostics=()):
        super().__init__(f"{message} (status {code})")
        self.code = code
        self.message = message
        self.diagnostics = list(diagnostics)


def _strerror(status):
    return lib.ota_strerror(status).decode()


_REASON_NAMES = {}


def _reason_name(reason):
    """ota_reason_name(), decoded once a reason."""
    name = _REASON_NAMES.get(reason)
    if name is None:
        name = _REASON_NAMES[reason] = lib.ota_reason_name(reason).decode()
    return name


def _raise_if_invalid(struct):
    """A device struct's fault as the JSON reader reports it."""
    status, problem = device_problem(struct)
    if status != n.OK:
        raise OtaplanError(status, problem)


def _checked(status, struct):
    """_check() of a call on a device struct (None: a Device), which the
    call checked: its fault is raised as Device() raises it."""
    if status != n.OK:
        if struct is not None:
            _raise_if_invalid(struct)
        _check(status)


def _check(status):
    if status != n.OK:
        raise OtaplanError(status, _strerror(status))


def version() -> str:
    return lib.ota_version_string().decode()


def tzdata_version() -> str:
    return lib.ota_tzdata_version().decode()


def bucket(salt: Optional[str], device_id: str) -> Tuple[int, int]:
    """SPEC 11.1: (bucket, position) of a device ID under a salt, each
    XXH64(salt ":" id) mod 10000 with seed 0 and 1."""
    if not isinstance(salt, str) or not isinstance(device_id, str):
        raise TypeError("the salt and the device ID are strings")
    if "\0" in salt or "\0" in device_id:
        raise ValueError("a NUL character cannot be hashed through the C interface")
    b, p = n.c_int32(), n.c_int32()
    _check(lib.ota_rollout_bucket(salt.encode("utf-8", "surrogatepass"),
                                  device_id.encode("utf-8", "surrogatepass"), byref(b), byref(p)))
    return b.value, p.value


_ORDERS = {"semver": 1, "natural": 2}


def compare_versions(order: str, a: str, b: str) -> int:
    """SPEC 13.1: -1, 0 or 1 as version `a` is below, equal to or above `b`
    in `order` ("semver" or "natural").  ValueError for another order or a
    version that is no token of it ("2.4" is no semver)."""
    if order not in _ORDERS:
        raise ValueError(f"the order is 'semver' or 'natural', not {order!r}")
    if not isinstance(a, str) or not isinstance(b, str):
        raise TypeError("versions are strings")
    result = n.c_int32()
    status = lib.ota_version_compare(_ORDERS[order], a.encode("utf-8", "surrogatepass"),
                                     b.encode("utf-8", "surrogatepass"), byref(result))
    if status == n.ERR_ARGUMENT:
        raise ValueError(f"{a!r} or {b!r} is not a {order} version")
    _check(status)
    return result.value


def tzdata_source() -> Tuple[str, str]:
    """(where, folder): where the time-zone data in use comes from (the
    operator's ICU_TIMEZONE_FILES_DIR, otaplan-tzdata resources, or ICU's
    built-in data) and its folder ("" for the built-in data)."""
    return n.TZDATA_SOURCES.get(n.tzdata_source, "ICU's built-in data"), n.tzdata_dir


def _system_tzdata_version():
    """The operating system's tz database version, for tzdata_stale (read by
    libotaplan-json, as `otaplan validate` reads it)."""
    buffer = n.ctypes.create_string_buffer(64)
    return buffer.value if n.tzdata_lib.ota_tzdata_system_version(buffer, 64) else None


# ------------------------------------------------------------------ values

INSTANT_MIN, INSTANT_MAX = 946684800, 4102444800  # OTA_INSTANT_MIN/MAX: [2000, 2100)


def _instant(value, name):
    """int64 seconds since the epoch from an int or a timezone-aware
    datetime.  An int outside int64 is OTA_ERR_RANGE, never wrapped."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int or an aware datetime, not bool")
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware")
        # An instant is never moved earlier (SPEC 2): round microseconds up.
        seconds = value.timestamp()
        whole = int(seconds)
        value = whole + (1 if seconds > whole else 0)
    elif isinstance(value, str):
        # The grammar of `otaplan --now` (RFC 3339, seconds required), by
        # the same parser: what one accepts, the other does.
        seconds = c_int64()
        if "\0" in value or lib.ota_instant_parse(
                value.encode("utf-8", "surrogatepass"), byref(seconds)) != n.OK:
            raise ValueError(f"{name} must be an RFC 3339 instant such as "
                             f"2026-01-01T00:00:00Z, not {value!r}")
        value = seconds.value
    if not isinstance(value, int):
        raise TypeError(f"{name} must be an int or an aware datetime, not {type(value).__name__}")
    if not INT64_MIN <= value <= INT64_MAX:
        raise OtaplanError(n.ERR_RANGE, f"{name}: {_strerror(n.ERR_RANGE)}")
    return value


def _datetime(seconds):
    return _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)


def _json_default(value):
    """Aware datetimes become RFC 3339 instants in the JSON handed to C."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("instants must be timezone-aware datetimes")
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        raise TypeError("JSON has no byte strings: pass str")
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _document(value, kind):
    """JSON text (bytes) of a dict, or of a str / bytes that holds JSON."""
    if isinstance(value, dict):
        # A snapshot: later changes to the caller's dict change nothing here.
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, default=_json_default)
        return text.encode("utf-8", "surrogatepass")
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError(f"a {kind} is a dict (or its JSON text), not {type(value).__name__}")


def _read_error(kind, error):
    return ValueError(f"{kind} JSON, line {error.line}, column {error.column}: "
                      f"{error.text.decode('utf-8', 'replace')}")


def _diagnostics(handle):
    """Copies a C diagnostics list into Python and frees it."""
    if not handle:
        return []
    try:
        result = []
        d = n.Diagnostic()
        _check(lib.ota_diagnostic_init(byref(d), n.DIAGNOSTIC_VERSION))
        for i in range(lib.ota_diagnostics_count(handle)):
            _check(lib.ota_diagnostics_get(handle, i, byref(d)))
            hint = lib.ota_diagnostics_hint(handle, i)
            result.append(Diagnostic(n.SEVERITIES[d.severity], lib.ota_code_name(d.code).decode(),
                                     d.path.decode("utf-8", "replace"),
                                     d.message.decode("utf-8", "replace"),
                                     hint.decode("utf-8", "replace") if hint else None))
        return result
    finally:
        lib.ota_diagnostics_free(handle)


class _Options:
    """An ota_validate_options and every buffer it points into."""

    def __init__(self, now, existing_names, catalog):
        self.struct = n.ValidateOptions()
        _check(lib.ota_validate_options_init(byref(self.struct), n.VALIDATE_OPTIONS_VERSION))
        self._catalog = c_void_p()
        if now is not None:
            self.struct.now = _instant(now, "now")
        if isinstance(existing_names, (str, bytes)):
            raise TypeError("existing_names is a list of names")
        names = []
        for name in existing_names:
            data = name.encode("utf-8", "surrogatepass") if isinstance(name, str) else name
            if not isinstance(data, bytes):
                raise TypeError(f"an existing name must be a string, not {type(name).__name__}")
            if b"\0" in data:
                raise ValueError("an existing name contains a NUL character")
            names.append(data)
        self._names = (c_char_p * max(1, len(names)))(*names)
        self.struct.existing_names = self._names
        self.struct.existing_name_count = len(names)
        if catalog is not None:
            text = _document(catalog, "catalog") if not isinstance(catalog, list) else \
                json.dumps(catalog, ensure_ascii=False, allow_nan=False).encode()
            error = n.JsonError(version=n.JSON_ERROR_VERSION)
            status = json_lib.ota_json_catalog_read(text, len(text), byref(self._catalog),
                                                    byref(error))
            if status == n.ERR_ARGUMENT:
                raise _read_error("catalog", error)
            _check(status)
            count = c_uint32()
            self.struct.catalog = json_lib.ota_json_catalog_packages(self._catalog, byref(count))
            self.struct.catalog_count = count.value
        self._tzdata = _system_tzdata_version()
        self.struct.system_tzdata_version = self._tzdata

    def __del__(self):
        if getattr(self, "_catalog", None):
            json_lib.ota_json_catalog_free(self._catalog)
            self._catalog = None


# ----------------------------------------------------------------- handles

class _Guard:
    """A C object that C code may be reading in other threads.  close() frees
    it once no call is using it and no other binding object holds it (a
    compiled plan holds the plan it was compiled from, for explain()), so a
    close() in one thread never frees memory a call in another still reads,
    and no object's lifetime depends on another staying open."""

    def __init__(self, handle, free, what):
        self._handle = handle
        self._free = free
        self._what = what
        self._lock = threading.Lock()
        self._users = 0
        self._closing = False

    def acquire(self):
        """The handle, held until release(); ValueError once closed."""
        with self._lock:
            if not self._handle or self._closing:
                raise ValueError(f"the {self._what} is closed")
            self._users += 1
            return self._handle

    def release(self):
        with self._lock:
            self._users -= 1
            handle = self._take_if_unused()
        if handle:
            self._free(handle)

    def close(self):
        with self._lock:
            self._closing = True
            handle = self._take_if_unused()
        if handle:
            self._free(handle)

    @property
    def held_handle(self):
        """The handle, for a caller that holds it (acquire())."""
        return self._handle

    def call(self, function):
        """function(handle) with the handle held: every argument was
        converted before, so no Python code runs between taking the handle
        and the C call's end."""
        handle = self.acquire()
        try:
            return function(handle)
        finally:
            self.release()

    def _take_if_unused(self):
        if self._users or not self._closing or not self._handle:
            return None
        handle, self._handle = self._handle, None
        return handle


# -------------------------------------------------------------------- plan

class Plan:
    """An upgrade plan (SPEC 3): a dict shaped like the JSON document, or its
    JSON text.  It is read at once; a wrong JSON type is a diagnostic
    (field_type_invalid) of validate() and compile(), as in `otaplan`."""

    def __init__(self, document):
        text = _document(document, "plan")
        handle = c_void_p()
        error = n.JsonError(version=n.JSON_ERROR_VERSION)
        status = json_lib.ota_json_plan_read(text, len(text), byref(handle), byref(error))
        if status == n.ERR_ARGUMENT:
            raise _read_error("plan", error)
        _check(status)
        self._guard = _Guard(handle, json_lib.ota_json_plan_free, "plan")

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Plan":
        return cls(text if isinstance(text, (str, bytes, bytearray)) else _document(text, "plan"))

    def close(self):
        """Frees the plan once no call in another thread uses it and no
        compiled plan made from it is open; compiled plans keep working."""
        if getattr(self, "_guard", None):
            self._guard.close()

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def validate(self, now: Optional[Instant] = None, existing_names: Iterable[str] = (),
                 catalog: Optional[Iterable[Dict[str, Any]]] = None) -> List[Diagnostic]:
        """Every diagnostic of SPEC 7, as a list of Diagnostic tuples."""
        options = _Options(now, existing_names, catalog)
        handle = c_void_p()
        _check(self._guard.call(lambda h: json_lib.ota_json_plan_validate(
            h, byref(options.struct), byref(handle))))
        return _diagnostics(handle)

    def compile(self, now: Optional[Instant] = None, existing_names: Iterable[str] = (),
                catalog: Optional[Iterable[Dict[str, Any]]] = None) -> "CompiledPlan":
        """The compiled plan; raises OtaplanError with .diagnostics if invalid."""
        options = _Options(now, existing_names, catalog)
        compiled, handle = c_void_p(), c_void_p()
        source = self._guard.acquire()  # held by the compiled plan, for explain()
        try:
            status = json_lib.ota_json_plan_compile(source, byref(options.struct),
                                                    byref(compiled), byref(handle))
            diagnostics = _diagnostics(handle)
            if status != n.OK:
                raise OtaplanError(status, _strerror(status), diagnostics)
            plan = json_lib.ota_json_plan_get(source).contents
            ids = [plan.components[i].id.decode("utf-8", "replace")
                   for i in range(plan.component_count)]
            result = CompiledPlan(compiled, ids, diagnostics, source=self._guard)
        except BaseException:
            if compiled:
                lib.ota_compiled_plan_free(compiled)
            self._guard.release()
            raise
        return result


def _instant_or_none(value):
    """_instant(value) when it is one, else None (the slow path raises)."""
    try:
        return _instant(value, "now")
    except Exception:
        return None


_ALLOWED_TICKS = None


def _allowed_ticks():
    """The tick lengths libotaplan takes (ota_tick_is_allowed), asked once."""
    global _ALLOWED_TICKS
    if _ALLOWED_TICKS is None:
        _ALLOWED_TICKS = frozenset(t for t in range(0, 61) if lib.ota_tick_is_allowed(t))
    return _ALLOWED_TICKS


_PUSH_STATUS_NAMES = {}


def _push_of(status, reason, at):
    """A Push of an ota_push_result's status, reason and instant."""
    name = _PUSH_STATUS_NAMES.get(status)
    if name is None:
        name = _PUSH_STATUS_NAMES[status] = lib.ota_push_status_name(status).decode()
    return Push(name, _datetime(at) if status == n.PUSH_AT else None,
                _reason_name(reason) if name == "never" else None)


def _push(result):
    """A Push of an ota_push_result."""
    return _push_of(result.status, result.reason, result.at)


# ------------------------------------------------------------------ device

class Device:
    """A device as one plan sees it (SPEC 4): a dict shaped like a fleet line,
    or its JSON text, read by the same reader as `otaplan evaluate`: unknown
    keys and wrong types are refused (OtaplanError, OTA_ERR_INVALID_DEVICE)."""

    def __init__(self, document):
        self._text = _document(document, "device")
        self._reader = json_lib.ota_json_device_reader_new()
        if not self._reader:
            raise MemoryError("out of memory")
        self.pointer = c_void_p()
        error = n.JsonError(version=n.JSON_ERROR_VERSION)
        status = json_lib.ota_json_device_read(self._reader, self._text, len(self._text),
                                               byref(self.pointer), byref(error))
        if status != n.OK:
            message = error.text.decode("utf-8", "replace") or _strerror(status)
            raise OtaplanError(status, message)

    def close(self) -> None:
        """Frees the device's reader; the device cannot be evaluated after."""
        if getattr(self, "_reader", None):
            json_lib.ota_json_device_reader_free(self._reader)
            self._reader = None
            self.pointer = None

    def __del__(self):
        self.close()

    def __enter__(self) -> "Device":
        return self

    def __exit__(self, *exception) -> None:
        self.close()


# What the evaluation calls take for a device.
DeviceLike = Union[Device, Dict[str, Any], str, bytes]


# ----------------------------------------------------------- compiled plan

@contextlib.contextmanager
def _collector_paused(asked):
    """No cyclic garbage collection during a batch, when the caller asks
    (pause_gc=True): building the answers (a tuple holding a list for each
    device) sets off collections that walk every object of the program,
    and takes about twice as long with them (bench/bench_python.py
    --parts).  The collector is the whole process's, so it is never paused
    unasked: other threads' collections wait too.  It is enabled again only
    if it was on; nothing is lost."""
    if not asked:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _int_list(array, count):
    """The first `count` int32 of a ctypes array, as a list (one conversion
    through the buffer protocol)."""
    return memoryview(array).cast("B").cast("i")[:count].tolist()


class CompiledPlan:
    """The immutable compiled form of a valid plan, shareable by threads.
    Freed when collected, or by close() / a with block; a close() while
    other threads are inside a call takes effect when the last call ends."""

    def __init__(self, handle, component_ids, diagnostics, source=None):
        # source: the guard of the Plan compiled, acquired once for this
        # object's life (explain() writes the plan's texts), released with it.
        self._source = source
        self._component_ids = component_ids
        self._answers = {}  # _fast_eligibility()'s, shared by threads (dict ops are atomic)
        self.diagnostics = diagnostics

        def free(h):
            lib.ota_compiled_plan_free(h)
            if source is not None:
                source.release()
        self._guard = _Guard(handle, free, "compiled plan")

    def close(self):
        if getattr(self, "_guard", None):
            self._guard.close()

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def _call(self, function):
        """Runs function(handle) with the compiled plan held (_Guard.call)."""
        return self._guard.call(function)

    @property
    def timezone(self) -> str:
        return self._call(lambda h: lib.ota_compiled_plan_timezone(h).decode())

    @property
    def period(self) -> Tuple[_dt.datetime, _dt.datetime, _dt.datetime]:
        start, end, effective = c_int64(), c_int64(), c_int64()
        self._call(lambda h: _check(lib.ota_compiled_plan_period(h, byref(start), byref(end),
                                                                 byref(effective))))
        return _datetime(start.value), _datetime(end.value), _datetime(effective.value)

    @staticmethod
    def _device(device):
        if isinstance(device, Device):
            if device.pointer is None:
                raise ValueError("the device is closed")
            return device
        return Device(device)

    def _eligibility(self, result):
        components = [ComponentAnswer(self._component_ids[i], bool(c.applies),
                                      None if c.applies else _reason_name(c.reason))
                      for i, c in enumerate(result.components[:result.component_count])]
        reason = _reason_name(result.reason)
        return Eligibility(reason == "ok", reason, n.KINDS[result.kind], components)

    def _prepared(self, device, now, tick=None):
        """(device pointer, at, options, struct) for a call: a dict straight
        into the C struct (_device_struct), anything else read as JSON
        (Device).  Whichever path takes the device, its errors come as
        Device() raises them and first, before those of `now` and `tick`."""
        taken = device_struct(device) if device.__class__ is dict else None
        if taken is None:
            pointer = self._device(device).pointer
            at = _instant(now, "now")
            return pointer, at, None if tick is None else self._eval_options(tick), None
        struct = taken[0]
        try:
            at = _instant(now, "now")
            options = None if tick is None else self._eval_options(tick)
        except Exception:
            _raise_if_invalid(struct)
            raise
        return byref(struct), at, options, struct

    def _fast_eligibility(self, answer):
        """An Eligibility of _speedups.eligible()'s (status, reason, kind,
        component reasons or -1)."""
        key = answer[1:]
        made = self._answers.get(key)
        if made is None:
            ids = self._component_ids
            components = [ComponentAnswer(ids[i], r < 0, None if r < 0 else _reason_name(r))
                          for i, r in enumerate(answer[3])]
            reason = _reason_name(answer[1])
            made = (reason == "ok", reason, n.KINDS[answer[2]], components)
            # A plan's answers are few (reasons by components' reasons).
            if len(self._answers) < 4096:
                self._answers[key] = made
        # Each answer owns its list of components, as eligible_many()'s do.
        return tuple.__new__(Eligibility, (made[0], made[1], made[2], made[3][:]))

    @staticmethod
    def _new_eligibility():
        result = n.Eligibility()
        _check(lib.ota_eligibility_init(byref(result), n.ELIGIBILITY_VERSION))
        return result

    def eligible(self, device: DeviceLike, now: Instant) -> Eligibility:
        """SPEC 5: an Eligibility(eligible, reason, kind, components)."""
        if speedups is not None and device.__class__ is dict:
            at = _instant_or_none(now)
            if at is not None:
                answer = self._call(lambda h: speedups.eligible(h.value, device, at))
                if answer is not None and answer[0] == n.OK:
                    return self._fast_eligibility(answer)
        # Every other device, and every error, whose message this path gives.
        pointer, at, _, struct = self._prepared(device, now)
        result = self._new_eligibility()
        _checked(self._call(lambda h: lib.ota_device_eligible(h, pointer, at, byref(result))), struct)
        return self._eligibility(result)

    def _many(self, devices, now, tick):
        """One call for every device (ota_json_evaluate_batch): the devices'
        JSON texts go to C once, numbers come back."""
        devices = list(devices)
        if all(isinstance(d, dict) for d in devices):
            # One C-level encoding of the whole list: most of the cost of a
            # device in Python was its own json.dumps call.
            text = json.dumps(devices, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                              default=_json_default).encode("utf-8", "surrogatepass")
        else:
            text = b"[" + b",".join(d._text if isinstance(d, Device) else _document(d, "device")
                                    for d in devices) + b"]"
        at = _instant(now, "now")
        if not INSTANT_MIN <= at < INSTANT_MAX:
            # As eligible() says it: the instant is wrong, not device 0.
            raise OtaplanError(n.ERR_RANGE, f"now: {_strerror(n.ERR_RANGE)}")
        count = len(devices)
        size = max(1, count)
        reasons = (n.c_int32 * size)()
        component_reasons = (n.c_int32 * (size * n.MAX_COMPONENTS))()
        pushes = None
        options = None
        if tick is not None:
            options = self._eval_options(tick)
            pushes = ((n.c_int32 * size)(), (n.c_int32 * size)(), (c_int64 * size)())
        error = n.JsonError(version=n.JSON_ERROR_VERSION)
        batch = n.JsonBatch(version=n.JSON_BATCH_VERSION, devices_json=text, length=len(text),
                            count=count, now=at, reasons=reasons,
                            component_reasons=component_reasons,
                            component_stride=n.MAX_COMPONENTS)
        if options is not None:
            batch.options = n.ctypes.pointer(options)
        if pushes:
            batch.push_status, batch.push_reason, batch.push_at = pushes

        def run(h):
            status = json_lib.ota_json_evaluate_batch(h, byref(batch), byref(error))
            if status != n.OK:
                message = error.text.decode("utf-8", "replace") or _strerror(status)
                raise OtaplanError(status, f"device {batch.failed}: {message}")
        self._call(run)
        return count, reasons, component_reasons, pushes

    def eligible_many(self, devices: Sequence[DeviceLike], now: Instant,
                      pause_gc: bool = False) -> List[Eligibility]:
        """The answers of eligible() for many devices, in one call into C
        (ota_json_evaluate_batch()): a list of Eligibility.  Devices are dicts,
        JSON texts or Device objects.  pause_gc=True pauses the process's
        cyclic garbage collector during the call (faster for large batches;
        see _collector_paused)."""
        with _collector_paused(pause_gc):
            count, reasons, component_reasons, _ = self._many(devices, now, None)
            return self._eligibilities(reasons, component_reasons, count)

    def next_push_many(self, devices: Sequence[DeviceLike], now: Instant, tick: int = 10,
                       pause_gc: bool = False) -> List[Push]:
        """The answers of next_push() for many devices, in one call into C: a
        list of Push; pause_gc as for eligible_many()."""
        with _collector_paused(pause_gc):
            count, _, _, pushes = self._many(devices, now, tick)
            return self._pushes(pushes, count)

    @staticmethod
    def _pushes(pushes, count):
        statuses, reasons = _int_list(pushes[0], count), _int_list(pushes[1], count)
        instants = memoryview(pushes[2]).cast("B").cast("q")[:count].tolist()
        answers = []
        # Fleets share their few push instants and reasons, and a Push is
        # immutable: one object for each.
        at_cache, cache = {}, {}
        for i in range(count):
            status = statuses[i]
            if status == n.PUSH_AT:
                at = instants[i]
                push = at_cache.get(at)
                if push is None:
                    push = at_cache[at] = Push("push_at", _datetime(at), None)
                answers.append(push)
                continue
            key = (status, reasons[i])
            if key not in cache:
                name = lib.ota_push_status_name(status).decode()
                cache[key] = Push(name, None, lib.ota_reason_name(reasons[i]).decode()
                                  if name == "never" else None)
            answers.append(cache[key])
        return answers

    def _eligibilities(self, reasons, component_reasons, count):
        ids = self._component_ids
        width = n.MAX_COMPONENTS
        names = {}

        def name_of(reason):
            if reason not in names:
                names[reason] = lib.ota_reason_name(reason).decode()
            return names[reason]
        # The arrays read in one step each (indexing a ctypes array builds
        # every int on the way); a device's row of component reasons is a
        # bytes slice, the cheapest key; tuple.__new__ is what a namedtuple
        # is made by, without its per-call argument handling.
        reasons = _int_list(reasons, count)
        raw = bytes(component_reasons)
        step, used = 4 * width, 4 * len(ids)
        row_format = f"={len(ids)}i"
        new = tuple.__new__
        answers = []
        append = answers.append
        cache = {}
        for i, reason in enumerate(reasons):
            key = (reason, raw[i * step:i * step + used])
            answer = cache.get(key)
            if answer is None:
                row = struct.unpack_from(row_format, raw, i * step)
                components = [ComponentAnswer(ids[k], r == 0, None if r == 0 else name_of(r))
                              for k, r in enumerate(row)]
                name = name_of(reason)
                answer = cache[key] = (name == "ok", name, n.KINDS[lib.ota_reason_kind(reason)],
                                       components)
            # Each answer owns its list of components, as eligible()'s do.
            append(new(Eligibility, (answer[0], answer[1], answer[2], answer[3][:])))
        return answers

    @staticmethod
    def _eval_options(tick):
        if isinstance(tick, bool) or not isinstance(tick, int):
            raise TypeError("tick must be an integer")
        options = n.EvalOptions()
        _check(lib.ota_eval_options_init(byref(options), n.EVAL_OPTIONS_VERSION))
        if not lib.ota_tick_is_allowed(max(INT32_MIN, min(INT32_MAX, tick))):
            raise OtaplanError(n.ERR_ARGUMENT, f"tick {tick}: {_strerror(n.ERR_ARGUMENT)}")
        options.tick_minutes = tick
        return options

    def explain(self, device: DeviceLike, now: Instant, tick: int = 10) -> Explanation:
        """The whole decision (doc/rules.md 9): an Explanation with every
        check (check, failed, detail), the reason, the components with the
        versions compared, the push, t0 and the rest of the derivation;
        .as_json() is the document `otaplan explain --json` prints."""
        if self._source is None:
            raise OtaplanError(n.ERR_ARGUMENT, "explain() needs a plan compiled by Plan.compile()")
        pointer, at, options, struct = self._prepared(device, now, tick)
        result = n.Explanation()
        _check(lib.ota_explanation_init(byref(result), n.EXPLANATION_VERSION))
        buffer = n.JsonBuffer(version=n.JSON_BUFFER_VERSION)

        def run(h):
            # The source plan is held by this compiled plan, which the call
            # holds: both outlive the writer's reading of them.
            _checked(lib.ota_device_explain(h, pointer, at, byref(options), byref(result)), struct)
            plan = json_lib.ota_json_plan_get(self._source.held_handle)
            json_lib.ota_json_put_explanation(byref(buffer), plan, pointer, byref(result))
        self._call(run)
        try:
            if buffer.failed or not buffer.data:
                raise MemoryError("out of memory")
            document = json.loads(n.ctypes.string_at(buffer.data, buffer.length).decode("utf-8"))
            return Explanation.from_json(document)
        finally:
            json_lib.ota_json_buffer_free(byref(buffer))

    def next_push(self, device: DeviceLike, now: Instant, tick: int = 10) -> Push:
        """SPEC 6: a Push(status, at, reason); `at` is an aware datetime."""
        if (speedups is not None and device.__class__ is dict and tick.__class__ is int and
                tick in _allowed_ticks()):
            at = _instant_or_none(now)
            if at is not None:
                answer = self._call(lambda h: speedups.next_push(h.value, device, at, tick))
                if answer is not None and answer[0] == n.OK:
                    return _push_of(*answer[1:])
        pointer, at, options, struct = self._prepared(device, now, tick)
        result = n.PushResult()
        _check(lib.ota_push_result_init(byref(result), n.PUSH_RESULT_VERSION))
        _checked(self._call(lambda h: lib.ota_next_push_time(h, pointer, at, byref(options),
                                                             byref(result))), struct)
        return _push(result)

    def verdict(self, attempted: int, failed: int) -> str:
        """SPEC 11.6: "abort" or "continue" for the devices that finished an
        attempt and those that failed."""
        for name, value in (("attempted", attempted), ("failed", failed)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an integer")
            if not 0 <= value < 2 ** 64:
                raise OtaplanError(n.ERR_ARGUMENT, f"{name}: {_strerror(n.ERR_ARGUMENT)}")
        result = n.c_int32()
        self._call(lambda h: _check(lib.ota_compiled_plan_rollout_verdict(h, attempted, failed, byref(result))))
        return "abort" if result.value == 1 else "continue"

    def windows(self, start: Instant, end: Instant) -> List[Tuple[_dt.datetime, _dt.datetime]]:
        """The governing window's maximal intervals within [start, end)."""
        low, high = _instant(start, "start"), _instant(end, "end")
        interval = n.Interval()
        _check(lib.ota_interval_init(byref(interval), n.INTERVAL_VERSION))

        def run(h):
            found, cursor = [], low
            while cursor < high:
                status = lib.ota_compiled_plan_next_window(h, cursor, high, byref(interval))
                if status == n.NO_MORE:
                    break
                _check(status)
                found.append((_datetime(interval.start), _datetime(interval.end)))
                cursor = interval.end
            return found
        return self._call(run)
