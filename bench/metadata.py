"""How well meeting metadata is detected from a document alone, against the corpus manifests.

    .venv/bin/python bench/metadata.py [--corpus corpus] [-v]

For every file the manifests (sources.tsv) describe, ingest it and run `segment.detect_meta` on it
without the manifest, then count the meeting dates that equal the manifest's and the bodies that
`trace.link.related` would treat as the manifest's body (the test tracing uses). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.ingest import discover, ingest_bytes
from pipeline.manifest import load_manifest
from pipeline.segment import detect_meta
from pipeline.trace.link import body_key, related


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("-v", "--verbose", action="store_true", help="list the files detected wrongly")
    args = parser.parse_args()
    manifest = load_manifest(args.corpus)
    dates_ok = dates_n = bodies_ok = bodies_n = 0
    for path in discover(args.corpus):
        truth = manifest.get(path.name)
        if truth is None:
            continue
        meta = detect_meta(ingest_bytes(path.read_bytes(), path))
        if truth.meeting_date is not None:
            dates_n += 1
            dates_ok += meta.meeting_date == truth.meeting_date
            if args.verbose and meta.meeting_date != truth.meeting_date:
                print(f"date  {path.name}: {meta.meeting_date} (manifest {truth.meeting_date})")
        if truth.body:
            bodies_n += 1
            good = related(body_key(meta.body), body_key(truth.body))
            bodies_ok += good
            if args.verbose and not good:
                print(f"body  {path.name}: {meta.body!r} (manifest {truth.body!r})")
    print(json.dumps({"meeting_dates_right": dates_ok, "files_with_a_date": dates_n,
                      "bodies_right": bodies_ok, "files_with_a_body": bodies_n}, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
