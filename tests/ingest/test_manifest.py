from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.manifest import load_manifest, merge_meta, parse_iso_date
from pipeline.records import MeetingMeta


def test_sources_tsv_gives_body_date_and_kind(tmp_path: Path) -> None:
    (tmp_path / "sources.tsv").write_text(
        "file\turl\tbody\tmeeting_date\tdoc_kind\tnotes\n"
        "a.txt\thttps://x/a\tSlough HWB\t2021-10-21\tminutes\tnote\n",
        encoding="utf-8",
    )
    meta = load_manifest(tmp_path)["a.txt"]
    assert (meta.body, meta.meeting_date, meta.doc_kind, meta.source_url) == (
        "Slough HWB",
        date(2021, 10, 21),
        "minutes",
        "https://x/a",
    )


def test_manifest_csv_with_other_column_names_and_day_first_dates(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        "Filename,Committee,Date\npacks/b.pdf,Cabinet,25/08/2021\nc.md,Board,not known\n", encoding="utf-8"
    )
    found = load_manifest(tmp_path)
    assert found["b.pdf"].body == "Cabinet"
    assert found["b.pdf"].meeting_date == date(2021, 8, 25)
    assert found["c.md"].meeting_date is None  # unknown, so the text decides


def test_parse_dates() -> None:
    assert parse_iso_date("2019-03-29 02:00 UTC") == date(2019, 3, 29)
    assert parse_iso_date("31.12.2020") == date(2020, 12, 31)
    assert parse_iso_date("31/02/2020") is None
    assert parse_iso_date("2016") is None


def test_given_metadata_overrides_detected() -> None:
    merged = merge_meta(
        MeetingMeta(body="Detected", meeting_date=date(2020, 1, 1)), MeetingMeta(body="Given")
    )
    assert (merged.body, merged.meeting_date) == ("Given", date(2020, 1, 1))


def test_unreadable_manifest_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "sources.tsv").write_bytes(b"file\tbody\n\xff\xfe bad")
    with pytest.raises(ConfigError):
        load_manifest(tmp_path)
