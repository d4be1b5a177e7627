"""search: the search issue owns this command."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from pipeline.cli import app
from pipeline.cli.core import DEFAULT_DB, DbOption, _json_default, open_reader


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in your own words.")],
    db: DbOption = DEFAULT_DB,
    k: Annotated[int, typer.Option("-k", help="How many results.", min=1, max=1000)] = 10,
    mode: Annotated[str, typer.Option(help="hybrid, keyword or semantic.")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array instead of text.")] = False,
) -> None:
    """Search decisions, commitments, targets and passages by keyword and meaning.

    Example: boardtrace search "what did the Board decide about the estates strategy" -k 5
    """
    from pipeline.search import search as run_search

    con = open_reader(db)
    try:
        hits = run_search(con, query, k=k, mode=mode)
    finally:
        con.close()
    if as_json:
        typer.echo(
            json.dumps([h.to_dict() for h in hits], ensure_ascii=False, default=_json_default, indent=1)
        )
        return
    out = Console()
    if not hits:
        out.print("no results")
    for i, h in enumerate(hits, 1):
        where = ", ".join(
            x for x in (h.doc, f"p. {h.page}" if h.page else None, h.agenda_item, h.meeting_date) if x
        )
        out.print(f"[bold]{i}. [{h.type}][/bold] {h.text}", highlight=False)
        out.print(f"   {where}  (score {h.score:.4f}; {h.why})  id {h.id}", style="dim", highlight=False)
