"""HTML to blocks: council "democracy" pages and HTML fragments embedded in text files.

BeautifulSoup with lxml does the parsing (it copes with the broken markup these sites serve);
this module only decides which elements are blocks and which are boilerplate. Scripts, styles,
event handlers and navigation never reach the text.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from pipeline.ingest.blocks import TextBuilder, clean_inline

_DROP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "select", "input", "textarea", "nav", "header", "footer", "aside", "head",
}  # fmt: skip
_BOILERPLATE = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|breadcrumb|breadcrumbs|footer|header|cookie|skip|sidebar|banner|masthead|"
    r"search|social|share|toolbar|pagination|mgLinks|mgBread)([-_ ]|$)",
    re.IGNORECASE,
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "body", "html", "blockquote", "pre", "ul", "ol", "dl",
    "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "li", "center", "figure", "figcaption",
    "address", "fieldset", "details", "summary", "caption", "br", "hr", "td", "th",
}  # fmt: skip
_HAS_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def looks_like_html(text: str) -> bool:
    return bool(_HAS_TAG.search(text))


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in _DROP_TAGS:
        return True
    if tag.get("role") in ("navigation", "banner", "contentinfo", "search"):
        return True
    if tag.get("aria-hidden") == "true" or "display:none" in str(tag.get("style", "")).replace(" ", ""):
        return True
    ident = " ".join([str(tag.get("id", ""))] + [str(c) for c in tag.get("class") or []])
    return bool(ident.strip()) and bool(_BOILERPLATE.search(ident))


def _has_block_child(tag: Tag) -> bool:
    return any(isinstance(c, Tag) and c.name in _BLOCK_TAGS | set(_HEADINGS) for c in tag.children)


class _Walker:
    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.inline: list[str] = []
        self.list_depth = 0

    def flush(self, kind: str = "paragraph", level: int = 0) -> None:
        text = clean_inline("".join(self.inline))
        self.inline = []
        if text:
            self.builder.add(kind, text, level)  # type: ignore[arg-type]

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment | Doctype | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                self.inline.append(str(child))
                continue
            if not isinstance(child, Tag) or _is_boilerplate(child):
                continue
            name = child.name
            if name in _HEADINGS:
                self.flush()
                self.inline.append(child.get_text(" "))
                self.flush("heading", _HEADINGS[name])
            elif name == "br":
                self.flush()
            elif name == "li":
                self.flush()
                self.list_depth += 1
                if _has_block_child(child):
                    self._walk_li_with_blocks(child)
                else:
                    self.inline.append(child.get_text(" "))
                    self.flush("bullet", self.list_depth)
                self.list_depth -= 1
            elif name == "tr":
                self.flush()
                self._walk_row(child)
            elif name in _BLOCK_TAGS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                # Inline element: its text joins the current block.
                self.walk(child)

    def _walk_li_with_blocks(self, li: Tag) -> None:
        # A bullet whose own text is followed by a nested list: the bullet text first, then the list.
        for child in li.children:
            if isinstance(child, Tag) and child.name in ("ul", "ol", "table", "div", "p"):
                self.flush("bullet", self.list_depth)
                self.walk(child)
            elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                self.inline.append(str(child))
            elif isinstance(child, Tag) and not _is_boilerplate(child):
                self.inline.append(child.get_text(" "))
        self.flush("bullet", self.list_depth)

    def _walk_row(self, row: Tag) -> None:
        cells = [c for c in row.find_all(["td", "th"], recursive=False)]
        if any(_has_block_child(c) for c in cells):
            # Layout tables (democracy sites put whole minutes in them): each cell is its own flow.
            for cell in cells:
                self.walk(cell)
                self.flush()
            return
        texts = [clean_inline(c.get_text(" ")) for c in cells]
        texts = [t for t in texts if t]
        if texts:
            self.builder.add("table_row", " | ".join(texts))


def parse_html_into(builder: TextBuilder, markup: str) -> None:
    """Append the blocks of an HTML document or fragment to `builder`."""
    soup = BeautifulSoup(markup, "lxml")
    root = soup.body or soup
    walker = _Walker(builder)
    walker.walk(root)
    walker.flush()


def html_title(markup: str) -> str | None:
    soup = BeautifulSoup(markup, "lxml")
    if soup.title and soup.title.string:
        return clean_inline(soup.title.string) or None
    return None
