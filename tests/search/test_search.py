"""Search over a tiny real database: ranking, phrases, filters, reasons, safety."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline import store
from pipeline.cli import app
from pipeline.errors import QueryError
from pipeline.search import Hit, refresh_indexes, search
from pipeline.search.index import read_meta


def texts(hits: list[Hit]) -> list[str]:
    return [h.text for h in hits]


def test_paraphrase_with_no_shared_words_is_found_by_meaning(reader: Any) -> None:
    hits = search(reader, "someone tipped garbage illegally", k=3)
    assert any("rubbish dumping" in t for t in texts(hits))
    assert search(reader, "someone tipped garbage illegally", k=3, mode="keyword") == []


def test_keyword_mode_says_which_terms_hit(reader: Any) -> None:
    hits = search(reader, "PEP 584 union", k=3, mode="keyword")
    assert "PEP 584" in hits[0].text
    assert set(hits[0].why["terms"]) >= {"pep", "584"}
    assert hits[0].why["keyword_rank"] == 1


def test_hybrid_result_carries_provenance_and_both_reasons(reader: Any) -> None:
    hit = search(reader, "what did the board decide about the estates strategy", k=5)[0]
    assert "estates strategy" in hit.text
    assert hit.type == "commitment" and hit.kind == "record"  # the record stands for its passage
    assert hit.body == "Kent and Medway Joint Health and Wellbeing Board"
    assert (
        hit.meeting_date == "2019-06-01"
        and hit.page == 1
        and hit.doc in ("kent-plan-2019.txt", "kent-plan-2019.pdf")
    )
    assert hit.fields["owner"] == "Kent and Medway STP"
    assert "keyword_score" in hit.why and "semantic_score" in hit.why and "estates" in hit.why["terms"]
    assert hit.why["also_in"]  # the same sentence in the PDF copy is folded into one result


def test_folding_shows_a_passage_and_the_record_taken_from_it_once(reader: Any, monkeypatch: Any) -> None:
    from pipeline.search import engine

    assert sum("rubbish dumping" in t for t in texts(search(reader, "rubbish dumping Mill Lane", k=10))) == 2
    monkeypatch.setattr(engine, "FOLD_PASSAGES", True)
    hits = search(reader, "rubbish dumping Mill Lane", k=10)
    assert sum("rubbish dumping" in t for t in texts(hits)) == 1


def test_quoted_phrase_must_appear_word_for_word(reader: Any) -> None:
    for mode in ("hybrid", "keyword", "semantic"):
        hits = search(reader, '"estates strategy"', k=10, mode=mode)
        assert hits and all("estates strategy" in h.text.lower() for h in hits)
    assert search(reader, '"strategy estates"', k=10) == []


@pytest.mark.parametrize(
    "filters, expect",
    [
        ({"type": "decision"}, lambda h: h.type == "decision"),
        ({"body": "MILBURN"}, lambda h: h.body == "Milburn Parish Council"),
        ({"since": "2020-01-01", "until": "2020-12-31"}, lambda h: h.meeting_date == "2020-11-02"),
        ({"outcome": "rejected"}, lambda h: h.fields.get("outcome") == "rejected"),
        ({"doc_kind": "report"}, lambda h: h.doc_kind == "report"),
        ({"party": "steering council"}, lambda h: "PEP 584" in h.text),
        ({"has_deadline": True}, lambda h: h.type == "target"),
        ({"deadline_before": "2022"}, lambda h: "Integrated Care Systems" in h.text),
        ({"deadline_after": "2023-01-01", "type": "target"}, lambda h: "smoke" in h.text),
    ],
)
def test_filters_restrict_every_mode(reader: Any, filters: dict[str, Any], expect: Any) -> None:
    for mode in ("hybrid", "keyword", "semantic"):
        hits = search(
            reader,
            "council decisions and targets for smoking, estates, PEPs and rubbish",
            k=20,
            mode=mode,
            **filters,
        )
        assert all(expect(h) for h in hits), (mode, filters, texts(hits))
        if mode != "keyword":
            assert hits, (mode, filters)


NASTY = [
    "'; DROP TABLE records; --", 'Robert"); DELETE FROM search_units; --', "100% of the budget", "a_b%c\\",
    "SELECT * FROM documents WHERE 1=1", "estates; strategy", "?", "$1 ? :name", "“unbalanced quote",
    '"', "!!!", "🙂 émoji café", "x" * 10_000, "budget " * 1500, "\x00\x01\x02 control", "UNION ALL SELECT 1",
]  # fmt: skip


@pytest.mark.parametrize("query", NASTY)
def test_hostile_queries_return_results_or_a_clear_message(reader: Any, query: str) -> None:
    for mode in ("hybrid", "keyword"):
        try:
            result = search(reader, query, k=5, mode=mode, body="%' OR 1=1 --")
        except QueryError as e:
            assert str(e)
            continue
        assert isinstance(result, list)
    counts = reader.execute(
        "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM search_units)"
    ).fetchone()
    assert counts[0] > 0 and counts[1] > 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text_is_a_result_list_or_a_query_error(reader: Any, query: str) -> None:
    with contextlib.suppress(QueryError):
        assert isinstance(search(reader, query, k=3, mode="keyword"), list)


@pytest.mark.parametrize("kwargs", [{"mode": "fuzzy"}, {"k": 0}, {"k": 10_001}, {"since": "soon"}])
def test_bad_arguments_are_query_errors(reader: Any, kwargs: dict[str, Any]) -> None:
    with pytest.raises(QueryError):
        search(reader, "estates", **kwargs)


def test_a_database_without_an_index_says_how_to_build_one(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "empty.duckdb")
    with pytest.raises(QueryError, match="boardtrace run"):
        search(con, "estates")


def test_refresh_is_a_no_op_when_nothing_changed_and_follows_superseded_documents(small_copy: Path) -> None:
    con = store.connect(small_copy)
    before = read_meta(con)["build_id"]
    assert refresh_indexes(con)["skipped"] is True
    assert search(con, "union operators for dict", k=1)[0].doc == "python-sc-2020.md"
    con.execute("UPDATE documents SET superseded_by = 'newer' WHERE doc_id = 'd_python'")
    refresh_indexes(con)
    assert read_meta(con)["build_id"] != before
    assert all(h.doc != "python-sc-2020.md" for h in search(con, "union operators for dict", k=10))
    con.close()


def test_cli_json_contract(small_db: Path) -> None:
    result = CliRunner().invoke(
        app, ["search", "smoking targets", "--db", str(small_db), "-k", "3", "--type", "target", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and len(rows) <= 3
    for row in rows:
        assert {"id", "doc", "type", "text", "score", "page", "agenda_item", "meeting_date", "fields"} <= set(
            row
        )
        assert row["type"] == "target"


def test_cli_text_output_and_filters(small_db: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["search", "[bold]allotment rents", "--db", str(small_db), "--body", "milburn", "--since", "2021"],
    )
    assert result.exit_code == 0, result.output
    assert "[decision]" in result.output and "allotment rents" in result.output and "why:" in result.output


def test_cli_bad_input_is_a_message_not_a_traceback(small_db: Path) -> None:
    result = CliRunner().invoke(app, ["search", "x", "--db", str(small_db), "--since", "last week"])
    assert isinstance(result.exception, QueryError)  # main() prints it as one line, exit 1


@pytest.mark.parametrize(
    "query", ["estates strategy funding", "PEP 584 union", "rubbish dumping council 2021"]
)
def test_keyword_scores_are_the_fts_match_bm25_scores(reader: Any, query: str) -> None:
    from pipeline.search import engine

    store.load_extension(reader, "fts")
    stock = dict(
        reader.execute(
            "SELECT uid, s FROM (SELECT uid, fts_main_search_units.match_bm25(uid, ?) AS s FROM search_units) "
            "WHERE s IS NOT NULL",
            [query],
        ).fetchall()
    )
    uids, scores = engine._keyword_rank(
        engine._lookup(reader, query), engine._index(reader).units, None, 1000
    )
    assert set(uids.tolist()) == set(stock)
    for uid, score in zip(uids.tolist(), scores.tolist(), strict=True):
        assert score == pytest.approx(stock[uid], rel=1e-4)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("what did the Board decide about the estates strategy", "decision"),
        ("library trustees agreed to buy equipment", "decision"),
        ("who committed to report the rubbish dumping", "commitment"),
        ("targets on smoking", "target"),
        ("when must five-year strategic plans be agreed", None),  # a deadline for agreeing, not a decision
        ("rubbish dumping in Mill Lane", None),
    ],
)
def test_the_type_a_question_asks_for(question: str, wanted: str | None) -> None:
    from pipeline.search.engine import asked_type

    assert asked_type(question) == wanted


def test_a_question_for_decisions_ranks_decisions_up_and_says_so(reader: Any) -> None:
    from pipeline.search import Fusion

    question = "what was resolved about the allotment rents"
    plain = search(reader, question, k=5, fusion=Fusion(intent_boost=0.0))
    asked = search(reader, question, k=5)
    top = asked[0]
    assert top.type == "decision" and "allotment rents" in top.text and top.why["asked_for"] == "decision"
    assert [h.type for h in asked].index("decision") <= [h.type for h in plain].index("decision")
    assert not any("asked_for" in h.why for h in plain)
    # a single mode ranks by its own score
    assert not any("asked_for" in h.why for h in search(reader, question, k=5, mode="keyword"))
    # an explicit --type filter wins over the question's wording
    assert all(h.type == "passage" for h in search(reader, question, k=5, type="passage"))
