from pathlib import Path

from pipeline.ingest import ingest_bytes
from pipeline.ingest.text import decode_text, front_matter


def spans(doc):
    return [(b.kind, doc.text[b.char_start : b.char_end]) for b in doc.blocks]


def test_markdown_headings_bullets_tables_and_front_matter() -> None:
    md = (
        '---\ntitle: "Parish Council - September"\ndate: "2013-10-21"\n---\n\n'
        "## Our priorities by 2023/24\n\n- Less than 6% of women will smoke\n- Suicide will reduce\n  by 10%\n\n"
        "| Action | Owner |\n|---|---|\n| Write to Highways | Clerk |\n\nA paragraph that is\nhard wrapped.\n"
    )
    doc = ingest_bytes(md.encode(), Path("plan.md"))
    assert doc.title == "Parish Council - September"
    assert spans(doc) == [
        ("heading", "Our priorities by 2023/24"),
        ("bullet", "Less than 6% of women will smoke"),
        ("bullet", "Suicide will reduce by 10%"),
        ("table_row", "Action | Owner"),
        ("table_row", "Write to Highways | Clerk"),
        ("paragraph", "A paragraph that is hard wrapped."),
    ]


def test_embedded_html_fragments_and_tab_cells_become_blocks() -> None:
    line = (
        'Delivery Priorities\t<ul style="list-style-type: none"> <li>\u2022 Deliver c12m productivity savings in 19/20</li>'
        " <li>\u2022 Explore savings of c\u00a353-90m by 23/24 through:<ul><li>\u25cb Delivering a single pathology"
        " service for Kent &amp; Medway</li></ul></li></ul>\n<h3>Across our population</h3>\n"
    )
    doc = ingest_bytes(line.encode(), Path("plan.txt"))
    assert spans(doc) == [
        ("paragraph", "Delivery Priorities"),
        ("bullet", "Deliver c12m productivity savings in 19/20"),
        ("bullet", "Explore savings of c£53-90m by 23/24 through:"),
        ("bullet", "Delivering a single pathology service for Kent & Medway"),
        ("heading", "Across our population"),
    ]


def test_one_paragraph_per_line_and_sentence_broken_by_blank_line() -> None:
    text = "Minutes: The report was noted.\nAction: Clerk to write to the county council.\n\nResolved that the minutes be\n\nagreed as a correct record.\n"
    doc = ingest_bytes(text.encode(), Path("m.txt"))
    assert [t for _, t in spans(doc)] == [
        "Minutes: The report was noted.",
        "Action: Clerk to write to the county council.",
        "Resolved that the minutes be agreed as a correct record.",
    ]


def test_cp1252_text_is_decoded_with_a_warning() -> None:
    data = "The Board approved the \u2018estates\u2019 plan \u2013 cost \u00a35m.".encode("cp1252")
    text, warnings = decode_text(data)
    assert text == "The Board approved the \u2018estates\u2019 plan \u2013 cost \u00a35m."
    assert warnings and "UTF-8" in warnings[0]
    doc = ingest_bytes(data, Path("old.txt"))
    assert doc.warnings == tuple(warnings)


def test_front_matter_absent() -> None:
    assert front_matter("no front matter") == ({}, "no front matter")


def test_plain_headings_without_markup_stand_alone() -> None:
    text = (
        "2. Minutes of the previous meeting\nRESOLVED: That the minutes be confirmed.\n\n"
        "4. Winter Pressures\nThe Board noted the update.\n\n"
        "RESOLVED\nThat the plan be approved.\n\n"
        "The Board discussed the long report that had been\nMembers circulated before the meeting.\n"
    )
    got = spans(ingest_bytes(text.encode(), Path("minutes.txt")))
    assert ("heading", "2. Minutes of the previous meeting") in got
    assert ("heading", "4. Winter Pressures") in got
    assert ("paragraph", "The Board noted the update.") in got
    # an outcome word on its own line leads its resolution; it is not a heading
    assert ("paragraph", "RESOLVED That the plan be approved.") in got
    # the first line of hard-wrapped prose is long, so it is not taken for a heading
    assert not any(kind == "heading" and "long report" in s for kind, s in got)


def test_bold_markers_closed_and_reopened_around_a_space_are_dropped() -> None:
    got = spans(ingest_bytes(b"- Supported** **the development of a social media presence.\n", Path("m.md")))
    assert got == [("bullet", "Supported the development of a social media presence.")]


def test_a_run_of_numbered_lines_is_one_block_a_line_but_wrapped_prose_with_a_number_is_not() -> None:
    text = (
        "  Indicator Executive lead Governance forum\n1 Maintain and improve our CQC ratings Chief Nurse\n"
        "2 All clinical areas to be assessed Chief Nurse\n3 Improve patient experience scores Chief Nurse\n\n"
        "The meeting was attended by\n12 members of the public.\n"
    )
    doc = ingest_bytes(text.encode(), Path("plan.txt"))
    assert [t for _, t in spans(doc)] == [
        "Indicator Executive lead Governance forum",
        "1 Maintain and improve our CQC ratings Chief Nurse",
        "2 All clinical areas to be assessed Chief Nurse",
        "3 Improve patient experience scores Chief Nurse",
        "The meeting was attended by 12 members of the public.",
    ]


def test_a_list_of_semicolon_lines_is_one_block_a_line_but_prose_with_a_semicolon_is_not() -> None:
    text = (
        "Approve minutes of:\n8th March; approved with amendments;\n26th April, unanimously approved;\n"
        "6th September; agreed with the exception of Mr Brown\n6th October; agreed.\n\n"
        "The hall is booked; the caretaker\nwill open it.\n"
    )
    doc = ingest_bytes(text.encode(), Path("minutes.txt"))
    assert [t for _, t in spans(doc)] == [
        "Approve minutes of:",
        "8th March; approved with amendments;",
        "26th April, unanimously approved;",
        "6th September; agreed with the exception of Mr Brown",
        "6th October; agreed.",
        "The hall is booked; the caretaker will open it.",
    ]


def test_initials_set_in_bold_read_as_plain_initials_but_other_bold_stays() -> None:
    text = "Peelwalls path. **AC** to confirm. Action 3 **COMPLETED**\n"
    doc = ingest_bytes(text.encode(), Path("minutes.md"))
    assert [t for _, t in spans(doc)] == ["Peelwalls path. AC to confirm. Action 3 **COMPLETED**"]


def test_a_line_naming_its_proposer_is_not_a_plain_heading() -> None:
    text = "Treasurer Keith Muir Proposed Chris Hobson\n\nSeconded John Green\n\nProposed single storey extension\nThe council had no objection.\n"
    doc = ingest_bytes(text.encode(), Path("minutes.txt"))
    kinds = [(k, t) for k, t in spans(doc)]
    assert kinds[0] == ("paragraph", "Treasurer Keith Muir Proposed Chris Hobson")
    assert ("heading", "Proposed single storey extension") in kinds
