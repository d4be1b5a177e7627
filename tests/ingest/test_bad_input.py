from pathlib import Path

import pytest

from pipeline.errors import EmptyDocument, FileTooLarge, UnsupportedFormat
from pipeline.ingest import discover, ingest_file


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        ingest_file(path)


def test_whitespace_only_html(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><body><script>x()</script>  </body></html>")
    with pytest.raises(EmptyDocument):
        ingest_file(path)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "minutes.xlsx"
    path.write_bytes(b"data")
    with pytest.raises(UnsupportedFormat, match="xlsx"):
        ingest_file(path)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("The Board approved the plan. " * 100)
    with pytest.raises(FileTooLarge):
        ingest_file(path, max_bytes=1000)


def test_discover_skips_manifests_hidden_and_ignored_folders(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sources.tsv").write_text("file\n")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("x")
    (tmp_path / "sub" / "c.xlsx").write_text("x")
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / ".boardtrace-ignore").write_text("")
    (tmp_path / "labels" / "notes.md").write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["a.txt", "sub/b.html", "sub/c.xlsx"]
