"""Plain text and markdown, including embedded HTML fragments and markdown/HTML tables."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from pipeline.ingest.blocks import TextBuilder
from pipeline.ingest.html import looks_like_html, parse_html_into

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[•·○◦▪▫■□●◆◇►▶➢➤✓✔*+]|-(?!-)|–|—)\s*\S")
_ENUM = re.compile(r"^\s*(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\((?:[ivx]{1,5})\)|[ivx]{1,5}[.)])\s+\S")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ENDS_SENTENCE = re.compile(r"[.!?:;|]['\")\u2019\u201d]?$")
_STARTS_SENTENCE = re.compile(r"^[\"'\u2018\u201c(]?[A-Z0-9£]")
# "Supported** **the development": bold markers closing and reopening around a space (converter debris)
_EMPTY_EMPHASIS = re.compile(r"(?<=\w)\*\*\s+\*\*(?=\w)")
# Initials set in bold as owners ("**AC** to confirm.", "**JA** to follow up"): the reader sees initials
_BOLD_INITIALS = re.compile(r"\*\*([A-Z]{2,3})\*\*")
_EMPHASIS_ONLY = re.compile(r"^\s*(\*\*|__)(.+?)(\*\*|__)\s*$")
_ENUM_PREFIX = re.compile(
    r"^\s*(?:\(?[0-9]{1,2}(?:\.[0-9]{1,2})*[.)]?|\(?[a-z][.)]|\((?:[ivx]{1,5})\)|[ivx]{1,5}[.)])\s+"
)
_OUTCOME_LEAD = re.compile(
    r"(?i)^(?:it\s+was\s+)?(?:resolved|agreed|decided|decisions?|actions?|recommendations?|noted)\b"
)
_HEADING_MAX_CHARS = 70
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "been",
        "had",
        "has",
        "have",
        "was",
        "were",
        "is",
        "are",
        "be",
        "being",
        "by",
        "for",
        "in",
        "on",
        "at",
        "with",
        "from",
        "as",
        "than",
        "would",
        "will",
        "shall",
        "should",
        "could",
        "can",
        "may",
        "might",
        "must",
        "not",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "we",
        "they",
        "it",
        "he",
        "she",
        "there",
    ]
)
_HEADING_MAX_WORDS = 9


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8, falling back to charset detection (cp1252 is common in council files)."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    # Minutes in English that are not UTF-8 are nearly always Windows-1252; charset detection on
    # short English text often guesses a central-European code page instead (£ becomes Ł).
    try:
        text = data.decode("cp1252")
        warnings.append("not valid UTF-8; decoded as cp1252")
        return text, warnings
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "latin-1"
    warnings.append(f"not valid UTF-8; decoded as {encoding}")
    return data.decode(encoding, errors="replace"), warnings


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML-like front matter (key: value lines) from the body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith(" "):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end() :]


def _line_kind(line: str) -> str:
    if _MD_HEADING.match(line):
        return "heading"
    if line.lstrip().startswith("|") or (line.count("|") >= 2 and line.rstrip().endswith("|")):
        return "table_row"
    if _BULLET.match(line):
        return "bullet"
    if _ENUM.match(line):
        return "enum"
    return "text"


def _add_line_cells(builder: TextBuilder, line: str) -> None:
    """A line with HTML or tab-separated cells: each cell is its own flow of blocks."""
    cells = [c for c in line.split("\t") if c.strip()] if "\t" in line else [line]
    for cell in cells:
        if looks_like_html(cell):
            parse_html_into(builder, cell)
        else:
            builder.add(_plain_kind(cell), cell)  # type: ignore[arg-type]


def _plain_kind(line: str) -> str:
    return "bullet" if _line_kind(line) == "bullet" else "paragraph"


def parse_text_into(builder: TextBuilder, text: str) -> None:
    """Lines to blocks. Consecutive prose lines form one paragraph (hard-wrapped text), while
    headings, bullets, enumerated items, table rows and lines carrying HTML stand alone."""
    paragraph: list[str] = []
    kind_of_paragraph: list[str] = ["paragraph"]

    def flush() -> None:
        if paragraph:
            builder.add(kind_of_paragraph[0], " ".join(paragraph))  # type: ignore[arg-type]
            paragraph.clear()
        kind_of_paragraph[0] = "paragraph"

    blank_pending = False
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for n, raw in enumerate(lines):
        line = _BOLD_INITIALS.sub(r"\1", _EMPTY_EMPHASIS.sub(" ", raw.rstrip()))
        if not line.strip():
            blank_pending = True
            continue
        if blank_pending:
            blank_pending = False
            # A sentence broken across a blank line ("… be" / "agreed as a correct record.") goes on.
            continues = paragraph and not _ENDS_SENTENCE.search(paragraph[-1]) and line.strip()[:1].islower()
            if not continues:
                flush()
        if looks_like_html(line) or "\t" in line.strip():
            flush()
            _add_line_cells(builder, line)
            continue
        kind = _line_kind(line)
        opens_block = not paragraph or bool(_ENDS_SENTENCE.search(paragraph[-1]))
        if kind in ("text", "enum") and opens_block and is_plain_heading(line, next_line(lines, n)):
            flush()
            builder.add("heading", line.strip(), 3)
            continue
        if kind == "heading":
            flush()
            match = _MD_HEADING.match(line)
            assert match is not None
            builder.add("heading", match.group(2).replace("**", ""), len(match.group(1)))
        elif kind == "table_row":
            flush()
            if not _MD_TABLE_SEP.match(line):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                builder.add("table_row", " | ".join(c for c in cells if c))
        elif kind in ("bullet", "enum"):
            flush()
            # A bullet or enumerated item may wrap onto following lines; keep collecting prose.
            kind_of_paragraph[0] = "bullet" if kind == "bullet" else "paragraph"
            paragraph.append(line.strip())
        else:
            emph = _EMPHASIS_ONLY.match(line)
            if emph and len(emph.group(2)) < 120 and not paragraph:
                builder.add("heading", emph.group(2), 3)
                continue
            if (
                _starts_new_block(paragraph, kind_of_paragraph[0], line)
                or numbered_row(lines, n)
                or semicolon_row(lines, n)
            ):
                flush()
            # A markdown hard break ("  " at the end) ends the line's block.
            paragraph.append(line.strip())
            if raw.endswith("  "):
                flush()
    flush()


def _starts_new_block(paragraph: list[str], kind: str, line: str) -> bool:
    """Whether a plain line opens a block rather than continuing the one being collected. Hard-wrapped
    prose joins the line before; a line that starts a sentence after one that ended does not (many
    exports put one paragraph on each line); an unindented capitalised stem after a bullet ("- Build
    a … system" / "10 Big Goals:") opens the next list, where a wrapped bullet line goes on in lower
    case or indented."""
    if not paragraph:
        return False
    if _ENDS_SENTENCE.search(paragraph[-1]) and _STARTS_SENTENCE.match(line.strip()):
        return True
    return kind == "bullet" and (line[:1].isupper() or line[:1].isdigit()) and line.rstrip().endswith(":")


_NUMBERED = re.compile(r"^\s*(\d{1,2})\s+[A-Z]")


def numbered_row(lines: list[str], n: int) -> bool:
    """A line opening with a bare item number in a run of them ("1 Maintain our CQC ratings" / "2 All
    clinical areas …"): a list or a table flattened to text, one item a line, not wrapped prose."""
    match = _NUMBERED.match(lines[n])
    if match is None:
        return False
    k = int(match.group(1))
    for m, step in ((n - 1, -1), (n + 1, 1)):
        other = _NUMBERED.match(lines[m]) if 0 <= m < len(lines) else None
        if other is not None and int(other.group(1)) == k + step:
            return True
    return False


_SEMICOLON_ITEM = re.compile(r"^\s*[\w’'.-]+(?:\s+[\w’'.-]+){0,3};\s")


def semicolon_row(lines: list[str], n: int) -> bool:
    """A line of a list written one item a line with semicolons ("8th March; approved with amendments;"
    / "26th April, unanimously approved;"): it follows a line ending in a semicolon, or it and the line
    before both open with a short label and a semicolon."""
    if n == 0 or not lines[n - 1].strip() or not lines[n][:1].isalnum():
        return False
    before = lines[n - 1].rstrip()
    return before.endswith(";") or bool(_SEMICOLON_ITEM.match(lines[n]) and _SEMICOLON_ITEM.match(before))


def next_line(lines: list[str], n: int) -> str | None:
    """The next line of text after line `n` with no blank line between, else None."""
    if n + 1 < len(lines) and lines[n + 1].strip():
        return lines[n + 1].strip()
    return None


def is_plain_heading(line: str, following: str | None) -> bool:
    """A heading in plain text with no markup: a short line with no closing punctuation that opens a
    block, directly followed by a line that starts a sentence ("4. Winter Pressures" / "The Board
    noted …", "Minutes of the previous meeting" / "RESOLVED: …"). The first line of hard-wrapped
    prose is long, so it is not taken for one."""
    if following is None or not _STARTS_SENTENCE.match(following):
        return False
    if _line_kind(following) == "table_row" or _MD_HEADING.match(following):
        return False
    body = _ENUM_PREFIX.sub("", line.strip(), count=1).replace("**", "").strip()
    if not body or len(body) > _HEADING_MAX_CHARS or len(body.split()) > _HEADING_MAX_WORDS:
        return False
    if re.search(r"[.!?:;,]['\")\u2019\u201d]?$", body) or not body[:1].isupper():
        return False
    if body.split()[-1].lower() in _FUNCTION_WORDS:
        return False  # "… the long report that had been" / "Members circulated …": prose wrapped mid-clause
    if _OUTCOME_LEAD.match(body):
        return False  # "RESOLVED" / "AGREED" on a line of its own leads the resolution below it
    if _NAMED_MOVER.search(body):
        return False  # "Treasurer Keith Muir Proposed Chris Hobson": a vote's line, not a title
    return bool(re.search(r"[A-Za-z]{3}", body))


# A proposer or seconder named on the line: "Proposed Keith Muir", "seconded by Cllr Jones"; not a
# planning title such as "Proposed single storey extension"
_NAMED_MOVER = re.compile(
    r"\b(?i:proposed|seconded|moved)\s+(?:(?i:by)\s+)?(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\b|[A-Z][a-z]+\s+[A-Z])"
)
