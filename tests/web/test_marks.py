from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.web.marks import Piece, highlight_terms, split_marked


def test_overlapping_spans_give_pieces_with_both_marks() -> None:
    pieces = split_marked("abcdefgh", [(1, 5, "r1"), (3, 7, "r2")])
    assert pieces == [
        Piece("a"),
        Piece("bc", ("r1",)),
        Piece("de", ("r1", "r2")),
        Piece("fg", ("r2",)),
        Piece("h"),
    ]


def test_spans_outside_the_text_are_clipped_or_dropped() -> None:
    assert split_marked("abc", [(-5, 1, "x"), (2, 99, "y"), (7, 9, "z")]) == [
        Piece("a", ("x",)),
        Piece("b"),
        Piece("c", ("y",)),
    ]


def test_terms_are_marked_case_insensitively_at_word_starts() -> None:
    pieces = highlight_terms("Highways and highway-men; thighs", ["highway"])
    assert [p.text for p in pieces if p.marks] == ["Highway", "highway"]


@settings(deadline=None)  # no timing assertions on a shared machine
@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.sampled_from("abc")), max_size=6),
)
def test_pieces_always_rebuild_the_text(text: str, spans: list[tuple[int, int, str]]) -> None:
    pieces = split_marked(text, spans)
    assert "".join(p.text for p in pieces) == text
    assert all(p.text for p in pieces)


def test_values_are_shown_for_people() -> None:
    from pipeline.web.reads import chips, shown

    assert (
        shown(189000000.0) == "189,000,000"
        and shown(0.25) == "0.25"
        and shown(None) == ""
        and shown(3) == "3"
    )
    assert chips({"value": 95.0, "value_high": 100.0, "unit": "%", "deadline": "by 2025"}) == [
        {"label": "Value", "value": "95–100 %"},
        {"label": "Deadline", "value": "by 2025"},
    ]


def test_register_sorting_copes_with_mixed_and_blank_values() -> None:
    from pipeline.web.reads import register_view

    rows = [
        {"id": str(i), "status": "open", "value": v, "text": "", "meeting_date": None}
        for i, v in enumerate([5.0, "50%", None, 2, ""])
    ]
    view = register_view(rows, "targets", sort="value", order="desc", page=None)
    assert [r["value"] for r in view["rows"]][:3] == ["50%", 5.0, 2]
    assert [r["value"] for r in view["rows"]][3:] in ([None, ""], ["", None])
