"""Find the later passages that refer to a commitment or target, and label each link.

Candidates: the passages of documents of the same (or a related) body dated after the item and
within `LOOKBACK_DAYS` of it. Each (item, passage) pair is scored from the stored MiniLM vectors
(item text and the item's own passage against the later passage) and from the key terms they share
(the item's text, the run-in topic label of its passage such as "Allotment Gates", and the
sentence before it, which "this" and "it" usually point to). The best passage per later document
is kept when its score clears `THRESHOLD`; its best-matching sentence is the quoted evidence, and
the cue words around it give the label (text.cue_label).

Only documents near the new ones are read, so the cost of a night is proportional to its new
documents and the meetings within the look-back window of their bodies, not to the history.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import numpy as np

from pipeline.attendance import is_attendance, is_attendance_heading
from pipeline.config import EMBED_MODEL_NAME
from pipeline.records import stable_id
from pipeline.segment import heading_levels
from pipeline.trace import text as tx
from pipeline.trace.dates import resolve_due

METHOD = "trace.rules.v2"  # v2: items that point back ("look into this") are not held to their own words
LOOKBACK_DAYS = 3 * 366
THRESHOLD = 0.44
# How far below the best passage of a meeting one that reports a status may score and still be chosen
EVIDENCE_MARGIN = 0.08
# An item that does not point back ("this", "it", "the matter") must share some of its own words
# with the evidence; its topic label alone would link every sibling item of the same paragraph.
MIN_OWN_OVERLAP = 0.10
_ANAPHORIC = re.compile(
    r"\s*(this|it|that|these|they|he|she|a discussion|the subject|the matter|such)\b", re.I
)
# "Cllr Ashman will look into this.", "I will report back on this in December.": the object is the
# subject of the sentences before, so the item's own words say little about it
_POINTS_BACK = re.compile(
    r"\b(?:into|on|about|with|to|up|at|for)\s+(?:this|it|that|these|them)\b(?:\s+(?:matter|issue|item|point|question))?"
    r"|\b(?:this|the)\s+(?:matter|issue|item|point|question)\b",
    re.I,
)


def points_back(text: str) -> bool:
    """Whether an item names its subject only by pointing back at what was said before it."""
    return bool(_ANAPHORIC.match(text) or (len(tx.terms(text)) <= 8 and _POINTS_BACK.search(text)))


TRACED_TYPES = ("commitment", "target")
# Weights of the score's parts; fitted by hand on corpus/links (see bench/trace_quality.py).
W_SEM, W_CTX, W_LEX, W_LABEL = 0.30, 0.20, 0.30, 0.15


@dataclass(frozen=True, slots=True)
class Doc:
    doc_id: str
    name: str
    meeting_date: date | None
    body_key: str


@dataclass(slots=True)
class Item:
    record_id: str
    doc_id: str
    type: str
    text: str
    fields: dict[str, Any]
    passage_id: str | None
    passage_text: str
    vector: np.ndarray
    context_vector: np.ndarray
    due_date: date | None = None
    bag: dict[str, float] = field(default_factory=dict)
    own: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Passage:
    passage_id: str
    doc_id: str
    text: str
    page: int | None
    vector: np.ndarray
    term_set: set[str] = field(default_factory=set)
    windows: list[set[str]] = field(default_factory=list)
    parts: list[tuple[str, str]] = field(default_factory=list)  # (passage_id, text) when joined
    heading: str = ""  # the heading path above it ("Action items › Done")

    def part_with(self, quote: str) -> str:
        """The id of the stored passage that holds `quote` (a joined passage has several)."""
        return next((pid for pid, text in self.parts if quote in text), self.passage_id)


@dataclass(frozen=True, slots=True)
class Link:
    link_id: str
    record_id: str
    source_doc_id: str
    target_doc_id: str
    target_passage_id: str
    target_record_id: str | None
    label: str
    score: float
    similarity: float
    quote: str

    def row(self, run_id: str | None) -> dict[str, Any]:
        return {
            "link_id": self.link_id, "record_id": self.record_id, "target_doc_id": self.target_doc_id,
            "target_passage_id": self.target_passage_id, "target_record_id": self.target_record_id,
            "label": self.label, "score": round(self.score, 4), "method": METHOD, "run_id": run_id,
            "source_doc_id": self.source_doc_id, "quote": self.quote,
            "similarity": round(self.similarity, 4), "created_at": datetime.now(UTC).replace(tzinfo=None),
        }  # fmt: skip


def body_key(body: str | None) -> str:
    """Case- and punctuation-insensitive body name without parenthetical notes."""
    if not body:
        return ""
    text = re.sub(r"\([^)]*\)", " ", body.lower()).replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def related(a: str, b: str) -> bool:
    """Same body, or one name contains the other ('west dereham parish council' in its longer form)."""
    if a == b:
        return True
    if not a or not b:
        return False
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def load_docs(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> list[Doc]:
    rows = con.execute(
        "SELECT doc_id, name, meeting_date, body FROM documents WHERE list_contains(?, doc_id)",
        [list(doc_ids)],
    ).fetchall()
    return [Doc(r[0], r[1], r[2], body_key(r[3])) for r in rows]


def peer_docs(con: duckdb.DuckDBPyConnection, doc: Doc, later: bool) -> list[Doc]:
    """Current documents of a related body dated after (later=True) or before `doc`, within the window."""
    if doc.meeting_date is None:
        return []
    if later:
        lo, hi = doc.meeting_date + timedelta(days=1), doc.meeting_date + timedelta(days=LOOKBACK_DAYS)
    else:
        lo, hi = doc.meeting_date - timedelta(days=LOOKBACK_DAYS), doc.meeting_date - timedelta(days=1)
    rows = con.execute(
        "SELECT doc_id, name, meeting_date, body FROM documents "
        "WHERE superseded_by IS NULL AND meeting_date BETWEEN ? AND ? AND doc_id <> ?",
        [lo, hi, doc.doc_id],
    ).fetchall()
    return [
        d for d in (Doc(r[0], r[1], r[2], body_key(r[3])) for r in rows) if related(d.body_key, doc.body_key)
    ]


def _vec(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float32) if value is not None else np.zeros(384, dtype=np.float32)


_HASH = re.compile(r"[0-9a-f]{64}")


def vectors_for(con: duckdb.DuckDBPyConnection, hashes: Iterable[str]) -> dict[str, Any]:
    """Stored vectors by text hash, through the embeddings_text_hash index (migration 0003).

    DuckDB answers an IN-list of constants with an index scan, so the cost follows the number of
    texts asked for, not the size of the history (a join or list_contains scans every vector).
    The hashes are inlined rather than bound: binding costs two failed `import pandas` lookups
    per parameter, which dominated the run. Only strings that are sha256 hex digests are inlined.
    """
    wanted = [h for h in dict.fromkeys(hashes) if h and _HASH.fullmatch(h)]
    out: dict[str, Any] = {}
    for i in range(0, len(wanted), 500):
        literals = ", ".join(f"'{h}'" for h in wanted[i : i + 500])
        # No filter on model in SQL: with it DuckDB falls back to a full scan.
        for h, model, vector in con.execute(
            f"SELECT text_hash, model, vector FROM embeddings WHERE text_hash IN ({literals})"  # noqa: S608
        ).fetchall():
            if model == EMBED_MODEL_NAME:
                out[h] = vector
    return out


def load_items(con: duckdb.DuckDBPyConnection, docs: Sequence[Doc]) -> list[Item]:
    if not docs:
        return []
    dates = {d.doc_id: d.meeting_date for d in docs}
    rows = con.execute(
        """
        SELECT r.record_id, r.doc_id, r.type, r.text, r.fields, r.passage_id, coalesce(p.text, r.text),
               r.text_hash, coalesce(p.text_hash, r.text_hash)
        FROM records r
        LEFT JOIN passages p ON p.passage_id = r.passage_id
        WHERE list_contains(?, r.doc_id) AND list_contains(?, r.type)
        ORDER BY r.doc_id, r.char_start
        """,
        [list(dates), list(TRACED_TYPES)],
    ).fetchall()
    vectors = vectors_for(con, [h for row in rows for h in row[7:9]])
    items = []
    for rid, did, typ, text, fields, pid, ptext, rh, ph in rows:
        f = json.loads(fields) if isinstance(fields, str) else (fields or {})
        rv = vectors.get(rh)
        item = Item(rid, did, typ, text, f, pid, ptext, _vec(rv), _vec(vectors.get(ph, rv)))
        item.due_date = due_date_of(f, text, dates.get(did))
        item.bag = source_bag(text, ptext)
        item.own = {} if points_back(text) else dict.fromkeys(tx.terms(text), 1.0)
        items.append(item)
    return items


def due_date_of(fields: dict[str, Any], text: str, meeting: date | None) -> date | None:
    """The item's deadline: the extractor's resolved date, else resolved from what it wrote."""
    for key in ("due_date", "deadline_date"):
        raw = fields.get(key)
        if raw:
            try:
                return date.fromisoformat(str(raw)[:10])
            except ValueError:
                pass
    written = fields.get("due") or fields.get("deadline")
    return resolve_due(str(written), meeting) if written else resolve_due(text, meeting)


def source_bag(text: str, passage_text: str) -> dict[str, float]:
    """Weighted key terms of an item: its own words, its topic label, and the sentence before it."""
    bag: dict[str, float] = {}

    def add(words: Iterable[str], weight: float) -> None:
        for w in words:
            bag[w] = max(bag.get(w, 0.0), weight)

    label = tx.topic_label(passage_text)
    if label:
        add(tx.terms(label), 1.0)
    start = passage_text.find(text[:40])
    if start > 0:
        before = tx.sentences(passage_text[:start])
        if before:
            add(tx.terms(before[-1]), 0.5)
    add(tx.terms(text), 1.0)
    return bag


def load_passages(con: duckdb.DuckDBPyConnection, docs: Sequence[Doc]) -> list[Passage]:
    if not docs:
        return []
    rows = con.execute(
        """
        SELECT p.passage_id, p.doc_id, p.text, p.page, p.text_hash, coalesce(p.heading, '')
        FROM passages p
        WHERE list_contains(?, p.doc_id) AND p.kind <> 'heading' AND length(p.text) >= 12
        ORDER BY p.doc_id, p.ordinal
        """,
        [[d.doc_id for d in docs]],
    ).fetchall()
    vectors = vectors_for(con, [r[4] for r in rows])
    out: list[Passage] = []
    for pid, doc_id, text, page, h, heading in rows:
        if is_attendance(text) or any(is_attendance_heading(level) for level in heading_levels(heading)):
            continue  # who was there names the same people as the items, but says nothing of them
        prev = out[-1] if out else None
        if prev and prev.doc_id == doc_id and _continues(prev.text, text):
            # A paragraph cut in two by a stray blank line in the source: match the whole.
            prev.parts.append((pid, text))
            prev.text = f"{prev.text} {text}"
            joined = prev.vector + _vec(vectors.get(h))
            norm = float(np.linalg.norm(joined))
            prev.vector = joined / norm if norm else joined
            continue
        out.append(
            Passage(pid, doc_id, text, page, _vec(vectors.get(h)), parts=[(pid, text)], heading=heading)
        )
    for p in out:
        p.term_set = set(tx.terms(p.text))
        p.windows = sentence_windows(p.text)
    return out


def _continues(previous: str, text: str) -> bool:
    """Whether `text` carries on the sentence `previous` left unfinished."""
    end = previous.rstrip()[-1:]
    start = text.lstrip()[:1]
    return bool(end) and end not in '.!?:;”"’)*' and (start.islower() or start in "(,;")


def sentence_windows(text: str) -> list[set[str]]:
    """The term sets of each sentence, each with the passage's topic label: a long passage that
    touches many subjects should match an item only as well as its best sentence does."""
    label = set(tx.terms(tx.topic_label(text) or ""))
    sents = tx.sentences(text) or [text]
    return [label | set(tx.terms(s)) for s in sents]


def _overlap(bag: dict[str, float], target: set[str], idf: dict[str, float]) -> float:
    total = sum(idf.get(t, 1.0) * w for t, w in bag.items())
    if not total:
        return 0.0
    return sum(idf.get(t, 1.0) * w for t, w in bag.items() if t in target) / total


def best_sentence(bag: dict[str, float], passage: str, idf: dict[str, float]) -> str:
    """The sentence of `passage` that shares most with the item; never the bare run-in heading."""
    sents = tx.sentences(passage) or [passage]
    label = tx.topic_label(passage)
    if label and len(sents) > 1 and len(sents[0]) <= len(label) + 16:
        sents = sents[1:]
    scored = [(_overlap(bag, set(tx.terms(s)), idf), -i, s) for i, s in enumerate(sents)]
    return max(scored)[2]


def score_pairs(items: Sequence[Item], passages: Sequence[Passage], docs: dict[str, Doc]) -> list[Link]:
    """The links between `items` and `passages` (which must come from later documents)."""
    if not items or not passages:
        return []
    idf = tx.idf_weights([p.term_set for p in passages] + [set(i.bag) for i in items])
    pm = np.stack([p.vector for p in passages])
    sem = np.stack([i.vector for i in items]) @ pm.T
    ctx = np.stack([i.context_vector for i in items]) @ pm.T
    links: list[Link] = []
    for a, item in enumerate(items):
        label_terms = set(tx.terms(tx.topic_label(item.passage_text) or ""))
        scored: dict[str, list[tuple[float, int, float]]] = {}
        for b, passage in enumerate(passages):
            if passage.doc_id == item.doc_id:
                continue
            if item.own and max(_overlap(item.own, w, idf) for w in passage.windows) < MIN_OWN_OVERLAP:
                continue
            lex = max(_overlap(item.bag, w, idf) for w in passage.windows)
            label_hit = len(label_terms & passage.term_set) / len(label_terms) if label_terms else lex
            score = W_SEM * float(sem[a, b]) + W_CTX * float(ctx[a, b]) + W_LEX * lex + W_LABEL * label_hit
            if score >= THRESHOLD:
                scored.setdefault(passage.doc_id, []).append((score, b, float(sem[a, b])))
        for doc_id, found in scored.items():
            target_date = docs[doc_id].meeting_date if doc_id in docs else None
            links.append(
                _best_evidence(item, sorted(found, reverse=True), passages, doc_id, target_date, idf)
            )
    return links


def _best_evidence(
    item: Item,
    found: list[tuple[float, int, float]],
    passages: Sequence[Passage],
    doc_id: str,
    target_date: date | None,
    idf: dict[str, float],
) -> Link:
    """The link to one later document: its best-scoring passage, unless that only restates the item
    and a passage scoring nearly as well says what became of it (an action list repeating "CG to
    contact RK" at the end, and the review at the top saying "Ongoing")."""
    passed = bool(item.due_date and target_date and item.due_date < target_date)

    def link_to(score: float, b: int, similarity: float) -> Link:
        passage = passages[b]
        quote = best_sentence(item.bag, passage.text, idf)
        cue = tx.cue_label(_window(passage.text, quote), passed)
        if cue == "restated":
            cue = tx.list_status(passage.text, passage.heading) or cue  # "[x] …", a "Done" list
        if cue in ("restated", "completed") and tx.rescheduled(quote, item.due_date, target_date):
            cue = "changed"  # the same act with a new date: "Bridge will be re-opened early May"
        return Link(
            link_id=stable_id("l", item.record_id, passage.part_with(quote)),
            record_id=item.record_id,
            source_doc_id=item.doc_id,
            target_doc_id=doc_id,
            target_passage_id=passage.part_with(quote),
            target_record_id=None,
            label=_agenda_label(item, tx.target_label(item.fields, quote, cue, passed), target_date),
            score=score,
            similarity=similarity,
            quote=quote,
        )

    first = link_to(*found[0])
    for score, b, similarity in found[1:]:
        if first.label != "restated" or score < found[0][0] - EVIDENCE_MARGIN:
            break
        other = link_to(score, b, similarity)
        if other.label != "restated":
            return other
    return first


_AGENDA_ITEM = re.compile(
    r"\b(?:agenda|be discussed|be considered|considered next|consider\w* (?:at|by) the|report to|"
    r"be reviewed (?:at|by)|next meeting)\b",
    re.I,
)


def _agenda_label(item: Item, label: str, target_date: date | None) -> str:
    """An undertaking to take something to a meeting is done when a meeting by the deadline takes
    it up: a restatement or progress report there is its completion (a re-listing stays a delay)."""
    if label not in ("restated", "progress") or not _AGENDA_ITEM.search(item.text):
        return label
    if item.due_date is not None and target_date is not None and target_date > item.due_date:
        return label
    return "completed"


def _window(passage: str, quote: str) -> str:
    """The quoted sentence and the one after it: outcomes are often told in the next breath."""
    sents = tx.sentences(passage)
    if quote in sents:
        i = sents.index(quote)
        return " ".join(sents[i : i + 2])
    return quote


def attach_target_records(con: duckdb.DuckDBPyConnection, links: list[Link]) -> list[Link]:
    """Point each link at the later record inside its passage whose text holds the quote, if any."""
    if not links:
        return links
    rows = con.execute(
        "SELECT passage_id, record_id, text FROM records WHERE list_contains(?, passage_id)",
        [sorted({ln.target_passage_id for ln in links})],
    ).fetchall()
    by_passage: dict[str, list[tuple[str, str]]] = {}
    for pid, rid, text in rows:
        by_passage.setdefault(pid, []).append((rid, text))
    out = []
    for ln in links:
        match = None
        for rid, text in by_passage.get(ln.target_passage_id, []):
            if text in ln.quote or ln.quote in text:
                match = rid
                break
        out.append(replace(ln, target_record_id=match))
    return out
