from pathlib import Path

import docx

from pipeline.errors import CorruptDocument
from pipeline.ingest import ingest_file


def test_docx_headings_lists_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("3. Estates strategy", level=1)
    document.add_paragraph("RESOLVED that the estates strategy be approved.")
    document.add_paragraph("The Director will report in July.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Action", "Owner"
    table.cell(1, 0).text, table.cell(1, 1).text = "Write to Highways", "Clerk"
    path = tmp_path / "minutes.docx"
    document.save(str(path))
    doc = ingest_file(path)
    assert [(b.kind, doc.text[b.char_start : b.char_end]) for b in doc.blocks] == [
        ("heading", "3. Estates strategy"),
        ("paragraph", "RESOLVED that the estates strategy be approved."),
        ("bullet", "The Director will report in July."),
        ("table_row", "Action | Owner"),
        ("table_row", "Write to Highways | Clerk"),
    ]


def test_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    try:
        ingest_file(path)
    except CorruptDocument:
        return
    raise AssertionError("a broken .docx must raise CorruptDocument")
