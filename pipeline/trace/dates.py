"""Resolve a commitment's or target's deadline, as written, to the latest ISO date it allows.

The extractor fills `due_date` / `deadline_date` when it can; this is the fallback over the record's
own text (or a later passage's), relative to its meeting date. It reads time expressions with the
extractor's own reader (`pipeline.extract.timex`, dateparser underneath, the conventions of
ANNOTATION.md on top), so extraction and tracing never disagree about what a date means. Two tracing
conventions are added: dates before the meeting are references to the past, not deadlines, and are
ignored; "the next meeting", when the minutes do not date it, is taken as the end of the following
month (most bodies meet monthly), so that an item due then can become overdue.
"""

from __future__ import annotations

from datetime import date

from pipeline.extract.timex import find_time_expressions, month_end

_NOT_DEADLINES = frozenset({"year_range", "fy_range", "vague"})


def resolve_due(text: str | None, meeting: date | None) -> date | None:
    """The latest deadline that `text` sets, on or after the meeting date; None when it sets none."""
    if not text or meeting is None:
        return None
    found: list[date] = []
    for expr in find_time_expressions(text, meeting):
        if expr.kind in _NOT_DEADLINES:
            continue
        when = expr.date
        if when is None and expr.kind == "meeting":
            when = _following_month_end(meeting)
        if when is not None and when >= meeting:
            found.append(when)
    return max(found) if found else None


def _following_month_end(meeting: date) -> date:
    year, month = (meeting.year + 1, 1) if meeting.month == 12 else (meeting.year, meeting.month + 1)
    return month_end(year, month)
