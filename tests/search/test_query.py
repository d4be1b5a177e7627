"""Query parsing and filters: plain functions, no database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import QueryError
from pipeline.search import Filters, parse_query
from pipeline.search.query import MAX_QUERY_CHARS


def test_quoted_phrases_are_required_and_the_rest_is_free_text() -> None:
    q = parse_query('“Five Year Plan” Healthwatch "estates  Strategy"')
    assert q.phrases == ("five year plan", "estates strategy")
    assert q.text == "Five Year Plan Healthwatch estates Strategy"


@pytest.mark.parametrize("query", ["", "   ", '""', '" "', "\x00"])
def test_empty_queries_are_refused_with_a_message(query: str) -> None:
    with pytest.raises(QueryError, match="empty"):
        parse_query(query)


def test_long_queries_are_cut_not_refused() -> None:
    assert len(parse_query("budget " * 3000).text) <= MAX_QUERY_CHARS


def test_dates_accept_years_and_months() -> None:
    f = Filters.make(since="2020", until="2021-02", deadline_before="2024")
    assert (f.since, f.until, f.deadline_before) == (date(2020, 1, 1), date(2021, 2, 28), date(2024, 12, 31))


@pytest.mark.parametrize(
    "raw, message",
    [({"since": "yesterday"}, "not a date"), ({"until": "2020-13-01"}, "not a date"), ({"type": "minute"}, "type"),
     ({"since": "2022", "until": "2021"}, "since is after until"), ({"colour": "red"}, "unknown filter"),
     ({"body": "x" * 500}, "at most")],
)  # fmt: skip
def test_bad_filters_are_refused_with_a_message(raw: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        Filters.make(**raw)


@given(st.text(max_size=300))
def test_filter_values_only_ever_reach_sql_as_parameters(value: str) -> None:
    try:
        f = Filters.make(body=value, party=value, outcome=value, doc_kind=value)
    except QueryError:
        return
    sql, params = f.where()
    assert sql.count("?") == len(params)
    if value.replace("\x00", " ").strip():  # the SQL text does not depend on the values at all
        assert sql == Filters.make(body="x", party="x", outcome="x", doc_kind="x").where()[0]
