"""Loading the extraction pipeline and running it over a segmented document.

`load_nlp()` is the bundled en_core_web_sm model, whole (the rules use its tags, parse, lemmas and
entities), with boardtrace's components appended. `extract_document` attaches each passage's context (document kind, dates, inherited
deadline, resolution list, action owner) to its Doc before the pipeline runs, then converts.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import pipeline.extract.components  # noqa: F401  (registers the factories)
from pipeline.config import EXTRACTOR_VERSION, SPACY_MODEL
from pipeline.errors import ExtractError
from pipeline.extract.context import attach, passage_contexts
from pipeline.extract.convert import drop_redundant_action_lines, nlp_view, passage_entities, passage_records
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
