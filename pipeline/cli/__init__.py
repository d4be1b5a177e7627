"""The `boardtrace` command line. Library errors become one clean line and an exit code here.

Sub-commands live in sibling modules, one per capability, each adding itself to `app`.
"""

from __future__ import annotations

import sys

import typer

from pipeline.config import apply_offline_env
from pipeline.errors import BoardtraceError

app = typer.Typer(
    name="boardtrace",
    help="Mine board minutes and plans for decisions, commitments and targets, with provenance.\n\n"
    'Typical use: `boardtrace run --corpus corpus/` then `boardtrace search "estates strategy"`.',
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Registration happens on import; keep these imports below `app`.
from pipeline.cli import core, eval_cmd, ops_cmd, search_cmd, serve_cmd, trace_cmd  # noqa: E402,F401


def main() -> None:
    apply_offline_env()
    try:
        app()
    except BoardtraceError as e:
        typer.echo(f"boardtrace: {e}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("boardtrace: interrupted", err=True)
        sys.exit(130)
