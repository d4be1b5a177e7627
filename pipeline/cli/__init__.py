"""The `boardtrace` command line. Library errors become one clean line and an exit code here.

Sub-commands live in sibling modules, one per capability, each adding itself to `app`.
"""

from __future__ import annotations

import os
import sys

import typer

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
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # The embedded Prefect API starts in a subprocess; on a busy 2-core machine it can take longer
    # than Prefect's default 20 s, and telemetry has no network to reach here.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        app()
    except BoardtraceError as e:
        typer.echo(f"boardtrace: {e}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("boardtrace: interrupted", err=True)
        sys.exit(130)
