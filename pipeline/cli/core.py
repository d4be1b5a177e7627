"""run, export, search, show, stats."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from pipeline import queries, store
from pipeline.cli import app
from pipeline.errors import BoardtraceError

DEFAULT_DB = Path("outputs/boardtrace.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.")]
err = Console(stderr=True)


def open_reader(db: Path) -> Any:
    return store.connect(db, read_only=True)


def _json_default(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@app.command()
def run(
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder of documents, read recursively.")] = Path(
        "corpus"
    ),
    db: DbOption = DEFAULT_DB,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait for another run's lock instead of refusing.")
    ] = False,
    failure_threshold: Annotated[
        float, typer.Option(help="Share of failed documents above which the run fails (exit 1).")
    ] = 0.5,
    task_runner: Annotated[
        str,
        typer.Option(
            "--task-runner", help="default (this process) or dask (reading, extraction, embedding on Dask)."
        ),
    ] = "default",
    dask_address: Annotated[
        str | None,
        typer.Option(
            "--dask-address",
            help="Scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786; without it a local 2-worker cluster.",
        ),
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            help="File listing URLs and ModernGov sites to fetch before the run (docs/operations.md).",
        ),
    ] = None,
) -> None:
    """Run the nightly flow: ingest new and changed documents, extract, embed, store.

    Exit code 0 when every document succeeded, 2 when some failed (they are recorded in the
    `failures` table and the run summary), 1 on a fatal error.

    Example: boardtrace run --corpus corpus/ --db outputs/boardtrace.duckdb
    """
    from pipeline.cli.progress import run_with_progress
    from pipeline.store.snapshot import check_unlocked

    if task_runner not in ("default", "dask"):
        raise typer.BadParameter("use default or dask", param_hint="--task-runner")
    if not wait:
        check_unlocked(db)  # refuse now, not after Prefect has started
    started = time.perf_counter()
    summary = run_with_progress(
        corpus,
        db,
        wait,
        failure_threshold,
        task_runner=task_runner,
        dask_address=dask_address,
        sources=sources,
    )
    elapsed = time.perf_counter() - started
    _print_run_summary(summary, db, elapsed)
    if summary["status"] == "failed":
        raise typer.Exit(1)
    raise typer.Exit(2 if summary["failed"] else 0)


def _print_run_summary(summary: dict[str, Any], db: Path, elapsed: float) -> None:
    con = open_reader(db)
    try:
        s = queries.stats(con)
    finally:
        con.close()
    by_type = ", ".join(f"{k} {v}" for k, v in s["records_by_type"].items()) or "none"
    out = Console(soft_wrap=True)
    out.print(f"[bold]boardtrace run {summary['run_id']}[/bold]: {summary['status']} in {elapsed:.1f} s")
    out.print(
        f"  this run: {len(summary['new'])} new, {len(summary['changed'])} changed, "
        f"{len(summary['unchanged'])} unchanged, {len(summary['failed'])} failed documents"
    )
    out.print(
        f"  database: {s['documents']} documents, {s['pages']} pages, {s['agenda_items']} agenda items, "
        f"{s['passages']} passages, {s['entities']} entities"
    )
    out.print(f"  records: {by_type}")
    for failure in summary["failed"]:
        out.print(f"  [red]failed[/red] {failure['path']}: {failure['reason']}: {failure['message']}")
    out.print(f"  db: {db}   summary: {db.parent / 'runs' / (summary['run_id'] + '.json')}")


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of standard output.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="decision, commitment or target.")] = None,
    format_: Annotated[
        str, typer.Option("--format", help="jsonl (records) or parquet (every table, a backup; --out DIR).")
    ] = "jsonl",
) -> None:
    """Write every extracted record as JSON lines: id, doc, doc_id, type, text, fields, page,
    agenda_item, char_start, char_end, confidence, extractor. With --format parquet, write every
    table to --out DIR instead (restore with `boardtrace import DIR`).

    Example: boardtrace export --type commitment --out commitments.jsonl
    """
    if format_ == "parquet":
        _export_parquet(db, out)
        return
    if format_ != "jsonl":
        raise typer.BadParameter("use jsonl or parquet", param_hint="--format")
    con = open_reader(db)
    try:
        handle = out.open("w", encoding="utf-8") if out else sys.stdout
        try:
            n = 0
            for row in queries.export_records(con, type_):
                handle.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
                n += 1
        finally:
            if out:
                handle.close()
    finally:
        con.close()
    if out:
        err.print(f"wrote {n} records to {out}")


def _export_parquet(db: Path, out: Path | None) -> None:
    from pipeline.backup import export_parquet

    if out is None:
        raise typer.BadParameter(
            "--format parquet writes a folder: give it with --out DIR", param_hint="--out"
        )
    con = open_reader(db)
    try:
        counts = export_parquet(con, out)
    finally:
        con.close()
    err.print(f"wrote {len(counts)} tables ({sum(counts.values())} rows) to {out}")


@app.command()
def show(id_: Annotated[str, typer.Argument(metavar="ID", help="A record, passage, agenda item or document id.")],
         db: DbOption = DEFAULT_DB,
         as_json: Annotated[bool, typer.Option("--json")] = False) -> None:  # fmt: skip
    """Show one record, passage, agenda item or document with its provenance and surrounding text.

    Example: boardtrace show r_0123456789abcdef
    """
    con = open_reader(db)
    try:
        obj = queries.show(con, id_)
    finally:
        con.close()
    if as_json:
        typer.echo(json.dumps(obj, ensure_ascii=False, default=_json_default, indent=1))
        return
    out = Console(soft_wrap=True)
    skip = {"context", "text", "entities", "agenda_items", "records"}
    out.print(f"[bold]{obj['kind']}[/bold]", highlight=False)
    for key, value in obj.items():
        if key not in skip and value is not None:
            out.print(f"  {key}: {value}", highlight=False)
    if "context" in obj:
        c = obj["context"]
        out.print(f"\n…{c['before']}[reverse]{c['text']}[/reverse]{c['after']}…", highlight=False)
    for e in obj.get("entities", []):
        out.print(f"  entity {e['label']}: {e['text']}", highlight=False)
    for a in obj.get("agenda_items", []):
        out.print(
            f"  item {a['number'] or '-'} {a['title']} (p. {a['page']})  {a['item_id']}", highlight=False
        )
    for r in obj.get("records", []):
        out.print(f"  [{r['type']}] {r['text'][:100]}  {r['record_id']}", highlight=False)


@app.command()
def stats(db: DbOption = DEFAULT_DB, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of documents, pages, agenda items, passages, records by type, and the last run.

    Example: boardtrace stats --db outputs/boardtrace.duckdb
    """
    con = open_reader(db)
    try:
        s = queries.stats(con)
    finally:
        con.close()
    if as_json:
        typer.echo(json.dumps(s, default=_json_default, indent=1))
        return
    out = Console(soft_wrap=True)
    for key, value in s.items():
        out.print(f"{key}: {value}", highlight=False)


def fail(message: str) -> None:
    raise BoardtraceError(message)
