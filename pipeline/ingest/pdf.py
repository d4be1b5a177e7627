"""PDF through pdfplumber: text lines with page numbers, tables as rows of cells, running
headers/footers and page numbers removed, hyphenated line breaks joined.

pdfplumber's layout analysis is slow (~6 pages/s here), so tables are looked for only on pages
that draw lines or rectangles, which every ruled table does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import CorruptDocument, EncryptedDocument, NoTextLayer
from pipeline.ingest.blocks import TextBuilder, clean_inline

_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$|^\s*-\s*\d{1,4}\s*-\s*$", re.I
)
_BULLET_START = re.compile(
    r"^\s*(?:[•·○◦▪■●►➢\-–*]|\(?\d{1,2}[.)]|\d{1,3}(?:\.\d{1,3})+\.?|\(?[a-z][.)]|\([ivx]{1,4}\))\s+"
)
# "10 Update from the Events Group": a bare item number, only trusted at the left margin.
_ITEM_NUMBER = re.compile(r"^\s*\d{1,3}\s+[A-Z]")
_ENDS_SENTENCE = re.compile(r"[.:;!?|][\"'\u2019\u201d)]?$")
_DIGITS = re.compile(r"\d+")
_CID_START = re.compile(r"^\s*\(cid:\d+\)\s*")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float


def _lines_of(page: Any, table_boxes: list[tuple[float, float, float, float]]) -> list[_Line]:
    def outside_tables(obj: dict[str, Any]) -> bool:
        cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in table_boxes)

    source = page.filter(outside_tables) if table_boxes else page
    lines = []
    for row in source.extract_text_lines(layout=False, strip=True, return_chars=False):
        # Glyphs without a Unicode mapping come out as "(cid:N)"; at a line start they are bullets.
        text = _CID_START.sub("• ", row["text"])
        text = _CID.sub("", text)
        if text.strip():
            lines.append(_Line(text, row["top"], row["bottom"], row["x0"], row["x1"]))
    return lines


def _edge_key(text: str) -> str:
    """Running headers often carry a page number or date: short lines are compared with digits
    masked; longer lines must repeat exactly (body text rarely does)."""
    text = text.strip().lower()
    return _DIGITS.sub("#", text) if len(text.split()) <= 8 else text


def _repeating(pages_lines: list[list[_Line]]) -> set[str]:
    """Lines that recur at the top or bottom of many pages: running headers and footers."""
    if len(pages_lines) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages_lines:
        edge = {_edge_key(ln.text) for ln in lines[:2] + lines[-2:]}
        counts.update(edge)
    return {key for key, n in counts.items() if n >= max(2, (len(pages_lines) + 1) // 2)}


def _paragraphs(lines: list[_Line]) -> list[tuple[str, str]]:
    """Join lines into paragraphs and bullets, using vertical gaps and bullet marks."""
    if not lines:
        return []
    heights = sorted(ln.bottom - ln.top for ln in lines)
    line_height = heights[len(heights) // 2] or 10.0
    right_edge = max(ln.x1 for ln in lines)
    left_margin = min(ln.x0 for ln in lines)
    out: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "paragraph"
    previous: _Line | None = None
    for line in lines:
        at_margin = line.x0 <= left_margin + 2
        starts_item = bool(_BULLET_START.match(line.text)) or (
            at_margin and bool(_ITEM_NUMBER.match(line.text))
        )
        gap = line.top - previous.bottom if previous else 0.0
        prev_short = previous is not None and previous.x1 < right_edge - 0.25 * (right_edge - lines[0].x0)
        broken_sentence = (
            bool(current) and not re.search(r"[.:;!?]\W?$", current[-1]) and line.text[:1].islower()
        )
        new_block = previous is None or starts_item or (gap > 0.45 * line_height and not broken_sentence)
        new_block = new_block or (
            prev_short and bool(current) and current[-1].rstrip().endswith((".", ":", "!", "?"))
        )
        if new_block and current:
            out.append((kind, _join_lines(current)))
            current = []
        if new_block:
            kind = "bullet" if starts_item and not re.match(r"^\s*\(?\d", line.text) else "paragraph"
        current.append(line.text)
        previous = line
    if current:
        out.append((kind, _join_lines(current)))
    return out


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = text[:-1] + line  # hyphenated line break
        else:
            text = f"{text} {line}" if text else line
    return text


def parse_pdf_into(builder: TextBuilder, path: str) -> int:
    """Append the PDF's blocks, page by page. Returns the page count."""
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise EncryptedDocument(f"PDF is encrypted: {e}") from e
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedDocument("PDF is encrypted and needs a password") from e
        raise CorruptDocument(f"not a readable PDF: {cause!r}") from e
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as e:
        raise CorruptDocument(f"not a readable PDF: {e!r}") from e
    with pdf:
        try:
            pages = list(pdf.pages)
            per_page: list[tuple[list[_Line], list[list[str]]]] = []
            for page in pages:
                tables: list[list[str]] = []
                boxes: list[tuple[float, float, float, float]] = []
                if page.lines or page.rects:
                    for table in page.find_tables():
                        rows = [[clean_inline(c or "") for c in row] for row in table.extract()]
                        rows = [r for r in rows if any(r)]
                        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                            boxes.append(table.bbox)
                            tables.extend(rows)
                per_page.append((_lines_of(page, boxes), tables))
        except (PDFSyntaxError, PdfminerException, ValueError, KeyError, TypeError, AssertionError) as e:
            raise CorruptDocument(f"PDF could not be parsed: {e!r}") from e
    if not pages:
        raise CorruptDocument("PDF has no pages")
    if (
        sum(len(ln.text) for lines, _ in per_page for ln in lines)
        + sum(len(" ".join(r)) for _, rows in per_page for r in rows)
        < 20
    ):
        raise NoTextLayer(f"PDF has {len(pages)} page(s) but no text layer (scanned?); OCR is not supported")

    running = _repeating([lines for lines, _ in per_page])
    paged: list[list[tuple[str, str]]] = []
    for lines, tables in per_page:
        edge = {id(ln) for ln in lines[:2] + lines[-2:]}
        kept = [
            ln
            for ln in lines
            if not (id(ln) in edge and (_PAGE_NUMBER.match(ln.text) or _edge_key(ln.text) in running))
        ]
        blocks = _paragraphs(kept)
        blocks += [("table_row", " | ".join(c for c in row if c)) for row in tables]
        paged.append(blocks)
    for number, blocks in enumerate(_join_across_pages(paged), start=1):
        builder.start_page(number)
        for kind, text in blocks:
            builder.add(kind, text)  # type: ignore[arg-type]
    builder.end_page()
    return len(pages)


def _join_across_pages(paged: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """A sentence cut by a page break ("… Agreed that" | "Ali should bring …") is one block, on the
    page where it starts: a page's first paragraph joins the previous page's last one when that one
    stops without closing punctuation and the new one does not open a numbered or bulleted item."""
    out = [list(blocks) for blocks in paged]
    for i in range(1, len(out)):
        previous = next((j for j in range(i - 1, -1, -1) if out[j]), None)
        if previous is None or not out[i]:
            continue
        last_kind, last_text = out[previous][-1]
        kind, text = out[i][0]
        if (
            last_kind in ("paragraph", "bullet")
            and kind == "paragraph"
            and not _ENDS_SENTENCE.search(last_text)
            and not _BULLET_START.match(text)
            and not _ITEM_NUMBER.match(text)
        ):
            out[previous][-1] = (last_kind, _join_lines([last_text, text]))
            out[i] = out[i][1:]
    return out
