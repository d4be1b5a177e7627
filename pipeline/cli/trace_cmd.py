"""trace: the tracing issue owns this command."""

from __future__ import annotations

from pipeline.cli import app  # noqa: F401
