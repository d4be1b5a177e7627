"""Invariants on generated minutes: a record's text is the document slice at its offsets, ids are
stable, and extraction is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline.extract import extract_document

from .conftest import segmented

SENTENCES = [
    "RESOLVED that the report be noted.",
    "The Board approved the plan and will receive quarterly updates.",
    "Mr Smith undertook to review the report by 1 May 2020.",
    "It was noted that the plan aligned with national policy.",
    "Less than 6% of women will smoke during pregnancy by 2023/24.",
    "ACTION: Clerk to write to the county council.",
    "The Parish Council agreed this request.",
    "Apologies were received from Cllr Jones.",
    "Deliver c12m productivity savings in 19/20.",
    "A meeting with NHS England would take place in July.",
    "  • Implementing the Workforce Transformation Strategy",
    "The café — “Ferring’s” — was busy &amp; full.",
]

paragraphs = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3).map(" ".join)
documents = st.lists(paragraphs, min_size=1, max_size=5).map(
    lambda ps: "Minutes of the Board\n\n" + "\n\n".join(ps)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents)
def test_record_text_is_the_slice_at_its_offsets_and_runs_agree(nlp: Language, text: str) -> None:
    seg = segmented(text)
    first = extract_document(nlp, seg)
    for record in first.records:
        assert record.text == seg.source.text[record.char_start : record.char_end]
        assert 0.0 <= record.confidence <= 1.0
    for entity in first.entities:
        assert entity.text == seg.source.text[entity.char_start : entity.char_end]
    second = extract_document(nlp, seg)
    assert [r.record_id for r in first.records] == [r.record_id for r in second.records]
    assert first == second
