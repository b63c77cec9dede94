"""PlanSet: all the plans a platform runs, and which of them governs a
device (SPEC 14), over libotaplan's ota_plan_set."""
from __future__ import annotations

from ctypes import POINTER, byref, c_void_p
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _native as n
from ._fast import speedups
from ._native import json_lib, lib
from .answers import Candidate, Diagnostic, Selection
from .api import (CompiledPlan, Instant, OtaplanError, Plan, _allowed_ticks, _check, _diagnostics,
                  _document, _Guard, _instant, _instant_or_none, _Options, _push, _push_of,
                  _reason_name, _strerror)

__all__ = ["PlanSet"]

PlanLike = Union[Plan, CompiledPlan, Dict[str, Any], str, bytes]


def _plan_at(index, item):
    """A Plan of a dict or JSON text; its read errors name plans[index]."""
    try:
        return Plan(item)
    except ValueError as error:
        raise ValueError(f"plans[{index}]: {error}") from None


class PlanSet:
    """A plan set (SPEC 14): plans, compiled plans, dicts or JSON texts, in
    the order that gives them their indexes (plans[i]).  Plans not yet
    compiled are validated as a set first: an invalid set raises
    OtaplanError with .diagnostics (the paths of validate()).  Compiled
    plans are shared, not copied: the set holds them until it is closed.
    Immutable; any number of threads may select at once."""

    def __init__(self, plans: Iterable[PlanLike], now: Optional[Instant] = None):
        items = list(plans)
        if not 1 <= len(items) <= n.MAX_SET_PLANS:
            raise ValueError(f"a plan set holds 1 to {n.MAX_SET_PLANS} plans, not {len(items)}")
        self._made = []  # what this set made, and closes with itself
        self._held = []  # the compiled plans' guards, acquired for the set's life
        try:
            self._build(items, now)
        except BaseException:
            self._drop()
            raise

    def _build(self, items, now):
        for i, item in enumerate(items):
            if not isinstance(item, (Plan, CompiledPlan)):
                items[i] = _plan_at(i, item)
                self._made.append(items[i])
        if not all(isinstance(item, CompiledPlan) for item in items):
            diagnostics = self._validate(items, _Options(now, (), None))
            if any(d.severity == "error" for d in diagnostics):
                raise OtaplanError(n.ERR_INVALID_PLAN, "the plan set is invalid", diagnostics)
        compiled = []
        for item in items:
            if isinstance(item, Plan):
                item = item.compile(now)
                self._made.append(item)
            compiled.append(item)
        self._compiled = compiled
        for item in compiled:
            self._held.append(item._guard)
            item._guard.acquire()
        handles = (c_void_p * len(compiled))(*[guard.held_handle for guard in self._held])
        handle = c_void_p()
        status = lib.ota_plan_set_new(handles, len(compiled), None, byref(handle))
        if status == n.ERR_ARGUMENT:
            # Two plans of one name: the set's own error, with its path.
            diagnostics = self._validate(compiled, _Options(now, (), None), held=True)
            raise OtaplanError(n.ERR_INVALID_PLAN, "the plan set is invalid", diagnostics)
        _check(status)
        self._guard = _Guard(handle, self._free, "plan set")
        self._names = [lib.ota_compiled_plan_name(lib.ota_plan_set_plan(handle, i)).decode()
                       for i in range(len(compiled))]

    def _free(self, handle):
        lib.ota_plan_set_free(handle)
        self._drop()

    def _drop(self):
        for guard in self._held:
            guard.release()
        self._held = []
        for made in reversed(self._made):
            made.close()
        self._made = []

    def close(self) -> None:
        """Frees the set once no call uses it; the compiled plans it was
        given stay open, those it compiled itself are closed."""
        if getattr(self, "_guard", None):
            self._guard.close()

    def __del__(self):
        self.close()

    def __enter__(self) -> "PlanSet":
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._compiled)

    @staticmethod
    def _validate(items, options, held=False):
        """SPEC 14.4: each plan's diagnostics as Plan.validate() gives them,
        under plans[i], then the set's (name_duplicate, upgrade_cycle).
        Items are Plans and compiled plans; held: the caller holds them
        already (a built set), else each is held for the call."""
        taken = []
        listing = c_void_p()
        try:
            handles = []
            for item in items:
                if not held:
                    item._guard.acquire()
                    taken.append(item._guard)
                # A compiled plan holds the plan it was compiled from.
                source = item._guard if isinstance(item, Plan) else item._source
                handles.append(source.held_handle)
            _check(lib.ota_diagnostics_new(None, byref(listing)))
            plans = (POINTER(n.Plan) * len(handles))()
            for i, handle in enumerate(handles):
                own = c_void_p()
                _check(json_lib.ota_json_plan_validate(handle, byref(options.struct), byref(own)))
                try:
                    _check(lib.ota_diagnostics_append(listing, own, f"plans[{i}]".encode()))
                finally:
                    lib.ota_diagnostics_free(own)
                plans[i] = json_lib.ota_json_plan_get(handle)
            _check(lib.ota_plan_set_check_between(plans, len(handles), byref(options.struct),
                                                  listing))
        except BaseException:
            lib.ota_diagnostics_free(listing)
            raise
        finally:
            for guard in taken:
                guard.release()
        return _diagnostics(listing)

    def validate(self, now: Optional[Instant] = None, existing_names: Iterable[str] = (),
                 catalog: Optional[Iterable[Dict[str, Any]]] = None) -> List[Diagnostic]:
        """Every diagnostic of SPEC 14.4, as `otaplan validate PLANS` lists
        them: each plan's under plans[i], then the set's."""
        options = _Options(now, existing_names, catalog)
        return self._guard.call(lambda h: self._validate(self._compiled, options, held=True))

    def select(self, device: Union[Dict[str, Any], str, bytes], now: Instant,
               tick: int = 10) -> Selection:
        """SPEC 14.3 for one device of the set (its state per plan under
        "plans", SPEC 14.2): a Selection."""
        return self.select_many([device], now, tick)[0]

    def select_many(self, devices: Sequence[Union[Dict[str, Any], str, bytes]], now: Instant,
                    tick: int = 10) -> List[Selection]:
        """select() for every device, the set held once for all of them.
        A bad device raises OtaplanError naming its index.  With the C
        speed-ups a dict goes into ota_set_device directly (_speedups.c);
        every other device, and a dict they do not take, is read as JSON
        by the set's reader (faster than building the structs with ctypes:
        bench/RESULTS.md)."""
        at = _instant_or_none(now)
        if (speedups is None or at is None or tick.__class__ is not int or
                tick not in _allowed_ticks()):
            texts = [_document(device, "device") for device in devices]
            return self._select_texts(texts, _instant(now, "now"), tick)
        names, devices = self._names, list(devices)

        def run(h):
            answers, slow = [], []
            for i, device in enumerate(devices):
                answer = (speedups.select(h.value, device, at, tick)
                          if device.__class__ is dict else None)
                if answer is not None and answer[0] == n.OK:
                    answers.append(self._fast_selection(device["id"], answer, names))
                else:
                    answers.append(None)
                    slow.append(i)
            return answers, slow
        answers, slow = self._guard.call(run)
        if slow:
            texts = [_document(devices[i], "device") for i in slow]
            for i, selection in zip(slow, self._select_texts(texts, at, tick, slow)):
                answers[i] = selection
        return answers

    def _fast_selection(self, device_id, answer, names):
        """A Selection of _speedups.select()'s tuple."""
        (_, plan, reason, kind, components, push_status, push_reason, push_at, others) = answer
        if plan < 0:
            governing, eligible, components = None, False, []
            reason, kind = _reason_name(reason), n.KINDS[kind]
        else:
            governing = names[plan]
            eligible, reason, kind, components = self._compiled[plan]._fast_eligibility(
                (n.OK, reason, kind, components))
        return Selection(device_id, governing, eligible, reason, kind, components,
                         _push_of(push_status, push_reason, push_at),
                         [Candidate(names[p], _reason_name(r), names[o] if o >= 0 else None)
                          for p, r, o in others])

    def _select_texts(self, texts, at, tick, indexes=None):
        """Selections of device JSON texts; errors name indexes[i] (i by default)."""
        options = CompiledPlan._eval_options(tick)
        others = (n.Candidate * len(self._compiled))()

        def run(h):
            reader = json_lib.ota_json_device_reader_new()
            if not reader:
                raise MemoryError("out of memory")
            try:
                return [self._select_one(h, reader, indexes[i] if indexes else i, text, at,
                                         options, others)
                        for i, text in enumerate(texts)]
            finally:
                json_lib.ota_json_device_reader_free(reader)
        return self._guard.call(run)

    def _select_one(self, h, reader, index, text, at, options, others):
        pointer = POINTER(n.SetDevice)()
        error = n.JsonError(version=n.JSON_ERROR_VERSION)
        status = json_lib.ota_json_set_device_read(reader, h, text, len(text), byref(pointer),
                                                   byref(error))
        if status != n.OK:
            message = error.text.decode("utf-8", "replace") or _strerror(status)
            raise OtaplanError(status, f"device {index}: {message}")
        selection = n.Selection()
        _check(lib.ota_selection_init(byref(selection), n.SELECTION_VERSION))
        selection.others = others
        selection.other_capacity = len(others)
        status = lib.ota_plan_set_select(h, pointer, at, byref(options), byref(selection))
        if status != n.OK:
            raise OtaplanError(status, f"device {index}: {self._problem(pointer, status)}")
        return self._answer(pointer.contents, selection)

    @staticmethod
    def _problem(pointer, status):
        """The sentence for a device the selection refused: ota_device_check()'s, as the
        JSON path's selection reports it, else the status's."""
        device = n.ctypes.cast(pointer.contents.device, POINTER(n.Device)).contents
        why = n.ctypes.c_char_p()
        if lib.ota_device_check(byref(device), byref(why)) != n.OK and why.value:
            return why.value.decode()
        return _strerror(status)

    def _name(self, index):
        """Plan `index`'s trimmed name."""
        return self._names[index]

    def _answer(self, device, selection):
        device_id = n.ctypes.cast(device.device, POINTER(n.Device)).contents.id
        device_id = device_id.decode("utf-8", "replace")
        push = _push(selection.push)
        if selection.plan < 0:
            code = selection.eligibility.reason  # no_plan
            governing, eligible, components = None, False, []
            reason, kind = lib.ota_reason_name(code).decode(), n.KINDS[lib.ota_reason_kind(code)]
        else:
            answer = self._compiled[selection.plan]._eligibility(selection.eligibility)
            governing = self._name(selection.plan)
            eligible, reason, kind, components = answer
        others = [Candidate(self._name(c.plan), lib.ota_reason_name(c.reason).decode(),
                            self._name(c.outranked_by) if c.outranked_by >= 0 else None)
                  for c in selection.others[:selection.other_count]]
        return Selection(device_id, governing, eligible, reason, kind, components, push, others)
