"""search: find decisions, commitments, targets and passages (pipeline.search does the work)."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from pipeline.cli import app
from pipeline.cli.core import DEFAULT_DB, DbOption, _json_default, open_reader


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='What to look for, in your own words; "quote" exact phrases.')],
    db: DbOption = DEFAULT_DB,
    k: Annotated[int, typer.Option("-k", help="How many results.", min=1, max=1000)] = 10,
    type_: Annotated[
        str | None, typer.Option("--type", help="decision, commitment, target or passage.")
    ] = None,
    body: Annotated[str | None, typer.Option(help="Part of the body's name, any case (Milburn).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Meetings on or after this date (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Meetings on or before this date.")] = None,
    mode: Annotated[str, typer.Option(help="hybrid, keyword or semantic.")] = "hybrid",
    outcome: Annotated[
        str | None, typer.Option(help="Decision outcome: approved, noted, deferred...")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Document kind: minutes, plan, report...")
    ] = None,
    party: Annotated[
        str | None, typer.Option("--party", "--owner", help="Part of an owner's or organisation's name.")
    ] = None,
    has_deadline: Annotated[
        bool | None,
        typer.Option("--has-deadline/--no-deadline", help="Only items with (or without) a deadline."),
    ] = None,
    deadline_before: Annotated[str | None, typer.Option(help="Deadline on or before this date.")] = None,
    deadline_after: Annotated[str | None, typer.Option(help="Deadline on or after this date.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array instead of text.")] = False,
) -> None:
    """Search decisions, commitments, targets and passages by keyword and meaning.

    Examples: boardtrace search "what did the Board decide about the estates strategy" -k 5;
    boardtrace search "smoking" --type target --deadline-before 2024; boardtrace search '"Five Year Plan"'
    """
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no model-loading bars in the output
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from pipeline.search import Filters, describe
    from pipeline.search import search as run_search

    filters = Filters.make(
        type=type_, body=body, since=since, until=until, outcome=outcome, doc_kind=kind, party=party,
        has_deadline=has_deadline, deadline_before=deadline_before, deadline_after=deadline_after,
    )  # fmt: skip
    con = open_reader(db)
    try:
        hits = run_search(con, query, k=k, mode=mode, filters=filters)
    finally:
        con.close()
    if as_json:
        typer.echo(
            json.dumps([h.to_dict() for h in hits], ensure_ascii=False, default=_json_default, indent=1)
        )
        return
    out = Console(soft_wrap=True)
    if not hits:
        out.print("no results")
    for i, h in enumerate(hits, 1):
        where = ", ".join(
            x for x in (h.body, h.meeting_date, h.doc, f"p. {h.page}" if h.page else None, h.agenda_item) if x
        )
        fields = ", ".join(
            f"{key}: {value}" for key, value in h.fields.items() if value not in (None, "", [])
        )
        out.print(f"[bold]{i}. \\[{h.type}][/bold] “{escape(h.text)}”", highlight=False)
        if fields and h.kind == "record":
            out.print(f"   {escape(fields)}", highlight=False)
        out.print(f"   {escape(' '.join(where.split()))}", style="dim", highlight=False)
        out.print(
            f"   why: {escape(describe(h))}; score {h.score:.4f}; id {h.id}", style="dim", highlight=False
        )
