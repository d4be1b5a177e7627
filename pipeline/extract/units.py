"""Candidate units: the sentences of a passage, cut further at semicolons, line breaks and inline
enumerators ("(ii)", "1.2"), with bullets, numbering and markup trimmed off both ends."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

_SPLIT = re.compile(
    r";\s+|\n+|\s(?=\(?[ivx]{1,4}\)\s)|\s(?=\(\d{1,2}\)\s)|\s(?=\d{1,2}\.\d{1,2}\s+[A-Z])|\s(?=[a-h]\)\s)"
    r"|(?<=[.!?])\s+(?=[A-Z(])"
)
# Where a split fell after a title abbreviation ("It was agreed between Cllr. | Muir and …") or a
# name's initials ("proposed by Cllr. P. | Harries", "J. R. | Smith"): the parser's sentences and the
# pieces _SPLIT cuts are both joined back across it.
_TITLE_END = re.compile(
    r"(?:\b(?:Cllrs?|Mrs?|Ms|Dr|Rev|Prof|No|St)\.|\b(?:Cllrs?|Councillor|Mrs?|Ms|Dr|Rev|Prof)\.?\s+(?:[A-Z]\.\s*)+"
    r"|\b[A-Z]\.\s*[A-Z]\.|\bnem\.(?:\s*con\.)?)\s*$"  # "it was agreed nem. con. that …"
)
# A resolution's reference number, written before or after its text: "Resolved 15/01/9.01"
_RESOLUTION_REF = re.compile(r"(?i)resolved\s+\d[\d/.]*\d\s*[:–-]?\s*")
_LEAD = re.compile(
    r"^(?:[\s•○·●▪■◦*>|#_-]+|\(?(?:[ivx]{1,5}|[a-h]|\d{1,2}(?:\.\d{1,2})*)[.):]\s+|\d{1,2}(?:\.\d{1,2})+\s+|\*\*)+",
    re.I,
)
_TRAIL = re.compile(r"[\s|*_#>-]+$")
MIN_CHARS = 8
_LABEL_ONLY = re.compile(r"(?i)(?:action|actions|action item|owner|resolved)\s*[:–-]?")
_BARE_OUTCOME = re.compile(
    r"(?:AGREED|APPROVED|CARRIED|NOTED|Agreed|Approved|Carried|Noted"
    r"|NO\s+OBJECTIONS?|NO\s+OBSERVATIONS?|NO\s+COMMENTS?|SUPPORTED|OBJECTIONS?)[.!]?"
)


_TEXT_KEY = "bt_text"


def text_of(doc: Doc) -> str:
    """The Doc's text, kept in its user data: spaCy rebuilds `Doc.text` from every token on each read,
    which the rules did thousands of times a document."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


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
    text = text_of(doc)
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for sent_start, sent_end in sentence_char_spans(doc):
        cursor = sent_start
        pieces = []
        for match in _SPLIT.finditer(text, sent_start, sent_end):
            pieces.append((cursor, match.start()))
            cursor = match.end()
        pieces.append((cursor, sent_end))
        joined: list[tuple[int, int]] = []
        for a, b in pieces:
            if (
                joined
                and _TITLE_END.search(text, joined[-1][0], joined[-1][1])
                and text[joined[-1][1] : a].strip() == ""
            ):
                joined[-1] = (joined[-1][0], b)
            else:
                joined.append((a, b))
        for a, b in joined:
            a, b = trim(text, a, b)
            ref = _RESOLUTION_REF.match(text, a, b)
            if ref:
                a = ref.end()  # the reference is a label; the resolution is the text around it
                if b - a < MIN_CHARS:
                    continue
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


def sentence_char_spans(doc: Doc) -> list[tuple[int, int]]:
    """The parser's sentences, with a sentence that ends on a title abbreviation joined to the next."""
    out: list[tuple[int, int]] = []
    text = text_of(doc)
    for sent in doc.sents:
        if out and (
            _TITLE_END.search(text, out[-1][0], out[-1][1]) or _caps_run_on(text, out[-1], sent.end_char)
        ):
            out[-1] = (out[-1][0], sent.end_char)
        else:
            out.append((sent.start_char, sent.end_char))
    return out


def _caps_run_on(text: str, previous: tuple[int, int], end: int) -> bool:
    """A sentence written in capitals and cut by the parser with no stop and no line break: "THAT
    BRANDON TOWN COUNCIL ACCEPTS … TO FILL AND PLANT | TWENTY FOUR … BASKETS" is one sentence."""
    before = text[previous[0] : previous[1]].rstrip()
    if not before or before[-1] in ".!?;:" or "\n" in text[previous[1] : end]:
        return False
    return before.isupper() and text[previous[1] : end].isupper()


def unit_spans(doc: Doc) -> list[Span]:
    spans = []
    for a, b in unit_char_spans(doc):
        span = doc.char_span(a, b, alignment_mode="contract")
        if span is not None and len(span):
            spans.append(span)
    return spans
