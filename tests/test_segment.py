from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import ingest_bytes
from pipeline.ingest.blocks import TextBuilder
from pipeline.records import MeetingMeta, SourceDocument, sha256_bytes
from pipeline.segment import detect_doc_kind, detect_meeting_date, segment, split_long

MINUTES = b"""DRAFT MINUTES OF WEST DEREHAM PARISH COUNCIL MEETING

HELD AT THE VILLAGE HALL ON THURSDAY 5 SEPTEMBER 2013

1. **Apologies for Absence.** There were no apologies.

2. **Finance.** Councillors approved the payments listed.

Action: Clerk to write to Highways by 1 October.

3. Date of next meeting

It was agreed that the next meeting be held on 3 October 2013.
"""


def test_meeting_metadata_and_agenda_items() -> None:
    doc = ingest_bytes(MINUTES, Path("wd.md"))
    assert detect_meeting_date(doc.text) == date(2013, 9, 5)
    assert detect_doc_kind(doc.text, doc.name) == "minutes"
    seg = segment(doc, MeetingMeta(doc_kind="minutes"))
    assert [(a.number, a.title) for a in seg.agenda_items] == [
        ("1", "Apologies for Absence"),
        ("2", "Finance"),
        ("3", "Date of next meeting"),
    ]
    action = next(p for p in seg.passages if p.text.startswith("Action:"))
    assert action.agenda_item_id == seg.agenda_items[1].item_id
    last = seg.agenda_items[-1]
    assert last.char_end == len(doc.text)


def test_enumerated_resolutions_are_not_agenda_items() -> None:
    doc = ingest_bytes(
        b"Agreed that -\n\n1. the board approves the framework.\n\n2. the board notes the plan.\n",
        Path("x.txt"),
    )
    assert segment(doc, MeetingMeta()).agenda_items == ()


def test_meeting_date_formats() -> None:
    assert detect_meeting_date("Meeting held on Monday 5th March 2018 at County Hall") == date(2018, 3, 5)
    assert detect_meeting_date("Date: 21/10/2021") == date(2021, 10, 21)
    assert detect_meeting_date("nothing here", "dundee-ijb-2021-08-25-minutes.txt") == date(2021, 8, 25)
    assert detect_meeting_date("no date at all") is None


_PADDING = "Present: the Chairman, four councillors and the Clerk. " * 8


def test_meeting_date_is_not_another_meetings_date() -> None:
    # The previous minutes approved at this meeting, and the next meeting, are other meetings' dates.
    approving = f"Parish Council minutes\n{_PADDING}\nThe minutes of the meeting held on 7 October 2014 were approved."
    assert detect_meeting_date(approving + "\nWe met on 4 November 2014.") == date(2014, 11, 4)
    assert detect_meeting_date("A general meeting to be held on 13 April 2019 was requested.") == date(
        2019, 4, 13
    )
    assert detect_meeting_date(
        "The next meeting will be held on 5 May 2020.\nDirectors met on 1 April 2020."
    ) == date(2020, 4, 1)
    # The title line of the document itself is this meeting, however it is worded.
    own = f"Minutes of the Board meeting held on 9 January 2020\n{_PADDING}\nThe minutes of the meeting held on 5 December 2019 were agreed."
    assert detect_meeting_date(own) == date(2020, 1, 9)


def test_meeting_date_prefers_the_file_name_and_a_labelled_date() -> None:
    text = f"Board\n{_PADDING}\nThe minute of the meeting held on 23 June 2021 was approved."
    assert detect_meeting_date(text, "dundee-ijb-2021-08-25-minutes.txt") == date(2021, 8, 25)
    assert detect_meeting_date("Updated 2024-07-25\nMeeting Date/Time: 2024-11-19, 19:00") == date(
        2024, 11, 19
    )


def test_heading_path_is_kept_for_passages() -> None:
    doc = ingest_bytes(
        b"## Our priorities by 2023/24\n\n### Across our population\n\n- Suicide will reduce by 10%\n",
        Path("p.md"),
    )
    seg = segment(doc, MeetingMeta())
    bullet = seg.passages[-1]
    assert bullet.heading == "Our priorities by 2023/24 \u203a Across our population"


block_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=0,
    max_size=400,
)
blocks = st.lists(
    st.tuples(st.sampled_from(["heading", "paragraph", "bullet", "table_row"]), block_text), max_size=30
)


@settings(max_examples=150, deadline=None)
@given(blocks)
def test_passage_offsets_always_slice_the_text(items: list[tuple[str, str]]) -> None:
    builder = TextBuilder()
    for kind, text in items:
        builder.add(kind, text)  # type: ignore[arg-type]
    text, built, pages = builder.build()
    doc = SourceDocument(sha256_bytes(text.encode()), "x", "x.txt", "text", len(text), text, built, pages)
    seg = segment(doc, MeetingMeta())
    for passage in seg.passages:
        assert doc.text[passage.char_start : passage.char_end] == passage.text
        assert passage.text.strip() == passage.text and passage.text
    for item in seg.agenda_items:
        assert 0 <= item.char_start <= item.char_end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=5000), st.integers(min_value=50, max_value=2000))
def test_split_long_covers_the_block(text: str, limit: int) -> None:
    spans = split_long(0, len(text), text, limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (a, b), (c, _) in zip(spans, spans[1:], strict=False):
        assert a < b <= c
        assert text[b:c].strip() == ""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abc .\n-*#|<>/", max_size=60), max_size=25))
def test_ingested_text_passages_slice_exactly(lines: list[str]) -> None:
    data = "\n".join(lines).encode()
    try:
        doc = ingest_bytes(data, Path("fuzz.md"))
    except Exception as e:  # empty input is a clean, typed failure
        assert type(e).__name__ == "EmptyDocument"
        return
    seg = segment(doc, MeetingMeta())
    for passage in seg.passages:
        assert doc.text[passage.char_start : passage.char_end] == passage.text


def test_meeting_date_forms_links_and_fallbacks() -> None:
    assert detect_meeting_date("# Committee Meeting 2016.03.12\n\nAgenda") == date(2016, 3, 12)
    assert detect_meeting_date("Annual General Meeting, 2nd. May 2014 @ 7.00pm") == date(2014, 5, 2)
    assert detect_meeting_date("Held on 04.11.2014 in the hall") == date(2014, 11, 4)
    # a date in a link's address is another meeting's page, not this one
    linked = (
        "Matt confirmed the [postage proposal](https://rzzt.io/minutes/2019-03-08-directors-meeting.html)."
    )
    assert detect_meeting_date(linked, meta_date="2019-03-22 02:00 UTC") == date(2019, 3, 22)
    # no date in the text: the title, then the file name, then the file's own metadata (often a posting date)
    assert detect_meeting_date("Present: Cllrs A, B", "m.md", "Minutes 2 June 2025", "2025-06-30") == date(
        2025, 6, 2
    )
    assert detect_meeting_date("Present: Cllrs A, B", "pc-2014-11-04.md", None, "2015-02-18") == date(
        2014, 11, 4
    )
    assert detect_meeting_date("Present: Cllrs A, B", "minutes.md", None, "2019-03-22") == date(2019, 3, 22)


def test_body_from_title_or_heading_not_an_agenda_heading() -> None:
    from pipeline.segment import detect_body

    assert detect_body("Councillors present: Cllr. R. Crisp. Public Forum – one member of the public.",
                       "Northwold PC - November Meeting") == "Northwold Parish Council"  # fmt: skip
    assert (
        detect_body("**LICTON SPRINGS COMMUNITY COUNCIL**\n\nUnapproved Minutes")
        == "Licton Springs Community Council"
    )
    assert detect_body("Matt added the item to the Trello board and the Public Forum was held.") is None
