"""otaplan: OTA firmware-upgrade plan rules, through libotaplan's C interface.

    from otaplan import Plan
    with Plan.from_json(open("plan.json").read()) as plan, plan.compile() as compiled:
        print(compiled.next_push({"id": "d1", "product": "p", "versions": {"fw": "1.0"}},
                                 now=datetime.now(timezone.utc)))
"""
from .answers import Candidate, ComponentAnswer, Diagnostic, Eligibility, Push, Selection
from .api import (CompiledPlan, Device, OtaplanError, Plan, bucket, compare_versions,
                  tzdata_source, tzdata_version, version)
from .explanation import (Blackout, Check, ExplainedComponent, Explanation, Occurrence, Slot,
                          Term)
from .plan_set import PlanSet

__all__ = ["Blackout", "Candidate", "Check", "ComponentAnswer", "CompiledPlan", "Device",
           "Diagnostic", "Eligibility", "ExplainedComponent", "Explanation", "Occurrence",
           "OtaplanError", "Plan", "PlanSet", "Push", "Selection", "Slot", "Term", "bucket",
           "compare_versions", "tzdata_source", "tzdata_version", "version"]
