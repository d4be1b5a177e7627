"""Building a document's normalised text out of layout blocks, with exact offsets.

Every format reader emits (kind, text, level) blocks; the builder joins them with a blank line,
collapses inner whitespace and records each block's span, so that `text[start:end]` is the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.records import Block, BlockKind, PageSpan

_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_NEWLINES = re.compile(r"\s*\n\s*")
# Bullet glyphs that carry no words; numbered enumerators ("1.", "(a)") are kept as written.
_BULLET_GLYPH = re.compile(r"^(?:[•·○◦▪▫■□●◆◇►▶➢➤✓✔\-–—*+]\s*)+(?=\S)")
# An open task box of a markdown task list ("- [ ] Naomi to arrange the vote") carries no words; a
# ticked one ("- [x] …") is kept, because it says the item is done.
_OPEN_TASK_BOX = re.compile(r"^\[\s?\]\s+(?=\S)")
_TICKED_TASK_BOX = re.compile(r"^\[[xX✓✔]\]\s")
BLOCK_SEPARATOR = "\n\n"


def clean_inline(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space."""
    text = text.replace("\r", "").replace("\u200b", "")
    text = _NEWLINES.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


# Markdown emphasis at a word's edge ("_Done. Closed_", "**Ongoing**"); underscores inside a word stay
_EMPHASIS = re.compile(r"(?<![\w])[_*]+|[_*]+(?![\w])")


def strip_emphasis(text: str) -> str:
    """The words without their markdown emphasis: "**COMPLETED**" → " COMPLETED "."""
    return _EMPHASIS.sub(" ", text)


def is_ticked(text: str) -> bool:
    """A ticked task box opens the text: "[x] Nigel to open an issue" reports the item done."""
    return bool(_TICKED_TASK_BOX.match(text))


def strip_bullet(text: str) -> str:
    text = _BULLET_GLYPH.sub("", text, count=1).strip()
    return _OPEN_TASK_BOX.sub("", text, count=1)


@dataclass
class TextBuilder:
    """Accumulates blocks into one normalised text, tracking pages when the format has them."""

    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    pages: list[PageSpan] = field(default_factory=list)
    length: int = 0
    _page: int | None = None
    _page_start: int = 0

    def add(self, kind: BlockKind, text: str, level: int = 0) -> None:
        text = clean_inline(text)
        if kind == "bullet":
            text = strip_bullet(text)
        if not text:
            return
        if self.parts:
            self.parts.append(BLOCK_SEPARATOR)
            self.length += len(BLOCK_SEPARATOR)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.blocks.append(Block(kind, start, self.length, level))

    def start_page(self, number: int) -> None:
        self.end_page()
        self._page = number
        # A page starts where its first block will start.
        self._page_start = self.length + (len(BLOCK_SEPARATOR) if self.parts else 0)

    def end_page(self) -> None:
        if self._page is not None:
            self.pages.append(PageSpan(self._page, self._page_start, max(self.length, self._page_start)))
            self._page = None

    def build(self) -> tuple[str, tuple[Block, ...], tuple[PageSpan, ...]]:
        self.end_page()
        return "".join(self.parts), tuple(self.blocks), tuple(self.pages)
