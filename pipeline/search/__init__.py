"""Search over decisions, commitments, targets and passages: BM25 and MiniLM cosine, fused, with
filters, quoted phrases and the reasons each result matched.

`search()` is the library entry point (CLI, web app, notebooks); `refresh_indexes()` rebuilds the
index after a run's writes (the nightly flow calls it).
"""

from pipeline.search.engine import Fusion, Hit, describe, search
from pipeline.search.index import refresh_indexes
from pipeline.search.query import Filters, parse_query

__all__ = ["Filters", "Fusion", "Hit", "describe", "parse_query", "refresh_indexes", "search"]
