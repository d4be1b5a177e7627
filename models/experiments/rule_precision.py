"""How often each extraction rule is right, over the labelled training units.

    .venv/bin/python models/experiments/rule_precision.py [--by owner|kind|due] [--min 5]

Runs the rule pipeline (no classifier) over the gold-labelled documents the training script uses
(`models/split.json`: its gold folders, minus every held-out list) and counts, for each record the
rules produce, whether it matches a gold unit of its type under the scorer's rule. Prints precision per
(type, cue), worst first, with the number of bodies where the cue was right and where it was wrong.

The figures are in-sample (the rules were written after reading these files), so they flatter every
rule. Session 7 used them to drop the "<party> need(s) to …" commitment rule: 0.24 over 33 records,
wrong in 15 bodies. A rule whose precision is below about half the type's F1 lowers F1 wherever it
fires.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.config import apply_offline_env  # noqa: E402

apply_offline_env()


def records(corpus: Path) -> list[dict[str, Any]]:
    from pipeline.evaluate import coverage, units_match, word_set
    from pipeline.extract.components import FIELDS_KEY, context_of
    from pipeline.extract.train import labelled_docs, training_split

    gold_dirs, held = training_split(corpus)
    rows: list[dict[str, Any]] = []
    for item in labelled_docs(corpus, gold_dirs, held):
        doc = item.doc
        kind = context_of(doc).doc_kind
        for (type_, start, end), info in doc.user_data.get(FIELDS_KEY, {}).items():
            words = word_set(doc.text[start:end])
            right = any(t == type_ and units_match(*coverage(words, g)) for t, g in item.golds)
            rows.append({"type": type_, "cue": info["cue"], "fields": info["fields"], "right": right,
                         "group": item.group, "kind": kind})  # fmt: skip
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO / "corpus")
    ap.add_argument("--by", choices=("owner", "kind", "due"), help="split each cue further")
    ap.add_argument("--min", type=int, default=5, help="leave out cues with fewer records")
    args = ap.parse_args()
    rows = records(args.corpus)

    def key(r: dict[str, Any]) -> tuple[str, ...]:
        extra = {
            None: (),
            "owner": (f"owner={bool(r['fields'].get('owner'))}",),
            "kind": (r["kind"],),
            "due": (f"due={bool(r['fields'].get('due') or r['fields'].get('deadline'))}",),
        }[args.by]
        return (r["type"], r["cue"], *extra)

    stats: dict[tuple[str, ...], list[Any]] = defaultdict(lambda: [0, 0, set(), set()])
    for r in rows:
        s = stats[key(r)]
        s[0] += r["right"]
        s[1] += 1
        (s[2] if r["right"] else s[3]).add(r["group"])
    print(f"{len(rows)} rule records; precision per rule, worst first")
    for k, (right, n, good, bad) in sorted(stats.items(), key=lambda kv: kv[1][0] / kv[1][1]):
        if n >= args.min:
            print(
                f"  {' '.join(k):48} {right / n:5.2f}  n={n:4d}  right in {len(good):3d} bodies, wrong in {len(bad):3d}"
            )


if __name__ == "__main__":
    main()
