"""Reading files into `SourceDocument`s: formats only, no linguistics, no database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.config import SUPPORTED_SUFFIXES
from pipeline.errors import CorruptDocument, EmptyDocument, FileTooLarge, IngestError, UnsupportedFormat
from pipeline.ingest.blocks import TextBuilder
from pipeline.ingest.html import html_title, parse_html_into
from pipeline.ingest.text import decode_text, front_matter, parse_text_into
from pipeline.records import SourceDocument, sha256_bytes

__all__ = ["discover", "ingest_bytes", "ingest_file", "IngestError"]

_IGNORED_NAMES = {"sources.tsv", "manifest.csv", "readme.md", "license", "license.md"}


def discover(corpus: Path) -> list[Path]:
    """Every file under `corpus` (recursively) that is a document candidate, sorted.
    Unsupported suffixes are returned too, so that the run records them as failures."""
    if not corpus.exists():
        from pipeline.errors import ConfigError

        raise ConfigError(f"corpus folder not found: {corpus}")
    ignored = [marker.parent for marker in corpus.rglob(".boardtrace-ignore")]
    found = []
    for path in sorted(corpus.rglob("*")):
        if any(folder in path.parents for folder in ignored):
            continue
        if not path.is_file() or path.name.startswith(".") or path.name.lower() in _IGNORED_NAMES:
            continue
        if any(part.startswith(".") for part in path.relative_to(corpus).parts):
            continue
        if path.suffix.lower() in (".json", ".jsonl", ".tsv", ".csv", ".yaml", ".yml") or path.name.endswith(
            ".meta.json"
        ):
            continue  # manifests and sidecars, not documents
        found.append(path)
    return found


def ingest_file(path: Path, max_bytes: int = 50 * 1024 * 1024) -> SourceDocument:
    """Read one file into a SourceDocument, or raise an IngestError saying why not."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            f"unsupported file type {suffix or '(none)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(
            f"file is {size:,} bytes, over the limit of {max_bytes:,} (BOARDTRACE_MAX_FILE_BYTES)"
        )
    if size == 0:
        raise EmptyDocument("file is empty")
    return ingest_bytes(path.read_bytes(), path)


def ingest_bytes(data: bytes, path: Path) -> SourceDocument:
    suffix = path.suffix.lower()
    builder = TextBuilder()
    warnings: list[str] = []
    title: str | None = None
    meta_date: str | None = None
    if suffix in (".html", ".htm"):
        markup, warnings = decode_text(data)
        title = html_title(markup)
        parse_html_into(builder, markup)
        fmt = "html"
    elif suffix == ".pdf":
        from pipeline.ingest.pdf import parse_pdf_into

        parse_pdf_into(builder, str(path))
        fmt = "pdf"
    elif suffix == ".docx":
        from pipeline.ingest.docx import parse_docx_into

        parse_docx_into(builder, data)
        fmt = "docx"
    elif suffix in (".txt", ".md"):
        raw, warnings = decode_text(data)
        meta, body = front_matter(raw)
        title = meta.get("title") or None
        meta_date = meta.get("date") or None
        parse_text_into(builder, body)
        fmt = "text"
    else:
        raise UnsupportedFormat(f"unsupported file type {suffix!r}")
    text, blocks, pages = builder.build()
    if not text.strip():
        raise EmptyDocument("no text found in the file")
    if "\ufffd" in text and text.count("\ufffd") > max(20, len(text) // 50):
        raise CorruptDocument("text is mostly undecodable bytes")
    return SourceDocument(
        doc_id=sha256_bytes(data),
        path=str(path),
        name=path.name,
        fmt=fmt,
        size_bytes=len(data),
        text=text,
        blocks=blocks,
        pages=pages,
        title=title,
        warnings=tuple(warnings),
        meta_date=meta_date,
    )


def iter_blocks_text(doc: SourceDocument) -> Iterator[str]:
    for block in doc.blocks:
        yield doc.text[block.char_start : block.char_end]
