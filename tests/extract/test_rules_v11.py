"""The rules added in extractor v11, each on a small document run through the real pipeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.language import Language

from pipeline.extract import extract_document
from pipeline.extract.quantities import comparator_for, find_quantities
from pipeline.extract.rules import has_hedge

from .conftest import segmented


def found(
    nlp: Language, text: str, type_: str, name: str = "minutes.txt", **kw: Any
) -> list[tuple[str, dict]]:
    doc = segmented(text, name=name, **kw)
    return [(r.text, r.fields) for r in extract_document(nlp, doc).records if r.type == type_]


def test_a_modal_in_a_relative_clause_does_not_hedge_the_aim(nlp: Language) -> None:
    got = found(
        nlp,
        "Our aims\n\nWe are aiming to reduce out of area placements by 66% by 2020, supporting people who "
        "may require a stay outside of their borough.\n",
        "target",
        name="gm-plan-2019-plan.txt",
    )
    assert len(got) == 1 and got[0][1]["value"] == 66.0 and got[0][1]["deadline_date"] == "2020-12-31"


def test_a_modal_on_the_main_verb_still_hedges(nlp: Language) -> None:
    doc = nlp("The Board could review the plan next year.")
    verb = next(t for t in doc if t.lemma_ == "review")
    assert has_hedge(doc[:], verb)  # the modal hangs on the verb itself


def test_the_baseline_year_is_not_the_deadline(nlp: Language) -> None:
    got = found(
        nlp, "Targets\n\n- 60% reduction from 2010 levels by 2020\n", "target", name="city-plan-2016-plan.txt"
    )
    assert [f["deadline_date"] for _, f in got] == ["2020-12-31"]


def test_an_ambition_to_reach_an_outcome_by_a_date_is_a_target(nlp: Language) -> None:
    text = (
        "Our aims\n\nThere is a national ambition to eliminate all inappropriate out of area placements by 2021.\n\n"
        "It is the city's ambition to prioritise the reduction of emissions by 2030.\n"
    )
    got = found(nlp, text, "target", name="gm-plan-2019-plan.txt")
    assert [t for t, _ in got] == [
        "There is a national ambition to eliminate all inappropriate out of area placements by 2021."
    ]


def test_a_carbon_footprint_to_zero_by_a_year_is_a_target(nlp: Language) -> None:
    got = found(
        nlp,
        "We have made a commitment to reduce our carbon footprint to zero by 2030.\n",
        "target",
        name="council-2019-plan.txt",
    )
    assert len(got) == 1 and got[0][1]["deadline_date"] == "2030-12-31"


def test_comparators_of_a_bare_change_and_a_minimum() -> None:
    def comparator(text: str) -> str:
        return comparator_for(text, find_quantities(text, False)[0])

    assert comparator("Reduce fossil fuels 50%") == "change"
    assert comparator("Increase our recycling rate to 50%") == "eq"
    assert comparator("The Trust will achieve a minimum recycling target of 40% for waste.") == "ge"


def test_a_resolution_with_its_first_item_on_the_resolved_line(nlp: Language) -> None:
    text = (
        "Resolved: that (1) the Health and Wellbeing Board be established as a Committee of the Council and "
        "operate in shadow form until legislation is enacted;\n\n"
        "(2) the membership of the Board be approved;\n\n"
        "(3) the Terms of Reference be reviewed and amended as necessary.\n"
    )
    got = [t for t, _ in found(nlp, text, "decision", meeting_date=date(2011, 7, 21))]
    assert len(got) == 3
    assert got[0].startswith("the Health and Wellbeing Board be established")
    assert got[2].startswith("the Terms of Reference be reviewed")


def test_a_resolution_item_taking_on_future_work_is_a_commitment(nlp: Language) -> None:
    text = (
        "RESOLVED – That the Health and Wellbeing Board :-\n\n"
        "(a) Supports the plan and proposed timelines for the review;\n\n"
        "(b) Reviews the draft at the next Health and Wellbeing Board before it goes out to consultation.\n"
    )
    decisions = [t for t, _ in found(nlp, text, "decision", meeting_date=date(2022, 1, 20))]
    commitments = found(nlp, text, "commitment", meeting_date=date(2022, 1, 20))
    assert decisions == ["Supports the plan and proposed timelines for the review;"]
    assert [f["owner"] for _, f in commitments] == ["the Health and Wellbeing Board"]


def test_outcomes_co_option_acknowledgement_recommendation_adoption(nlp: Language) -> None:
    text = (
        "Council resolved to co-opt Mr Barber.\n\n"
        "It was agreed that the Scrutiny Committee's endorsement of decision CAB 24 be acknowledged.\n\n"
        "The Governance Committee recommended changes to the Constitution.\n\n"
        "The minutes of the last meeting were adopted as a true record.\n"
    )
    got = [f["outcome"] for _, f in found(nlp, text, "decision", meeting_date=date(2021, 4, 12))]
    assert got == ["appointed", "noted", "recommended", "approved"]


def test_consent_items_and_labelled_outcomes(nlp: Language) -> None:
    text = (
        "Warrants and payroll – approved as submitted.\n\n"
        "Proposal 3: native execution\n\n**Outcome:** Adopted, by a 7-2 vote (1 board member not present)\n\n"
        "Result: motion defeated\n"
    )
    got = found(nlp, text, "decision", name="board-minutes.md", meeting_date=date(2016, 8, 9))
    assert [(t, f["outcome"]) for t, f in got] == [
        ("Warrants and payroll – approved as submitted.", "approved"),
        ("Adopted, by a 7-2 vote (1 board member not present)", "approved"),
        ("Result: motion defeated", "rejected"),
    ]


def test_the_date_of_the_meeting_whose_minutes_are_signed_is_not_a_due_date(nlp: Language) -> None:
    got = found(
        nlp,
        "The minutes of the meeting held on 11 November 2020 were confirmed and would be signed by the "
        "Chairman at the earliest opportunity.\n",
        "commitment",
    )
    assert got and all(f["due_date"] is None for _, f in got)


def test_rows_of_a_one_column_action_table_are_commitments(nlp: Language) -> None:
    text = (
        "## Action Items\n\n| Action Item |\n| -------- |\n| GN: draft tweets for the conference presentation |\n"
        "| Write to INCF to ask for their list of related standard initiatives |\n\n## Minutes\n\n- Reviewed the slides.\n"
    )
    got = found(nlp, text, "commitment", name="steering-minutes.md", meeting_date=date(2020, 3, 23))
    assert [(t, f["owner"]) for t, f in got] == [
        ("GN: draft tweets for the conference presentation", "GN"),
        ("Write to INCF to ask for their list of related standard initiatives", None),
    ]


def test_the_body_giving_its_approval_is_a_decision(nlp: Language) -> None:
    text = (
        "The Steering Group gave approval for moving forward with the extension.\n\n"
        "Members had given approval for the purchase last year.\n"
    )
    got = found(nlp, text, "decision", meeting_date=date(2020, 3, 23))
    assert [(t, f["outcome"]) for t, f in got] == [
        ("The Steering Group gave approval for moving forward with the extension.", "approved")
    ]


def test_a_motions_title_is_not_a_commitment(nlp: Language) -> None:
    text = (
        "2. ADOPTION OF AGENDA:\n\na) Motion to Adopt the Agenda.\n\nMoved by Evans, Seconded by Crawford\n\n"
        "Be it resolved that the agenda be received and adopted. Carried.\n"
    )
    assert found(nlp, text, "commitment", meeting_date=date(2012, 6, 27)) == []
