"""Session-6 experiment: can a learned unit classifier on dense features beat the rules?

    .venv/bin/python models/experiments/dense_unit_features.py                 # body-grouped 5-fold CV
    .venv/bin/python models/experiments/dense_unit_features.py --validate 92,93,98
        # train on everything else, validate on the documents whose names start with these prefixes

Units and labels are those of `pipeline.extract.train` (the training documents of models/split.json;
the test sets never enter). Features per unit, compared side by side:
  sym   rule cues, document kind, block, root/first lemma and tag, modal, number, date, party flags
  tv    sym + the mean of the spaCy model's own token vectors (doc.tensor, 96-d) over the unit
  mini  sym + the all-MiniLM-L6-v2 sentence embedding (384-d)
A logistic regression per type gives p; the rules' decision and the model's are combined the way the
shipped component does (`train.decide`: drop a rule record below "keep", add a unit above "add"), and
the unit F1 is printed for the rules alone and for a grid of (keep, add). Needs scikit-learn (installed
with sentence-transformers). Nothing here is used at run time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from pipeline.config import apply_offline_env  # noqa: E402

apply_offline_env()

from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from pipeline.embed import load_model  # noqa: E402
from pipeline.evaluate import coverage, units_match, word_set  # noqa: E402
from pipeline.extract.components import FIELDS_KEY, TYPES, context_of, units_of  # noqa: E402
from pipeline.extract.train import FOLDS, decide, f1, labelled_docs, training_split  # noqa: E402


def collect(corpus: Path) -> list[dict]:
    gold_dirs, held = training_split(corpus)
    out: list[dict] = []
    for item in labelled_docs(corpus, gold_dirs, held):
        doc, golds = item.doc, item.golds
        ctx, found = context_of(doc), doc.user_data.get(FIELDS_KEY, {})
        for unit in units_of(doc):
            words = word_set(unit.text)
            cats = {t: any(t == gt and units_match(*coverage(words, gw)) for gt, gw in golds) for t in TYPES}
            rules = {t: found[(t, unit.start_char, unit.end_char)]["cue"] for t in TYPES
                     if (t, unit.start_char, unit.end_char) in found}  # fmt: skip
            sym = {f"kind={ctx.doc_kind}": 1.0, f"block={ctx.block}": 1.0, "hd": float(bool(ctx.heading_deadline)),
                   f"root={unit.root.lemma_.lower()}": 1.0, f"roottag={unit.root.tag_}": 1.0,
                   f"first={unit[0].lemma_.lower()}": 1.0, f"firsttag={unit[0].tag_}": 1.0,
                   "md": float(any(t.tag_ == "MD" for t in unit)), "num": float(any(t.like_num for t in unit)),
                   "date": float(any(t.ent_type_ == "DATE" for t in unit)),
                   "party": float(any(t.ent_type_ in ("PERSON", "ORG") for t in unit)),
                   "len": min(len(unit), 60) / 60}  # fmt: skip
            for t, cue in rules.items():
                sym[f"rule={t}"] = sym[f"cue={t}:{cue}"] = 1.0
            tv = doc.tensor[unit.start : unit.end].mean(axis=0) if len(doc.tensor) else np.zeros(96)
            out.append({"doc": item.name, "group": item.group,
                        "text": unit.text, "cats": cats, "rules": rules, "sym": sym, "tv": tv})  # fmt: skip
    return out


def unit_f1(units: list[dict], p: np.ndarray, type_: str, keep: float, add: float) -> float:
    tp = fp = fn = 0
    for u, pi in zip(units, p, strict=True):
        pred, gold = decide(float(pi), u["rules"].get(type_), keep, add), u["cats"][type_]
        tp, fp, fn = tp + (pred and gold), fp + (pred and not gold), fn + (gold and not pred)
    return f1(tp, fp, fn)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--validate", help="comma-separated document-name prefixes held out for validation")
    args = parser.parse_args()
    units = collect(REPO / "corpus")
    print(f"{len(units)} units from {len({u['doc'] for u in units})} documents", file=sys.stderr)
    sym = DictVectorizer().fit_transform([u["sym"] for u in units]).toarray()
    tv = np.array([u["tv"] for u in units])
    tv = tv / (np.linalg.norm(tv, axis=1, keepdims=True) + 1e-9)
    mini = np.asarray(
        load_model().encode([u["text"] for u in units], batch_size=32, normalize_embeddings=True)
    )
    features = {"sym": sym, "tv": np.hstack([sym, tv]), "mini": np.hstack([sym, mini])}
    if args.validate:
        prefixes = tuple(args.validate.split(","))
        splits = [np.array([u["doc"].startswith(prefixes) for u in units])]
    else:
        groups = sorted({u["group"] for u in units})
        fold = {g: i % FOLDS for i, g in enumerate(groups)}
        splits = [np.array([fold[u["group"]] == k for u in units]) for k in range(FOLDS)]
    grid = [(k, a) for k in (0.0, 0.2, 0.4) for a in (0.5, 0.7, 0.9, 1.01)]
    for name, x in features.items():
        for type_ in TYPES:
            y = np.array([u["cats"][type_] for u in units])
            p = np.zeros(len(units))
            for test in splits:
                model = LogisticRegression(max_iter=3000).fit(x[~test], y[~test])
                p[test] = model.predict_proba(x[test])[:, 1]
            scored = np.logical_or.reduce(splits)
            part = [u for u, s in zip(units, scored, strict=True) if s]
            rules = unit_f1(part, p[scored], type_, 0.0, 1.01)
            best = max(grid, key=lambda ka: unit_f1(part, p[scored], type_, *ka))
            print(f"{name:5} {type_:10} rules {rules:.3f}  best model (keep {best[0]}, add {best[1]}) "
                  f"{unit_f1(part, p[scored], type_, *best):.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
