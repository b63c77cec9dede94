"""otaplan: OTA firmware-upgrade plan rules, through libotaplan's C interface.

    from otaplan import Plan
    compiled = Plan.from_json(open("plan.json").read()).compile()
    print(compiled.next_push({"id": "d1", "product": "p", "versions": {"fw": "1.0"}},
                             now=datetime.now(timezone.utc)))
"""
from .api import (ComponentAnswer, CompiledPlan, Device, Diagnostic, Eligibility, OtaplanError,
                  Plan, Push, bucket, tzdata_source, tzdata_version, version)

__all__ = ["ComponentAnswer", "CompiledPlan", "Device", "Diagnostic", "Eligibility",
           "OtaplanError", "Plan", "Push", "bucket", "tzdata_source", "tzdata_version",
           "version"]
