"""Candidate units: the sentences of a passage, cut further at semicolons, line breaks and inline
enumerators ("(ii)", "1.2"), with bullets, numbering and markup trimmed off both ends."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

_SPLIT = re.compile(
    r";\s+|\n+|\s(?=\(?[ivx]{1,4}\)\s)|\s(?=\(\d{1,2}\)\s)|\s(?=\d{1,2}\.\d{1,2}\s+[A-Z])|\s(?=[a-h]\)\s)"
    r"|(?<=[.!?])\s+(?=[A-Z(])"
)
_LEAD = re.compile(
    r"^(?:[\s•○·●▪■◦*>|#_-]+|\(?(?:[ivx]{1,5}|[a-h]|\d{1,2}(?:\.\d{1,2})*)[.):]\s+|\d{1,2}(?:\.\d{1,2})+\s+|\*\*)+",
    re.I,
)
_TRAIL = re.compile(r"[\s|*_#>-]+$")
MIN_CHARS = 8
_LABEL_ONLY = re.compile(r"(?i)(?:action|actions|action item|owner|resolved)\s*[:–-]?")
_BARE_OUTCOME = re.compile(r"(?:AGREED|APPROVED|CARRIED|NOTED|Agreed|Approved|Carried|Noted)[.!]?")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = _LEAD.match(piece)
    if lead:
        start += lead.end()
    piece = text[start:end]
    trail = _TRAIL.search(piece)
    if trail:
        end = start + trail.start()
    return start, end


def unit_char_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each candidate unit in the Doc's text."""
    text = doc.text
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for sent in doc.sents:
        cursor = sent.start_char
        pieces = []
        for match in _SPLIT.finditer(text, sent.start_char, sent.end_char):
            pieces.append((cursor, match.start()))
            cursor = match.end()
        pieces.append((cursor, sent.end_char))
        for a, b in pieces:
            a, b = trim(text, a, b)
            if _LABEL_ONLY.fullmatch(text[a:b]):
                carry = a  # "ACTION:" split off by the sentence splitter belongs to what follows
                continue
            if carry is not None:
                a, carry = carry, None
            if _BARE_OUTCOME.fullmatch(text[a:b]) and out and text[out[-1][0] : a].count("\n") == 0:
                out[-1] = (out[-1][0], b)  # "Ali asked for a sandwich board at a cost of £68. AGREED."
            elif b - a >= MIN_CHARS:
                out.append((a, b))
    return out


def unit_spans(doc: Doc) -> list[Span]:
    spans = []
    for a, b in unit_char_spans(doc):
        span = doc.char_span(a, b, alignment_mode="contract")
        if span is not None and len(span):
            spans.append(span)
    return spans
