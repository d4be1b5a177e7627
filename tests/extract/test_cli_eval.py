"""`boardtrace eval` on a tiny corpus with its own gold."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app


def test_eval_prints_scores_and_errors(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "gold").mkdir(parents=True)
    (corpus / "m.txt").write_text(
        "Minutes of the Board meeting held on 4 March 2020\n\nRESOLVED that the report be noted.\n\n"
        "Mr Smith undertook to review the report by 1 May 2020.\n",
        encoding="utf-8",
    )
    gold = [
        {
            "doc": "m.txt",
            "type": "decision",
            "text": "RESOLVED that the report be noted.",
            "fields": {"outcome": "noted"},
        },
        {"doc": "m.txt", "type": "target", "text": "Less than 6% of women will smoke", "fields": {}},
    ]
    (corpus / "gold" / "m.txt.jsonl").write_text(
        "".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["eval", "--corpus", str(corpus), "--errors"])
    assert result.exit_code == 0, result.output
    assert "decision   gold    1 predicted    1 P 1.000 R 1.000 F1 1.000" in result.output
    assert "MISS  target" in result.output
    assert "field decision.outcome" in result.output and "accuracy 1.000" in result.output
