"""Link precision/recall, label accuracy and status accuracy against corpus/links/*.jsonl.

    python bench/trace_quality.py                      # build the series DB, then score
    python bench/trace_quality.py --db outputs/boardtrace.duckdb   # score a copy of a built DB
    python bench/trace_quality.py --oracle             # sources = the gold items (tracing alone)
    python bench/trace_quality.py --series west-dereham # score one series (others stay unread)

The gold: corpus/links/<series>.jsonl holds labelled (source item, later passage) pairs, positive
and hard negative ("unrelated"); corpus/links/<series>.status.jsonl the status of each gold item as
of the body's latest meeting. A predicted link is correct when its source record is the gold item
(same document; one text contains the other, or they match under the extraction scorer's rule; the
gold `source_context`, when given, must be in the record's passage) and its passage contains the gold
target text. Two precisions are reported: over every link from the series' documents ("all"), and
over links whose source is a gold item ("gold items"), which leaves out the extractor's errors.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from pipeline.config import apply_offline_env  # noqa: E402

apply_offline_env()

from pipeline.evaluate import coverage, units_match, word_set  # noqa: E402

LINKS = REPO / "corpus" / "links"
CORPUS = REPO / "corpus"


def norm(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("**", " ").replace("’", "'").replace("‘", "'")
    text = text.replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def same_source(record_text: str, record_passage: str, gold: dict[str, Any]) -> bool:
    a, b = norm(record_text), norm(gold.get("source_text") or gold.get("text", ""))
    ctx = gold.get("source_context")
    if ctx and norm(ctx) not in norm(record_passage):
        return False
    if a in b or b in a:
        return True
    # the extraction scorer's rule (pipeline/evaluate.py, as shared/eval/score.py): a record matches a
    # gold item when it holds 60% of the item's words and 20% of its own are the item's, or the reverse
    return units_match(
        *coverage(word_set(record_text), word_set(gold.get("source_text") or gold.get("text", "")))
    )


def load_gold() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    links, status = [], []
    for path in sorted(LINKS.glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        (status if path.name.endswith(".status.jsonl") else links).extend(rows)
    return links, status


def build_series_db(out: Path, docs: set[str]) -> Path:
    """The nightly flow over just the series' documents (a copy of the manifest comes along)."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.nightly import nightly

    corpus = out / "corpus"
    corpus.mkdir(parents=True)
    for name in docs:
        src = next(CORPUS.rglob(name))
        shutil.copy(src, corpus / name)
    header, rows = "", []
    for manifest in sorted(CORPUS.rglob("sources.tsv")):  # the root one and those of sub-folders
        first, *rest = manifest.read_text(encoding="utf-8").splitlines()
        header = header or first
        rows += [r for r in rest if r.split("\t")[0] in docs]
    (corpus / "sources.tsv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    db = out / "series.duckdb"
    with prefect_test_harness(server_startup_timeout=120):
        nightly(corpus=str(corpus), db=str(db))
    return db


@functools.cache
def gold_rows(doc: str) -> tuple[dict[str, Any], ...]:
    """The extraction gold rows of one document (corpus/gold, then corpus/gold-heldout), read once."""
    rows: list[dict[str, Any]] = []
    for folder in ("gold", "gold-heldout"):
        path = CORPUS / folder / f"{doc}.jsonl"
        if path.exists():
            rows += [
                json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            ]
    return tuple(rows)


def gold_type(doc: str, text: str) -> str:
    """The type of a gold item from the extraction gold files (a link source that is not an item
    under ANNOTATION.md is traced as a commitment)."""
    for row in gold_rows(doc):
        if row.get("type") in ("commitment", "target") and same_source(
            row["text"], "", {"source_text": text}
        ):
            return str(row["type"])
    return "commitment"


def use_gold_items(con: Any, status_gold: list[dict[str, Any]], link_gold: list[dict[str, Any]]) -> None:
    """Replace the extracted commitments and targets of the series with the gold items."""
    from pipeline.embed import MODEL_NAME, embed_texts
    from pipeline.records import stable_id, text_hash
    from pipeline.store import insert_rows, upsert_embeddings

    wanted: dict[tuple[str, str, str | None], None] = {}
    for g in status_gold:
        wanted[(g["doc"], g["text"], g.get("source_context"))] = None
    for g in link_gold:  # the status file names every gold item; add only sources it lacks
        if not any(
            same_source(g["source_text"], g.get("source_context") or "", {**s, "source_context": None})
            for s in status_gold
            if s["doc"] == g["source_doc"]
        ):
            wanted[(g["source_doc"], g["source_text"], g.get("source_context"))] = None
    docs = dict(con.execute("SELECT name, doc_id FROM documents").fetchall())
    rows, texts = [], {}
    for name, text, ctx in wanted:
        doc_id = docs.get(name)
        if not doc_id:
            continue
        passages = con.execute(
            "SELECT passage_id, text, char_start, page, agenda_item_id FROM passages WHERE doc_id = ? ORDER BY ordinal",
            [doc_id],
        ).fetchall()
        hit = next(
            (p for p in passages if norm(text) in norm(p[1]) and (not ctx or norm(ctx) in norm(p[1]))), None
        )
        if hit is None:
            print(f"  gold item not found in passages: {name}: {text[:60]}", file=sys.stderr)
            continue
        typ = gold_type(name, text)
        rows.append({"record_id": stable_id("g", doc_id, text, ctx), "doc_id": doc_id, "type": typ, "text": text,
                     "text_hash": text_hash(text), "fields": "{}", "char_start": hit[2], "char_end": hit[2] + len(text),
                     "page": hit[3], "agenda_item_id": hit[4], "passage_id": hit[0], "confidence": 1.0,
                     "extractor": "gold"})  # fmt: skip
        texts[text_hash(text)] = text
    con.execute(
        "DELETE FROM records WHERE type IN ('commitment', 'target') AND list_contains(?, doc_id)",
        [list({r["doc_id"] for r in rows})],
    )
    insert_rows(con, "records", rows)
    order = list(texts)
    upsert_embeddings(con, dict(zip(order, embed_texts([texts[h] for h in order]), strict=True)), MODEL_NAME)


def score(
    con: Any,
    link_gold: list[dict[str, Any]],
    status_gold: list[dict[str, Any]],
    targets: set[str] | None = None,
) -> dict[str, Any]:
    """Scores over links into `targets` (document names; all documents when None)."""
    series_docs = {g["source_doc"] for g in link_gold} | {g["target_doc"] for g in link_gold}
    series_docs |= {g["doc"] for g in status_gold}
    if targets is not None:
        link_gold = [g for g in link_gold if g["target_doc"] in targets]
    predicted = con.execute(
        """
        SELECT s.name, r.text, coalesce(sp.text, r.text), t.name, p.text, l.label, l.score
        FROM links l JOIN records r ON r.record_id = l.record_id
        JOIN documents s ON s.doc_id = r.doc_id JOIN documents t ON t.doc_id = l.target_doc_id
        LEFT JOIN passages sp ON sp.passage_id = r.passage_id
        LEFT JOIN passages p ON p.passage_id = l.target_passage_id
        WHERE list_contains(?, s.name)
        """,
        [sorted(series_docs)],
    ).fetchall()
    if targets is not None:
        predicted = [p for p in predicted if p[3] in targets]
    positives = [g for g in link_gold if g["label"] != "unrelated"]
    # Gold rows for the same item and later meeting are alternatives (a tracer keeps one passage
    # per item and meeting): any of them counts, and the pair counts once for recall.
    group_of = {i: (g["source_doc"], norm(g["source_text"]), g.get("source_context"), g["target_doc"])
                for i, g in enumerate(positives)}  # fmt: skip
    n_groups = len(set(group_of.values()))
    known = [{"source_doc": g["doc"], "source_text": g["text"], **({"source_context": g["source_context"]}
             if g.get("source_context") else {})} for g in status_gold] + link_gold  # fmt: skip
    found: dict[tuple[Any, ...], str] = {}
    matched_label: dict[tuple[Any, ...], str] = {}
    tp_all = tp_gold = n_gold_src = 0
    wrong: list[str] = []
    mislabeled: list[str] = []
    for sdoc, stext, spass, tdoc, ttext, label, sc in predicted:
        is_known = any(k["source_doc"] == sdoc and same_source(stext, spass, k) for k in known)
        n_gold_src += is_known
        match = next(
            (i for i, g in enumerate(positives)
             if g["source_doc"] == sdoc and g["target_doc"] == tdoc and same_source(stext, spass, g)
             and norm(g["target_text"]) in norm(ttext or "")),
            None,
        )  # fmt: skip
        if match is None:
            wrong.append(
                f"  FP {sc:.2f} {label:9} {sdoc[:3]}:{stext[:60]!r} -> {tdoc[:3]}:{(ttext or '')[:60]!r}"
            )
            continue
        tp_all += 1
        tp_gold += is_known
        if group_of[match] not in found and label != positives[match]["label"]:
            mislabeled.append(
                f"  LABEL {positives[match]['label']:9} -> {label:9} {sdoc[:3]}:{stext[:50]!r} -> "
                f"{tdoc[:3]}:{positives[match]['target_text'][:70]!r}"
            )
        found.setdefault(group_of[match], label)
        matched_label.setdefault(group_of[match], positives[match]["label"])
    labels_ok = sum(1 for key, lab in found.items() if matched_label[key] == lab)
    missed = [f"  FN {g['label']:9} {g['source_doc'][:3]}:{g['source_text'][:60]!r} -> {g['target_doc'][:3]}:"
              f"{g['target_text'][:60]!r}" for i, g in enumerate(positives) if group_of[i] not in found]  # fmt: skip
    # statuses
    from pipeline.trace import timelines

    items = [t for t in timelines(con) if t.doc in series_docs]
    passages = dict(con.execute("SELECT r.record_id, coalesce(p.text, r.text) FROM records r "
                                "LEFT JOIN passages p ON p.passage_id = r.passage_id").fetchall())  # fmt: skip
    st_ok = st_found = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for g in status_gold:
        item = next(
            (t for t in items if t.doc == g["doc"] and same_source(t.text, passages.get(t.id, ""), g)), None
        )
        if item is None:
            continue
        st_found += 1
        st_ok += item.status == g["status"]
        if item.status != g["status"]:
            confusion[(g["status"], item.status)] += 1
    n_pred = len(predicted)
    return {
        "links_predicted": n_pred,
        "links_gold_positive": n_groups,
        "precision_all": tp_all / n_pred if n_pred else 0.0,
        "precision_gold_items": tp_gold / n_gold_src if n_gold_src else 0.0,
        "recall": len(found) / n_groups if n_groups else 0.0,
        "label_accuracy": labels_ok / len(found) if found else 0.0,
        "status_items_gold": len(status_gold),
        "status_items_found": st_found,
        "status_accuracy": st_ok / st_found if st_found else 0.0,
        "status_errors": {f"{a} -> {b}": n for (a, b), n in confusion.most_common()},
        "_false_positives": wrong,
        "_false_negatives": missed,
        "_label_errors": mislabeled,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="a built database to score (a copy is retraced)")
    ap.add_argument("--oracle", action="store_true", help="use the gold items as sources")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives and negatives")
    ap.add_argument("--save", type=Path, help="keep a copy of the built series database here")
    ap.add_argument("--sweep", action="store_true", help="precision/recall at other link thresholds too")
    ap.add_argument(
        "--series",
        help="comma-separated series to score (default: all); keeps a test series unread while working on others",
    )
    args = ap.parse_args()

    from pipeline import store
    from pipeline.trace import retrace_all

    link_gold, status_gold = load_gold()
    if args.series:
        wanted = set(args.series.split(","))
        unknown = wanted - {g["series"] for g in status_gold}
        if unknown:
            sys.exit(f"no such series: {', '.join(sorted(unknown))}")
        link_gold = [g for g in link_gold if g["series"] in wanted]
        status_gold = [g for g in status_gold if g["series"] in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            db = Path(tmp) / "copy.duckdb"
            shutil.copyfile(args.db, db)
        else:
            docs = {g["source_doc"] for g in link_gold} | {g["target_doc"] for g in link_gold}
            docs |= {g["doc"] for g in status_gold}
            docs |= {
                n for n in os.listdir(CORPUS) if n.startswith(("005_dundee", "006_dundee", "007_dundee"))
            }
            db = build_series_db(Path(tmp), docs)
            if args.save:
                shutil.copyfile(db, args.save)
        con = store.connect(db)
        if args.oracle:
            use_gold_items(con, status_gold, link_gold)
        if args.sweep:
            from pipeline.trace import link as linker

            chosen = linker.THRESHOLD
            print("threshold  P(all)  R(all)  P(dev)  R(dev)  P(held-out)  R(held-out)")
            held = {g["target_doc"] for g in link_gold if g.get("split", "dev") != "dev"}
            for t in (0.36, 0.40, 0.44, 0.48, 0.52, 0.56, 0.60):
                linker.THRESHOLD = t
                retrace_all(con)
                a = score(con, link_gold, status_gold)
                d = score(con, link_gold, status_gold, {g["target_doc"] for g in link_gold} - held)
                h = score(con, link_gold, status_gold, held)
                print(f"{t:9.2f}  {a['precision_all']:6.3f}  {a['recall']:6.3f}  {d['precision_all']:6.3f}  "
                      f"{d['recall']:6.3f}  {h['precision_all']:11.3f}  {h['recall']:11.3f}")  # fmt: skip
            linker.THRESHOLD = chosen
        retrace_all(con)
        result = score(con, link_gold, status_gold)
        by_split: dict[str, set[str]] = {}
        for g in link_gold:
            by_split.setdefault(g.get("split", "dev"), set()).add(g["target_doc"])
        splits = {name: score(con, link_gold, status_gold, docs) for name, docs in sorted(by_split.items())}
        series = {
            name: score(con, [g for g in link_gold if g["series"] == name],
                        [g for g in status_gold if g["series"] == name])
            for name in sorted({g["series"] for g in status_gold})
        }  # fmt: skip
        con.close()
    mode = "gold items as sources" if args.oracle else "extracted records as sources"
    print(f"trace quality ({mode}), {len(link_gold)} labelled pairs in {LINKS.relative_to(REPO)}")
    for key, value in result.items():
        if key.startswith("_"):
            continue
        print(f"  {key}: {value:.3f}" if isinstance(value, float) else f"  {key}: {value}")
    for name, part in splits.items():
        print(
            f"  links into {name} meetings: precision {part['precision_all']:.3f} (gold items "
            f"{part['precision_gold_items']:.3f}), recall {part['recall']:.3f}, label accuracy "
            f"{part['label_accuracy']:.3f} ({part['links_predicted']} predicted, {part['links_gold_positive']} gold)"
        )
    for name, part in series.items():
        print(
            f"  series {name}: precision {part['precision_all']:.3f} (gold items {part['precision_gold_items']:.3f}), "
            f"recall {part['recall']:.3f}, label accuracy {part['label_accuracy']:.3f}, status accuracy "
            f"{part['status_accuracy']:.3f} ({part['status_items_found']} of {part['status_items_gold']} items found)"
        )
    if args.verbose:
        print("\n".join(result["_false_positives"] + result["_false_negatives"] + result["_label_errors"]))


if __name__ == "__main__":
    main()
