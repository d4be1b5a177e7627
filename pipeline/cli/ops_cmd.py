"""schedule, import: the nightly-operations issue owns these commands."""

from __future__ import annotations

from pipeline.cli import app  # noqa: F401
