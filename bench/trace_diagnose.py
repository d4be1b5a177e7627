"""Where tracing loses its gold links: for every positive gold link, with the gold items as sources,
the tracer's own score for every passage of the later meeting, and which of these holds:

- found: the gold passage is the best of its meeting and clears the threshold;
- best but below threshold;
- outranked (above or below the threshold) by another passage of the same meeting;
- blocked by the own-words filter (the item shares too few of its own words with the passage);
- target passage missing (the gold evidence spans passages) or item missing.

    python bench/trace_quality.py --save /tmp/s.duckdb --series a,b   # build a series database once
    python bench/trace_diagnose.py --db /tmp/s.duckdb --series a,b [--verbose]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from pipeline.config import apply_offline_env  # noqa: E402

apply_offline_env()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="a series database from trace_quality.py --save")
    ap.add_argument("--series", required=True, help="comma-separated series")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every link that is not found")
    args = ap.parse_args()

    import trace_quality as tq

    from pipeline import store
    from pipeline.trace import link as lk
    from pipeline.trace import text as tx

    wanted = set(args.series.split(","))
    link_gold, status_gold = tq.load_gold()
    link_gold = [g for g in link_gold if g["series"] in wanted]
    status_gold = [g for g in status_gold if g["series"] in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copy.duckdb"
        shutil.copyfile(args.db, db)
        con = store.connect(db)
        tq.use_gold_items(con, status_gold, link_gold)
        names = dict(con.execute("SELECT name, doc_id FROM documents").fetchall())
        counts: Counter[str] = Counter()
        for g in link_gold:
            if g["label"] == "unrelated":
                continue
            source, target = names.get(g["source_doc"]), names.get(g["target_doc"])
            if not source or not target:
                counts["document missing"] += 1
                continue
            docs = {d.doc_id: d for d in lk.load_docs(con, [source, target])}
            items = lk.load_items(con, [docs[source]])
            item = next((i for i in items if tq.norm(g["source_text"]) in tq.norm(i.text)
                         or tq.norm(i.text) in tq.norm(g["source_text"])), None)  # fmt: skip
            if item is None:
                counts["item missing"] += 1
                continue
            passages = lk.load_passages(con, [docs[target]])
            gold_at = next(
                (k for k, p in enumerate(passages) if tq.norm(g["target_text"]) in tq.norm(p.text)), None
            )
            if gold_at is None:
                counts["target passage missing"] += 1
                continue
            idf = tx.idf_weights([p.term_set for p in passages] + [set(i.bag) for i in items])
            label_terms = set(tx.terms(tx.topic_label(item.passage_text) or ""))
            scored = []
            for p in passages:
                own = max(lk._overlap(item.own, w, idf) for w in p.windows) if item.own else 1.0
                lex = max(lk._overlap(item.bag, w, idf) for w in p.windows)
                hit = len(label_terms & p.term_set) / len(label_terms) if label_terms else lex
                score = (lk.W_SEM * float(item.vector @ p.vector) + lk.W_CTX * float(item.context_vector @ p.vector)
                         + lk.W_LEX * lex + lk.W_LABEL * hit)  # fmt: skip
                scored.append((score, own))
            allowed = [k for k, (_, own) in enumerate(scored) if own >= lk.MIN_OWN_OVERLAP]
            best = max(allowed, key=lambda k: scored[k][0]) if allowed else None
            score, own = scored[gold_at]
            if own < lk.MIN_OWN_OVERLAP:
                kind = "blocked by the own-words filter"
            elif best == gold_at:
                kind = "found" if score >= lk.THRESHOLD else "best but below threshold"
            else:
                kind = "outranked, above threshold" if score >= lk.THRESHOLD else "outranked, below threshold"
            counts[kind] += 1
            if args.verbose and kind != "found":
                print(
                    f"{kind}: {score:.3f} {g['series']} {g['source_text'][:70]!r} -> {g['target_text'][:70]!r}"
                )
        con.close()
    total = sum(counts.values())
    print(f"{total} positive gold links in {', '.join(sorted(wanted))}")
    for kind, n in counts.most_common():
        print(f"  {kind}: {n}")


if __name__ == "__main__":
    main()
