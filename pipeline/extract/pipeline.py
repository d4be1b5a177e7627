"""Loading the spaCy pipeline and converting its output into Records (pure, given a Doc)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import SPACY_MODEL
from pipeline.errors import ExtractError
from pipeline.records import Entity, Extraction, Passage, Record, SegmentedDocument, stable_id

EXTRACTOR_VERSION = "boardtrace-rules.v0"
ENTITY_LABELS = {"PERSON", "ORG", "DATE", "MONEY", "PERCENT", "GPE", "NORP", "CARDINAL"}

_DECISION = re.compile(
    r"\b(RESOLVED|resolved|agreed|approved|noted the|endorsed|rejected|deferred|delegated|elected|appointed|recommended)\b"
)
_COMMIT = re.compile(r"\b(will|would|undertook to|agreed to|to be|Action:|ACTION:)\b")
_NUMBER = re.compile(r"(\d[\d,.]*\s*%|£\s*\d|\b\d[\d,]*\b)")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    try:
        return spacy.load(SPACY_MODEL)
    except OSError as e:
        raise ExtractError(f"cannot load spaCy model {SPACY_MODEL}: {e}") from e


def _outcome(text: str) -> str:
    for word in ("approved", "agreed", "noted", "endorsed", "rejected", "deferred", "delegated", "elected",
                 "appointed", "recommended"):  # fmt: skip
        if word in text.lower():
            return word
    return "other"


def sentence_records(doc: Doc, passage: Passage, seg: SegmentedDocument) -> list[Record]:
    records = []
    for sent in doc.sents:
        text = sent.text.strip()
        if len(text) < 12:
            continue
        kind: str | None = None
        fields: dict[str, Any] = {}
        if _DECISION.search(text) and not text.lower().startswith("it was noted"):
            kind, fields = "decision", {"outcome": _outcome(text), "decided_by": None, "subject": None}
        elif _COMMIT.search(text):
            kind, fields = "commitment", {"owner": None, "action": None, "due": None, "due_date": None}
        if kind is None:
            continue
        start = passage.char_start + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        end = start + len(text)
        records.append(
            Record(
                record_id=Record.make_id(seg.doc_id, kind, start, end, EXTRACTOR_VERSION),
                doc_id=seg.doc_id,
                type=kind,  # type: ignore[arg-type]
                text=text,
                fields=fields,
                char_start=start,
                char_end=end,
                confidence=0.5,
                extractor=EXTRACTOR_VERSION,
                passage_id=passage.passage_id,
                agenda_item_id=passage.agenda_item_id,
                page=passage.page,
            )
        )
    return records


def passage_entities(doc: Doc, passage: Passage) -> list[Entity]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start = passage.char_start + ent.start_char
        end = passage.char_start + ent.end_char
        out.append(Entity(stable_id("e_", passage.doc_id, start, end, ent.label_), passage.doc_id,
                          passage.passage_id, ent.label_, ent.text, start, end))  # fmt: skip
    return out


def extract_document(nlp: Language, seg: SegmentedDocument, batch_size: int = 16) -> Extraction:
    passages = [p for p in seg.passages if p.kind != "heading"]
    records: list[Record] = []
    entities: list[Entity] = []
    for passage, doc in zip(
        passages, nlp.pipe((p.text for p in passages), batch_size=batch_size), strict=True
    ):
        entities.extend(passage_entities(doc, passage))
        records.extend(sentence_records(doc, passage, seg))
    return Extraction(records=tuple(records), entities=tuple(entities))
