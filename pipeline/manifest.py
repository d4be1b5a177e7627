"""Per-document metadata given by the user: `manifest.csv` or `sources.tsv` in the corpus folder,
or a `<file>.meta.json` sidecar. What they give overrides what is detected from the text."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.records import DOC_KINDS, MeetingMeta

MANIFEST_NAMES = ("manifest.csv", "manifest.tsv", "sources.tsv")


def parse_iso_date(value: str | None) -> date | None:
    """Dates in manifests are ISO (YYYY-MM-DD); anything else is treated as unknown."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _row_to_meta(row: dict[str, str]) -> MeetingMeta:
    kind = (row.get("doc_kind") or "").strip().lower()
    if kind == "report":
        kind = "report"
    return MeetingMeta(
        body=(row.get("body") or "").strip() or None,
        meeting_date=parse_iso_date(row.get("meeting_date")),
        doc_kind=kind if kind in DOC_KINDS else "",
        title=(row.get("title") or "").strip() or None,
        source_url=(row.get("url") or "").strip() or None,
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
                        file = (row.get("file") or "").strip()
                        if file:
                            entries[file] = _row_to_meta(row)
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
