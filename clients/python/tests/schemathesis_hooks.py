"""schemathesis hooks for the run in test_schemathesis.py (SCHEMATHESIS_HOOKS).

Emulated time costs real time: advancing the clock (or a `workload` step) by the day the
API allows runs a day of workload. Valid durations are capped at 60 s so that every
operation is still exercised and the run stays bounded; values the API must refuse
(negative, over 86400 s, not numbers) are left as generated.
"""

from __future__ import annotations

from typing import Any

import schemathesis

CAP = 60.0
BOUND = 86400.0


def capped(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and CAP < value <= BOUND:
        return CAP
    return value


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    body = case.body
    if not isinstance(body, dict):
        return case
    if case.path == "/clock/advance" and "seconds" in body:
        case.body = dict(body, seconds=capped(body["seconds"]))
    elif case.path == "/steps" and isinstance(body.get("workload"), dict) and "seconds" in body["workload"]:
        case.body = dict(body, workload=dict(body["workload"], seconds=capped(body["workload"]["seconds"])))
    return case
