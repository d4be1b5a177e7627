"""Experiment: does a learned link scorer beat the hand-weighted one, on series it never saw?

    python bench/trace_quality.py --save /tmp/series.duckdb        # build the series database once
    python models/experiments/link_features.py --db /tmp/series.duckdb [--exclude stoke-ferry]

Every (gold item, passage of a later meeting of its body) pair gets the linker's features; a pair is
positive when a gold link (corpus/links) joins that item to a passage holding the gold evidence. For
each series in turn a logistic regression is trained on the other series and scores the held-out one
(leave-one-series-out). Both scorers then keep the best passage per (item, later meeting) above a
threshold, as the tracer does, and are compared by link precision and recall over the threshold range.
A gradient-boosting model is scored the same way. `SENT_MIX=1` puts the best single-sentence MiniLM
similarity into the rule score in place of the passage's (session 7: it shifts the curve, no lift).
`--show N` prints N (item, meeting) pairs whose gold passage the rules did not rank first.
Results: corpus/links/README.md, "Results, session 7".
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from pipeline.config import apply_offline_env  # noqa: E402

apply_offline_env()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--show", type=int, default=0, help="print this many misranked gold groups")
    ap.add_argument("--exclude", default="stoke-ferry", help="series never read (test)")
    args = ap.parse_args()

    from sklearn.linear_model import LogisticRegression
    from trace_quality import load_gold, norm, same_source, use_gold_items

    from pipeline import store
    from pipeline.trace import _pairs
    from pipeline.trace import link as lk

    link_gold, status_gold = load_gold()
    skip = set(args.exclude.split(",")) if args.exclude else set()
    link_gold = [g for g in link_gold if g["series"] not in skip]
    status_gold = [g for g in status_gold if g["series"] not in skip]
    series_of = {}
    for g in link_gold:
        series_of[g["source_doc"]] = g["series"]
        series_of[g["target_doc"]] = g["series"]
    for g in status_gold:
        series_of[g["doc"]] = g["series"]

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copy.duckdb"
        shutil.copyfile(args.db, db)
        con = store.connect(db)
        use_gold_items(con, status_gold, link_gold)
        names = dict(con.execute("SELECT doc_id, name FROM documents").fetchall())
        doc_ids = [d for d, n in names.items() if n in series_of]
        docs = lk.load_docs(con, doc_ids)
        pairs = _pairs(con, docs)
        headings = dict(con.execute("SELECT passage_id, coalesce(heading, '') FROM passages").fetchall())
        rows = featurise(con, lk, pairs, headings)
        con.close()

    positives = [g for g in link_gold if g["label"] != "unrelated"]
    gold_groups: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for g in positives:
        gold_groups[g["series"]].add((g["source_doc"], norm(g["source_text"]), g["target_doc"]))

    by_docs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for g in positives:
        by_docs[(g["source_doc"], g["target_doc"])].append(g)

    def is_positive(r: dict[str, Any]) -> tuple[str, str, str] | None:
        for g in by_docs.get((r["sdoc"], r["tdoc"]), []):
            if norm(g["target_text"]) in norm(r["ptext"]) and same_source(r["itext"], r["ipassage"], g):
                return (g["source_doc"], norm(g["source_text"]), g["target_doc"])
        return None

    for r in rows:
        r["group"] = is_positive(r)
        r["series"] = series_of.get(r["sdoc"], "?")
    X = np.array([r["x"] for r in rows], dtype=float)
    y = np.array([r["group"] is not None for r in rows])
    series = sorted({r["series"] for r in rows})
    print(f"{len(rows)} candidate pairs, {int(y.sum())} positive, series: {', '.join(series)}")
    learned = np.zeros(len(rows))
    boosted = np.zeros(len(rows))
    from sklearn.ensemble import HistGradientBoostingClassifier

    for s in series:
        test = np.array([r["series"] == s for r in rows])
        model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
        model.fit(X[~test], y[~test])
        learned[test] = model.predict_proba(X[test])[:, 1]
        gb = HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0
        )
        gb.fit(X[~test], y[~test])
        boosted[test] = gb.predict_proba(X[test])[:, 1]
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(X, y)
    print("coefficients (all series):", dict(zip(FEATURES, np.round(model.coef_[0], 2), strict=True)))
    rule = np.array([r["rule"] for r in rows])
    if args.show:
        show_misranked(rows, rule, args.show)
    n_gold = sum(len(v) for v in gold_groups.values())
    for name, scores, grid in (
        ("rules", rule, (0.36, 0.40, 0.44, 0.48, 0.52)),
        ("learned (LOSO)", learned, (0.9, 0.95, 0.97, 0.98, 0.985, 0.99, 0.993, 0.996)),
        ("boosted (LOSO)", boosted, (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)),
    ):
        print(f"\n{name}: gold passage ranked first in its meeting: %d of %d" % top1(rows, scores))
        print(f"{name}: threshold  links  precision  recall")
        for t in grid:
            p, r_, n = link_pr(rows, scores, t, n_gold)
            print(f"  {t:5.2f}  {n:5d}  {p:9.3f}  {r_:6.3f}")
        for s in series:
            idx = [i for i, r in enumerate(rows) if r["series"] == s]
            sub = [rows[i] for i in idx]
            t = {"rules": 0.44, "boosted (LOSO)": 0.3}.get(name, 0.985)
            p, r_, n = link_pr(sub, scores[idx], t, len(gold_groups[s]))
            print(f"    {s:24} @{t}: {n:4d} links  P {p:.3f}  R {r_:.3f}")


def link_pr(
    rows: list[dict[str, Any]], scores: np.ndarray, t: float, n_gold: int
) -> tuple[float, float, int]:
    """The tracer's choice: per (item, later document), the best passage when it clears `t`."""
    best: dict[tuple[str, str], tuple[float, int]] = {}
    for i, r in enumerate(rows):
        key = (r["item_id"], r["tdoc"])
        if scores[i] >= t and (key not in best or scores[i] > best[key][0]):
            best[key] = (float(scores[i]), i)
    hits = {rows[i]["group"] for _, i in best.values() if rows[i]["group"] is not None}
    correct = sum(1 for _, i in best.values() if rows[i]["group"] is not None)
    n = len(best)
    return (correct / n if n else 0.0), len(hits) / n_gold if n_gold else 0.0, n


FEATURES = (
    "sem",
    "ctx",
    "lex",
    "own",
    "label_hit",
    "heading",
    "sem_gap",
    "lex_gap",
    "is_best_sem",
    "next_meeting",
    "log_len",
    "status_cue",
    "names",
    "sent_sem",
)
SENT_MIX = float(__import__("os").environ.get("SENT_MIX", "0"))  # fmt: skip

_NAME = __import__("re").compile(r"\b[A-Z][A-Za-z]*[A-Z]?[a-z]*\b")


def featurise(con: Any, lk: Any, pairs: Any, headings: dict[str, str]) -> list[dict[str, Any]]:
    from pipeline.segment import heading_levels
    from pipeline.trace import text as tx

    docs = {d.doc_id: d for pair in pairs for d in pair}
    items: dict[str, list[Any]] = defaultdict(list)
    for item in lk.load_items(con, [docs[i] for i in sorted({a.doc_id for a, _ in pairs})]):
        items[item.doc_id].append(item)
    passages: dict[str, list[Any]] = defaultdict(list)
    for p in lk.load_passages(con, [docs[i] for i in sorted({b.doc_id for _, b in pairs})]):
        passages[p.doc_id].append(p)
    from pipeline.embed import embed_texts

    sent_texts = sorted(
        {x for ps in passages.values() for p in ps for x in (tx.sentences(p.text) or [p.text])}
    )
    sent_vec = dict(zip(sent_texts, np.array(embed_texts(sent_texts)), strict=True))
    later_order: dict[str, list[str]] = defaultdict(list)
    for a, b in sorted(pairs, key=lambda ab: ab[1].meeting_date):
        later_order[a.doc_id].append(b.doc_id)
    names = dict(con.execute("SELECT doc_id, name FROM documents").fetchall())
    rows: list[dict[str, Any]] = []
    for source, target in pairs:
        its, ps = items.get(source.doc_id, []), passages.get(target.doc_id, [])
        if not its or not ps:
            continue
        idf = tx.idf_weights([p.term_set for p in ps] + [set(i.bag) for i in its])
        pm = np.stack([p.vector for p in ps])
        sem = np.stack([i.vector for i in its]) @ pm.T
        ctx = np.stack([i.context_vector for i in its]) @ pm.T
        hop = later_order[source.doc_id].index(target.doc_id)
        sv = [np.stack([sent_vec[x] for x in (tx.sentences(p.text) or [p.text])]) for p in ps]
        for a, item in enumerate(its):
            sent_sem = [float((m @ item.vector).max()) for m in sv]
            label_terms = set(tx.terms(tx.topic_label(item.passage_text) or ""))
            ih = heading_levels(headings.get(item.passage_id or "", ""))
            item_heading = set(tx.terms(ih[-1])) if ih else set()
            item_names = {w.lower() for w in _NAME.findall(item.text) if len(w) > 1} - tx.STOPWORDS
            feats = []
            for b, p in enumerate(ps):
                own = max(lk._overlap(item.own, w, idf) for w in p.windows) if item.own else 1.0
                lex = max(lk._overlap(item.bag, w, idf) for w in p.windows)
                label_hit = len(label_terms & p.term_set) / len(label_terms) if label_terms else lex
                ph = heading_levels(p.heading)
                p_heading = set(tx.terms(ph[-1])) if ph else set()
                heading = (
                    lk._overlap(dict.fromkeys(item_heading, 1.0), p_heading | p.term_set, idf)
                    if item_heading
                    else 0.0
                )
                rule = (
                    lk.W_SEM * max(sem[a, b], SENT_MIX * sent_sem[b])
                    + lk.W_CTX * ctx[a, b]
                    + lk.W_LEX * lex
                    + lk.W_LABEL * label_hit
                )
                if item.own and own < lk.MIN_OWN_OVERLAP:
                    rule = 0.0
                lower = {w.lower() for w in _NAME.findall(p.text)}
                name_hit = len(item_names & lower) / len(item_names) if item_names else 0.0
                cue = tx.cue_label(p.text) != "restated" or tx.list_status(p.text, p.heading) is not None
                feats.append([float(sem[a, b]), float(ctx[a, b]), lex, own, label_hit, heading, 0.0, 0.0, 0.0,
                              float(hop == 0), math.log(len(p.text) + 1), float(cue), name_hit, sent_sem[b], float(rule)])  # fmt: skip
            arr = np.array(feats)
            best_sem, best_lex = arr[:, 0].max(), arr[:, 2].max()
            for b, p in enumerate(ps):
                f = arr[b]
                f[6] = best_sem - f[0]
                f[7] = best_lex - f[2]
                f[8] = float(f[0] == best_sem)
                rows.append({
                    "x": list(f[:-1]), "rule": float(f[-1]), "item_id": item.record_id,
                    "sdoc": names[source.doc_id], "tdoc": names[target.doc_id], "itext": item.text,
                    "ipassage": item.passage_text, "ptext": p.text,
                })  # fmt: skip
    return rows


def top1(rows: list[dict[str, Any]], scores: np.ndarray) -> tuple[int, int]:
    """Of the gold (item, later document) groups, how many have the gold passage ranked first."""
    best: dict[tuple[str, str], tuple[float, int]] = {}
    groups = set()
    for i, r in enumerate(rows):
        key = (r["item_id"], r["tdoc"])
        if r["group"] is not None:
            groups.add(key)
        if key not in best or scores[i] > best[key][0]:
            best[key] = (float(scores[i]), i)
    return sum(1 for k in groups if rows[best[k][1]]["group"] is not None), len(groups)


def show_misranked(rows: list[dict[str, Any]], scores: np.ndarray, n: int) -> None:
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_key[(r["item_id"], r["tdoc"])].append(i)
    shown = 0
    for idx in by_key.values():
        gold = [i for i in idx if rows[i]["group"] is not None]
        if not gold:
            continue
        top = max(idx, key=lambda i: scores[i])
        if rows[top]["group"] is not None:
            continue
        g = max(gold, key=lambda i: scores[i])
        r = rows[g]
        print(f"--- {r['series']} {r['sdoc'][:3]}->{r['tdoc'][:3]} ITEM: {r['itext'][:110]!r}")
        for tag, i in (("GOLD", g), ("TOP ", top)):
            x = rows[i]["x"]
            print(
                f"  {tag} {scores[i]:.2f} sem {x[0]:.2f} ctx {x[1]:.2f} lex {x[2]:.2f} head {x[5]:.2f}: {rows[i]['ptext'][:150]!r}"
            )
        shown += 1
        if shown >= n:
            break


if __name__ == "__main__":
    main()
