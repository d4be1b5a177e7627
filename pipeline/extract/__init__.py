"""NLP over segmented documents: entities, and decisions, commitments and targets with their fields.

`extract_document(nlp, seg)` is the one entry point the flow uses; it runs the spaCy pipeline
(`load_nlp`) over a document's passages and turns each Doc's spans into typed Records whose
offsets point into the document's normalised text.
"""

from __future__ import annotations

from pipeline.extract.pipeline import EXTRACTOR_VERSION, extract_document, load_nlp

__all__ = ["EXTRACTOR_VERSION", "extract_document", "load_nlp"]
