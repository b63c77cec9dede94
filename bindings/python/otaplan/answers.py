"""The small answers of the binding, as typed named tuples: immutable, and
equal to the plain tuples of 0.3.0 field for field."""
from __future__ import annotations

import datetime as _dt
from typing import List, NamedTuple, Optional


class Diagnostic(NamedTuple):
    """One problem of a plan (SPEC 7); hint: the suggestion the message ends
    with ("did you mean ...?"), or None."""
    severity: str
    code: str
    path: str
    message: str
    hint: Optional[str] = None


class ComponentAnswer(NamedTuple):
    id: str
    applies: bool
    reason: Optional[str]  # None when it applies


class Eligibility(NamedTuple):
    eligible: bool
    reason: str
    kind: Optional[str]  # "final", "wait", "device-side"; None when eligible
    components: List[ComponentAnswer]


class Push(NamedTuple):
    """SPEC 6: status "push_at" (with `at`), "await_user_confirm",
    "await_device_request", or "never" (with `reason`)."""
    status: str
    at: Optional[_dt.datetime]
    reason: Optional[str]


class Candidate(NamedTuple):
    """Another plan that targets the device (SPEC 14.3): its name, its
    reason, and when it is live, the governing plan's name."""
    plan: str
    reason: str
    outranked_by: Optional[str]


class Selection(NamedTuple):
    """Which plan of a set governs a device, and its answer (SPEC 14.3):
    `plan` is the governing plan's trimmed name, or None (reason "no_plan",
    no components, push never/no_plan); `others` the other candidates in
    precedence order."""
    id: str
    plan: Optional[str]
    eligible: bool
    reason: str
    kind: Optional[str]
    components: List[ComponentAnswer]
    push: Push
    others: List[Candidate]
