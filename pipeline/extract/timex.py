"""Time expressions in minutes and plans, resolved to the latest ISO date they allow.

Calendar parsing ("30 June 2014", "Wed 18 Sep '13", "May 11") is dateparser's; this module only adds
the conventions of ANNOTATION.md on top: a financial year "19/20" ends on 31 March 2020, "by 2021"
on 31 December 2021, "early 2020" on 31 March, a season on its last month's end, a month without a
day on its last day, and a month without a year on its next occurrence after the meeting date.
The recognisers' patterns are data (patterns/timex.v1.json).
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import dateparser

TIMEX_FILE = "timex.v1.json"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    text: str  # as written, with its lead-in word ("by 2021")
    start: int
    end: int
    date: date | None  # the latest day the expression allows, when it can be resolved
    kind: str  # fy | fy_range | year | year_range | season | part_of_year | month | day | meeting | within | relative | vague


@lru_cache(maxsize=1)
def timex_data() -> dict[str, Any]:
    text = resources.files("pipeline.extract").joinpath("patterns", TIMEX_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def fy_end(first: str, second: str) -> date | None:
    """'19/20', '2019/20', '2017-18', '2008/9' → 31 March of the second year; None when not consecutive
    years (or one digit after a two-digit year: "12/3" is a day and month)."""
    if len(second) == 1 and len(first) != 4:
        return None
    y1 = int(first) if len(first) == 4 else 2000 + int(first)
    y2 = int(second) if len(second) == 4 else (y1 // 10 ** len(second)) * 10 ** len(second) + int(second)
    if y2 != y1 + 1 or not 1950 <= y1 <= 2100:
        return None
    return date(y2, 3, 31)


def parse_month_word(word: str) -> int | None:
    return parse_month(word.strip(" .").lower())


@lru_cache(maxsize=256)
def parse_month(word: str) -> int | None:
    parsed = dateparser.parse(
        word.strip(" .").lower(), languages=["en"], settings={"REQUIRE_PARTS": ["month"]}
    )
    return parsed.month if parsed else None


def next_occurrence_year(month: int, ref: date | None) -> int | None:
    if ref is None:
        return None
    return ref.year if month >= ref.month else ref.year + 1


@lru_cache(maxsize=4096)
def parse_calendar_date(text: str, ref: date | None) -> date | None:
    """A day-and-month expression via dateparser; a missing year is the next occurrence after `ref`."""
    cleaned = re.sub(r"[’'‘]\s*(\d{2})\b", r"20\1", text)
    has_year = bool(re.search(r"\b(19|20)\d{2}\b", cleaned))
    if not has_year and ref is None:
        return None
    settings: dict[str, Any] = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month"]}
    if not has_year and ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day)
        settings["PREFER_DATES_FROM"] = "future"
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    d = timex_data()
    m = d["month"]
    lead = d["lead_in"]
    yy = r"(?:(?:19|20)\d{2}|[’'‘]\d{2})"
    fy = r"(?:FY\s?)?((?:19|20)?\d{2})\s?[/-]\s?(\d{1,2}|(?:19|20)\d{2})(?![/\d])"
    wd = r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
    parts = "|".join(sorted((re.escape(k) for k in d["part_of_year_end"]), key=len, reverse=True))
    seasons = "|".join(d["season_end"])
    vague = "|".join(sorted((re.escape(v) for v in d["vague_due"]), key=len, reverse=True))
    return [
        (
            "fy_range",
            re.compile(r"(?:(?:from|between)\s+)?(?<![\d/])" + fy + r"\s*(?:to|–|-|and)\s*" + fy, re.I),
        ),
        ("fy", re.compile(rf"(?:(?:{lead})\s+)?(?:the\s+)?(?<![\d/.£$])" + fy, re.I)),
        (
            "year_range",
            re.compile(
                rf"(?:(?:{lead})\s+)?(?:the\s+)?(?:period\s+)?\b((?:19|20)\d{{2}})\s?(?:–|-|to)\s?((?:19|20)\d{{2}})\b",
                re.I,
            ),
        ),
        (
            "day",
            re.compile(
                rf"(?:(?:{lead})\s+)?{wd}\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{m}(?:,?\s*{yy})?\b", re.I
            ),
        ),
        (
            "day",
            re.compile(rf"(?:(?:{lead})\s+)?{wd}\b{m}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*{yy}\b)?", re.I),
        ),
        ("month_pair", re.compile(rf"(?:(?:{lead})\s+)?\b({m})\s?/\s?({m})\s+((?:19|20)\d{{2}})\b", re.I)),
        (
            "part_month",
            re.compile(
                rf"(?:(?:{lead})\s+)?(?:the\s+)?\b({parts})[\s-]+(?:of\s+)?({m})(?:\s+((?:19|20)\d{{2}}))?\b",
                re.I,
            ),
        ),
        ("month", re.compile(rf"(?:(?:{lead})\s+)?\b({m})\s+((?:19|20)\d{{2}})\b", re.I)),
        (
            "season",
            re.compile(
                rf"(?:(?:{lead}|between now and)\s+)?(?:the\s+)?\b({seasons})(?:\s+(?:of\s+)?((?:19|20)\d{{2}}))?\b",
                re.I,
            ),
        ),
        (
            # the American autumn, only where it is plainly a time ("this fall", "by the fall of 2021"; not
            # "a fall in admissions"): resolved as the autumn
            "season",
            re.compile(
                rf"(?:(?:{lead})\s+)?\b(?:this|next|the)\s+(fall)(?:\s+(?:of\s+)?((?:19|20)\d{{2}}))?\b(?!\s+(?:in|of)\b(?!\s+(?:19|20)\d))",
                re.I,
            ),
        ),
        (
            "part_year",
            re.compile(
                rf"(?:(?:{lead})\s+)?(?:the\s+)?\b({parts})[\s\"“”-]*(?:in\s+)?((?:19|20)\d{{2}})\b", re.I
            ),
        ),
        ("year", re.compile(rf"\b(?:{lead}|end of|the end of)\s+((?:19|20)\d{{2}})\b(?![/-]\d)", re.I)),
        (
            "meeting",
            re.compile(
                rf"(?:(?:{lead})\s+)?\b(?:the|our|its|their)\s+(?:next|following)\s+(?:\w+\s+)?meeting\b|(?:(?:{lead})\s+)?\b(?:the\s+({m})|({m})[’']s)\s+meeting\b|(?:(?:{lead})\s+)?the\s+meeting\s+in\s+({m})\b",
                re.I,
            ),
        ),
        (
            "within",
            re.compile(
                r"\bwithin\s+(?:the\s+next\s+|the\s+coming\s+)?(a|one|two|three|four|five|six|\d{1,2})?\s*"
                r"(day|week|fortnight|month|year)s?\b",
                re.I,
            ),
        ),
        (
            "relative",
            re.compile(
                rf"(?:(?:{lead})\s+)?\b(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?(next|this|following)\s+(week|month|quarter|year)\b|\b(?:by|before|until)\s+the\s+end\s+of\s+the\s+(year|month)\b",
                re.I,
            ),
        ),
        (
            "month",
            re.compile(rf"\b(?:{lead}|end of|the end of)\s+(?:the\s+)?(?:end\s+of\s+)?({m})(?![\w/])", re.I),
        ),
        ("vague", re.compile(rf"(?:between\s+now\s+and\s+\w+|\b(?:{vague}))", re.I)),
    ]


def _resolve(kind: str, match: re.Match[str], ref: date | None, next_meeting: date | None) -> date | None:
    d = timex_data()
    g = match.groups()
    text = match.group(0).lower()
    if kind == "fy_range":
        return fy_end(g[2], g[3])
    if kind == "fy":
        return fy_end(g[0], g[1])
    if kind == "year_range":
        return date(int(g[1]), 12, 31) if int(g[1]) > int(g[0]) else None
    if kind == "day":
        return parse_calendar_date(
            re.sub(r"^\s*\w+\s+(?=\d|\w)", "", match.group(0)) if _has_lead(text) else match.group(0), ref
        )
    if kind == "month_pair":
        month = parse_month(g[1])
        return month_end(int(g[2]), month) if month else None
    if kind == "part_month":
        month = parse_month(g[1])
        part = g[0].lower()
        year = int(g[2]) if g[2] else (next_occurrence_year(month, ref) if month else None)
        if not month or not year:
            return None
        day = d["part_of_month_day"].get(part, 0)
        return date(year, month, day) if day else month_end(year, month)
    if kind == "month":
        month = parse_month(g[0])
        if not month:
            return None
        year = int(g[1]) if len(g) > 1 and g[1] else next_occurrence_year(month, ref)
        return month_end(year, month) if year else None
    if kind == "season":
        season = "autumn" if g[0].lower() == "fall" else g[0].lower()
        if text.startswith("before") and not g[1]:
            season = _SEASON_BEFORE.get(season, season)  # "before winter": by the end of autumn
        m_, day = d["season_end"][season]
        if g[1]:  # "winter 2020" is the winter that starts in 2020
            return date(int(g[1]) + (1 if season == "winter" else 0), m_, day)
        year = next_occurrence_year(m_, ref) if ref else None
        return date(year, m_, day) if year else None
    if kind == "part_year":
        m_, day = d["part_of_year_end"][g[0].lower()]
        return date(int(g[1]), m_, day)
    if kind == "year":
        return date(int(g[0]), 12, 31)
    if kind == "meeting":
        month_word = g[0] or g[1] or g[2]
        if month_word:
            month = parse_month(month_word)
            year = next_occurrence_year(month, ref) if month else None
            if not (year and month):
                return None
            if next_meeting is not None and (next_meeting.year, next_meeting.month) == (year, month):
                return next_meeting  # "the September meeting" when the minutes give its date
            return month_end(year, month)
        return next_meeting
    if kind == "within":
        if ref is None:
            return None
        count = _COUNT_WORDS.get((g[0] or "one").lower()) or int(g[0])
        unit = g[1].lower()
        if unit in ("month", "year"):
            return _add_months(ref, count * (12 if unit == "year" else 1))
        return ref + timedelta(days=count * {"day": 1, "week": 7, "fortnight": 14}[unit])
    if kind == "relative":
        if ref is None:
            return None
        which, unit, end_unit = g
        if end_unit:
            return date(ref.year, 12, 31) if end_unit.lower() == "year" else month_end(ref.year, ref.month)
        step = 0 if which.lower() == "this" else 1
        if unit.lower() == "year":
            return date(ref.year + step, 12, 31)
        if unit.lower() == "week":
            return ref + timedelta(days=7 * step + 6 - ref.weekday())  # that week's Sunday
        if unit.lower() == "quarter":
            last = ((ref.month - 1) // 3 + step) * 3 + 3  # the quarter's last month, counted from January
            return month_end(ref.year + (last - 1) // 12, (last - 1) % 12 + 1)
        month = ref.month + step
        year = ref.year + (month - 1) // 12
        return month_end(year, (month - 1) % 12 + 1)
    return None


_SEASON_BEFORE = {
    "spring": "winter",
    "summer": "spring",
    "autumn": "summer",
    "winter": "autumn",
}
_COUNT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _add_months(ref: date, count: int) -> date:
    """`count` calendar months after `ref`, on the same day or the month's last ("within one month" of
    31 January is 28 February)."""
    month = ref.month - 1 + count
    year, month = ref.year + month // 12, month % 12 + 1
    return date(year, month, min(ref.day, calendar.monthrange(year, month)[1]))


def _has_lead(text: str) -> bool:
    return bool(re.match(r"(by|before|until|till|in|on|at|during|from|for|over|within|between)\s", text))


def find_time_expressions(
    text: str, ref: date | None = None, next_meeting: date | None = None
) -> list[TimeExpression]:
    """Non-overlapping time expressions in `text`, in order; earlier patterns win ties."""
    return list(_find_cached(text, ref, next_meeting))


@lru_cache(maxsize=8192)
def _find_cached(text: str, ref: date | None, next_meeting: date | None) -> tuple[TimeExpression, ...]:
    if not _ANY_TIME_WORD.search(text):
        return ()
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if kind in ("fy", "fy_range") and _resolve(kind, match, ref, next_meeting) is None:
                continue
            resolved = _resolve(kind, match, ref, next_meeting)
            label = "day" if kind == "day" else kind
            found.append(TimeExpression(match.group(0).strip(), start, end, resolved, label))
            taken.append((start, end))
    return tuple(sorted(found, key=lambda t: t.start))


# A cheap pre-check: a text with no digit, month, season or time word has no time expression.
_ANY_TIME_WORD = re.compile(
    r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|fall|winter|month|year|meeting|"
    r"course|time|soon|later|shortly|opportunit|meantime|annual|quarter|return|week|fortnight|day|drop|done|now",
    re.I,
)


def clear_caches() -> None:
    """Forget parsed texts and dates (benchmarks clear them so a repeat pass costs what a first does)."""
    _find_cached.cache_clear()
    parse_calendar_date.cache_clear()


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
