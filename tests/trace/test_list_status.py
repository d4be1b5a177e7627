"""How an action list's own layout reports an item it repeats without a status word."""

from __future__ import annotations

from pipeline.attendance import is_attendance_heading
from pipeline.trace.text import cue_label, list_status


def test_a_ticked_task_box_is_a_completion() -> None:
    assert list_status("[x] Priya to book the hall", "Minutes › Action items") == "completed"
    assert list_status("[X] Priya to book the hall", "") == "completed"


def test_the_nearest_heading_of_a_list_gives_the_status() -> None:
    assert (
        list_status("Priya to book the hall", "Minutes › Actions › Done (from previous minutes)")
        == "completed"
    )
    assert list_status("Priya to book the hall", "Minutes › Actions › Carried forward") == "delayed"
    assert list_status("Priya to book the hall", "Minutes › Actions › Ongoing") == "progress"


def test_an_open_list_or_a_done_heading_further_up_says_nothing() -> None:
    assert list_status("Priya to book the hall", "Minutes › Actions › New") is None
    assert list_status("Priya to book the hall", "Done and dusted › Actions › New") is None
    assert list_status("Priya to book the hall", "") is None


def test_a_status_word_in_the_text_still_comes_first() -> None:
    # list_status is read only when the wording restates the item (cue_label gives "restated")
    assert cue_label("Priya to book the hall - not yet done") == "delayed"
    assert cue_label("Priya to book the hall") == "restated"


def test_attended_by_is_an_attendance_heading() -> None:
    assert is_attendance_heading("Attended by")
    assert is_attendance_heading("Additional attendees")
    assert not is_attendance_heading("Attendance at the summer fair")
