"""What a passage's Doc cannot see on its own: the document's kind and dates, the deadline its
heading carries, whether it sits in a resolution list, and the owner an "ACTION:" line gives it.

Computed once per document from the SegmentedDocument (pure), then attached to each passage's Doc
as `doc.user_data["bt_ctx"]` so that the pipeline components can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from pipeline.attendance import is_attendance_heading, present_names
from pipeline.extract.timex import find_time_expressions
from pipeline.records import Passage, SegmentedDocument
from pipeline.segment import heading_levels

CTX_KEY = "bt_ctx"
# What a body resolves to do with the items listed below its stem: "resolved to AGREE:", "to note:"
LIST_VERBS = r"(?:agree|approve|note|endorse|recommend)"
_RESOLUTION_STEM = re.compile(
    r"\b(?:resolved|agreed|decided|recommended|recommend|approved)\b\s*(?:that\s*|to\s*(?=:))?(?::-|:|–|-|—)?\s*(?:-)?\s*(?:that\s*)?$"
    # "Resolved: That" on its own line, the numbered items below
    # "The Local Committee (Waverley) resolved to AGREE:"
    r"|\b(?:resolved|agreed|decided)\s+to\s+" + LIST_VERBS + r"\s*(?::-|:|–|-|—)\s*$",
    re.I,
)
# Whom a resolution stem addresses, after its colon: "Resolved to RECOMMEND: (to Council)"
STEM_ADDRESSEE = re.compile(r"\s*\((?:to|for)\s[^)]{1,40}\)\s*$", re.I)
# The report's proposals to the meeting, not its resolutions: "The Cabinet is recommended:-",
# "Members are asked to:"
_PROPOSAL_STEM = re.compile(
    r"\b(?:is|are)\s+(?:\w+\s+)?(?:recommended|asked|invited|requested)\b(?:\s+to)?\s*(?:that\s*)?(?::-|:|–|-|—)?\s*$",
    re.I,
)
_STEM_MAX = 400
_RECOMMENDS = re.compile(
    r"\bresolved\s+to\s+recommend\b|\brecommend(?:s|ed)?\s*(?:that\s*)?(?::-|:|–|—)", re.I
)
_ENUMERATED = re.compile(r"^\s*(?:\(?[ivx]{1,5}\)|\(?[a-h]\)|\(?\d{1,2}[.)])\s+", re.I)
_ACTION_LINE = re.compile(r"^\s*action\s*(?:item)?\s*:\s*(?P<owner>[^\n]{1,80}?)\s*$", re.I)
_NEXT_MEETING = re.compile(
    r"(?:date\s+of\s+(?:the\s+)?next\s+meeting|next\s+meeting\s+(?:will\s+be|is|was)?)[^\n.]{0,60}", re.I
)
_LEAD_DEADLINE = re.compile(r"^\W{0,2}by\s+(?:the\s+end\s+of\s+)?[\w/’'-]+\b(?=[^.]{0,60}[,:])", re.I)
# A short line naming the outcome stated under it, with its deadline: "Intended Outcome by 2030",
# "Our goal by 2026", "Target by March 2025"
_OUTCOME_LEAD = re.compile(
    r"^\W*(?:(?:our|the|intended|expected|desired|key|main|overall)\s+){0,2}(?:outcomes?|goals?|targets?|ambitions?|aims?)"
    r"\s+(?:\w+\s+){0,3}?by\s+(?:the\s+end\s+of\s+)?[\w/’'-]+(?:\s+\d{4})?\W*$",
    re.I,
)
_OUTCOME_LEAD_MAX = 60
LEAD_DEADLINE_REACH = 8  # a vision's "By 2050, …" carries to the bullets that follow it (at most this many)
# An action log's status cell: "Completed", "Done", "Meeting attended. Nothing to report."
DONE_STATUS_WORDS = r"(?:completed?|done|closed|actioned|discharged|meeting\s+attended|attended|nothing\s+(?:further\s+)?to\s+report)\b"
_DONE_STATUS = re.compile(r"^\s*" + DONE_STATUS_WORDS, re.I)
_DONE_STATUS_MAX = 60
# "Matt will:", "The Clerk to:", "Actions for the Chair:" — the items below are this party's actions
_OWNER_STEM = re.compile(
    r"^(?:actions?\s+for\s+)?(?P<owner>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:and\s+)?[A-Z][\w'’.-]*){0,3})"
    r"(?:\s+(?:will|to|agreed\s+to|undertook\s+to|is\s+to|are\s+to))?\s*:\s*$"
)
_SETTLING = re.compile(
    r"^\W*(?:the\s+)?(?:motion\s+(?:was\s+)?)?(?:unanimously\s+|duly\s+)?(?:approved|agreed|carried|accepted|adopted|passed)"
    r"(?:\s+unanimously)?\s*(?:[.!]?\s*$|[,;]?\s+(?:with|by|nem)\b[^\n]{0,80}$|:\s*(?:unanimous\w*|nem\.?\s*con\w*|\d+\s*(?:for|votes?|in\s+favou?r)\b)[^\n]{0,60}$)",
    re.I,
)
# A by-law's readings, the vote on the motion above them: "Read a first, second and third time and passed
# this 6th day of March, 2018. Carried."
BYLAW_READINGS = re.compile(r"^\W*read\s+a\s+(?:first|second|third)\b[^\n]{0,60}\b(?:passed|enacted)\b", re.I)
# A resolution's own wording on its own line: "THAT BRANDON TOWN COUNCIL ACCEPTS THE WRITTEN QUOTATION …"
_RESOLUTION_WORDING = re.compile(r"^\W*that\s+\S", re.I)
_MOVER_LINE = re.compile(r"^\W*(?:proposed|moved|seconded|prop|2nd)\b[^\n]{0,100}$", re.I)
_SETTLE_REACH = 3
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_ATTENDEE_MAX = 40
_LIST_STEM_END = re.compile(r":-?\s*$")  # "Election of Sub-Committee Representatives:-"
_LIST_STEM_MAX = 200
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LIST_ITEM_ACTION = re.compile(r"^(?:[-•*]\s*)?[a-z]+\b")
_TITLE_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass(frozen=True, slots=True)
class PassageContext:
    doc_kind: str
    block: str
    heading: str | None
    heading_deadline: str | None  # as written, e.g. "by 2023/24"
    heading_deadline_date: str | None
    ref_date: str | None  # meeting date (ISO), or 1 Jan of the year a title names
    next_meeting: str | None
    body: str | None
    in_resolution: bool
    action_owner: str | None
    lead_deadline: str | None = None  # "By 2050, …" opening an earlier passage of the same section
    lead_deadline_date: str | None = None
    reported_done: bool = False  # the next cell or line is a status saying it was done ("Completed")
    list_owner: str | None = None  # "Matt will:" above this list item: the owner of its action
    list_stem: str | None = None  # "832. Election of Sub-Committee Representatives:-" above this list item
    settled_by: str | None = None  # a vote on its own line below this motion: "Unanimously approved."
    settled_above: bool = False  # … or above the motion's wording: "CARRIED: Unanimous." then "THAT …"
    attendees: tuple[str, ...] = ()  # names in the document's "Present: …" list ("Luther", "Will Myers")
    recommends: bool = False  # under "Resolved to RECOMMEND:": the items go to another body for decision
    lead_outcome: bool = False  # the line above names an outcome and its deadline: "Intended outcome by 2030"
    row_owner: str | None = None  # a row of an action table: its owner cell ("" when the cell is empty)
    names: tuple[str, ...] = ()  # capitalised words the document uses as names ("with Matt"): document_names

    def as_user_data(self) -> dict[str, Any]:
        # a shallow copy: every field is immutable (str, bool, tuple), and asdict's deep copy of the
        # names tuple for every passage cost more than the rules that read it
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_user_data(cls, data: dict[str, Any] | None) -> PassageContext:
        return cls(**data) if data else DEFAULT_CONTEXT

    @property
    def ref(self) -> date | None:
        return date.fromisoformat(self.ref_date) if self.ref_date else None

    @property
    def next_meeting_date(self) -> date | None:
        return date.fromisoformat(self.next_meeting) if self.next_meeting else None

    @property
    def is_plan(self) -> bool:
        return self.doc_kind == "plan"


DEFAULT_CONTEXT = PassageContext("other", "paragraph", None, None, None, None, None, None, False, None)


def reference_date(seg: SegmentedDocument) -> date | None:
    """The meeting date; else, for a document whose title, first heading or file name names one year
    (a recap "January - October 2020", "council-plan-2021.pdf"), 1 January of that year so that "May 11"
    resolves within it."""
    if seg.meta.meeting_date:
        return seg.meta.meeting_date
    first_heading = next((p.text for p in seg.passages if p.kind == "heading"), "")
    for title in (seg.meta.title or "", first_heading, re.sub(r"[_.-]", " ", seg.source.name)):
        years = {m.group(0) for m in _TITLE_YEAR.finditer(title)}
        if len(years) == 1:
            return date(int(years.pop()), 1, 1)
    return None


def next_meeting_date(text: str, ref: date | None) -> date | None:
    """The date of the next meeting when the document states it ("Date of Next Meeting 27th October 2015")."""
    for match in _NEXT_MEETING.finditer(text):
        for expr in find_time_expressions(match.group(0), ref):
            if expr.kind == "day" and expr.date and (ref is None or expr.date > ref):
                return expr.date
    return None


def heading_deadline(heading: str | None, ref: date | None) -> tuple[str | None, str | None]:
    """A deadline the heading sets for what is under it: "Our priorities … by 2023/24". A planning
    period ("19/20 to 23/24") is not a deadline."""
    if not heading:
        return None, None
    for level in reversed(heading_levels(heading)):
        for expr in find_time_expressions(level, ref):
            if expr.text.lower().startswith("by ") and expr.date:
                return expr.text, expr.date.isoformat()
    return None, None


def passage_contexts(seg: SegmentedDocument) -> dict[str, PassageContext]:
    """passage_id → context, for every passage of the document."""
    ref = reference_date(seg)
    next_meeting = next_meeting_date(seg.source.text, ref)
    passages = list(seg.passages)
    owners = _action_owners(passages)
    out: dict[str, PassageContext] = {}
    in_resolution = False
    sublist = False  # the last item of the resolution ended in a colon: bullets below it are its own
    lead: tuple[str, str] | None = None
    lead_left = 0
    outcome_lead = False
    recommends = False
    list_owner: str | None = None
    list_stem: str | None = None
    attendees = attendee_names(passages)
    names = document_names(seg.source.text)
    row_owners = action_table_owners(passages)
    for n, passage in enumerate(passages):
        text = passage.text.strip()
        if list_owner and not _LIST_ITEM_ACTION.match(text):
            list_owner = None
        if list_stem and not (passage.kind in ("bullet", "table_row") or _ENUMERATED.match(text)):
            list_stem = None
        following = next((p.text.strip() for p in passages[n + 1 : n + 2] if p.kind != "heading"), "")
        opens_resolution = _is_resolution_stem(text) or bool(_RESOLVED_FIRST_ITEM.match(text))
        settled_by = (
            _settling_vote(passages[n + 1 : n + 1 + _SETTLE_REACH]) if not _MOVER_LINE.match(text) else None
        )
        settled_above = False
        if settled_by is None and _RESOLUTION_WORDING.match(text):
            # the wording written under its vote: "Proposed by … CARRIED: Unanimous." then "THAT …"
            settled_by = _settling_vote(passages[max(0, n - _SETTLE_REACH) : n][::-1])
            settled_above = settled_by is not None
        if passage.kind == "heading":
            in_resolution = False
            lead = None
        deadline, deadline_date = heading_deadline(passage.heading, ref)
        out[passage.passage_id] = PassageContext(
            doc_kind=seg.meta.doc_kind or "other",
            block=passage.kind,
            heading=passage.heading,
            heading_deadline=deadline,
            heading_deadline_date=deadline_date,
            ref_date=ref.isoformat() if ref else None,
            next_meeting=next_meeting.isoformat() if next_meeting else None,
            body=seg.meta.body,
            in_resolution=in_resolution or opens_resolution,
            recommends=in_resolution and recommends,
            action_owner=owners.get(passage.passage_id),
            lead_deadline=lead[0] if lead and lead_left > 0 else None,
            lead_deadline_date=lead[1] if lead and lead_left > 0 else None,
            lead_outcome=outcome_lead and lead_left > 0,
            reported_done=bool(_DONE_STATUS.match(following)) and len(following) <= _DONE_STATUS_MAX,
            list_owner=list_owner,
            list_stem=list_stem,
            settled_by=settled_by,
            settled_above=settled_above,
            attendees=attendees,
            names=names,
            row_owner=row_owners.get(passage.passage_id),
        )
        if _LIST_STEM_END.search(text):
            # the stem is the last sentence: "As well as …, it sets out the priorities for 2021, including:"
            last = _SENTENCE_END.split(text)[-1]
            list_stem = last if len(last) <= _LIST_STEM_MAX else None
        stem = _OWNER_STEM.match(text)
        if stem:
            list_owner = stem.group("owner")
        lead_left = lead_left - 1 if passage.kind == "bullet" else 0
        outcome_lead = outcome_lead and lead_left > 0
        opening = _LEAD_DEADLINE.match(text)
        if opening:
            exprs = find_time_expressions(opening.group(0).lstrip("“\"' ").rstrip(", "), ref)
            if exprs and exprs[0].date:
                lead, lead_left = (exprs[0].text, exprs[0].date.isoformat()), LEAD_DEADLINE_REACH
        elif len(text) <= _OUTCOME_LEAD_MAX and _OUTCOME_LEAD.match(text):
            exprs = [
                e for e in find_time_expressions(text, ref) if e.text.lower().startswith("by ") and e.date
            ]
            if exprs and exprs[0].date:
                lead, lead_left, outcome_lead = (exprs[0].text, exprs[0].date.isoformat()), 1, True
        if opens_resolution:
            in_resolution, recommends = True, bool(_RECOMMENDS.search(text[-60:]))
            sublist = text.endswith((":", ":-"))  # "RESOLVED: That the Board:" then its bulleted items
        elif in_resolution and passage.kind == "bullet" and sublist:
            pass  # the bullets of an item ending in a colon are part of it: "4. That the grounds be: · …"
        elif (
            in_resolution
            and not _ENUMERATED.match(text)
            and not resolution_item_text(text).lower().startswith(("to ", "that "))
        ):
            in_resolution = False
        if passage.kind != "bullet" and not opens_resolution:
            sublist = in_resolution and text.endswith(":")
    return out


# What opens an item of a resolution's list, before its words: "(a)", "1.", "§", an opening quote
_ITEM_LEAD = re.compile(r"^(?:\s|\(?[ivx]{1,5}\)|\(?[a-h]\)|\(?\d{1,2}[.)]|[“”\"‘'§•·*-])+", re.I)


def resolution_item_text(text: str) -> str:
    """The words of a resolution's item without its number or opening quote: "(a) that …", "“That …"."""
    return _ITEM_LEAD.sub("", text, count=1)


# A resolution whose first numbered item shares its line: "Resolved:-  (1)  That the minutes … be approved"
_RESOLVED_FIRST_ITEM = re.compile(r"^\W*resolved\s*(?::-|:|–|-|—)\s*(?:that\s*)?\(?(?:1|i|a)[.)]\s", re.I)
# A resolution addressed to the body, its items below: "RESOLVED: That the Sheffield Health and Wellbeing
# Board:", "That the Cabinet:"
THAT_BODY_STEM = re.compile(
    r"^\W*(?:resolved\s*(?::-|:|–|-|—)?\s*)?that\s+(?:the\s+)?[^:.]{0,80}?\b(?i:board|council|cabinet|committee|"
    r"sub-committee|panel|group|partnership|authority|executive|assembly|forum)\s*(?::-|:|–|—)\s*$",
    re.I,
)


def _is_resolution_stem(text: str) -> bool:
    """A line that the resolution's items follow: "RESOLVED –", "It was agreed that:", "Resolved to
    RECOMMEND: (to Council)"; not a report's proposals ("The Cabinet is recommended:-")."""
    tail = STEM_ADDRESSEE.sub("", text)[-60:]
    if len(text) < _STEM_MAX and (_RESOLVED_AS_FOLLOWS.match(text) or THAT_BODY_STEM.match(text)):
        return True  # "RESOLVED that the Sub-Committees be restructured as follows:-"
    return len(text) < _STEM_MAX and bool(_RESOLUTION_STEM.search(tail)) and not _PROPOSAL_STEM.search(tail)


# A resolution that opens with its own words and ends in a list: its lettered parts are its items
_RESOLVED_AS_FOLLOWS = re.compile(
    r"^\W*(?:it\s+was\s+)?(?:resolved|agreed|decided)(?:\b|(?=that\b))[^\n]*(?::-|:|–|—)\s*$", re.I
)


# A capitalised word in mid-sentence, after a lower-case word or a comma: "shadowing Pete", "and Jess will"
_MID_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{1,14}\b")
_LOWER_WORD = re.compile(r"\b[a-z]{2,15}\b")


def document_names(text: str) -> tuple[str, ...]:
    """The capitalised words a document uses as names: written with a capital in mid-sentence and never
    in lower case. The tagger often reads a first name opening a line as a common noun ("Jess to test
    the plugin"); the rest of the document says it is a name."""
    lower = set(_LOWER_WORD.findall(text))
    return tuple(sorted({w for w in _MID_CAPITAL.findall(text) if w.lower() not in lower}))


def attendee_names(passages: list[Passage]) -> tuple[str, ...]:
    """The names of those present, from a "Present: A, B, C" line or the items of an "Attendance"
    list: the people who may be given actions ("Luther: Introduce Soares to Juanita")."""
    names: list[str] = []
    in_list = False
    for passage in passages:
        text = passage.text.strip()
        if passage.kind == "heading":
            in_list = is_attendance_heading(text)
            continue
        listed = present_names(text)
        if listed:
            names.extend(_NAME_SPLIT.split(listed))
        elif in_list and passage.kind == "bullet" and len(text) <= _ATTENDEE_MAX:
            names.append(text)
        elif in_list:
            in_list = False
    cleaned = (
        re.sub(r"^(?:cllrs?|councillors?|mr|mrs|ms|dr)\.?\s+", "", n.strip(" .*_"), flags=re.I) for n in names
    )
    return tuple(dict.fromkeys(n for n in cleaned if n and len(n) <= _ATTENDEE_MAX))


# An action table's header: a column for what is to be done and one for who does it
# ("Item | Responsible | Due Date", "Action | Owner | By when", "Task | Who | Status")
_WHAT_COLUMN = re.compile(
    r"^\W*(?:action(?:\s+items?|\s+points?)?|items?|tasks?|description|what|actions\s+agreed)\W*$", re.I
)
_WHO_COLUMN = re.compile(
    r"^\W*(?:owners?|responsible|responsibility|who|lead|by\s+whom|assigned\s+to|action\s+by|actionee|person)\W*$",
    re.I,
)
# A one-column action table: its header names nothing but the actions ("| Action Item |"); a lone
# "Action" heads the column of owners' initials in many minutes tables, so it does not count
_ACTIONS_ONLY_COLUMN = re.compile(
    r"^\W*(?:action\s+items?|actions\s+agreed|action\s+points?|agreed\s+actions?|tasks?|to[\s-]?dos?)\W*$",
    re.I,
)
_NO_OWNER = re.compile(r"^\W*(?:unknown|tbc|tbd|n/?a|none|-+|\?+)?\W*$", re.I)


def action_table_owners(passages: list[Passage]) -> dict[str, str]:
    """passage_id → owner for the rows of an action table (a table whose header has a "what" and a
    "who" column); "" when the row's owner cell is empty or a placeholder ("unknown", "TBC")."""
    owners: dict[str, str] = {}
    who: int | None = None
    for passage in passages:
        if passage.kind != "table_row":
            who = None
            continue
        cells = [c.strip() for c in passage.text.split("|")]
        if any(_WHAT_COLUMN.match(c) for c in cells) and any(_WHO_COLUMN.match(c) for c in cells):
            who = next(i for i, c in enumerate(cells) if _WHO_COLUMN.match(c))
            continue
        filled = [c for c in cells if c]
        if len(filled) == 1 and _ACTIONS_ONLY_COLUMN.match(filled[0]):
            who = len(cells)  # no owner column: each row is an action, its owner unknown
            continue
        if who is not None:
            cell = cells[who] if who < len(cells) else ""
            owners[passage.passage_id] = "" if _NO_OWNER.match(cell) else cell
    return owners


def _settling_vote(after: list[Passage]) -> str | None:
    """The vote that settles a motion written on its own line(s): "Cart for President." / "Proposed by:
    Cart" / "Unanimously approved." (mover and seconder lines may stand between)."""
    for passage in after:
        text = passage.text.strip()
        if passage.kind == "heading":
            return None
        if _SETTLING.match(text) or BYLAW_READINGS.match(text):
            return text
        if not _MOVER_LINE.match(text):
            return None
    return None


def _action_owners(passages: list[Passage]) -> dict[str, str]:
    """An "ACTION: X" line names the owner of the passages of its item above it (up to the previous
    action line or item start)."""
    owners: dict[str, str] = {}
    pending: list[str] = []
    for passage in passages:
        match = _ACTION_LINE.match(passage.text)
        if match:
            for pid in pending:
                owners[pid] = match.group("owner").strip()
            pending = []
            continue
        if passage.kind == "heading":
            pending = []
        pending = [*pending[-2:], passage.passage_id]
    return owners


def attach(doc_user_data: dict[str, Any], ctx: PassageContext) -> None:
    doc_user_data[CTX_KEY] = ctx.as_user_data()
