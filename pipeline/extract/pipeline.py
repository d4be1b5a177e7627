"""Loading the extraction pipeline and running it over a segmented document.

`load_nlp()` is the bundled en_core_web_sm model, whole (the rules use its tags, parse, lemmas and
entities), with boardtrace's components appended. `extract_document` attaches each passage's context (document kind, dates, inherited
deadline, resolution list, action owner) to its Doc before the pipeline runs, then converts.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

import pipeline.extract.components  # noqa: F401  (registers the factories)
from pipeline.config import EXTRACTOR_VERSION, SPACY_MODEL
from pipeline.errors import ExtractError
from pipeline.extract.context import attach, passage_contexts
from pipeline.extract.convert import drop_redundant_action_lines, passage_entities, passage_records
from pipeline.records import Entity, Extraction, Record, SegmentedDocument

COMPONENTS: tuple[tuple[str, dict[str, object]], ...] = (
    ("boardtrace_parties_v1", {}),
    ("boardtrace_decisions_v1", {}),
    ("boardtrace_targets_v1", {}),
    ("boardtrace_commitments_v1", {}),
    ("boardtrace_unit_classifier_v1", {}),
)


def build_nlp(base: Language, with_classifier: bool = True) -> Language:
    for factory, config in COMPONENTS:
        if factory == "boardtrace_unit_classifier_v1" and not with_classifier:
            continue
        base.add_pipe(factory, name=factory.removesuffix("_v1"), config=config)
    return base


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    try:
        base = spacy.load(SPACY_MODEL)
    except OSError as e:
        raise ExtractError(f"cannot load spaCy model {SPACY_MODEL}: {e}") from e
    return build_nlp(base)


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


def extract_document(nlp: Language, seg: SegmentedDocument, batch_size: int = 16) -> Extraction:
    passages = [p for p in seg.passages if p.kind != "heading" and p.text.strip()]
    contexts = passage_contexts(seg)
    docs = []
    for passage in passages:
        doc = nlp.make_doc(nlp_view(passage.text))
        attach(doc.user_data, contexts[passage.passage_id])
        docs.append(doc)
    records: list[Record] = []
    entities: list[Entity] = []
    try:
        processed = list(nlp.pipe(docs, batch_size=batch_size))
    except Exception as e:  # a component failing on one document must not stop the batch
        raise ExtractError(f"extraction failed on {seg.source.name}: {type(e).__name__}: {e}") from e
    for passage, doc in zip(passages, processed, strict=True):
        records.extend(passage_records(doc, passage, seg, EXTRACTOR_VERSION))
        entities.extend(passage_entities(doc, passage))
    records = drop_redundant_action_lines(records, list(seg.passages))
    return Extraction(records=tuple(records), entities=tuple(entities))
