"""trace: one commitment's or target's timeline, or the register filtered by status."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from pipeline.cli import app
from pipeline.cli.core import DEFAULT_DB, DbOption, _json_default, open_reader
from pipeline.errors import NotFound

_STATUS_ALIASES = {"in_progress": "in progress", "in-progress": "in progress", "no_evidence": "no evidence",
                   "no-evidence": "no evidence", "inprogress": "in progress"}  # fmt: skip


def _status(value: str | None) -> str | None:
    from pipeline.trace import STATUSES

    if value is None:
        return None
    status = _STATUS_ALIASES.get(value.strip().lower(), value.strip().lower())
    if status not in STATUSES:
        raise typer.BadParameter(f"use one of: {', '.join(STATUSES)}", param_hint="--status")
    return status


@app.command()
def trace(
    item_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="A commitment's or target's id.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    status: Annotated[
        str | None,
        typer.Option("--status", help="open, in progress, done, overdue, changed or no evidence."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, one object per item.")] = False,
) -> None:
    """Follow commitments and targets through later meetings: one item's timeline, or the register.

    Status is judged as of the latest meeting stored for the item's body.

    Examples: boardtrace trace --status overdue · boardtrace trace c1a2b3c4d5e6f7a8 --json
    """
    from pipeline.trace import timelines

    wanted = _status(status)
    con = open_reader(db)
    try:
        items = timelines(con, record_id=item_id, status=wanted)
        if item_id and not items and not timelines(con, record_id=item_id):
            raise NotFound(f"no commitment or target with id {item_id}")
    finally:
        con.close()
    if as_json:
        typer.echo(
            json.dumps([t.to_dict() for t in items], ensure_ascii=False, default=_json_default, indent=1)
        )
        return
    out = Console(highlight=False, soft_wrap=True)
    if not items:
        out.print("no items")
        return
    if item_id:
        item = items[0]
        out.print(f"[bold][{item.type}] {item.status.upper()}[/bold]  {item.text}")
        where = ", ".join(
            str(x) for x in (item.doc, item.meeting_date, f"p. {item.page}" if item.page else None) if x
        )
        out.print(f"  {where}; {item.reason}", style="dim")
        if item.due_date:
            out.print(f"  due {item.due_date}", style="dim")
        for ln in item.links:
            page = f", p. {ln.page}" if ln.page else ""
            out.print(f"  → {ln.meeting_date} [bold]{ln.label}[/bold] ({ln.score:.2f}) {ln.doc}{page}")
            out.print(f"    “{ln.quote or ln.text}”")
        if not item.links:
            out.print("  no later evidence")
        return
    for item in items:
        latest = item.links[-1] if item.links else None
        tail = f" — {latest.label} {latest.meeting_date}" if latest else ""
        out.print(f"[bold]{item.status:11}[/bold] [{item.type[:3]}] {item.text[:90]}{tail}")
        out.print(f"            {item.doc} {item.meeting_date or ''}  id {item.id}", style="dim")
