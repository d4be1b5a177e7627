"""Search quality over the sample corpus: nDCG@10 and recall@10 for BM25 alone, vector alone and
hybrid, from the graded judgments in bench/queries/search.jsonl.

Relevance is judged on text, not ids (extraction changes ids): a judgment is a distinctive
substring of the relevant sentence, and a result earns its grade when its text contains it
(compared lower-case, on letters and digits only). Each judgment is credited once, so a second
copy of the same sentence earns nothing.

    python bench/search_quality.py --db outputs/boardtrace.duckdb            # report
    python bench/search_quality.py --db outputs/boardtrace.duckdb --tune     # grid over fusion on
                                                                              # the tune half, report on test
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import store  # noqa: E402
from pipeline.search import Fusion, search  # noqa: E402
from pipeline.search.engine import DEFAULT_FUSION, phrase_key  # noqa: E402

QUERIES = REPO / "bench" / "queries" / "search.jsonl"
# The documents the judgments were written against (the sample corpus of session 7). A later document
# that answers a query is unjudged and would count as a miss, so quality is measured on this pool.
POOL = REPO / "bench" / "queries" / "pool.txt"
_MANIFESTS = ("sources.tsv", "manifest.csv")
MODES = ("keyword", "semantic", "hybrid")
K = 10


def judged_corpus(corpus: Path, out: Path, pool: Path = POOL) -> Path:
    """A copy of the judged documents of `corpus` under `out`, with their folders' manifests and any
    sidecars, so that a run over it sees the metadata a run over the whole corpus sees."""
    import shutil

    for line in pool.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        src = corpus / line
        dst = out / line
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        sidecar = src.with_name(src.name + ".meta.json")
        if sidecar.exists():
            shutil.copy2(sidecar, dst.with_name(sidecar.name))
        for manifest in _MANIFESTS:
            if (src.parent / manifest).exists() and not (dst.parent / manifest).exists():
                shutil.copy2(src.parent / manifest, dst.parent / manifest)
    return out


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judge(texts: list[str], relevant: list[dict[str, Any]], k: int = K) -> tuple[float, float]:
    """(nDCG@k, recall@k) of a ranked list of result texts."""
    keys = [(f" {phrase_key(r['match'])} ", int(r["grade"])) for r in relevant]
    credited: set[int] = set()
    dcg = 0.0
    for rank, text in enumerate(texts[:k], 1):
        norm = f" {phrase_key(text)} "
        matched = [i for i, (key, _) in enumerate(keys) if key in norm and i not in credited]
        if matched:
            gain = max(keys[i][1] for i in matched)
            credited.update(matched)
            dcg += (2**gain - 1) / math.log2(rank + 1)
    ideal = sorted((g for _, g in keys), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal, 1))
    return (dcg / idcg if idcg else 0.0), len(credited) / len(keys)


def check_judgments(con: Any, queries: list[dict[str, Any]]) -> list[str]:
    """Judgments that match no unit at all (a typo, or text the pipeline lost)."""
    texts = [f" {phrase_key(t)} " for (t,) in con.execute("SELECT text FROM search_units").fetchall()]
    missing = []
    for q in queries:
        for r in q["relevant"]:
            key = f" {phrase_key(r['match'])} "
            if not any(key in t for t in texts):
                missing.append(f"{q['id']}: {r['match']!r}")
    return missing


def evaluate(
    con: Any, queries: list[dict[str, Any]], mode: str, fusion: Fusion = DEFAULT_FUSION
) -> dict[str, float]:
    ndcgs, recalls = [], []
    for q in queries:
        hits = search(con, q["query"], k=K, mode=mode, fusion=fusion, **q.get("filters", {}))
        ndcg, recall = judge([h.text for h in hits], q["relevant"])
        ndcgs.append(ndcg)
        recalls.append(recall)
    n = len(queries) or 1
    return {
        "ndcg@10": round(sum(ndcgs) / n, 4),
        "recall@10": round(sum(recalls) / n, 4),
        "queries": len(queries),
    }


def tune(con: Any, queries: list[dict[str, Any]]) -> tuple[Fusion, float]:
    """The fusion with the best nDCG@10 + recall@10 on `queries` (the tune split)."""
    best, best_score = DEFAULT_FUSION, -1.0
    grid = [
        Fusion("rrf", rrf_k, 1.0, sw)
        for rrf_k, sw in itertools.product((3, 5, 10, 20, 40, 60), (0.5, 0.75, 1.0, 1.25, 1.5, 2.0))
    ]
    grid += [Fusion("sum", 0, 1.0, sw) for sw in (0.5, 1.0, 1.5, 2.0, 3.0, 4.0)]
    for fusion in grid:
        result = evaluate(con, queries, "hybrid", fusion)
        score = result["ndcg@10"] + result["recall@10"]
        print(
            f"  {fusion}: nDCG@10 {result['ndcg@10']:.4f} recall@10 {result['recall@10']:.4f}",
            file=sys.stderr,
        )
        if score > best_score:
            best, best_score = fusion, score
    return best, best_score


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="outputs/boardtrace.duckdb")
    parser.add_argument("--queries", default=str(QUERIES))
    parser.add_argument("--tune", action="store_true", help="grid-search fusion on the tune split")
    parser.add_argument("--json", dest="json_out", help="also write the figures to this file")
    args = parser.parse_args()
    con = store.connect(args.db, read_only=True)
    queries = load_queries(Path(args.queries))
    missing = check_judgments(con, queries)
    for m in missing:
        print(f"warning: judgment matches no unit: {m}", file=sys.stderr)
    report: dict[str, Any] = {"db": args.db, "queries": len(queries), "unmatched_judgments": len(missing)}
    fusion = DEFAULT_FUSION
    if args.tune:
        fusion, score = tune(con, [q for q in queries if q["split"] == "tune"])
        report["tuned_fusion"] = fusion.__dict__
        print(f"best on tune split: {fusion} (nDCG@10 + recall@10 = {score:.4f})", file=sys.stderr)
    for split in ("all", "tune", "test"):
        subset = [q for q in queries if split == "all" or q["split"] == split]
        report[split] = {mode: evaluate(con, subset, mode, fusion) for mode in MODES}
    print(f"{'split':<6} {'mode':<9} {'nDCG@10':>8} {'recall@10':>10}  queries")
    for split in ("all", "tune", "test"):
        for mode in MODES:
            r = report[split][mode]
            print(f"{split:<6} {mode:<9} {r['ndcg@10']:>8.4f} {r['recall@10']:>10.4f}  {r['queries']}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
