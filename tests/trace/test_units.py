"""Pure parts of tracing: deadlines, cue-word labels, topic labels, status rules."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.trace.dates import resolve_due
from pipeline.trace.link import body_key, related
from pipeline.trace.status import Evidence, decide_status
from pipeline.trace.text import cue_label, sentences, topic_label

SEPT = date(2013, 9, 5)


@pytest.mark.parametrize(
    ("text", "meeting", "due"),
    [
        ("Councillors would make another allotment inspection on 28 September", SEPT, date(2013, 9, 28)),
        ("PW & TF would attend a seminar on 17 Oct ’13.", SEPT, date(2013, 10, 17)),
        ("CP agreed to identify a date on her return in Nov.", SEPT, date(2013, 11, 30)),
        ("This would become an agenda item at the meeting in October.", SEPT, date(2013, 10, 31)),
        ("The subject would be placed on the agenda for the next meeting.", SEPT, date(2013, 10, 31)),
        ("Stage 1 was due to commence “early” in 2014", SEPT, date(2014, 3, 31)),
        ("final completion of both stages by 30 June 2014", SEPT, date(2014, 6, 30)),
        ("a second cut was due in January", SEPT, date(2014, 1, 31)),
        ("plans by mid-November 2019", date(2019, 6, 1), date(2019, 11, 15)),
        ("Deliver c12m productivity savings in 19/20", date(2019, 6, 1), date(2020, 3, 31)),
        ("All systems to become ICSs by 2021", date(2019, 6, 1), date(2021, 12, 31)),
        ("The minutes of the meeting held on 1 August 2013 were agreed.", SEPT, None),
        ("The Chairman may attend.", SEPT, None),
        ("No deadline here.", SEPT, None),
        ("by 30 June 2014", None, None),
    ],
)
def test_resolve_due(text: str, meeting: date | None, due: date | None) -> None:
    assert resolve_due(text, meeting) == due


@pytest.mark.parametrize(
    ("evidence", "label"),
    [
        ("The Parish Council had carried out an allotments inspection on 28 September.", "completed"),
        ("An advertisement had now been placed in the Village Pump.", "completed"),
        ("this had been attended by PB.", "completed"),
        ("PK said she had not yet addressed the complaint to police.", "delayed"),
        ("Replacement allotment gates should be placed on the next agenda.", "delayed"),
        ("There was no further movement on this issue.", "delayed"),
        (
            "It was agreed that, in the absence of further information, this cheque should now be sent.",
            "changed",
        ),
        ("The Chairman said she had spoken to Jane Scarrott about the invoice.", "progress"),
        ("implementation of superfast broadband would be completed by 30 June 2014.", "restated"),
        ("A date was still required when Councillors would walk the footpaths.", "restated"),
        ("Mozart confirmed that he had emailed the Members regarding the resignation.", "completed"),
        ("Matt confirmed he had provided his details for the business cards.", "completed"),
        ("The Clerk reported that she had not heard back from Highways.", "delayed"),
        ("PB reported that she had drafted a letter to the landowner.", "progress"),
    ],
)
def test_cue_label(evidence: str, label: str) -> None:
    assert cue_label(evidence) == label


def test_still_required_after_the_deadline_is_a_delay() -> None:
    assert cue_label("A date was still required.", deadline_passed=True) == "delayed"


def test_topic_label_and_sentences() -> None:
    passage = "5.1.4 Village Handyman. The Parish Council was now seeking a replacement Handyman."
    assert topic_label(passage) == "Village Handyman"
    assert topic_label("4.6 **Broadband Report**. PW gave an update.") == "Broadband Report"
    assert topic_label("It was noted that the plan aligned with the existing focus areas of the STP.") is None
    assert sentences(passage) == [
        "5.1.4 Village Handyman.",
        "The Parish Council was now seeking a replacement Handyman.",
    ]


def test_bodies_match_case_and_notes_insensitively() -> None:
    assert body_key("West Dereham Parish Council (Norfolk)") == "west dereham parish council"
    assert related(body_key("WEST DEREHAM PARISH COUNCIL"), body_key("West Dereham Parish Council (Norfolk)"))
    assert related(body_key("Kent & Medway STP Board"), body_key("kent and medway stp board"))
    assert not related(body_key("Dundee IJB"), body_key("Aberdeen IJB"))
    assert not related("", body_key("Dundee IJB"))


def ev(label: str, day: int) -> Evidence:
    return Evidence(f"l{day}", label, date(2013, 10, day), "doc")


@pytest.mark.parametrize(
    ("due", "links", "later", "status"),
    [
        (None, [ev("progress", 3), ev("completed", 9)], 2, "done"),
        (date(2013, 9, 30), [ev("completed", 3)], 2, "done"),
        (None, [ev("changed", 3)], 2, "changed"),
        (date(2013, 10, 31), [ev("delayed", 3)], 2, "overdue"),
        (date(2013, 10, 31), [], 2, "overdue"),
        (date(2014, 6, 30), [ev("delayed", 3)], 2, "in progress"),
        (None, [ev("restated", 3)], 2, "in progress"),
        (None, [], 0, "open"),
        (date(2014, 1, 31), [], 2, "open"),
        (None, [], 2, "no evidence"),
    ],
)
def test_decide_status(due: date | None, links: list[Evidence], later: int, status: str) -> None:
    result = decide_status(SEPT, due, date(2013, 11, 7), links, later)
    assert result.status == status
    if status in ("done", "changed", "in progress"):
        assert result.decided_by in {e.link_id for e in links}


def test_undated_items_stay_open() -> None:
    assert decide_status(None, None, date(2013, 11, 7), [], 3).status == "open"


@pytest.mark.parametrize(
    ("evidence", "label"),
    [
        ("Action 4: circulate the slides - Complete", "completed"),
        ("Status: ongoing", "progress"),
        ("Status: outstanding", "delayed"),
        ("There was submitted Report No DIJB12-2022 by the Chief Officer.", "completed"),
        ("The work would be done by May.", "restated"),
        ("ACTION: Stuart to investigate EFTPOS pin pad. COMPLETED", "completed"),
        ("NickB to implement clever fridge hack Done by StuartM", "completed"),
        ("ACTION: SKoTM to sort our NM and Space t-shirts Not done", "delayed"),
        ("SKoTM to follow up with Rod re Spanish music night No news from Rod", "delayed"),
        ("ACTION: MK to wrangle a new sign. Reallocated SKoTM", "changed"),
        ("The hedge still needs to be done.", "restated"),
        ("ACTION: MitchK to get quote for security cables. **DONE**", "completed"),
        ("Three quotations now received so the Clerk was asked to apply for funding.", "completed"),
        ("Cheque for £3,000 towards the sound equipment sent to Sara Young.", "completed"),
        ("Quotes to be received for the works by May.", "restated"),
        ("**Action 2.1: AA to pass AM contact to Alejandro re GC5 tuning.** _Done. Closed_", "completed"),
        ("**Action 2.4: CG to contact Sarah Wakelin.** _Ongoing_ Need a reformulated action.", "progress"),
        (
            "DS and AB have now had the grids. We should not progress this at this stage. _Closed_",
            "completed",
        ),
        ("The footpath by the church is closed", "restated"),
        ("The first Church Lads & Girls Brigade session took place on 18th May.", "completed"),
        ("Cllr Parker reported quotes are being followed up.", "progress"),
        ("She is arranging for the Footpath Officer to visit and inspect the path.", "progress"),
    ],
)
def test_action_log_cues(evidence: str, label: str) -> None:
    assert cue_label(evidence) == label


def test_percentage_targets_are_checked_against_the_reported_value() -> None:
    from pipeline.trace.text import target_label

    fields = {"unit": "percent", "value": 6.0, "comparator": "lt"}
    assert (
        target_label(fields, "Smoking at delivery fell to 5.8% in 2023/24.", "restated", False) == "completed"
    )
    assert target_label(fields, "Smoking at delivery was 7.1%.", "restated", False) == "progress"
    assert target_label(fields, "Smoking at delivery was 7.1%.", "restated", True) == "delayed"
    assert target_label(fields, "Rates of 7% and 5% were reported.", "restated", False) == "restated"
    assert (
        target_label({"unit": "gbp", "value": 1.0, "comparator": "lt"}, "0.5%", "progress", False)
        == "progress"
    )


def test_a_passage_reporting_a_status_beats_a_near_tie_that_only_restates() -> None:
    import numpy as np

    from pipeline.trace.link import Item, Passage, score_pairs
    from pipeline.trace.text import terms

    def unit(*xs: float) -> np.ndarray:
        v = np.array(xs, dtype=np.float32)
        return v / np.linalg.norm(v)

    item_text = "CG to contact Rachel Killick regarding EN4."
    bag = {t: 1.0 for t in terms(item_text)}
    item = Item("r1", "d1", "commitment", item_text, {}, "p0", item_text, unit(1, 0), unit(1, 0), None, bag)

    def passage(pid: str, text: str, vector: np.ndarray) -> Passage:
        return Passage(pid, "d2", text, None, vector, set(terms(text)), [set(terms(text))])

    review = passage(
        "p1", "Action 4.1: CG to contact Rachel Killick regarding EN4. Ongoing.", unit(0.9, 0.44)
    )
    restated = passage("p2", "4.1: CG to contact Rachel Killick regarding EN4 issues.", unit(1, 0))
    (link,) = score_pairs([item], [review, restated], {})
    assert (link.target_passage_id, link.label) == ("p1", "progress")
    # a status passage far below the best match does not displace it
    far = passage("p3", "Ongoing work on EN4.", unit(0, 1))
    (only,) = score_pairs([item], [far, restated], {})
    assert (only.target_passage_id, only.label) == ("p2", "restated")


def test_a_new_date_for_the_same_act_is_a_change() -> None:
    from pipeline.trace.text import rescheduled

    due, meeting = date(2023, 4, 30), date(2023, 4, 24)
    assert rescheduled("Bridge will be re-opened early May.", date(2023, 3, 31), date(2023, 3, 27))
    assert rescheduled("Bridge will be re-opened on 26th May.", due, meeting)
    assert not rescheduled("Bridge will be re-opened on 29th April.", due, meeting)  # within a week of it
    assert not rescheduled("The bridge was re-opened on 26th May.", due, meeting)  # a report, not a new date
    assert not rescheduled("Bridge will be re-opened on 26th May.", None, meeting)


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("Cllr Ashman will look into this.", True),
        ("I will report back on this in December.", True),
        ("It was agreed to defer this matter.", True),
        ("This would become an agenda item at the meeting in October.", True),
        ("The Clerk will write to Highways about the potholes on Church Lane and the blocked drain.", False),
        ("PK to obtain three quotes for the allotment gates.", False),
    ],
)
def test_an_item_that_names_its_subject_only_by_pointing_back(text: str, back: bool) -> None:
    from pipeline.trace.link import points_back

    assert points_back(text) is back
