"""Per-document metadata given by the user: `manifest.csv` or `sources.tsv` in the corpus folder,
or a `<file>.meta.json` sidecar. What they give overrides what is detected from the text."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.records import DOC_KINDS, MeetingMeta

MANIFEST_NAMES = ("manifest.csv", "manifest.tsv", "sources.tsv")


# Column names people use for the same thing; the first of each group is the documented one.
_COLUMNS = {
    "file": ("file", "filename", "file_name", "document", "doc", "path"),
    "meeting_date": ("meeting_date", "date", "meeting", "meeting date"),
    "body": ("body", "committee", "organisation", "organization"),
    "doc_kind": ("doc_kind", "kind", "type"),
    "title": ("title",),
    "url": ("url", "source_url", "source"),
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_iso_date(value: str | None) -> date | None:
    """A manifest date: ISO (YYYY-MM-DD, optionally followed by a time or a note) or day-first
    (25/08/2021, 25.08.2021, as UK spreadsheets write it); anything else is treated as unknown."""
    if not value:
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None


def _columns(row: dict[str, str]) -> dict[str, str]:
    """The row's values under their documented names ("Filename" → "file"), each "" when absent."""
    lowered = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
    return {key: next((lowered[n] for n in names if lowered.get(n)), "") for key, names in _COLUMNS.items()}


def _row_to_meta(row: dict[str, str]) -> MeetingMeta:
    return _meta(_columns(row))


def _meta(cols: dict[str, str]) -> MeetingMeta:
    kind = cols["doc_kind"].lower()
    return MeetingMeta(
        body=cols["body"] or None,
        meeting_date=parse_iso_date(cols["meeting_date"]),
        doc_kind=kind if kind in DOC_KINDS else "",
        title=cols["title"] or None,
        source_url=cols["url"] or None,
    )


def load_manifest(corpus: Path) -> dict[str, MeetingMeta]:
    """File name → metadata, from every manifest found anywhere under `corpus`."""
    entries: dict[str, MeetingMeta] = {}
    if not corpus.is_dir():
        return entries
    for name in MANIFEST_NAMES:
        for path in sorted(corpus.rglob(name)):
            delimiter = "\t" if path.suffix == ".tsv" else ","
            try:
                with path.open(encoding="utf-8", newline="") as f:
                    for row in csv.DictReader(f, delimiter=delimiter):
                        cols = _columns(row)
                        file = Path(cols["file"]).name  # a path in the column names its file
                        if file:
                            entries[file] = _meta(cols)
            except (OSError, UnicodeDecodeError, csv.Error) as e:
                raise ConfigError(f"cannot read manifest {path}: {e}") from e
    return entries


def sidecar_meta(path: Path) -> MeetingMeta | None:
    sidecar = path.with_name(path.name + ".meta.json")
    if not sidecar.exists():
        return None
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read sidecar {sidecar}: {e}") from e
    return _row_to_meta({k: str(v) for k, v in data.items() if v is not None})


def merge_meta(detected: MeetingMeta, given: MeetingMeta | None) -> MeetingMeta:
    if given is None:
        return detected
    return MeetingMeta(
        body=given.body or detected.body,
        meeting_date=given.meeting_date or detected.meeting_date,
        doc_kind=given.doc_kind or detected.doc_kind,
        title=given.title or detected.title,
        source_url=given.source_url or detected.source_url,
    )
