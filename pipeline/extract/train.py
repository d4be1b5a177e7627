"""Train the unit classifier that sits after the rules: `python -m pipeline.extract.train`.

Data: every candidate unit the pipeline finds in the corpus documents that have gold labels (the
folders models/split.json names in "gold_dirs"), except the held-out documents named there. A unit's labels are the gold types it matches
under the scorer's rule (pipeline/evaluate.py). Features: the unit's words plus pseudo-words for
its context and for the rule cues that fired on it (see components.classifier_text).

Method: a bag-of-words `textcat_multilabel` (uni- and bigrams, hashed to 2^16), fixed seed. The
decision thresholds are chosen on out-of-fold scores of a 5-fold cross-validation grouped by
document (a PDF twin stays in its text original's fold), then one model is trained on all training
units. Writes models/unit_classifier/ (the spaCy pipeline, thresholds.json, training.json).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from pipeline.config import SPACY_MODEL, Settings
from pipeline.evaluate import coverage, load_gold, units_match, word_set
from pipeline.extract.components import FIELDS_KEY, SURE_CUES, TYPES, classifier_text, context_of, units_of
from pipeline.extract.context import attach, passage_contexts
from pipeline.extract.pipeline import build_nlp
from pipeline.ingest import discover
from pipeline.manifest import load_manifest
from pipeline.records import MeetingMeta
from pipeline.runs import read_and_segment
from pipeline.trace.link import body_key

MODEL_DIR = Path("models/unit_classifier")
SPLIT_FILE = Path("models/split.json")
SEED = 0
EPOCHS = 12
FOLDS = 5
ADD_FLOOR_PCT = 50
BOW = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 2**16,
}


@dataclass
class UnitExample:
    doc: str
    group: str
    text: str
    cats: dict[str, float]
    rules: dict[str, str]  # type → cue of the rule record on this unit


def group_of(name: str) -> str:
    return name.rsplit(".", 1)[0]


def body_group(name: str, meta: MeetingMeta | None) -> str:
    """The cross-validation group of a document: its body when the manifest names one, so that the
    out-of-fold scores measure minutes of bodies the model has not seen (the way it is used), not
    another meeting of a body it was trained on; else the document itself."""
    if meta is not None and meta.body:
        return "body:" + body_key(meta.body)
    return group_of(name)


@dataclass
class LabelledDoc:
    """One passage of a gold-labelled document, run through the rule pipeline."""

    name: str  # the document's file name
    group: str  # its cross-validation group (body_group)
    golds: list[tuple[str, frozenset[str]]]  # (type, words) of the document's gold units
    doc: Doc  # the passage, with the rule records in doc.user_data[FIELDS_KEY]


def labelled_docs(corpus: Path, gold_dirs: list[Path], held_out: set[str]) -> Iterator[LabelledDoc]:
    """The passages of every gold-labelled document not held out, through the pipeline without the
    classifier: what training and the rule-precision experiment both read."""
    gold: dict[str, list[dict[str, Any]]] = {}
    for gold_dir in gold_dirs:
        gold.update(load_gold(gold_dir))
    manifest = load_manifest(corpus)
    nlp = build_nlp(spacy.load(SPACY_MODEL), with_classifier=False)
    for path in discover(corpus):
        if path.name not in gold or path.name in held_out:
            continue
        seg = read_and_segment(path, manifest, Settings().max_file_bytes)
        group = body_group(path.name, manifest.get(path.name))
        contexts = passage_contexts(seg)
        golds = [(g["type"], word_set(g["text"])) for g in gold[path.name]]
        docs = []
        for passage in seg.passages:
            if passage.kind == "heading" or not passage.text.strip():
                continue
            doc = nlp.make_doc(passage.text)
            attach(doc.user_data, contexts[passage.passage_id])
            docs.append(doc)
        for doc in nlp.pipe(docs, batch_size=16):
            yield LabelledDoc(path.name, group, golds, doc)


def collect(corpus: Path, gold_dirs: list[Path], held_out: set[str]) -> list[UnitExample]:
    out: list[UnitExample] = []
    for item in labelled_docs(corpus, gold_dirs, held_out):
        doc = item.doc
        ctx = context_of(doc)
        found = doc.user_data.get(FIELDS_KEY, {})
        for unit in units_of(doc):
            words = word_set(unit.text)
            cats = {t: 0.0 for t in TYPES}
            for type_, g_words in item.golds:
                if units_match(*coverage(words, g_words)):
                    cats[type_] = 1.0
            rules = {t: found[(t, unit.start_char, unit.end_char)]["cue"] for t in TYPES
                     if (t, unit.start_char, unit.end_char) in found}  # fmt: skip
            out.append(UnitExample(item.name, item.group, classifier_text(doc, unit, ctx), cats, rules))
    return out


def train(examples: list[UnitExample]) -> Language:
    fix_random_seed(SEED)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": BOW, "threshold": 0.5})
    for type_ in TYPES:
        textcat.add_label(type_)  # type: ignore[attr-defined]
    data = [Example.from_dict(nlp.make_doc(e.text), {"cats": e.cats}) for e in examples]
    optimizer = nlp.initialize(lambda: data)
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(data)
        for batch in minibatch(data, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


NEVER = 1.01  # an "add" threshold no probability reaches: the model never adds a record on its own
# The out-of-fold unit F1 a (keep, add) pair must gain over the rules alone to be used; below it the
# model only contributes to the confidence score (one held-out unit in ~100 is worth ~0.01).
MIN_GAIN = 0.01


def decide(p: float, rule_cue: str | None, keep: float, add: float) -> bool:
    """The classifier component's rule (components.UnitClassifier), on one unit and type: a rule
    record is kept when p >= keep (or its cue is formulaic); a unit without one is added when p >= add."""
    if rule_cue is not None:
        return p >= keep or rule_cue in SURE_CUES
    return p >= add


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose_thresholds(examples: list[UnitExample], probs: list[dict[str, float]]) -> dict[str, Any]:
    """Per type, the (keep, add) pair with the best out-of-fold unit F1; ties go to the pair that
    changes the rules' output least (lowest keep, no adding)."""
    chosen: dict[str, Any] = {}
    grid = [(k / 100, NEVER) for k in range(0, 91, 5)] + [
        (k / 100, a / 100) for k in range(0, 91, 5) for a in range(ADD_FLOOR_PCT, 100, 5)
    ]
    for type_ in TYPES:
        best = (-1.0, 0.0, NEVER)
        for keep, add in grid:
            tp = fp = fn = 0
            for e, p in zip(examples, probs, strict=True):
                pred = decide(p[type_], e.rules.get(type_), keep, add)
                gold = e.cats[type_] > 0.5
                tp += pred and gold
                fp += pred and not gold
                fn += gold and not pred
            score = f1(tp, fp, fn)
            if score > best[0] + 1e-9:
                best = (score, keep, add)
        rule_tp = sum(1 for e in examples if type_ in e.rules and e.cats[type_] > 0.5)
        rule_fp = sum(1 for e in examples if type_ in e.rules and e.cats[type_] <= 0.5)
        rule_fn = sum(1 for e in examples if type_ not in e.rules and e.cats[type_] > 0.5)
        rules_only = f1(rule_tp, rule_fp, rule_fn)
        if best[0] < rules_only + MIN_GAIN:
            best = (rules_only, 0.0, NEVER)  # a gain this small is noise: the rules stand
        chosen[type_] = {"keep": best[1], "add": best[2], "oof_unit_f1": round(best[0], 3),
                         "rules_only_unit_f1": round(rules_only, 3)}  # fmt: skip
    return chosen


def cross_validate(examples: list[UnitExample]) -> list[dict[str, float]]:
    groups = sorted({e.group for e in examples})
    fold_of = {g: i % FOLDS for i, g in enumerate(groups)}
    probs: list[dict[str, float]] = [{} for _ in examples]
    for fold in range(FOLDS):
        train_part = [e for e in examples if fold_of[e.group] != fold]
        test_idx = [i for i, e in enumerate(examples) if fold_of[e.group] == fold]
        model = train(train_part)
        for i, doc in zip(test_idx, model.pipe(examples[i].text for i in test_idx), strict=True):
            probs[i] = dict(doc.cats)
    return probs


def training_split(corpus: Path) -> tuple[list[Path], set[str]]:
    """(gold folders, held-out file names) from models/split.json: every "held_out…" list (the dev
    files held out in session 1, the test sets, the sets not yet read), with the PDF twin of each."""
    split = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    gold_dirs = [corpus / d for d in split.get("gold_dirs", ["gold"])]
    held_out = {name for key, names in split.items() if key.startswith("held_out") for name in names}
    held_out |= {group_of(h) + ".pdf" for h in held_out}
    return gold_dirs, held_out


def main(argv: list[str]) -> None:
    corpus = Path(argv[0]) if argv else Path("corpus")
    gold_dirs, held_out = training_split(corpus)
    examples = collect(corpus, gold_dirs, held_out)
    print(f"{len(examples)} units from {len({e.doc for e in examples})} documents", file=sys.stderr)
    probs = cross_validate(examples)
    thresholds = choose_thresholds(examples, probs)
    model = train(examples)
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    model.to_disk(MODEL_DIR)
    (MODEL_DIR / "thresholds.json").write_text(
        json.dumps({t: {"keep": v["keep"], "add": v["add"]} for t, v in thresholds.items()}, indent=1) + "\n",
        encoding="utf-8",
    )
    positives: dict[str, int] = defaultdict(int)
    for e in examples:
        for t in TYPES:
            positives[t] += int(e.cats[t] > 0.5)
    report = {
        "units": len(examples),
        "documents": sorted({e.doc for e in examples}),
        "positives": dict(positives),
        "held_out": sorted(held_out),
        "cross_validation": thresholds,
        "seed": SEED,
        "epochs": EPOCHS,
        "folds": FOLDS,
    }
    (MODEL_DIR / "training.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(thresholds, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
