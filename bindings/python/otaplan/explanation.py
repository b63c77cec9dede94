"""The typed answer of CompiledPlan.explain(): every check, each component
with the versions compared, and how the push was found (doc/rules.md 9,
`otaplan explain --json`).  Immutable dataclasses; `as_json()` gives the
document `otaplan explain --json` prints."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

from .answers import Push


def _at(text: Optional[str]) -> Optional[_dt.datetime]:
    return None if text is None else _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Check:
    """One check of SPEC 5, named by the reason it gives when it fails."""
    check: str
    failed: bool
    detail: str


@dataclass(frozen=True)
class ExplainedComponent:
    """A component: whether it applies, why not, and the versions compared."""
    id: str
    applies: bool
    reason: Optional[str]
    version: Optional[str]  # the device's, None when it reports none
    target: str
    source: Optional[str] = None  # delta
    specified: Optional[str] = None  # full, as the plan lists them
    order: Optional[str] = None  # "semver" or "natural" (SPEC 13), None without
    allow_downgrade: bool = False
    min_version: Optional[str] = None  # the bounds that apply (full, no list)
    below_version: Optional[str] = None
    detail: str = ""  # what the rule compared: "2.5.0 > target 2.4.0 (semver, ...)"


@dataclass(frozen=True)
class Term:
    """A term of T0 (SPEC 6, 11.2): "now", "start", "phase", ..."""
    term: str
    at: _dt.datetime


@dataclass(frozen=True)
class Occurrence:
    """The window occurrence of the push: its local date and weekday."""
    day: _dt.date
    weekday: str


@dataclass(frozen=True)
class Blackout:
    start: _dt.datetime
    end: _dt.datetime


@dataclass(frozen=True)
class Slot:
    """The device's slot under spread (SPEC 11.5): j of n ticks, at t_j."""
    index: int
    count: int
    at: _dt.datetime


@dataclass(frozen=True)
class Explanation:
    id: str
    eligible: bool
    reason: str
    kind: str
    checks: Tuple[Check, ...]
    components: Tuple[ExplainedComponent, ...]
    push: Push
    t0: Optional[Term]  # term: the first term equal to T0; None when no search ran
    terms: Tuple[Term, ...]
    bucket: Optional[int]
    position: Optional[int]
    occurrence: Optional[Occurrence]
    closed_days: int
    blackouts: Tuple[Blackout, ...]
    slot: Optional[Slot]
    _document: Dict[str, Any] = field(repr=False, compare=False)

    def as_json(self) -> Dict[str, Any]:
        """The document of `otaplan explain --json` (a fresh copy)."""
        import copy
        return copy.deepcopy(self._document)

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Explanation":
        push = d["push"]
        t0 = d["t0"]
        occurrence, slot = d["occurrence"], d["slot"]
        return cls(
            id=d["id"], eligible=d["eligible"], reason=d["reason"], kind=d["kind"],
            checks=tuple(Check(c["check"], c["failed"], c["detail"]) for c in d["checks"]),
            components=tuple(ExplainedComponent(
                c["id"], c["applies"], c.get("reason"), c.get("version"), c["target"],
                c.get("source"), c.get("specified"), c.get("order"),
                c.get("allow_downgrade", False), c.get("min_version"), c.get("below_version"),
                c.get("detail", "")) for c in d["components"]),
            push=Push(push["status"], _at(push.get("at")), push.get("reason")),
            t0=None if t0 is None else Term(t0["set_by"], _at(t0["at"])),
            terms=tuple(Term(t["term"], _at(t["at"])) for t in d["terms"]),
            bucket=d["bucket"], position=d["position"],
            occurrence=None if occurrence is None else Occurrence(
                _dt.date.fromisoformat(occurrence["day"]), occurrence["weekday"]),
            closed_days=d["closed_days"],
            blackouts=tuple(Blackout(_at(b["start"]), _at(b["end"])) for b in d["blackouts"]),
            slot=None if slot is None else Slot(slot["index"], slot["count"], _at(slot["at"])),
            _document=d)
