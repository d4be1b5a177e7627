"""Segmentation: a SourceDocument becomes meeting metadata, agenda items and passages.

Pure functions over the normalised text; every span is an offset into `SourceDocument.text`.
Sentences are left to the NLP stage (spaCy's parser splits them better than rules here).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import dateparser

from pipeline.records import (
    AgendaItem,
    Block,
    MeetingMeta,
    Passage,
    SegmentedDocument,
    SourceDocument,
    stable_id,
)

HEADING_PATH_SEPARATOR = " › "


def heading_levels(path: str | None) -> list[str]:
    """The headings of a passage's heading path, outermost first ("Minutes › Actions › Done")."""
    return path.split(HEADING_PATH_SEPARATOR) if path else []


MAX_PASSAGE_CHARS = 1500

_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE_PATTERNS = [
    re.compile(_WEEKDAY + r"\b(\d{1,2})(?:st|nd|rd|th)?\.?(?:\s+of)?\s+" + _MONTHS + r",?\s+(\d{4})\b", re.I),
    re.compile(_WEEKDAY + r"\b" + _MONTHS + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(r"\b(\d{4})\.(\d{2})\.(\d{2})\b"),  # "Committee Meeting 2016.03.12"
    re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"),  # "04/11/2014", "04.11.2014"
]
_IN_LINK = re.compile(
    r"(?:https?://|www\.|\]\(|/)\S*$"
)  # a date inside a link's address is not the meeting's
_MEETING_CUE = re.compile(r"\b(held|meeting|date|minutes?|on)\b", re.I)
# Words before a date that make it another meeting's: the minutes being approved, the next meeting
_OTHER_MEETING = re.compile(
    r"\b(?:previous|last|next|prior|following|forthcoming|future)\s+"
    r"(?:\w+\s+){0,3}?(?:meeting|minutes)\b|\b(?:to|will|would|shall)\s+be\s+held\b|\bdeadline\b|\buntil\b",
    re.I,
)
# "Minutes of the meeting held on …" past the opening lines is the earlier meeting's minutes, approved
_MINUTES_OF = re.compile(r"\bminutes\s+of\s+(?:\S+\s+){0,6}?held\b", re.I)
_OPENING = 300
# A date the page labels as the meeting's: "Meeting Date/Time: 2024-11-19", "Date of meeting: …"
_DATE_LABEL = re.compile(r"\b(?:meeting\s+date|date\s+of\s+(?:the\s+)?meeting)\b[^\n]{0,12}$", re.I)
_BODY_HEADS = (
    r"Parish Council|Town Council|City Council|County Council|Borough Council|District Council|Community Council|"
    r"Council|Integration Joint Board|Joint Board|Governing Body|Board|Committee|Sub-Committee|Partnership|Cabinet|"
    r"Forum|Panel|Steering Council|Trustees|Assembly|Authority|Executive|PC"
)
_BODY = re.compile(
    r"\b((?:[A-Z][A-Za-z&'’.-]*|and|of|for|the|&)(?:[ ]+(?:[A-Z][A-Za-z&'’.-]*|and|of|for|the|&)){0,9}?[ ]+"
    r"(?:" + _BODY_HEADS + r"|" + _BODY_HEADS.upper() + r"))\b"
)
# Words that open an agenda heading or a subject, not a body's name ("Public Forum", "Election of
# Sub-Committee", "Deputy Chief Executive")
_NOT_BODY_START = re.compile(
    r"^(?:public|election|elections|appointment|report|reports|update|deputy|chief|storage|new|annual|"
    r"extraordinary|special|ordinary|joint\s+meeting|minutes)\b",
    re.I,
)
_ITEM_START = re.compile(
    r"^(?:item\s+|agenda\s+item\s+)?(?P<num>\d{1,3}(?:\.\d{1,2})?|[A-Z]{1,3}\d{1,3}(?:/\d{2,4})?)[.):]?\s+"
    r"(?P<rest>.+)$",
    re.I | re.S,
)
_BOLD_TITLE = re.compile(r"^\*\*(?P<title>[^*]{2,120}?)\*\*")


def _full_dates(head: str) -> list[tuple[int, date]]:
    """(offset, date) of every full date written in `head`, outside link addresses."""
    found: list[tuple[int, date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(head):
            if _IN_LINK.search(head[max(0, match.start() - 80) : match.start()]):
                continue
            written = match.group(0)
            parsed = dateparser.parse(
                written,
                languages=["en"],
                settings={
                    "DATE_ORDER": "YMD" if written[:4].isdigit() else "DMY",
                    "PREFER_DAY_OF_MONTH": "first",
                },
            )
            if parsed is not None and 1990 <= parsed.year <= 2100:
                found.append((match.start(), parsed.date()))
    return found


def detect_meeting_date(
    text: str, name: str = "", title: str | None = None, meta_date: str | None = None
) -> date | None:
    """The meeting date.

    In order: a full date in the file name ("005_dundee-ijb-2021-08-25-minutes.txt": people who file
    minutes name them by meeting); else the first full date in the opening text near a meeting cue,
    else the first full date there; a date that points at another meeting ("minutes of the meeting
    held on 7 October" approved at this one, "the next meeting will be held on", "a general meeting
    to be held on 13 April") only when nothing else is dated; else a date in the title, else the date
    the file's own metadata gives (last: it is often the posting date)."""
    named = _full_dates(Path(name).stem) if name else []
    if named:
        return named[0][1]
    head = text[:2500]
    candidates: list[tuple[int, date]] = []
    for start, day in _full_dates(head):
        before = head[max(0, start - 80) : start].rsplit("\n", 1)[-1]  # the date's own line
        cue = start <= _OPENING or _MEETING_CUE.search(before[-60:])
        labelled = _DATE_LABEL.search(before[-40:])
        other = _OTHER_MEETING.search(before) or (start > _OPENING and _MINUTES_OF.search(before))
        rank = start - (5000 if cue else 0) - (5000 if labelled else 0) + (20000 if other else 0)
        candidates.append((rank, day))
    if candidates:
        return min(candidates)[1]
    for source in (title or "", meta_date or ""):
        found = _full_dates(source)
        if found:
            return found[0][1]
    return None


def detect_body(text: str, title: str | None = None) -> str | None:
    """The body whose meeting this is: a name ending in Council, Board, Committee … in the document's
    title, else in the opening text ("LICTON SPRINGS COMMUNITY COUNCIL", "Northwold PC" → Northwold
    Parish Council); not an agenda heading that happens to end in one ("Public Forum")."""
    for head in (title or "", text[:1500]):
        for match in _BODY.finditer(head):
            body = match.group(1).strip()
            body = re.sub(r"^(?:the|of|and|for)\s+", "", body, flags=re.I)
            body = re.sub(
                r"^(?:(?:draft|minutes|minute|meeting|of|the|page|contents|members)\s+)+",
                "",
                body,
                flags=re.I,
            )
            body = re.sub(r"\s+(?:Annual|Extraordinary|Special)(?=\s+\w+\s+Council$)", "", body)
            if (
                len(body.split()) >= 2
                and not re.match(r"(?i)(previous|last|next|this|that)\b", body)
                and not _NOT_BODY_START.match(body)
            ):
                body = body.title() if body.isupper() else body
                return re.sub(r"\bPC$", "Parish Council", body)
    return None


def detect_doc_kind(text: str, name: str = "", title: str | None = None) -> str:
    head = f"{name} {title or ''} {text[:1200]}".lower()
    whole = text.lower()
    if re.search(r"action (log|tracker|list)", head):
        return "action_log"
    minutes_cues = len(
        re.findall(
            r"\bresolved\b|\bminutes?\b|\bapologies\b|\bpresent\b|it was agreed|\bagreed that\b", whole
        )
    )
    opening = f"{name} {title or ''} {text[:250]}".lower()
    if re.search(r"\b(plan|strategy)\b", opening) and minutes_cues < 3:
        return "plan"
    if minutes_cues >= 2 or "minutes" in head:
        return "minutes"
    if re.search(r"\bagenda\b", head):
        return "agenda"
    if re.search(r"\b(news|press release|article)\b", head):
        return "news"
    if re.search(r"\b(summary|update|report)\b", head):
        return "summary"
    return "other"


def detect_meta(doc: SourceDocument) -> MeetingMeta:
    return MeetingMeta(
        body=detect_body(doc.text, doc.title),
        meeting_date=detect_meeting_date(doc.text, doc.name, doc.title, doc.meta_date),
        doc_kind=detect_doc_kind(doc.text, doc.name, doc.title),
        title=doc.title,
    )


def _item_title(block: Block, text: str) -> tuple[str | None, str] | None:
    """(number, title) when a block opens an agenda item, else None."""
    span = text[block.char_start : block.char_end]
    if block.kind == "heading":
        match = _ITEM_START.match(span)
        if match:
            return match.group("num"), match.group("rest").strip(" *.")[:200]
        return None, span.strip(" *")[:200]
    if block.kind not in ("paragraph", "table_row"):
        return None
    match = _ITEM_START.match(span.lstrip("| "))
    if not match:
        return None
    rest = match.group("rest").strip()
    bold = _BOLD_TITLE.match(rest)
    if bold:
        return match.group("num"), bold.group("title").strip(" .:")
    first = re.split(r"(?<=[.:])\s|\s\|\s", rest, maxsplit=1)[0].strip(" .:")
    # A title is short and capitalised; "1. the board approves …" is an enumerated point, not an item.
    title_like = rest[:1].isupper() and len(first) <= 80 and (len(rest) <= 100 or len(first) < len(rest))
    if (
        title_like
        and len(first.split()) <= 10
        and not re.search(r"\b(was|were|is|are|be|been|had|has)\b", first)
    ):
        return match.group("num"), first
    return None


def split_long(start: int, end: int, text: str, limit: int = MAX_PASSAGE_CHARS) -> list[tuple[int, int]]:
    """Split an over-long block at sentence ends into spans of at most about `limit` chars."""
    if end - start <= limit:
        return [(start, end)]
    spans = []
    cursor = start
    while end - cursor > limit:
        window = text[cursor : cursor + limit]
        cut = max(window.rfind(". "), window.rfind("; "), window.rfind("? "))
        cut = cursor + cut + 1 if cut > limit // 3 else cursor + limit
        spans.append((cursor, cut))
        cursor = cut
        while cursor < end and text[cursor] == " ":
            cursor += 1
    if cursor < end:
        spans.append((cursor, end))
    return spans


def segment(doc: SourceDocument, meta: MeetingMeta) -> SegmentedDocument:
    text = doc.text
    items: list[AgendaItem] = []
    item_bounds: list[tuple[int, str]] = []  # (char_start, item_id)
    heading_path: list[tuple[int, str]] = []
    passages: list[Passage] = []
    current_item: str | None = None

    for block in doc.blocks:
        opened = _item_title(block, text)
        if opened is not None and (block.kind != "heading" or opened[0] is not None or block.level <= 2):
            number, title = opened
            item_id = stable_id("a_", doc.doc_id, len(items), block.char_start)
            items.append(
                AgendaItem(item_id, doc.doc_id, len(items), number, title, block.char_start, block.char_end,
                           doc.page_at(block.char_start))
            )  # fmt: skip
            item_bounds.append((block.char_start, item_id))
            current_item = item_id
        if block.kind == "heading":
            heading_path = [(lvl, t) for lvl, t in heading_path if lvl < block.level]
            heading_path.append((block.level, text[block.char_start : block.char_end]))
        heading = HEADING_PATH_SEPARATOR.join(t for _, t in heading_path) or None
        for start, end in split_long(block.char_start, block.char_end, text):
            passages.append(
                Passage(
                    passage_id=stable_id("p_", doc.doc_id, start, end),
                    doc_id=doc.doc_id,
                    ordinal=len(passages),
                    kind=block.kind,
                    text=text[start:end],
                    char_start=start,
                    char_end=end,
                    agenda_item_id=current_item,
                    page=doc.page_at(start),
                    heading=heading,
                )
            )

    # Close each item where the next begins.
    closed = []
    for i, item in enumerate(items):
        end = items[i + 1].char_start if i + 1 < len(items) else len(text)
        closed.append(
            AgendaItem(item.item_id, item.doc_id, item.ordinal, item.number, item.title, item.char_start,
                       max(end, item.char_end), item.page)
        )  # fmt: skip
    return SegmentedDocument(source=doc, meta=meta, agenda_items=tuple(closed), passages=tuple(passages))
