"""The attendance vocabulary that extraction, tracing and context share."""

from __future__ import annotations

from pipeline.attendance import is_attendance, is_attendance_heading, present_names


def test_attendance_and_apologies_lines() -> None:
    assert is_attendance("Present: Cllrs Shewell, Evans, Ashman")
    assert is_attendance("3501. To receive apologies for absence: County Cllr Webb.")
    assert is_attendance("**In attendance:** the Clerk")
    assert is_attendance("Apologies were received from Cllr Jones.")
    assert not is_attendance("Presentation by the police on rural crime")
    assert not is_attendance("County Cllr Webb reported that the footpath had been repaired.")
    assert not is_attendance("Attendance at the summer fair rose to 2,000 people by 2024.")


def test_attendance_headings_and_the_names_of_those_present() -> None:
    assert is_attendance_heading("Members present")
    assert not is_attendance_heading("Present and future plans")
    assert present_names("Present: Gibson, Luther, Will Myers") == "Gibson, Luther, Will Myers"
    assert present_names("Apologies: Roland") is None
