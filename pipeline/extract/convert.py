"""Doc → Record conversion: pure functions from a processed passage Doc to typed Records and Entities
whose offsets point into the document's normalised text."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from pipeline.extract.components import FIELDS_KEY, PARTIES_KEY, TYPES
from pipeline.records import RECORD_FIELDS, Entity, Passage, Record, RecordType, SegmentedDocument, stable_id

FIELD_NAMES = RECORD_FIELDS
ENTITY_LABELS = frozenset({"PERSON", "ORG", "ROLE", "BODY", "DATE", "MONEY", "PERCENT", "GPE"})


def complete_fields(type_: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Exactly the fields ANNOTATION.md names for the type, in its order; missing ones are null.
    Text values lose the padding the parser's view of a markdown link left in them."""
    out = {name: fields.get(name) for name in FIELD_NAMES[type_]}
    return {k: " ".join(v.split()) if isinstance(v, str) and "  " in v else v for k, v in out.items()}


# What the parser reads of a passage: the same length as the passage, so that every offset into it
# still holds (records take their text from the source itself), with
# - typographic apostrophes as the tagger and rules know them ("he’ll" → "he'll");
# - markdown links reduced to their words ("[Molly][MollyWingate] will teach" → "Molly … will teach",
#   "[reply by AE](https://…)" → " reply by AE"), padded with spaces.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,80})\](?:\(([^()\s]{1,300})\)|\[([^\[\]\s]{1,80})\])")


def nlp_view(text: str) -> str:
    """The passage as the parser should read it; always exactly as long as `text`."""
    text = text.translate(_APOSTROPHES)
    if "](" not in text and "][" not in text:
        return text
    # the words stay where they stand in the source ("[" becomes a space), so spans over them line up
    return _MD_LINK.sub(lambda m: f" {m.group(1)}".ljust(len(m.group(0))), text)


# The parser reads a markdown link as its words (nlp_view); a record that starts or ends on those words
# takes in the link's brackets and address too.
_LINK_TAIL = re.compile(r"\]\([^()\s]{0,300}\)|\]\[[^\[\]\s]{0,80}\]")
_LINK_ONLY = re.compile(r"\W*\[[^\[\]\n]+\]\([^()\s]*\)\W*(?:\{:[^}\n]*\})?\W*")


def over_links(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) widened over a markdown link cut at either end."""
    if start > 0 and text[start - 1] == "[":
        start -= 1
    tail = _LINK_TAIL.match(text, end)
    if tail and "[" in text[max(0, end - 90) : end]:
        end = tail.end()
    return start, end


def passage_records(doc: Doc, passage: Passage, seg: SegmentedDocument, extractor: str) -> list[Record]:
    text = seg.source.text
    found = doc.user_data.get(FIELDS_KEY, {})
    records: list[Record] = []
    for type_ in TYPES:
        for span in doc.spans.get(f"bt_{type_}", []):
            start, end = over_links(
                text, passage.char_start + span.start_char, passage.char_start + span.end_char
            )
            if _LINK_ONLY.fullmatch(text[start:end]):
                continue  # "[Read how departments are responding to this action »](/digital/…)": navigation
            info = found.get((type_, span.start_char, span.end_char), {})
            kind: RecordType = type_  # type: ignore[assignment]
            records.append(
                Record(
                    record_id=Record.make_id(seg.doc_id, type_, start, end, extractor),
                    doc_id=seg.doc_id,
                    type=kind,
                    text=text[start:end],
                    fields=complete_fields(type_, info.get("fields", {})),
                    char_start=start,
                    char_end=end,
                    confidence=float(info.get("confidence", 0.5)),
                    extractor=extractor,
                    passage_id=passage.passage_id,
                    agenda_item_id=passage.agenda_item_id,
                    page=passage.page,
                )
            )
    return sorted(records, key=lambda r: (r.char_start, r.type))


def passage_entities(doc: Doc, passage: Passage) -> list[Entity]:
    seen: set[tuple[int, int, str]] = set()
    out: list[Entity] = []
    spans = list(doc.spans.get(PARTIES_KEY, [])) + [
        e for e in doc.ents if e.label_ in ("DATE", "MONEY", "PERCENT", "GPE")
    ]
    for span in spans:
        if span.label_ not in ENTITY_LABELS:
            continue
        start = passage.char_start + span.start_char
        end = passage.char_start + span.end_char
        key = (start, end, span.label_)
        if key in seen:
            continue
        seen.add(key)
        out.append(Entity(stable_id("e_", passage.doc_id, start, end, span.label_), passage.doc_id,
                          passage.passage_id, span.label_, span.text, start, end))  # fmt: skip
    return sorted(out, key=lambda e: (e.char_start, e.label))


# "ACTION: MK to wrangle a new sign" states its own act (one of a list of actions), unlike "ACTION: Clerk"
_OWN_ACT = re.compile(r":\s*\S[^:]{0,40}?\s+to\s+[a-z]{2,}")


def drop_redundant_action_lines(records: list[Record], passages: list[Passage]) -> list[Record]:
    """An "ACTION: X" line that only names a party is its own commitment only when the item's text above
    it yields none (the line then names the owner of a decision's follow-up); otherwise it only gives an
    owner. A line that states its own act ("ACTION: MK to wrangle a new sign") always stands."""
    order = {p.passage_id: p.ordinal for p in passages}
    commitments = [r for r in records if r.type == "commitment"]
    kept = []
    for record in records:
        if (
            record.type == "commitment"
            and re.match(r"(?i)\s*action\s*(?:item)?\s*:", record.text)
            and len(record.text) < 60
            and not _OWN_ACT.search(record.text)
        ):
            here = order.get(record.passage_id or "", -1)
            above = [
                c
                for c in commitments
                if c is not record and 0 < here - order.get(c.passage_id or "", -99) <= 3
            ]
            if above:
                continue
        kept.append(record)
    return kept
