"""Score the extractor on every labelled set of the corpus at once, grouped by folder and role.

    python bench/eval_sets.py --save /tmp/pred.jsonl --json /tmp/v10.json
    python bench/eval_sets.py --predictions /tmp/pred.jsonl --compare /tmp/v9.json
    python bench/eval_sets.py --predictions /tmp/pred.jsonl --errors heldout23

One extraction pass over `corpus/` (about three minutes), then `pipeline.evaluate.score` per group.
A group is the folder a gold document lives in, split by its role in `models/split.json`: `dev`
(the top-level corpus), `read` (analysis sets, read for rule-writing), `unread` (kept blind until a
session reads them) and `test` (never read). `--errors` refuses test and unread groups unless
`--unblind` is given, so that a blind set is not read by accident.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import TYPES, load_gold, read_jsonl, score  # noqa: E402
from pipeline.extract.run_corpus import extract_corpus  # noqa: E402


def roles(split: dict[str, Any]) -> dict[str, str]:
    """Document name → test / unread, from the split file's held-out lists."""
    out: dict[str, str] = {}
    for key, names in split.items():
        if not isinstance(names, list):
            continue
        if key == "held_out_unseen_bodies" or key.startswith("held_out_test_set"):
            out.update(dict.fromkeys(names, "test"))
        elif key.startswith("held_out_unread"):
            out.update(dict.fromkeys(names, "unread"))
    return out


def groups(corpus: Path, gold_docs: set[str], role_of: dict[str, str]) -> dict[str, list[str]]:
    """'<folder> [role]' → the gold documents that live there."""
    out: dict[str, list[str]] = defaultdict(list)
    for path in sorted(corpus.rglob("*")):
        if path.name not in gold_docs or not path.is_file():
            continue
        folder = str(path.parent.relative_to(corpus)) or "."
        role = role_of.get(path.name) or ("dev" if folder in (".", "pdf") else "read")
        out[f"{folder} [{role}]"].append(path.name)
    return dict(out)


def counts(report: Any) -> dict[str, list[int]]:
    out = {t: [s.gold, s.predicted, s.matched_gold, s.matched_pred] for t, s in report.types.items()}
    for name, total in report.field_total.items():
        out[name] = [report.field_hits[name], total]
    return out


def f1(c: list[int]) -> float | None:
    gold, pred, mg, mp = c
    if not gold:
        return None
    p = mp / pred if pred else 0.0
    r = mg / gold
    return 2 * p * r / (p + r) if p + r else 0.0


def fmt(c: dict[str, list[int]]) -> str:
    return " / ".join("  –  " if f1(c[t]) is None else f"{f1(c[t]):.3f}" for t in TYPES)


def pooled(results: dict[str, dict[str, list[int]]], role: str) -> dict[str, list[int]]:
    total: dict[str, list[int]] = {t: [0, 0, 0, 0] for t in TYPES}
    for name, c in results.items():
        if name.endswith(f"[{role}]"):
            for key, values in c.items():
                old = total.get(key, [0] * len(values))
                total[key] = [a + b for a, b in zip(old, values, strict=True)]
    return total


def fields(c: dict[str, list[int]]) -> str:
    rows = [(k, v) for k, v in sorted(c.items()) if k not in TYPES and v[1]]
    return "  ".join(f"{k.split('.')[1]} {h / n:.3f}" for k, (h, n) in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--predictions", type=Path, help="score this export-format JSONL instead of extracting")
    ap.add_argument("--save", type=Path, help="write the extracted records here")
    ap.add_argument("--json", type=Path, help="write per-group counts here")
    ap.add_argument("--compare", type=Path, help="a --json file of an earlier run, shown beside")
    ap.add_argument("--errors", help="list misses and false alarms of this folder (e.g. heldout23)")
    ap.add_argument("--unblind", action="store_true", help="allow --errors on test and unread groups")
    args = ap.parse_args()

    split = json.loads((ROOT / "models" / "split.json").read_text(encoding="utf-8"))
    gold: dict[str, list[dict[str, Any]]] = {}
    for folder in sorted(args.corpus.glob("gold*")):
        if folder.is_dir():
            gold.update(load_gold(folder))
    if args.predictions:
        rows = read_jsonl(args.predictions)
    else:
        rows = list(extract_corpus(args.corpus))
        if args.save:
            args.save.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    role_of = roles(split)
    sets = groups(args.corpus, set(gold), role_of)
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else {}
    results: dict[str, dict[str, list[int]]] = {}
    print(f"{'group':38} docs  F1 {' / '.join(TYPES)}")
    for name, docs in sorted(sets.items(), key=lambda kv: (kv[0].split("[")[1], kv[0])):
        report = score(gold, rows, docs)
        results[name] = counts(report)
        changed = name in before and fmt(before[name]) != fmt(results[name])
        old = f"   was {fmt(before[name])}" if changed else ""
        print(f"{name:38} {len(docs):4}  {fmt(results[name])}{old}")
        if args.errors and name.split(" ")[0] == args.errors:
            if name.endswith(("[test]", "[unread]")) and not args.unblind:
                print("  (errors withheld: a blind group; pass --unblind to read it)")
            else:
                for line in report.lines(errors=True):
                    print("  " + line)
    for role in ("read", "test", "unread"):
        total = pooled(results, role)
        old_total = pooled(before, role) if before else None
        was = f"   was {fmt(old_total)}" if old_total and fmt(old_total) != fmt(total) else ""
        print(f"{'POOLED ' + role:38}       {fmt(total)}{was}")
        print(f"    fields: {fields(total)}")
        if old_total and fields(old_total) != fields(total):
            print(f"    was:    {fields(old_total)}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
