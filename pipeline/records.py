"""Typed records that flow between stages. Plain dataclasses, kept apart from the database tables.

Every record carries its provenance: document id, character span into the document's normalised
text, page (PDFs) and agenda item. Ids are content hashes, so a re-run produces the same ids.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

RecordType = Literal["decision", "commitment", "target"]
RECORD_TYPES: tuple[RecordType, ...] = ("decision", "commitment", "target")
DocKind = Literal["minutes", "plan", "summary", "news", "agenda", "action_log", "report", "other"]
# The fields of each record type, named and ordered as ANNOTATION.md gives them.
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "decision": ("outcome", "decided_by", "subject"),
    "commitment": ("owner", "action", "due", "due_date"),
    "target": (
        "metric",
        "comparator",
        "value",
        "value_high",
        "unit",
        "direction",
        "deadline",
        "deadline_date",
    ),
}
DOC_KINDS: tuple[str, ...] = ("minutes", "plan", "summary", "news", "agenda", "action_log", "report", "other")
BlockKind = Literal["heading", "paragraph", "bullet", "table_row"]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(prefix: str, *parts: object) -> str:
    """A short, stable id from its parts: `prefix` + 16 hex digits of sha256."""
    raw = json.dumps([str(p) for p in parts], ensure_ascii=False)
    return prefix + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class PageSpan:
    number: int  # 1-based
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Block:
    """A layout unit of the normalised text: a heading, paragraph, bullet or table row."""

    kind: BlockKind
    char_start: int
    char_end: int
    level: int = 0  # heading level or list depth


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """What ingestion makes of one file: its normalised text and layout, nothing linguistic."""

    doc_id: str  # sha256 of the file's bytes
    path: str
    name: str
    fmt: str  # html | pdf | text | docx
    size_bytes: int
    text: str
    blocks: tuple[Block, ...]
    pages: tuple[PageSpan, ...] = ()
    title: str | None = None
    warnings: tuple[str, ...] = ()
    meta_date: str | None = None  # the date the file's own metadata gives (front matter "date:"), as written

    def page_at(self, offset: int) -> int | None:
        for page in self.pages:
            if page.char_start <= offset < page.char_end:
                return page.number
        return self.pages[-1].number if self.pages and offset >= self.pages[-1].char_start else None

    @classmethod
    def example(cls) -> SourceDocument:
        text = "1. Minutes\n\nRESOLVED that the minutes be agreed.\n\nAction: Clerk to write to the county council by 1 May."
        return cls(
            doc_id=sha256_bytes(text.encode()),
            path="corpus/example.txt",
            name="example.txt",
            fmt="text",
            size_bytes=len(text.encode()),
            text=text,
            blocks=(
                Block("heading", 0, 10, 1),
                Block("paragraph", 12, 48),
                Block("paragraph", 50, len(text)),
            ),
        )


@dataclass(frozen=True, slots=True)
class MeetingMeta:
    body: str | None = None
    meeting_date: date | None = None
    doc_kind: str = "other"
    title: str | None = None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    item_id: str
    doc_id: str
    ordinal: int
    number: str | None
    title: str
    char_start: int
    char_end: int
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    passage_id: str
    doc_id: str
    ordinal: int
    kind: BlockKind
    text: str
    char_start: int
    char_end: int
    agenda_item_id: str | None = None
    page: int | None = None
    heading: str | None = None  # the nearest heading above, for context (e.g. an inherited deadline)


@dataclass(frozen=True, slots=True)
class SegmentedDocument:
    source: SourceDocument
    meta: MeetingMeta
    agenda_items: tuple[AgendaItem, ...]
    passages: tuple[Passage, ...]

    @property
    def doc_id(self) -> str:
        return self.source.doc_id


@dataclass(frozen=True, slots=True)
class Entity:
    entity_id: str
    doc_id: str
    passage_id: str
    label: str  # PERSON, ORG, DATE, MONEY, PERCENT, ROLE ...
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Record:
    """A decision, commitment or target, with fields as ANNOTATION.md names them."""

    record_id: str
    doc_id: str
    type: RecordType
    text: str
    fields: dict[str, Any]
    char_start: int
    char_end: int
    confidence: float
    extractor: str
    passage_id: str | None = None
    agenda_item_id: str | None = None
    page: int | None = None

    @staticmethod
    def make_id(doc_id: str, type_: str, char_start: int, char_end: int, extractor: str) -> str:
        return stable_id("r_", doc_id, type_, char_start, char_end, extractor)


@dataclass(frozen=True, slots=True)
class Extraction:
    """All the NLP output for one document."""

    records: tuple[Record, ...]
    entities: tuple[Entity, ...]


@dataclass(slots=True)
class Failure:
    path: str
    reason: str
    message: str
    stage: str = "ingest"
    doc_id: str | None = None


@dataclass(slots=True)
class DocumentOutcome:
    """What happened to one input file in a run."""

    path: str
    status: Literal["new", "changed", "unchanged", "failed"]
    doc_id: str | None = None
    records: dict[str, int] = field(default_factory=dict)
    failure: Failure | None = None
