"""serve: the web-app issue owns this command."""

from __future__ import annotations

from pipeline.cli import app  # noqa: F401
