"""eval: extract a corpus and score it against gold labels (ANNOTATION.md's matching rule)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app
from pipeline.evaluate import load_gold, read_jsonl, score
from pipeline.extract.run_corpus import extract_corpus


@app.command("eval")
def eval_(
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Folder of <doc>.jsonl gold files (default CORPUS/gold).")
    ] = None,
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder of documents, read recursively.")] = Path(
        "corpus"
    ),
    errors: Annotated[
        bool, typer.Option("--errors", help="List misses, false alarms and wrong fields.")
    ] = False,
    docs: Annotated[
        str | None,
        typer.Option("--docs", help="Comma-separated document names to score (default: all with gold)."),
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option("--predictions", help="Score this export-format JSONL instead of extracting."),
    ] = None,
    save: Annotated[
        Path | None, typer.Option("--save", help="Also write the extracted records here (JSONL).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per type and accuracy per scored field, against gold labels."""
    gold_dir = gold or corpus / "gold"
    gold_units = load_gold(gold_dir)
    if predictions is not None:
        rows = read_jsonl(predictions)
    else:
        rows = list(extract_corpus(corpus))
        if save is not None:
            save.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    wanted = [d.strip() for d in docs.split(",")] if docs else None
    report = score(gold_units, rows, wanted)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=1))
        return
    for line in report.lines(errors=errors):
        typer.echo(line)
