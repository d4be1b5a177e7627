"""What a search asks for: the query text (with quoted phrases) and the filters, validated.

Everything here is plain data; user input reaches SQL only as parameters of fixed statements.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from pipeline.errors import QueryError

MODES = ("hybrid", "keyword", "semantic")
MAX_K = 1000
# Longer queries are cut here: MiniLM reads at most 256 word-pieces, and BM25 over a page of text
# ranks by its rarest words anyway (we keep MAX_TERMS of them).
MAX_QUERY_CHARS = 2000
MAX_TERMS = 48
MAX_FILTER_CHARS = 200
RECORD_TYPES = ("decision", "commitment", "target", "passage")
_QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'}
_PHRASE = re.compile(r'"([^"]+)"')
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Lower-case, accents stripped, whitespace collapsed: how phrases are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", plain.lower()).strip()


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the whole query, quotes removed: what is embedded and tokenised
    phrases: tuple[str, ...]  # normalised quoted phrases every result must contain


def parse_query(query: str) -> ParsedQuery:
    if not isinstance(query, str):
        raise QueryError("the query must be text")
    for fancy, plain in _QUOTES.items():
        query = query.replace(fancy, plain)
    query = query.replace("\x00", " ").strip()[:MAX_QUERY_CHARS]
    phrases = tuple(p for p in (normalise_text(m) for m in _PHRASE.findall(query)) if p)
    text = _SPACE.sub(" ", query.replace('"', " ")).strip()
    if not text:
        raise QueryError("the query is empty: give some words to search for")
    return ParsedQuery(text=text, phrases=phrases)


def parse_date(value: str | date | None, name: str, end: bool = False) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a year or month means its first day (or last, for `end`)."""
    if value is None or isinstance(value, date):
        return value
    raw = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", raw):
            return date(int(raw), 12, 31) if end else date(int(raw), 1, 1)
        if re.fullmatch(r"\d{4}-\d{1,2}", raw):
            year, month = (int(x) for x in raw.split("-"))
            if end:
                nxt = date(year + (month == 12), month % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1)
            return date(year, month, 1)
        return date.fromisoformat(raw)
    except ValueError as e:
        raise QueryError(f"{name}: {raw[:40]!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)") from e


@dataclass(frozen=True)
class Filters:
    """Narrow a search. Text filters match case-insensitively on any part of the value."""

    type: str | None = None  # decision | commitment | target | passage
    outcome: str | None = None  # a decision's outcome: approved, noted, deferred, ...
    body: str | None = None  # part of the body's name: "Milburn" finds "Milburn Parish Council"
    doc_kind: str | None = None  # minutes | plan | report | news | ...
    since: date | None = None  # meeting date on or after
    until: date | None = None  # meeting date on or before
    party: str | None = None  # part of the owner / decided-by / a named organisation or person
    has_deadline: bool | None = None
    deadline_before: date | None = None  # deadline on or before
    deadline_after: date | None = None  # deadline on or after

    @classmethod
    def make(cls, **raw: Any) -> Filters:
        """Validate loosely typed input (CLI options, query strings) into Filters."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise QueryError(f"unknown filter(s): {', '.join(unknown)}")
        clean: dict[str, Any] = {}
        for name in ("type", "outcome", "body", "doc_kind", "party"):
            value = raw.get(name)
            if value is None or str(value).strip() == "":
                continue
            text = str(value).replace("\x00", " ").strip()
            if len(text) > MAX_FILTER_CHARS:
                raise QueryError(f"{name}: at most {MAX_FILTER_CHARS} characters")
            clean[name] = text.lower() if name in ("type", "outcome", "doc_kind") else text
        if "type" in clean and clean["type"] not in RECORD_TYPES:
            raise QueryError(f"type: {clean['type'][:40]!r} is not one of {', '.join(RECORD_TYPES)}")
        clean["since"] = parse_date(raw.get("since"), "since")
        clean["until"] = parse_date(raw.get("until"), "until", end=True)
        clean["deadline_before"] = parse_date(raw.get("deadline_before"), "deadline_before", end=True)
        clean["deadline_after"] = parse_date(raw.get("deadline_after"), "deadline_after")
        if raw.get("has_deadline") is not None:
            clean["has_deadline"] = bool(raw["has_deadline"])
        if clean["since"] and clean["until"] and clean["since"] > clean["until"]:
            raise QueryError("since is after until: no meeting can match")
        return cls(**{k: v for k, v in clean.items() if v is not None})

    def active(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause over search_units `u` and its parameters. Fixed SQL; values are `?`."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.type:
            clauses.append("u.type = ?")
            params.append(self.type)
        if self.outcome:
            clauses.append("u.outcome = ?")
            params.append(self.outcome)
        if self.body:
            clauses.append("contains(lower(coalesce(u.body, '')), ?)")
            params.append(self.body.lower())
        if self.doc_kind:
            clauses.append("lower(u.doc_kind) = ?")
            params.append(self.doc_kind)
        if self.since:
            clauses.append("u.meeting_date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("u.meeting_date <= ?")
            params.append(self.until)
        if self.party:
            clauses.append("contains(lower(coalesce(u.parties, '')), ?)")
            params.append(self.party.lower())
        if self.has_deadline is True:
            clauses.append("u.deadline IS NOT NULL")
        elif self.has_deadline is False:
            clauses.append("u.deadline IS NULL")
        if self.deadline_before:
            clauses.append("u.deadline <= ?")
            params.append(self.deadline_before)
        if self.deadline_after:
            clauses.append("u.deadline >= ?")
            params.append(self.deadline_after)
        return (" AND ".join(clauses) or "TRUE"), params
