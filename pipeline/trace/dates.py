"""Resolve a commitment's or target's deadline, as written, to the latest ISO date it allows.

The extractor fills `due_date` / `deadline_date` when it can; this resolver is the fallback over
the record's own text, relative to its meeting date (ANNOTATION.md's date conventions). Dates
that fall before the meeting are references to the past, not deadlines, and are ignored.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_YEAR = r"(?:\s*[’'‘]?(\d{4}|\d{2})\b)?"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b" + _YEAR, re.I)
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b,?" + _YEAR, re.I)
_QUALIFIED_MONTH = re.compile(
    r"\b(early|mid|mid-|end of|late|by|in|until|before|during)?\s*-?\s*" + _MONTH + r"\b" + _YEAR, re.I
)
_QUALIFIED_YEAR = re.compile(
    r"\b(early|mid|late|end of|by|in|during|before|until)[\s“”\"'-]*(?:in\s+)?(20\d{2}|19\d{2})\b", re.I
)
_FIN_YEAR = re.compile(r"\b(20)?(\d{2})\s*/\s*(20)?(\d{2})\b")
_NEXT = re.compile(r"\bnext\s+(week|month|meeting|morning|day|year|quarter)\b", re.I)
_OVER_YEARS = re.compile(
    r"\b(?:over|within)\s+the\s+next\s+(\d+|two|three|four|five)\s+(years?|months?)\b", re.I
)
_NUM_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(raw: str | None, default: int) -> int:
    if not raw:
        return default
    value = int(raw)
    return value + 2000 if value < 100 else value


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    return _month_end(d.year + m // 12, m % 12 + 1)


def resolve_due(text: str | None, meeting: date | None) -> date | None:
    """The latest deadline that `text` sets, on or after the meeting date; None when it sets none."""
    if not text or meeting is None:
        return None
    found: list[date] = []
    spans: list[tuple[int, int]] = []

    def keep(d: date | None, span: tuple[int, int], roll: bool) -> None:
        if d is None:
            return
        if d < meeting and roll:
            d = _safe(d.year + 1, d.month, d.day) or d
        spans.append(span)
        if d >= meeting:
            found.append(d)

    for m in _DAY_MONTH.finditer(text):
        month = _MONTHS[m.group(2).lower()]
        keep(_safe(_year(m.group(3), meeting.year), month, int(m.group(1))), m.span(), m.group(3) is None)
    for m in _MONTH_DAY.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        month = _MONTHS[m.group(1).lower()]
        keep(_safe(_year(m.group(3), meeting.year), month, int(m.group(2))), m.span(), m.group(3) is None)
    for m in _QUALIFIED_MONTH.finditer(text):
        if any(a <= m.start(2) < b for a, b in spans):
            continue
        word = m.group(2).lower()
        if word == "may" and not (m.group(1) or m.group(3)):
            continue  # the verb, not the month
        qualifier = (m.group(1) or "").lower().strip("- ")
        month, year = _MONTHS[word], _year(m.group(3), meeting.year)
        day = 15 if qualifier == "mid" else calendar.monthrange(year, month)[1]
        keep(_safe(year, month, day), m.span(), m.group(3) is None)
    for m in _QUALIFIED_YEAR.finditer(text):
        year, qualifier = int(m.group(2)), m.group(1).lower()
        if qualifier == "early":
            keep(date(year, 3, 31), m.span(), False)
        elif qualifier == "mid":
            keep(date(year, 6, 30), m.span(), False)
        else:
            keep(date(year, 12, 31), m.span(), False)
    for m in _FIN_YEAR.finditer(text):
        first, second = int(m.group(2)), int(m.group(4))
        if second == (first + 1) % 100:
            keep(date(2000 + second if second < 70 else 1900 + second, 3, 31), m.span(), False)
    for m in _NEXT.finditer(text):
        unit = m.group(1).lower()
        if unit in ("morning", "day"):
            keep(meeting + timedelta(days=1), m.span(), False)
        elif unit == "week":
            keep(meeting + timedelta(days=7), m.span(), False)
        elif unit in ("month", "meeting"):
            keep(_add_months(meeting, 1), m.span(), False)
        elif unit == "quarter":
            keep(_add_months(meeting, 3), m.span(), False)
        else:
            keep(date(meeting.year + 1, 12, 31), m.span(), False)
    for m in _OVER_YEARS.finditer(text):
        raw = m.group(1).lower()
        n = _NUM_WORDS.get(raw) or int(raw)
        months = n * 12 if m.group(2).lower().startswith("year") else n
        keep(_add_months(meeting, months), m.span(), False)
    return max(found) if found else None
