"""Words per second of the whole extraction (boardtrace.extract: spaCy model + boardtrace components
+ record conversion) next to the bare en_core_web_sm model on the same passages, in the same run.

    .venv/bin/python bench/extract.py [--corpus corpus] [--repeat 3]

Segmentation is done once, outside the timed part, for both. The two sides alternate document by
document, `repeat` times over the corpus, and each side's time is summed. The machine is shared with
other jobs, so the primary figure uses this process's CPU time (time.process_time), which other
processes' load disturbs far less than wall-clock time; wall-clock figures are printed too. The
figure is bare_words_per_s / extraction_words_per_s (1.3 or less is the aim).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from pipeline.config import SPACY_MODEL, Settings
from pipeline.extract import extract_document, load_nlp
from pipeline.extract.timex import clear_caches
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

    cpu = {"bare": 0.0, "full": 0.0}
    wall = {"bare": 0.0, "full": 0.0}
    records = 0
    for _ in range(args.repeat):
        clear_caches()  # each document is extracted once in a run: no pass may reuse another's parses
        records = 0
        for seg in segs:
            doc_texts = [p.text for p in seg.passages if p.kind != "heading" and p.text.strip()]
            c, w = time.process_time(), time.perf_counter()
            for _doc in bare.pipe(doc_texts, batch_size=args.batch_size):
                pass
            cpu["bare"] += time.process_time() - c
            wall["bare"] += time.perf_counter() - w
            c, w = time.process_time(), time.perf_counter()
            records += len(extract_document(full, seg, batch_size=args.batch_size).records)
            cpu["full"] += time.process_time() - c
            wall["full"] += time.perf_counter() - w

    total = words * args.repeat
    print(json.dumps({
        "documents": len(segs),
        "passages": len(texts),
        "words": words,
        "records": records,
        "bare_en_core_web_sm_words_per_cpu_s": round(total / cpu["bare"]),
        "extraction_words_per_cpu_s": round(total / cpu["full"]),
        "ratio_cpu": round(cpu["full"] / cpu["bare"], 3),
        "bare_words_per_wall_s": round(total / wall["bare"]),
        "extraction_words_per_wall_s": round(total / wall["full"]),
        "ratio_wall": round(wall["full"] / wall["bare"], 3),
        "pipeline": full.pipe_names,
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
