"""Tracing commitments and targets across later documents (the tracing issue fills this in)."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb


def trace_new_documents(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> int:
    """Link records to evidence in the given (new or changed) documents; returns links written.
    Foundation version: writes no links yet."""
    return 0
