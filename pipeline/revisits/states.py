"""The takedown state machine: what one revisit's outcome does to an article's state.

Pure logic (no I/O) so every path — one 404 then 200, three 404s, a site down for a day and
back — is tested directly and the stage only applies the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.revisits.outcome import CONCLUSION, Outcome
from pipeline.revisits.schedule import RevisitPlan


@dataclass(frozen=True)
class Current:
    state: str  # live | removed | redirected | unreachable
    failures: int
    failure_kind: str | None
    first_failed_at: datetime | None
    base_at: datetime


@dataclass(frozen=True)
class Decision:
    state: str
    failures: int
    failure_kind: str | None
    first_failed_at: datetime | None
    step: int
    next_at: datetime | None
    good: bool  # the article was seen in place
    event: str | None = None  # removed | redirected | unreachable | restored: a change to record


def decide(current: Current, outcome: Outcome, now: datetime, plan: RevisitPlan) -> Decision:
    step, scheduled = plan.next_scheduled(current.base_at, now)
    if outcome.kind == "skipped":
        return Decision(current.state, current.failures, current.failure_kind, current.first_failed_at,
                        step, scheduled, good=False)
    if not outcome.failed:
        event = "restored" if current.state != "live" else None
        return Decision("live", 0, None, None, step, scheduled, good=True, event=event)
    failures = current.failures + 1
    first_failed = current.first_failed_at or now
    if current.state != "live":
        # Already concluded: keep the conclusion, keep looking on the schedule for a return.
        return Decision(current.state, failures, outcome.kind, first_failed, step, scheduled, good=False)
    if failures >= plan.confirm:
        conclusion = CONCLUSION[outcome.kind]
        return Decision(conclusion, failures, outcome.kind, first_failed, step, scheduled, good=False,
                        event=conclusion)
    # Not concluded yet: look again soon.
    return Decision("live", failures, outcome.kind, first_failed, step, plan.after_failure(now, current.base_at),
                    good=False)
