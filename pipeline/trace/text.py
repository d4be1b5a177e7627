"""Text features for tracing: key terms, topic labels, sentences, and the cue words that tell a
completion from a delay. Pure functions over strings, tested on their own."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date

from pipeline.ingest.blocks import is_ticked, strip_emphasis
from pipeline.segment import heading_levels
from pipeline.trace.dates import resolve_due

# Words that every item in board minutes shares; they say nothing about which item it is.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "shall",
        "must",
        "may",
        "might",
        "upon",
        "within",
        "without",
        "per",
        "via",
        "etc",
        "ie",
        "eg",
        "its",
        "it's",
        "said",
        "says",
        "say",
        "agreed",
        "agree",
        "agrees",
        "would",
        "will",
        "could",
        "should",
        "need",
        "needed",
        "needs",
        "required",
        "require",
        "still",
        "yet",
        "already",
        "now",
        "also",
        "further",
        "meeting",
        "meetings",
        "council",
        "councillor",
        "councillors",
        "chairman",
        "chair",
        "board",
        "member",
        "members",
        "committee",
        "item",
        "items",
        "report",
        "reports",
        "reported",
        "update",
        "updates",
        "noted",
        "note",
        "minutes",
        "minute",
        "parish",
        "pc",
        "ask",
        "asked",
        "take",
        "taken",
        "place",
        "placed",
        "made",
        "make",
        "given",
        "give",
        "gave",
        "next",
        "last",
        "previous",
        "month",
        "months",
        "year",
        "years",
        "week",
        "weeks",
        "day",
        "days",
        "date",
        "time",
        "times",
        "new",
        "one",
        "two",
        "three",
        "first",
        "second",
        "well",
        "within",
        "being",
        "approached",
        "concerning",
        "regarding",
        "relating",
        "related",
        "matter",
        "matters",
        "issue",
        "issues",
        "discussed",
        "discussion",
        "following",
        "undertook",
        "undertake",
        "agreed",
        "also",
        "however",
        "therefore",
        "thus",
        "whether",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+|\d+(?:[.,]\d+)*")
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)*_]*\s+(?=[*_]*[A-Z‘“\"(\d])")
_LABEL = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s*)?\**\s*([A-Z][^.:\n]{2,70}?)\**\s*[.:]\**\s+\S")


def stem(word: str) -> str:
    """A light suffix stemmer: enough to meet 'inspection'/'inspections', 'walk'/'walking'."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    if len(w) <= 4 or w.endswith("ss"):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "ches", "shes", "xes")):
        return w[:-2]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w[:-1] if w.endswith("s") else w


def terms(text: str) -> list[str]:
    """Content terms of `text`, stemmed, in order (numbers kept: '28', '2014', '189')."""
    out = []
    for raw in _WORD.findall(text):
        low = raw.lower()
        if low in STOPWORDS or (len(low) < 3 and not low.isdigit()):
            continue
        out.append(stem(low))
    return out


def initials(text: str) -> set[str]:
    """Upper-case initials used as owners in minutes ('PK', 'PB', 'NC')."""
    return set(re.findall(r"\b[A-Z]{2,3}\b", text))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def topic_label(passage: str) -> str | None:
    """The short run-in heading minutes put before an item ('5.1.4 Village Handyman. The ...')."""
    match = _LABEL.match(passage.replace("**", ""))
    if not match:
        return None
    label = match.group(1).strip()
    return label if 1 <= len(label.split()) <= 8 else None


def idf_weights(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Inverse document frequency over a handful of passages (the documents being compared)."""
    df: dict[str, int] = {}
    n = 0
    for doc in documents:
        n += 1
        for t in set(doc):
            df[t] = df.get(t, 0) + 1
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def weighted_overlap(source: Iterable[str], target: set[str], idf: dict[str, float]) -> float:
    """Share of the source's term weight that the target also holds (0..1)."""
    uniq = set(source)
    total = sum(idf.get(t, 1.0) for t in uniq)
    if not total:
        return 0.0
    return sum(idf.get(t, 1.0) for t in uniq if t in target) / total


# --- labels -------------------------------------------------------------------------------------

LABELS = ("restated", "progress", "completed", "delayed", "changed", "unrelated")

_FUTURE = r"(?:would|will|should|to|shall|must|could|might)\s+(?:now\s+)?(?:be\s+|have\s+been\s+)?"
_CUES: dict[str, tuple[re.Pattern[str], ...]] = {
    "delayed": tuple(
        re.compile(p, re.I)
        for p in (
            r"\bnot yet\b",
            r"\bno further (?:movement|progress)\b",
            r"\bno progress\b",
            r"\b(?:delayed|postponed|deferred|slipped|slippage|behind schedule|overdue)\b",
            r"\bcarried forward\b",
            r"\bremain(?:s|ed)? (?:outstanding|unresolved)\b",
            r"\bstill (?:outstanding|awaited|awaiting|to be|not)\b",
            r"\bunable to\b",
            r"\bnor were we included\b|\bnot included\b",
            r"\b(?:had|has|have) not (?:yet )?(?:been )?\w+(?:ed|en|wn|nt|ard|ught|ne)\b",
            r"\bnot (?:for discussion|discussed|considered|ready)\b[^.]{0,40}\bbut\b[^.]{0,40}\bwould\b",
            r"\b(?:awaiting|awaited)\b",
            r"\bstatus:?\s*(?:open|outstanding|overdue|red)\b",
            r"\b(?:placed|put) on the (?:next )?agenda\b",
            # action-log status words: "… t-shirts Not done", "No news from Rod", "… music night unknown"
            r"\bnot\s+(?:yet\s+)?(?:done|started|complete[d]?|actioned)\b",
            r"\bno\s+(?:news|update|response|reply|change)\b",
            r"\bunknown\s*[.!)]?\s*$",
        )
    ),
    "changed": tuple(
        re.compile(p, re.I)
        for p in (
            r"\binstead\b",
            r"\brevised\b",
            r"\b(?:amended|changed|reduced|increased|extended|moved) (?:to|from)\b",
            r"\brather than\b",
            r"\bin the absence of\b",
            r"\bno longer\b",
            r"\bnew (?:deadline|date|target)\b",
            r"\bbrought forward\b",
            r"\breplaced by\b",
            # an action handed to someone else: "Reallocated SKoTM", "Not done, DaveO taken on"
            r"\b(?:re-?allocated|re-?assigned|handed\s+(?:over\s+)?to|passed\s+(?:over\s+)?to|taken\s+on|taken\s+over)\b",
        )
    ),
    "completed": tuple(
        re.compile(p, re.I)
        for p in (
            r"\b(?:had|has|have)\s+(?:now\s+)?(?:been\s+)?(?:carried out|completed|signed|placed|actioned|attended|held|sent|issued|delivered|installed|adopted|achieved|done|confirmed|received|published|appointed|approved|agreed|submitted|arranged|accepted|paid|finalised|finalized|implemented|purchased|repaired|replaced|organised|organized|produced|circulated|copied|resolved|launched|opened|recruited|awarded|introduced)\b",
            r"\b(?:was|were|is|are)\s+(?:now\s+)?(?:carried out|completed|signed|actioned|attended|held|sent|issued|delivered|installed|adopted|achieved|done|discussed|confirmed|published|approved|agreed|met|considered)\b",
            r"\battended by\b",
            r"\bwas agreed\b|\bthis was agreed\b",
            r"\bnow in situ\b",
            r"\bhad been advised\b",
            r"\bhad confirmed\b",
            r"\b(?:target|milestone) (?:was |has been )?(?:met|achieved|exceeded)\b",
            r"\bsuccessfully\b",
            r"\bwere approved\b|\bapproved\b",
            # action logs: "Action 4 - Complete", "Status: closed"
            r"(?:^|[-–—:|(]\s*)(?:complete|completed|closed|done|actioned|achieved)\s*[.)]?\s*$",
            r"\b(?:action|status)\b[^.]{0,20}\b(?:complete|completed|closed|done)\b",
            # a reduced passive reporting the act as a fact: "Three quotations now received", "Cheque for
            # £3,000 … sent to Sara Young", "both applications were successful"
            r"\b(?:now\s+)?(?:received|obtained|submitted|sent|paid|ordered|fitted)\s+(?:to|from|for|by|on|in|at|and)\b",
            r"\bnow\s+(?:received|obtained|submitted|sent|paid|ordered|fitted|installed)\b",
            r"\b(?:took|has\s+taken|had\s+taken)\s+place\b",  # "The first session … took place on 18th May"
            r"\b(?:were|was)\s+successful\b|\bapproved\s+payment\b",
            # a status word closing a restated action: "… EFTPOS pin pad. **COMPLETED**", "… Done by StuartM"
            r"(?<!\bbe )(?<!\bbeen )(?<!\bget )\b(?:done|completed|DONE|COMPLETED)\b(?:\s+by\s+[A-Z][\w.-]*)?[\s*_\\]*(?:[.!)\-–—]|$)",
            r"\b(?-i:Closed|CLOSED)\s*$",  # an action-review status at the end: "… an update. _Closed_"
            r"\b(?:there was submitted|was (?:received|presented|submitted))\b",
            # the owner reporting the act done: "Mozart confirmed that he had emailed the Members", "Matt
            # confirmed he had provided his details" (not the first steps the progress cues name)
            r"\b(?:confirmed|reported|advised|noted|stated|said|explained)\s+(?:that\s+)?(?:he|she|they|we|it|[A-Z][\w.-]*)"
            r"\s+had\s+(?:now\s+|already\s+|successfully\s+)?(?!not\b|never\b|spoken|met\b|drafted|written|contacted|"
            r"started|begun|commenced|been\s+(?:asked|unable|told|informed))\w+(?:ed|en|wn|nt|ilt|ught)\b",
        )
    ),
    "progress": tuple(
        re.compile(p, re.I)
        for p in (
            r"\bhad (?:spoken|met|drafted|written|contacted|started|begun|commenced)\b",
            r"\b(?:progress|progressing|ongoing|underway|under way|in hand|on track|continu\w+)\b",
            r"\bgave an update\b|\bupdate on\b",
            r"\bhad been received\b|\bapplications?\b",
            r"\bworking (?:on|towards|to)\b",
            # work under way, said in the progressive: "quotes are being followed up", "She is arranging for …"
            r"\b(?:is|are)\s+(?:now\s+)?being\s+(?:\w+ed|followed\s+up|sought|drawn\s+up)\b",
            r"\b(?:is|are)\s+(?:now\s+|currently\s+|still\s+)?(?:arranging|organising|organizing|preparing|drafting|"
            r"chasing|pursuing|investigating|exploring|finalising|finalizing|looking\s+into|following\s+up|liaising)\b",
            r"\bin\s+(?:touch|contact|discussion|talks)\s+with\b",
            r"\bpresent to record\b",
            r"\bstatus:?\s*(?:ongoing|in progress|on track|amber|green)\b",
        )
    ),
}
_FUTURE_COMPLETION = re.compile(
    _FUTURE
    + r"(?:carried out|completed|signed|held|sent|delivered|done|met|achieved|agreed|received|obtained|submitted|"
    r"paid|ordered|fitted|installed)\b",
    re.I,
)
_STILL = re.compile(r"\bstill (?:required|needed|to be decided)\b|\byet to be\b", re.I)


# The evidence names a time still to come: "Bridge will be re-opened early May", "now due in June"
_RESCHEDULING = re.compile(
    r"\b(?:will|would|shall|now\s+due|due\s+to|expected|scheduled|planned|anticipated|postponed|moved\s+to|put\s+back)\b",
    re.I,
)
_RESCHEDULE_SLACK_DAYS = 7


def rescheduled(quote: str, due: date | None, meeting: date | None) -> bool:
    """Whether the evidence gives the item a new date: a time to come that is not its own deadline
    ("work should be completed end of April" → "Bridge will be re-opened early May")."""
    if due is None or not _RESCHEDULING.search(quote):
        return False
    new = resolve_due(quote, meeting)
    return new is not None and abs((new - due).days) > _RESCHEDULE_SLACK_DAYS


_LIST_STATUS_HEADING: dict[str, re.Pattern[str]] = {
    "completed": re.compile(r"\b(?:done|completed?|closed|finished|achieved|actioned)\b", re.I),
    "delayed": re.compile(r"\b(?:old|carried\s+(?:forward|over)|outstanding|pending|overdue)\b", re.I),
    "progress": re.compile(r"\b(?:ongoing|in\s+progress|under\s+way|underway)\b", re.I),
}


def list_status(passage: str, heading: str) -> str | None:
    """The status an action list gives an item it repeats without a status word: a ticked task box
    ("[x] Nigel to open an issue"), or the list's own heading ("Done (from previous minutes)", "Carried
    forward", "Ongoing"). Only the nearest heading counts."""
    if is_ticked(passage):
        return "completed"
    levels = heading_levels(heading)
    if not levels:
        return None
    return next(
        (label for label, pattern in _LIST_STATUS_HEADING.items() if pattern.search(levels[-1])), None
    )


def cue_label(evidence: str, deadline_passed: bool = False) -> str:
    """restated, progress, completed, delayed or changed, from the wording of the evidence.

    Order matters: a delay or change said in the same breath as a completion wins ("the work was
    completed but not yet signed off" is a delay). A future completion ("would be completed by
    30 June") is a restatement. "Still required" is a restatement unless the item's deadline had
    passed by then, when it is a delay.
    """
    evidence = strip_emphasis(evidence)  # "_Done. Closed_", "**Ongoing**": the words, not the markup
    text = _FUTURE_COMPLETION.sub(" ", evidence)
    for label in ("delayed", "changed", "completed", "progress"):
        if any(p.search(text) for p in _CUES[label]):
            return label
    if _STILL.search(evidence):
        return "delayed" if deadline_passed else "restated"
    return "restated"


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent)", re.I)


def target_label(fields: dict[str, object], evidence: str, label: str, deadline_passed: bool) -> str:
    """For a percentage target, a single reported percentage says whether it was met: met is
    'completed'; not met is 'progress', or 'delayed' once the deadline has passed."""
    if label in ("delayed", "changed") or fields.get("unit") != "percent":
        return label
    value, comparator = fields.get("value"), fields.get("comparator")
    found = _PERCENT.findall(evidence)
    if not isinstance(value, int | float) or len(found) != 1:
        return label
    reported = float(found[0])
    met = {
        "lt": reported < value, "le": reported <= value, "gt": reported > value, "ge": reported >= value,
    }.get(str(comparator))  # fmt: skip
    if met is None:
        return label
    if met:
        return "completed"
    return "delayed" if deadline_passed else "progress"
