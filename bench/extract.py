"""Words per second of the whole extraction (boardtrace.extract: spaCy model + boardtrace components
+ record conversion) next to the bare en_core_web_sm model on the same passages, in the same run.

    .venv/bin/python bench/extract.py [--corpus corpus] [--repeat 3]

Segmentation is done once, outside the timed part, for both. Each side runs `repeat` times,
alternating, and the best time of each counts (the machine is shared and noisy). The figure is the
ratio bare_words_per_s / extraction_words_per_s (1.3 or less is the aim).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from pipeline.config import SPACY_MODEL, Settings
from pipeline.extract import extract_document, load_nlp
from pipeline.ingest import discover
from pipeline.manifest import load_manifest
from pipeline.runs import read_and_segment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    manifest = load_manifest(args.corpus)
    segs = [read_and_segment(p, manifest, Settings().max_file_bytes) for p in discover(args.corpus)]
    texts = [p.text for s in segs for p in s.passages if p.kind != "heading" and p.text.strip()]
    words = sum(len(t.split()) for t in texts)

    bare = spacy.load(SPACY_MODEL)
    full = load_nlp()
    list(bare.pipe(texts[:20]))  # warm both up (lazy vocab, first-batch allocation)
    for seg in segs[:2]:
        extract_document(full, seg)

    bare_times, full_times = [], []
    records = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=args.batch_size):
            pass
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        records = sum(len(extract_document(full, seg, batch_size=args.batch_size).records) for seg in segs)
        full_times.append(time.perf_counter() - start)

    bare_wps = words / min(bare_times)
    full_wps = words / min(full_times)
    print(json.dumps({
        "documents": len(segs),
        "passages": len(texts),
        "words": words,
        "records": records,
        "bare_en_core_web_sm_words_per_s": round(bare_wps),
        "extraction_words_per_s": round(full_wps),
        "ratio_bare_over_extraction": round(bare_wps / full_wps, 3),
        "bare_seconds": [round(t, 2) for t in bare_times],
        "extraction_seconds": [round(t, 2) for t in full_times],
        "pipeline": full.pipe_names,
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
