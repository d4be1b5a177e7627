from datetime import date

import pytest

from pipeline.extract.timex import find_time_expressions, fy_end

MEETING = date(2013, 9, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deliver c12m productivity savings in 19/20", "2020-03-31"),
        ("savings of c£53-90m by 23/24", "2024-03-31"),
        ("plans for 2019/20", "2020-03-31"),
        ("All systems to become ICSs by 2021", "2021-12-31"),
        ("agree their plans by mid-November 2019", "2019-11-15"),
        ("to be developed in early 2020", "2020-03-31"),
        ("to be published in June/ July 2018", "2018-07-31"),
        ("expected to be published in summer 2014", "2014-08-31"),
        ("final completion by 30 June 2014", "2014-06-30"),
        ("a reduction from 2016-17 to 2020-21", "2021-03-31"),
        ("to be delivered in the period 2014 – 2019", "2019-12-31"),
    ],
)
def test_calendar_and_financial_years(text: str, expected: str) -> None:
    found = [e for e in find_time_expressions(text) if e.date]
    assert found and found[0].date is not None
    assert found[0].date.isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this would be considered next month", "2013-10-31"),
        ("at the meeting in October", "2013-10-31"),
        ("a second cut was due in January", "2014-01-31"),
        ("another inspection on 28 September", "2013-09-28"),
        ("a seminar on 17 Oct ’13", "2013-10-17"),
    ],
)
def test_relative_time_frames_resolve_against_the_meeting_date(text: str, expected: str) -> None:
    found = [e for e in find_time_expressions(text, MEETING) if e.date]
    assert found[0].date is not None and found[0].date.isoformat() == expected


def test_no_year_and_no_meeting_date_is_unresolved() -> None:
    (expr,) = find_time_expressions("a meeting would take place in July")
    assert expr.text == "in July" and expr.date is None


def test_next_meeting_uses_the_stated_date() -> None:
    (expr,) = find_time_expressions("bring the costs to the next meeting", MEETING, date(2015, 10, 27))
    assert expr.date == date(2015, 10, 27)


def test_a_named_month_meeting_is_the_stated_next_meeting_when_it_falls_in_that_month() -> None:
    stated = date(2013, 10, 3)
    for text in ("add this to the agenda for October’s meeting", "report back at the October meeting"):
        assert [e.date for e in find_time_expressions(text, MEETING, stated)] == [stated]
    # another month's meeting is that month's end
    (expr,) = find_time_expressions("bring quotes to the November meeting", MEETING, stated)
    assert expr.date == date(2013, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Highways will rectify this within one month.", "2013-10-05"),
        ("to reply within 14 days", "2013-09-19"),
        ("within the next two weeks", "2013-09-19"),
        ("within a fortnight", "2013-09-19"),
    ],
)
def test_within_a_period_counts_from_the_meeting_date(text: str, expected: str) -> None:
    (expr,) = [e for e in find_time_expressions(text, MEETING) if e.kind == "within"]
    assert expr.date is not None and expr.date.isoformat() == expected


def test_vague_time_frames_are_kept_as_written_without_a_date() -> None:
    (expr,) = find_time_expressions("more details will be given in due course")
    assert (expr.text, expr.date) == ("in due course", None)


def test_item_references_and_invoice_numbers_are_not_financial_years() -> None:
    assert not [e for e in find_time_expressions("invoice (ref 14/04 - Apr 13)") if e.kind == "fy"]


def test_weeks_quarters_and_years_ahead() -> None:
    from datetime import date

    from pipeline.extract.timex import find_time_expressions

    thursday = date(2013, 9, 5)
    got = {t: [(e.kind, e.date) for e in find_time_expressions(t, thursday)] for t in (
        "by the end of next week", "next quarter", "this quarter", "within two years", "quarterly",
    )}  # fmt: skip
    assert got == {
        "by the end of next week": [("relative", date(2013, 9, 15))],
        "next quarter": [("relative", date(2013, 12, 31))],
        "this quarter": [("relative", date(2013, 9, 30))],
        "within two years": [("within", date(2015, 9, 5))],
        "quarterly": [("vague", None)],
    }


@pytest.mark.parametrize(
    ("text", "meeting", "expected"),
    [
        ("they will move the generator before winter", date(2020, 8, 17), "2020-11-30"),  # winter starts
        ("to be done during the winter", date(2020, 8, 17), "2021-02-28"),  # next February, not the one after
        ("to be done during the winter", date(2020, 1, 10), "2020-02-28"),
        ("by winter 2020", None, "2021-02-28"),  # the winter that starts in 2020
        ("starting fire fighter training this fall", date(2020, 7, 20), "2020-11-30"),
        ("by the fall of 2021", None, "2021-11-30"),
        ("before summer", date(2020, 1, 10), "2020-05-31"),
    ],
)
def test_seasons(text: str, meeting: date | None, expected: str) -> None:
    found = [e for e in find_time_expressions(text, meeting) if e.date]
    assert found and found[0].date is not None
    assert found[0].date.isoformat() == expected


@pytest.mark.parametrize(
    "text", ["a fall in admissions of 5%", "the fall of the year", "emergency admissions fall"]
)
def test_a_fall_in_numbers_is_not_a_season(text: str) -> None:
    assert not [e for e in find_time_expressions(text, date(2020, 7, 20)) if e.date]


def test_a_financial_year_with_one_digit_after_a_four_digit_year() -> None:
    (fy,) = find_time_expressions("During 2008/9 new dental premises will open.", date(2008, 4, 1))
    assert (fy.date, fy.kind) == (date(2009, 3, 31), "fy")
    assert fy_end("12", "3") is None  # "12/3" is a day and a month
