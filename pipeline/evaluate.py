"""Scoring extracted records against gold labels written to ANNOTATION.md.

The matching rule is the project's reference rule:

- Texts are compared as sets of words: HTML tags dropped, entities decoded, case-folded, words are
  runs of ``[a-z0-9£%]``.
- A prediction and a gold unit of the same type and document match when the prediction covers at
  least 60% of the gold unit's words while at least 20% of its own words are in the gold unit (a
  sentence may stand for a clause of it), or when at least 80% of the prediction's words are in the
  gold unit and they cover at least 25% of it (a clause may stand for its sentence).
- Predictions of one type whose word sets are at least 80% the same (Jaccard) count once.
- Recall counts gold units that some prediction matches; precision counts predictions that match
  some gold unit. Fields are compared on each gold unit's best match (highest sum of coverages).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

TYPES: tuple[str, ...] = ("decision", "commitment", "target")
SCORED_FIELDS: dict[str, tuple[str, ...]] = {
    "decision": ("outcome",),
    "commitment": ("due_date",),
    "target": ("value", "unit", "comparator", "deadline_date"),
}
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-z0-9£%]+")
SAME_ITEM_JACCARD = 0.8


def word_set(text: str) -> frozenset[str]:
    cleaned = html.unescape(_TAG.sub(" ", text)).lower()
    return frozenset(_WORD.findall(cleaned))


def coverage(pred: frozenset[str], gold: frozenset[str]) -> tuple[float, float]:
    """(share of the gold unit's words the prediction has, share of the prediction's words in gold)."""
    if not pred or not gold:
        return 0.0, 0.0
    shared = len(pred & gold)
    return shared / len(gold), shared / len(pred)


def units_match(cov_gold: float, cov_pred: float) -> bool:
    sentence_for_clause = cov_gold >= 0.6 and cov_pred >= 0.2
    clause_for_sentence = cov_pred >= 0.8 and cov_gold >= 0.25
    return sentence_for_clause or clause_for_sentence


def merge_repeats(items: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Drop predictions whose words are 80% the same as an earlier one's (saying it twice earns nothing)."""
    kept: list[Mapping[str, Any]] = []
    kept_words: list[frozenset[str]] = []
    for item in items:
        words = word_set(str(item.get("text", "")))
        if words and any(
            len(words & other) / max(len(words | other), 1) >= SAME_ITEM_JACCARD for other in kept_words
        ):
            continue
        kept.append(item)
        kept_words.append(words)
    return kept


def normalise_value(value: Any) -> Any:
    """Field values compare as rounded numbers when they are numeric, else as trimmed lower text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return round(float(value), 2)
    text = str(value).strip().lower()
    try:
        return round(float(text.replace(",", "")), 2)
    except ValueError:
        return text


@dataclass
class TypeScore:
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_pred: int = 0

    @property
    def precision(self) -> float:
        return self.matched_pred / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    documents: int = 0
    types: dict[str, TypeScore] = field(default_factory=lambda: {t: TypeScore() for t in TYPES})
    field_hits: Counter[str] = field(default_factory=Counter)
    field_total: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)
    field_errors: list[tuple[str, str, str, Any, Any]] = field(default_factory=list)

    def field_accuracy(self) -> dict[str, float]:
        return {name: self.field_hits[name] / total for name, total in sorted(self.field_total.items())}

    @property
    def macro_f1(self) -> float:
        return sum(self.types[t].f1 for t in TYPES) / len(TYPES)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "types": {
                t: {
                    "gold": s.gold,
                    "predicted": s.predicted,
                    "precision": round(s.precision, 3),
                    "recall": round(s.recall, 3),
                    "f1": round(s.f1, 3),
                }  # fmt: skip
                for t, s in self.types.items()
            },
            "fields": {k: round(v, 3) for k, v in self.field_accuracy().items()},
            "macro_f1": round(self.macro_f1, 3),
        }

    def lines(self, errors: bool = False) -> list[str]:
        out: list[str] = []
        if errors:
            out += [f"MISS  {t:10} {doc}: {text[:110]}" for doc, t, text in self.misses]
            out += [f"FALSE {t:10} {doc}: {text[:110]}" for doc, t, text in self.false_alarms]
            out += [
                f"FIELD {name:24} {doc}: gold={g!r} pred={p!r}  {text[:70]}"
                for doc, name, text, g, p in self.field_errors
            ]
        out.append(f"documents scored: {self.documents}")
        for t, s in self.types.items():
            out.append(
                f"{t:10} gold {s.gold:4} predicted {s.predicted:4} "
                f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"
            )
        out += [f"field {name:28} accuracy {acc:.3f}" for name, acc in self.field_accuracy().items()]
        out.append(f"macro F1 {self.macro_f1:.3f}")
        return out


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ConfigError(f"{path}:{n}: not JSON: {e}") from e
    return rows


def load_gold(gold_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Document name → gold units; an empty file is a document with no items."""
    if not gold_dir.is_dir():
        raise ConfigError(f"gold folder not found: {gold_dir}")
    gold: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(gold_dir.glob("*.jsonl")):
        gold.setdefault(path.name[: -len(".jsonl")], [])
        for row in read_jsonl(path):
            gold.setdefault(str(row["doc"]), []).append(row)
    return gold


def score(
    gold: Mapping[str, Sequence[Mapping[str, Any]]],
    predictions: Iterable[Mapping[str, Any]],
    docs: Iterable[str] | None = None,
) -> Report:
    """Score predictions (export-format dicts) against gold units, document by document."""
    wanted = set(docs) if docs is not None else None
    scored = {d: g for d, g in gold.items() if wanted is None or d in wanted}
    by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for row in predictions:
        name = Path(str(row.get("doc", ""))).name
        if name in scored and row.get("type") in TYPES:
            by_doc.setdefault(name, []).append(row)

    report = Report(documents=len(scored))
    for doc, golds in scored.items():
        for t in TYPES:
            gold_items = [g for g in golds if g.get("type") == t]
            pred_items = merge_repeats([p for p in by_doc.get(doc, []) if p.get("type") == t])
            pred_words = [word_set(str(p.get("text", ""))) for p in pred_items]
            matched: set[int] = set()
            stats = report.types[t]
            stats.gold += len(gold_items)
            stats.predicted += len(pred_items)
            for g in gold_items:
                g_words = word_set(str(g.get("text", "")))
                best_j, best = None, 0.0
                for j, p_words in enumerate(pred_words):
                    cov_g, cov_p = coverage(p_words, g_words)
                    if units_match(cov_g, cov_p):
                        matched.add(j)
                        if cov_g + cov_p > best:
                            best_j, best = j, cov_g + cov_p
                if best_j is None:
                    report.misses.append((doc, t, str(g.get("text", ""))))
                    continue
                stats.matched_gold += 1
                g_fields = g.get("fields") or {}
                p_fields = pred_items[best_j].get("fields") or {}
                for name in SCORED_FIELDS[t]:
                    if name not in g_fields:
                        continue
                    key = f"{t}.{name}"
                    report.field_total[key] += 1
                    hit = normalise_value(g_fields[name]) == normalise_value(p_fields.get(name))
                    report.field_hits[key] += int(hit)
                    if not hit:
                        report.field_errors.append(
                            (doc, key, str(g.get("text", "")), g_fields[name], p_fields.get(name))
                        )
            stats.matched_pred += len(matched)
            report.false_alarms += [
                (doc, t, str(p.get("text", ""))) for j, p in enumerate(pred_items) if j not in matched
            ]
    return report
