"""Pythonic classes over the C interface: Plan, CompiledPlan, Device."""
import ctypes
import datetime as _dt
import json
from collections import namedtuple
from ctypes import POINTER, byref, c_char_p, c_int64, c_size_t, c_void_p

from . import _native as n
from ._native import lib

__all__ = ["OtaplanError", "Diagnostic", "Plan", "CompiledPlan", "Device", "Eligibility",
           "ComponentAnswer", "Push", "version", "tzdata_version"]

Diagnostic = namedtuple("Diagnostic", "severity code path message")
ComponentAnswer = namedtuple("ComponentAnswer", "id applies reason")
Eligibility = namedtuple("Eligibility", "eligible reason kind components")
Push = namedtuple("Push", "status at reason")


class OtaplanError(Exception):
    """A status code of the library (OTA_ERR_*) with its message; for an
    invalid plan, `diagnostics` holds every problem."""

    def __init__(self, code, message, diagnostics=()):
        super().__init__(f"{message} (status {code})")
        self.code = code
        self.message = message
        self.diagnostics = list(diagnostics)


def _check(status):
    if status != n.OK:
        raise OtaplanError(status, lib.ota_strerror(status).decode())


def version():
    return lib.ota_version_string().decode()


def tzdata_version():
    return lib.ota_tzdata_version().decode()


# ------------------------------------------------------------------ values

def _instant(value, name, optional=False):
    """Seconds since the epoch from an int or a timezone-aware datetime."""
    if value is None and optional:
        return n.NO_INSTANT
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int or an aware datetime, not bool")
    if isinstance(value, int):
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware")
        # An instant is never moved earlier (SPEC 2): round microseconds up.
        seconds = value.timestamp()
        whole = int(seconds)
        return whole + (1 if seconds > whole else 0)
    if isinstance(value, str):
        parsed = _dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return _instant(parsed, name)
    raise TypeError(f"{name} must be an int or an aware datetime, not {type(value).__name__}")


def _datetime(seconds):
    return _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)


class _Keeper:
    """Owns every buffer a C struct points into, for as long as the struct
    lives."""

    def __init__(self):
        self.objects = []

    def text(self, value, name, optional=True):
        if value is None:
            if optional:
                return None
            raise TypeError(f"{name} is required")
        if isinstance(value, str):
            try:
                data = value.encode("utf-8")
            except UnicodeEncodeError as error:
                raise ValueError(f"{name} is not valid Unicode: {error}") from None
        elif isinstance(value, (bytes, bytearray)):
            data = bytes(value)  # passed as is: the library judges its UTF-8
        else:
            raise TypeError(f"{name} must be a string, not {type(value).__name__}")
        if b"\0" in data:
            raise ValueError(f"{name} contains a NUL character")
        self.objects.append(data)
        return data

    def array(self, ctype, items):
        array = (ctype * max(1, len(items)))(*items)
        self.objects.append(array)
        return array


def _integer(value, name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer")
    return max(-(2 ** 31) + 1, min(2 ** 31 - 1, value))


def _boolean(value, name):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be true or false")
    return int(value)


def _enum(value, table, name):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string")
    return table.get(value, -1)  # an unknown name is reported by validation


# -------------------------------------------------------------------- plan

_PLAN_KEYS = {"name", "product", "product_type", "bluetooth", "region", "timezone", "start",
              "end", "activated_at", "state", "mode", "active_push", "push_window",
              "auto_upgrade_window", "refusal_retry_minutes", "strategy", "blacklist",
              "whitelist", "components", "texts"}


class Plan:
    """An upgrade plan (SPEC 3), from a dict shaped like the JSON document."""

    def __init__(self, document):
        if not isinstance(document, dict):
            raise TypeError("a plan is a dict")
        self.document = document
        self._keep = _Keeper()
        self._struct = n.Plan()
        _check(lib.ota_plan_init(byref(self._struct)))
        self._unknown = sorted(k for k in document if k not in _PLAN_KEYS)
        self._fill(document)

    @classmethod
    def from_json(cls, text):
        return cls(json.loads(text))

    def _window(self, value, name):
        if value is None:
            return None
        if not isinstance(value, dict):
            raise TypeError(f"{name} must be an object")
        window = n.Window(_integer(value.get("start_hour", -1), f"{name}.start_hour"),
                          _integer(value.get("end_hour", -1), f"{name}.end_hour"))
        self._keep.objects.append(window)
        return ctypes.pointer(window)

    def _list(self, value, name):
        if value is None:
            return None, 0
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{name} must be a list of device IDs")
        ids = [self._keep.text(v, f"{name}[{i}]", optional=False) for i, v in enumerate(value)]
        return self._keep.array(c_char_p, ids), len(ids)

    def _fill(self, d):
        s, keep = self._struct, self._keep
        s.name = keep.text(d.get("name"), "name")
        s.product = keep.text(d.get("product"), "product")
        if d.get("product_type") is not None:
            s.product_type = _enum(d["product_type"], n.PRODUCT_TYPES, "product_type")
        if d.get("bluetooth") is not None:
            s.bluetooth = _boolean(d["bluetooth"], "bluetooth")
        if d.get("region") is not None:
            s.region = _enum(d["region"], n.REGIONS, "region")
        s.timezone = keep.text(d.get("timezone"), "timezone")
        s.start = keep.text(d.get("start"), "start")
        s.end = keep.text(d.get("end"), "end")
        s.activated_at = _instant(d.get("activated_at"), "activated_at", optional=True)
        if d.get("state") is not None:
            s.state = _enum(d["state"], n.PLAN_STATES, "state")
        if d.get("mode") is not None:
            s.mode = _enum(d["mode"], n.MODES, "mode")
        if d.get("active_push") is not None:
            s.active_push = _boolean(d["active_push"], "active_push")
        s.push_window = self._window(d.get("push_window"), "push_window")
        s.auto_upgrade_window = self._window(d.get("auto_upgrade_window"), "auto_upgrade_window")
        if d.get("refusal_retry_minutes") is not None:
            s.refusal_retry_minutes = _integer(d["refusal_retry_minutes"], "refusal_retry_minutes")
        strategy = d.get("strategy") or {}
        if not isinstance(strategy, dict):
            raise TypeError("strategy must be an object")
        for key in ("retry_count", "min_signal", "min_battery"):
            if strategy.get(key) is not None:
                setattr(s, key, _integer(strategy[key], f"strategy.{key}"))
        s.blacklist, s.blacklist_count = self._list(d.get("blacklist"), "blacklist")
        s.whitelist, s.whitelist_count = self._list(d.get("whitelist"), "whitelist")
        components = d.get("components") or []
        if not isinstance(components, list):
            raise TypeError("components must be a list")
        items = []
        for i, c in enumerate(components):
            if not isinstance(c, dict):
                raise TypeError(f"components[{i}] must be an object")
            p = f"components[{i}]"
            items.append(n.Component(
                _enum(c["type"], n.COMPONENT_TYPES, p + ".type") if c.get("type") else 0,
                _enum(c["method"], n.METHODS, p + ".method") if c.get("method") else 0,
                keep.text(c.get("id"), p + ".id"),
                keep.text(c.get("target_version"), p + ".target_version"),
                keep.text(c.get("specified_versions"), p + ".specified_versions"),
                keep.text(c.get("source_version"), p + ".source_version")))
        s.components = keep.array(n.Component, items) if items else None
        s.component_count = len(items)
        texts = d.get("texts") or {}
        if not isinstance(texts, dict):
            raise TypeError("texts must be an object of language tag to text")
        pairs = [n.Text(keep.text(k, "texts key"), keep.text(v, f'texts["{k}"]'))
                 for k, v in texts.items()]
        s.texts = keep.array(n.Text, pairs) if pairs else None
        s.text_count = len(pairs)

    def _options(self, now, existing_names, catalog):
        options = n.ValidateOptions()
        _check(lib.ota_validate_options_init(byref(options)))
        keep = _Keeper()
        options.now = _instant(now, "now", optional=True)
        names = [keep.text(x, "existing name", optional=False) for x in existing_names]
        if names:
            options.existing_names = keep.array(c_char_p, names)
            options.existing_name_count = len(names)
        if catalog is not None:
            packages = [n.Package(keep.text(p.get("id"), "package id"),
                                  n.METHODS.get(p.get("method"), 0),
                                  keep.text(p.get("target_version"), "package target"),
                                  keep.text(p.get("source_version"), "package source"))
                        for p in catalog]
            options.catalog = keep.array(n.Package, packages)
            options.catalog_count = len(packages)
        return options, keep

    def _unknown_warnings(self):
        return [Diagnostic("warning", "field_unknown", key,
                           f"the specification names no field {key}; it is ignored")
                for key in self._unknown]

    def validate(self, now=None, existing_names=(), catalog=None):
        """Every diagnostic of SPEC 7, as a list of Diagnostic tuples."""
        options, _keep = self._options(now, existing_names, catalog)
        handle = c_void_p()
        _check(lib.ota_plan_validate(byref(self._struct), byref(options), byref(handle)))
        return _diagnostics(handle) + self._unknown_warnings()

    def compile(self, now=None, existing_names=(), catalog=None):
        """The compiled plan; raises OtaplanError with .diagnostics if invalid."""
        options, _keep = self._options(now, existing_names, catalog)
        compiled, handle = c_void_p(), c_void_p()
        status = lib.ota_plan_compile(byref(self._struct), byref(options), byref(compiled),
                                      byref(handle))
        diagnostics = _diagnostics(handle) + self._unknown_warnings()
        if status != n.OK:
            raise OtaplanError(status, lib.ota_strerror(status).decode(), diagnostics)
        return CompiledPlan(compiled, [c.get("id") for c in self.document["components"]],
                            diagnostics)


def _diagnostics(handle):
    """Copies a C diagnostics list into Python and frees it."""
    if not handle:
        return []
    try:
        result = []
        d = n.Diagnostic()
        for i in range(lib.ota_diagnostics_count(handle)):
            _check(lib.ota_diagnostics_get(handle, i, byref(d)))
            result.append(Diagnostic(n.SEVERITIES[d.severity],
                                     lib.ota_code_name(d.code).decode(),
                                     d.path.decode("utf-8", "replace"),
                                     d.message.decode("utf-8", "replace")))
        return result
    finally:
        lib.ota_diagnostics_free(handle)


# ------------------------------------------------------------------ device

_DEVICE_KEYS = {"id", "product", "versions", "signal", "battery", "auto_update", "state",
                "state_at", "appointment", "failed_attempts"}


class Device:
    """A device as one plan sees it (SPEC 4), from a dict shaped like the JSON
    device object.  Unknown keys are refused, as in fleet files."""

    def __init__(self, document):
        if not isinstance(document, dict):
            raise TypeError("a device is a dict")
        unknown = sorted(k for k in document if k not in _DEVICE_KEYS)
        if unknown:
            raise ValueError(f"a device has no field {unknown[0]!r}")
        self.document = document
        keep = self._keep = _Keeper()
        s = self._struct = n.Device()
        _check(lib.ota_device_init(byref(s)))
        s.id = keep.text(document.get("id"), "id")
        s.product = keep.text(document.get("product"), "product")
        versions = document.get("versions") or {}
        if not isinstance(versions, dict):
            raise TypeError("versions must be a dict of component to version")
        pairs = [n.DeviceVersion(keep.text(k, "versions key", False),
                                 keep.text(v, f"versions[{k!r}]", False))
                 for k, v in versions.items()]
        s.versions = keep.array(n.DeviceVersion, pairs) if pairs else None
        s.version_count = len(pairs)
        for key in ("signal", "battery", "failed_attempts"):
            if document.get(key) is not None:
                setattr(s, key, _integer(document[key], key))
        if document.get("auto_update") is not None:
            s.auto_update = _boolean(document["auto_update"], "auto_update")
        if document.get("state") is not None:
            state = _enum(document["state"], n.DEVICE_STATES, "state")
            if state < 0:
                raise ValueError(f"state {document['state']!r} is not a device state")
            s.state = state
        s.state_at = _instant(document.get("state_at"), "state_at", optional=True)
        appointment = document.get("appointment")
        if appointment is not None:
            s.appointment_start = _instant(appointment.get("start"), "appointment.start")
            s.appointment_end = _instant(appointment.get("end"), "appointment.end")
        problem = c_char_p()
        status = lib.ota_device_check(byref(s), byref(problem))
        if status != n.OK:
            raise OtaplanError(status, problem.value.decode() if problem.value else
                               lib.ota_strerror(status).decode())


# ----------------------------------------------------------- compiled plan

class CompiledPlan:
    """The immutable compiled form of a valid plan.  Freed when collected,
    or at once with close() / a with block."""

    def __init__(self, handle, component_ids, diagnostics):
        self._handle = handle
        self._component_ids = component_ids
        self.diagnostics = diagnostics

    def close(self):
        if self._handle:
            lib.ota_compiled_plan_free(self._handle)
            self._handle = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def _live(self):
        if not self._handle:
            raise ValueError("the compiled plan is closed")
        return self._handle

    @property
    def timezone(self):
        return lib.ota_compiled_plan_timezone(self._live()).decode()

    @property
    def period(self):
        start, end, effective = c_int64(), c_int64(), c_int64()
        _check(lib.ota_compiled_plan_period(self._live(), byref(start), byref(end),
                                            byref(effective)))
        return _datetime(start.value), _datetime(end.value), _datetime(effective.value)

    @staticmethod
    def _device(device):
        return device if isinstance(device, Device) else Device(device)

    def eligible(self, device, now):
        """SPEC 5: an Eligibility(eligible, reason, kind, components)."""
        device = self._device(device)
        result = n.Eligibility()
        _check(lib.ota_device_eligible(self._live(), byref(device._struct),
                                       _instant(now, "now"), byref(result)))
        components = []
        for i in range(result.component_count):
            c = result.components[i]
            components.append(ComponentAnswer(
                self._component_ids[i], bool(c.applies),
                None if c.applies else lib.ota_reason_name(c.reason).decode()))
        reason = lib.ota_reason_name(result.reason).decode()
        return Eligibility(reason == "ok", reason, n.KINDS[result.kind], components)

    def eligible_many(self, devices, now):
        """ota_devices_eligible(): the answers for many devices in one call,
        which prefetches large device lists ahead; a list of Eligibility."""
        devices = [self._device(d) for d in devices]
        count = len(devices)
        structs = (n.Device * max(1, count))(*(d._struct for d in devices))
        results = (n.Eligibility * max(1, count))()
        failed = c_size_t()
        status = lib.ota_devices_eligible(self._live(), structs, count, _instant(now, "now"),
                                          results, byref(failed))
        if status != n.OK:
            raise OtaplanError(status, f"device {failed.value}: " +
                               lib.ota_strerror(status).decode())
        answers = []
        for r in results[:count]:
            reason = lib.ota_reason_name(r.reason).decode()
            components = [ComponentAnswer(
                self._component_ids[i], bool(r.components[i].applies),
                None if r.components[i].applies else
                lib.ota_reason_name(r.components[i].reason).decode())
                for i in range(r.component_count)]
            answers.append(Eligibility(reason == "ok", reason, n.KINDS[r.kind], components))
        return answers

    def next_push(self, device, now, tick=10):
        """SPEC 6: a Push(status, at, reason); `at` is an aware datetime."""
        device = self._device(device)
        options = n.EvalOptions()
        _check(lib.ota_eval_options_init(byref(options)))
        options.tick_minutes = _integer(tick, "tick")
        result = n.PushResult()
        _check(lib.ota_next_push_time(self._live(), byref(device._struct),
                                      _instant(now, "now"), byref(options), byref(result)))
        status = lib.ota_push_status_name(result.status).decode()
        at = _datetime(result.at) if result.status == n.PUSH_AT else None
        reason = lib.ota_reason_name(result.reason).decode() if status == "never" else None
        return Push(status, at, reason)

    def windows(self, start, end):
        """The governing window's maximal intervals within [start, end)."""
        low, high = _instant(start, "start"), _instant(end, "end")
        interval = n.Interval()
        result = []
        while low < high:
            found = lib.ota_plan_next_window(self._live(), low, high, byref(interval))
            if found < 0:
                _check(found)
            if found == 0:
                break
            result.append((_datetime(interval.start), _datetime(interval.end)))
            low = interval.end
        return result
