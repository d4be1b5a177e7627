"""Cut a text into pieces by marked spans (records in a passage, query terms in a quote).

Pure functions: the templates escape each piece and wrap marked ones in <mark>, so no document
text is ever joined into HTML by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    marks: tuple[str, ...] = ()  # labels of the spans covering this piece, in span order


def split_marked(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """Pieces of `text` whose concatenation is `text`; overlapping spans give pieces with several
    marks. Span offsets are clipped to the text; empty spans are ignored."""
    clipped = [
        (max(0, s), min(len(text), e), label) for s, e, label in spans if min(len(text), e) > max(0, s)
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        marks = tuple(label for s, e, label in clipped if s <= a and b <= e)
        pieces.append(Piece(text[a:b], marks))
    return pieces


def term_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where each query term occurs in `text` (case-insensitive, whole-word prefix match)."""
    spans = []
    for term in {t for t in terms if t and len(t) > 1}:
        for m in re.finditer(r"(?<![A-Za-z0-9])" + re.escape(term), text, flags=re.IGNORECASE):
            spans.append((m.start(), m.end(), "term"))
    return spans


def highlight_terms(text: str, terms: Sequence[str]) -> list[Piece]:
    return split_marked(text, term_spans(text, terms))
