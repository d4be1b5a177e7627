"""The training data reader: gold-labelled units with the rule cue that fired on them."""

import json
from pathlib import Path

from pipeline.extract.train import NEVER, collect, decide

TEXT = "Parish Council minutes\n\nRESOLVED that the report be noted.\n\nThe Clerk will write to the county council.\n"


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus, gold = tmp_path / "corpus", tmp_path / "corpus" / "gold"
    gold.mkdir(parents=True)
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "b.txt").write_text(TEXT, encoding="utf-8")
    rows = [
        {"doc": "a.txt", "type": "decision", "text": "RESOLVED that the report be noted.", "fields": {}},
        {
            "doc": "a.txt",
            "type": "commitment",
            "text": "The Clerk will write to the county council.",
            "fields": {},
        },
    ]
    (gold / "a.txt.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (gold / "b.txt.jsonl").write_text("", encoding="utf-8")
    return corpus, gold


def test_units_carry_their_gold_types_and_the_rules_that_fired(tmp_path: Path) -> None:
    corpus, gold = _corpus(tmp_path)
    examples = collect(corpus, [gold], held_out=set())
    a = [e for e in examples if e.doc == "a.txt"]
    decided = next(e for e in a if "RESOLVED" in e.text or "resolved" in e.text.lower())
    assert decided.cats["decision"] == 1.0 and decided.cats["commitment"] == 0.0
    assert decided.rules.get("decision")  # a rule found it, and its cue is recorded
    promised = next(e for e in a if "write to the county council" in e.text)
    assert promised.cats["commitment"] == 1.0 and promised.rules.get("commitment")
    # the same text with no gold items gives the same units, all negative
    b = [e for e in examples if e.doc == "b.txt"]
    assert len(b) == len(a) and all(not any(e.cats.values()) for e in b)


def test_held_out_documents_never_train(tmp_path: Path) -> None:
    corpus, gold = _corpus(tmp_path)
    assert {e.doc for e in collect(corpus, [gold], held_out={"a.txt"})} == {"b.txt"}


def test_the_classifier_keeps_formulaic_records_and_adds_nothing_at_never() -> None:
    assert decide(0.0, "resolved", keep=0.5, add=NEVER)  # a formulaic cue is always kept
    assert not decide(0.99, None, keep=0.0, add=NEVER)  # never adds on its own
