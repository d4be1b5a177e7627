"""Fixtures for the extraction tests: the real pipeline (bundled spaCy model + boardtrace components),
loaded once, and a helper that turns plain text into a SegmentedDocument the way a run does."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract import load_nlp
from pipeline.extract.context import DEFAULT_CONTEXT, PassageContext, attach
from pipeline.ingest import ingest_bytes
from pipeline.records import MeetingMeta, SegmentedDocument
from pipeline.segment import detect_meta, segment


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def make_doc(nlp: Language) -> Callable[..., Doc]:
    """A small Doc run through the real pipeline with a passage context."""

    def _make(text: str, **context: object) -> Doc:
        ctx: PassageContext = dataclasses.replace(DEFAULT_CONTEXT, **context)  # type: ignore[arg-type]
        doc = nlp.make_doc(text)
        attach(doc.user_data, ctx)
        return nlp(doc)

    return _make


def segmented(text: str, name: str = "minutes.txt", meeting_date: date | None = None) -> SegmentedDocument:
    source = ingest_bytes(text.encode("utf-8"), Path(name))
    meta = detect_meta(source)
    if meeting_date is not None:
        meta = MeetingMeta(meta.body, meeting_date, meta.doc_kind, meta.title, meta.source_url)
    return segment(source, meta)
