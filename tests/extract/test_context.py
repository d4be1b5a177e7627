"""The document-level context the extraction rules read: names a document uses."""

from __future__ import annotations

from datetime import date

from pipeline.extract.context import document_names


def test_document_names_are_capitalised_mid_sentence_and_never_lower_case() -> None:
    text = (
        "Jess to test the plugin. The upgrade was discussed with Jess and Pete, and Pete will report.\n"
        "Housekeeping to start next week. Housekeeping of old accounts. Review the housekeeping rota.\n"
        "The Clerk wrote to the Board. The clerk will chase."
    )
    names = document_names(text)
    assert "Jess" in names and "Pete" in names
    assert "Housekeeping" not in names  # only ever at a sentence start, and written in lower case too
    assert "Clerk" not in names  # also written "clerk"
    assert "Board" in names  # a capitalised body is a name too; the rules decide what a name may own


def test_a_year_in_the_file_name_is_the_reference_when_nothing_else_dates_the_document() -> None:
    from pipeline.extract.context import reference_date

    from .conftest import segmented

    seg = segmented("Our housing plan\n\nWe will build homes.\n", name="council-housing-2021-plan.txt")
    assert seg.meta.meeting_date is None
    assert reference_date(seg) == date(2021, 1, 1)
    assert reference_date(segmented("Our housing plan\n\nWe will build homes.\n", name="plan.txt")) is None
