"""The document-level context the extraction rules read: names a document uses."""

from __future__ import annotations

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
