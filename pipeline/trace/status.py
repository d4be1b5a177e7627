"""A status for each commitment and target, from its links, its deadline and the date it is judged at.

"Now" is the latest meeting date stored for the item's body (falling back to the latest in the
database): the register then says what the minutes show as of the body's latest meeting, and a
re-run on the same documents gives the same answer whatever day it runs. Precedence:

1. done        — a link labelled completed;
2. changed     — a link labelled changed (a new value, deadline or course);
3. overdue     — the deadline has passed as of "now" with no evidence of completion;
4. in progress — links that restate it, report progress or a delay;
5. open        — no links, and either no later meeting of the body yet or a deadline still ahead;
6. no evidence — no links although later meetings of the body have taken place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

STATUSES = ("open", "in progress", "done", "overdue", "changed", "no evidence")


@dataclass(frozen=True, slots=True)
class Evidence:
    link_id: str
    label: str
    meeting_date: date | None
    doc: str


@dataclass(frozen=True, slots=True)
class Status:
    status: str
    decided_by: str | None
    reason: str


def decide_status(
    item_date: date | None,
    due: date | None,
    as_of: date | None,
    links: Sequence[Evidence],
    later_meetings: int,
) -> Status:
    """The status of one item (a pure function; see the module docstring for the rules)."""
    ordered = sorted(links, key=lambda e: (e.meeting_date or date.min, e.link_id))

    def last(label: str) -> Evidence | None:
        found = [e for e in ordered if e.label == label]
        return found[-1] if found else None

    done = last("completed")
    if done:
        return Status("done", done.link_id, f"completion reported in {done.doc} ({done.meeting_date})")
    changed = last("changed")
    if changed:
        return Status("changed", changed.link_id, f"changed in {changed.doc} ({changed.meeting_date})")
    if due and as_of and due < as_of:
        return Status("overdue", None, f"due {due}; no evidence of completion as of {as_of}")
    if ordered:
        latest = ordered[-1]
        return Status("in progress", latest.link_id,
                      f"{latest.label} in {latest.doc} ({latest.meeting_date})")  # fmt: skip
    if item_date is None:
        return Status("open", None, "the document has no meeting date, so later evidence cannot be ordered")
    if later_meetings == 0:
        return Status("open", None, "no later meeting of this body yet")
    if due and as_of and due >= as_of:
        return Status("open", None, f"due {due}, after {as_of}")
    return Status("no evidence", None, f"not mentioned in {later_meetings} later meeting(s) up to {as_of}")
