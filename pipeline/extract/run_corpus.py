"""Extract every document of a corpus folder to JSONL in the export format, without the flow:
`python -m pipeline.extract.run_corpus corpus/ out.jsonl` (the fast loop for rule work and eval)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.errors import BoardtraceError
from pipeline.extract.pipeline import extract_document, load_nlp
from pipeline.ingest import discover
from pipeline.manifest import load_manifest
from pipeline.runs import read_and_segment


def extract_corpus(corpus: Path) -> Iterator[dict[str, Any]]:
    nlp = load_nlp()
    manifest = load_manifest(corpus)
    max_bytes = Settings().max_file_bytes
    for path in discover(corpus):
        try:
            seg = read_and_segment(path, manifest, max_bytes)
        except BoardtraceError as e:
            print(f"skipped {path}: {e}", file=sys.stderr)
            continue
        for record in extract_document(nlp, seg).records:
            yield {
                "doc": path.name,
                "type": record.type,
                "text": record.text,
                "fields": record.fields,
                "char_start": record.char_start,
                "char_end": record.char_end,
                "confidence": record.confidence,
            }


def main(argv: list[str]) -> None:
    corpus, out = Path(argv[0]), Path(argv[1])
    with out.open("w", encoding="utf-8") as f:
        for row in extract_corpus(corpus):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
