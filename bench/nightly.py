"""Incremental nightly runs at 1,000 documents.

    .venv/bin/python bench/nightly.py [--docs 1000] [--new 10] [--out bench/out/nightly]

1. Makes N synthetic minutes from the corpus's own text (paragraphs of the .txt/.md documents,
   shuffled per document under a unique meeting heading) and builds a database from them with the
   real flow (once; kept under --out and reused while the documents are unchanged).
2. Times Prefect's own start-up (the first flow run in a process) on its own.
3. Times a nightly run over the N unchanged documents: target < 10 s of work.
4. Adds `--new` documents and times the run that picks them up, against the per-document cost
   of the build, so "costs about 10 documents' work" is a number.

Results go to <out>/results.json and stdout. Heavy (the first build embeds every passage): run it
sparingly on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

from pipeline.config import apply_offline_env  # noqa: E402

apply_offline_env()

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

BODIES = ("Health and Wellbeing Board", "Integration Joint Board", "Parish Council", "Governing Body",
          "Transport Board", "Cabinet")  # fmt: skip


def corpus_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted((REPO / "corpus").glob("*")):
        if path.suffix not in (".txt", ".md"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        paragraphs += [p.strip() for p in text.split("\n\n") if 60 <= len(p.strip()) <= 600]
    return paragraphs


def make_document(i: int, paragraphs: list[str], per_doc: int = 5) -> str:
    rng = random.Random(i)
    body = BODIES[i % len(BODIES)]
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    year = 2015 + (i // 336) % 10
    picked = rng.sample(paragraphs, per_doc)
    # A minute number per paragraph makes every passage unique, so nothing is embedded for free.
    items = "\n\n".join(f"{n}. Item {n}\n\n{p} (Minute {i}/{n}.)" for n, p in enumerate(picked, 1))
    return f"Minutes of the {body} meeting {i} held on {day:02d}/{month:02d}/{year}\n\n{items}\n"


def write_corpus(folder: Path, start: int, count: int, paragraphs: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        path = folder / f"synthetic-{i:05d}.txt"
        text = make_document(i, paragraphs)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def timed_run(corpus: Path, db: Path) -> tuple[float, dict[str, object]]:
    from flows.nightly import nightly

    started = time.perf_counter()
    summary = nightly(corpus=str(corpus), db=str(db))
    return time.perf_counter() - started, summary


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--new", type=int, default=10)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "nightly")
    args = parser.parse_args()

    paragraphs = corpus_paragraphs()
    corpus = args.out / "corpus"
    base_db = args.out / "base" / "boardtrace.duckdb"
    for extra in corpus.glob("synthetic-*.txt"):  # drop the previous round's new documents
        if int(extra.stem.split("-")[1]) >= args.docs:
            extra.unlink()
    write_corpus(corpus, 0, args.docs, paragraphs)
    results: dict[str, object] = {"documents": args.docs, "new": args.new}

    started = time.perf_counter()
    from prefect import flow

    @flow(name="bench-noop")
    def noop() -> None:
        return None

    noop()
    results["prefect_startup_s"] = round(time.perf_counter() - started, 2)  # import + ephemeral API + 1 flow

    if not base_db.exists():
        build_s, summary = timed_run(corpus, base_db)
        results["build_s"] = round(build_s, 1)
        results["build_stage_s"] = summary["stage_seconds"]
        (args.out / "build.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    else:
        results.update({k: v for k, v in json.loads((args.out / "build.json").read_text()).items()
                        if k.startswith("build")})  # fmt: skip
    per_doc = float(results["build_s"]) / args.docs  # type: ignore[arg-type]
    results["per_document_s"] = round(per_doc, 3)

    work = args.out / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "boardtrace.duckdb"
    shutil.copyfile(base_db, db)

    unchanged_s, summary = timed_run(corpus, db)
    assert not summary["new"] and not summary["changed"], "the unchanged run found work to do"
    results["unchanged_run_s"] = round(unchanged_s, 2)
    results["unchanged_stage_s"] = summary["stage_seconds"]
    results["unchanged_under_10s"] = unchanged_s < 10

    write_corpus(corpus, args.docs, args.new, paragraphs)
    new_s, summary = timed_run(corpus, db)
    assert len(summary["new"]) == args.new, summary["new"]  # type: ignore[arg-type]
    results["new_run_s"] = round(new_s, 2)
    results["new_stage_s"] = summary["stage_seconds"]
    results["new_work_s"] = round(new_s - unchanged_s, 2)
    results["new_work_in_documents"] = round((new_s - unchanged_s) / per_doc, 1)
    for extra in corpus.glob("synthetic-*.txt"):
        if int(extra.stem.split("-")[1]) >= args.docs:
            extra.unlink()

    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
