"""Each component on small Docs built with the real model."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from pipeline.extract.components import FIELDS_KEY, PARTIES_KEY


def records(doc: Doc, type_: str) -> list[tuple[str, dict]]:
    found = doc.user_data.get(FIELDS_KEY, {})
    return [
        (s.text, found[(type_, s.start_char, s.end_char)]["fields"]) for s in doc.spans.get(f"bt_{type_}", [])
    ]


def test_decisions_resolved_and_body_outcomes(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        "RESOLVED that the report be noted. The Board approved these plans and budgets.", doc_kind="minutes"
    )
    got = records(doc, "decision")
    assert [f["outcome"] for _, f in got] == ["noted", "approved"]
    assert got[1][1]["decided_by"] == "The Board"


def test_decision_passive_and_deferral(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        "The minutes of the meeting held on 4 March were agreed as a correct record. The item was deferred to the next meeting."
    )
    assert [f["outcome"] for _, f in records(doc, "decision")] == ["agreed", "deferred"]


def test_it_was_noted_that_is_discussion_not_a_decision(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("It was noted that the plan aligned with the national strategy.")
    assert records(doc, "decision") == []


def test_a_decision_with_a_future_clause_also_yields_a_commitment(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("The Board approved the plan and will receive quarterly updates.")
    assert len(records(doc, "decision")) == 1
    ((text, fields),) = records(doc, "commitment")
    assert text.startswith("will receive")


def test_commitments_undertakings_and_requests(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        "Mr Smith undertook to review the report and amend as necessary. "
        "The Clerk was asked to write to the county council by 1 May 2020.",
        doc_kind="minutes",
    )
    got = records(doc, "commitment")
    assert len(got) == 2
    assert got[1][1]["due_date"] == "2020-05-01"


def test_agreed_that_a_named_person_would_act_is_their_commitment(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("It was agreed that PK would speak to the Police.")
    assert records(doc, "decision") == []
    assert records(doc, "commitment")[0][1]["owner"] == "PK"


def test_action_line_names_the_owner(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("ACTION: Clerk to write to the county council")
    ((text, fields),) = records(doc, "commitment")
    assert text.startswith("ACTION")


def test_hedged_and_document_statements_are_not_commitments(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        "It could become a working group. The Neighbourhood Plan will support proposals for new homes.",
        doc_kind="plan",
    )
    assert records(doc, "commitment") == []


def test_targets_with_quantities_and_deadlines(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc("Suicide will reduce by 10% by 2021.")
    ((text, fields),) = records(doc, "target")
    assert (fields["comparator"], fields["value"], fields["unit"], fields["direction"]) == (
        "change",
        10,
        "percent",
        "decrease",
    )
    assert fields["deadline_date"] == "2021-12-31"


def test_target_bullet_inherits_the_heading_deadline(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        "Reduced waiting times for autism spectrum disorder assessments",
        block="bullet", doc_kind="plan", heading_deadline="by 2023/24", heading_deadline_date="2024-03-31",
    )  # fmt: skip
    ((text, fields),) = records(doc, "target")
    assert (fields["comparator"], fields["direction"], fields["deadline_date"]) == (
        "change",
        "decrease",
        "2024-03-31",
    )


def test_past_figures_are_not_targets(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        "An extra £345m of public capital was provided last year. 89.6% of children had received their first dose."
    )
    assert records(doc, "target") == []


def test_parties_person_with_organisation_and_roles(make_doc: Callable[..., Doc]) -> None:
    doc = make_doc(
        "Mr Douglas (Maidstone and Tunbridge Wells NHS Trust) said the Chief Officer would report."
    )
    labels = {(s.label_, s.text) for s in doc.spans[PARTIES_KEY]}
    assert any(label == "PERSON" and "NHS Trust)" in text for label, text in labels)
    assert ("ROLE", "the Chief Officer") in labels
