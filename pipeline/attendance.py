"""Who was at the meeting: the attendance and apologies lines minutes open with ("Present: Cllrs
Shewell, Evans …", "Apologies: …", "To receive apologies for absence", an "Attendance" heading over a
list of names).

One vocabulary for three readers: extraction never takes such a line for a decision, commitment or
target; tracing never takes it for evidence about an item (it names the same people); and extraction's
context reads from it the names of those present, who may be given actions ("Luther: Introduce …").
"""

from __future__ import annotations

import re

_WORDS = r"(?:apologies|present|in\s+attendance|attendees|attendance|also\s+present|members\s+present|absent)"
# "Present: …", "3. Apologies", "**In attendance**", "To receive apologies for absence: …"; "Attendance"
# only as a label (followed by a colon, dash or nothing), not "Attendance at the fair rose to 200"
_LINE = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?\**\s*(?:to\s+(?:receive|note|record)\s+(?:any\s+)?)?"
    rf"(?:{_WORDS}\b(?!\s+(?:at|of|figures|rates?|levels?)\b))",
    re.I,
)
_HEADING = re.compile(
    r"^\W*(?:attendance|(?:additional\s+|other\s+)?attendees|present|members\s+present|in\s+attendance|"
    r"attended\s+by)\W*$",
    re.I,
)
_NAMES = re.compile(
    r"^\W*(?:present|attendees|in\s+attendance|members\s+present)\s*[:-]\s*(?P<names>.+)$", re.I
)


def is_attendance(text: str) -> bool:
    """Whether a line, passage or sentence is the meeting's attendance or apologies record."""
    return bool(_LINE.match(text))


def is_attendance_heading(text: str) -> bool:
    """A heading over a list of those present: "Attendance", "Members present", "Attended by"."""
    return bool(_HEADING.match(text))


def present_names(text: str) -> str | None:
    """The names a "Present: A, B and C" line gives, as written; None for any other line."""
    match = _NAMES.match(text)
    return match.group("names") if match else None
