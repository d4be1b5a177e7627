import pytest

from pipeline.extract.quantities import comparator_for, find_quantities


@pytest.mark.parametrize(
    ("text", "value", "high", "unit", "comparator"),
    [
        ("Deliver c12m productivity savings in 19/20", 12_000_000, None, "gbp", "approx"),
        ("productivity savings of c£53-90m by 23/24", 53_000_000, 90_000_000, "gbp", "range"),
        ("Less than 6% of women will smoke during pregnancy", 6, None, "percent", "lt"),
        ("70% to 100% of our general hospitals", 70, 100, "percent", "range"),
        ("Nearly 80% of people with LD will have had a check", 80, None, "percent", "approx"),
        ("Around 6,500 people will have been supported", 6500, None, "people", "approx"),
        ("At least 30,000 people will have benefited", 30000, None, "people", "ge"),
        ("Suicide will reduce by 10%", 10, None, "percent", "change"),
        ("for up to 14 dwellings", 14, None, "count", "le"),
        ("at least 0.25Ha land for new allotments", 0.25, None, "other", "ge"),
        ("Even more people will have received therapies (c60,000)", 60000, None, "people", "approx"),
        ("making savings of £189 m over the next 3 years", 189_000_000, None, "gbp", "eq"),
    ],
)
def test_money_percentages_and_counts(
    text: str, value: float, high: float | None, unit: str, comparator: str
) -> None:
    q = find_quantities(text, money_context="saving" in text)[0]
    assert (q.value, q.value_high, q.unit) == (value, high, unit)
    assert comparator_for(text, q) == comparator


@pytest.mark.parametrize(
    "text",
    [
        "PEP 584 was accepted",
        "under Regulations 16 and 23",
        "in 2014 there were",
        "the 15th August",
        "three years running",
    ],
)
def test_references_years_ordinals_and_durations_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_a_time_of_day_is_not_a_quantity() -> None:
    assert find_quantities("Adrian will upgrade to 1.3.4 on 9/06/11 at 8.30.") == []
    assert find_quantities("The hall is booked until 12.45 on Friday.") == []
    assert [q.value for q in find_quantities("reduce from 2.50 to 1.20 per head")] == [2.5]


def test_a_list_items_number_and_an_age_are_not_quantities() -> None:
    assert find_quantities("2 All clinical areas to be assessed to achieve bronze") == []
    assert find_quantities("deaths before the age of 75") == []
    assert [q.value for q in find_quantities("500 homes a year")] == [500]


def test_an_amount_with_a_unit_of_measure_is_a_quantity_but_a_road_number_is_not() -> None:
    from pipeline.extract.quantities import find_quantities

    (waste,) = find_quantities("to reduce household waste to under 203.64kg per person")
    assert (waste.value, waste.unit, waste.text) == (203.64, "other", "203.64kg")
    (solar,) = find_quantities("install 5 MW of solar panels")
    assert (solar.value, solar.unit) == (5.0, "other")
    assert find_quantities("the A1 road and the 3rd item") == []


def test_a_share_stated_in_words_is_a_percentage_change_and_a_row_number_is_not_a_quantity() -> None:
    from pipeline.extract.quantities import comparator_for, find_quantities

    text = "5 | Within five years, reduce by half the number of collisions"
    (half,) = find_quantities(text)
    assert (half.value, half.unit, comparator_for(text, half)) == (50.0, "percent", "change")
    (third,) = find_quantities("Reduce by a third the number of residents who cite concern")
    assert third.value == 33.33
