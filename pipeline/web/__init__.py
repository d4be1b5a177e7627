"""The local web app: `create_app(db)` gives a FastAPI app over a read-only database."""

from __future__ import annotations

from pipeline.web.app import create_app

__all__ = ["create_app"]
