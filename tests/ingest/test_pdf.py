from pathlib import Path

import pytest

from pipeline.errors import CorruptDocument, EncryptedDocument, NoTextLayer
from pipeline.ingest import ingest_file

FIXTURE = Path(__file__).parent / "fixtures" / "action-log.pdf"


def test_pdf_pages_tables_and_running_headers() -> None:
    doc = ingest_file(FIXTURE)
    assert doc.fmt == "pdf"
    assert [p.number for p in doc.pages] == [1, 2]
    assert "Anytown Parish Council - Minutes" not in doc.text  # running header
    assert "Page 1" not in doc.text and "Page 2" not in doc.text  # page numbers
    rows = [doc.text[b.char_start : b.char_end] for b in doc.blocks if b.kind == "table_row"]
    assert rows == [
        "Action | Owner | Due",
        "Circulate the slides to members | Clerk | 1 May 2024",
        "Obtain three quotes for the roof | Cllr Smith | June 2024",
    ]
    resolved = doc.text.index("RESOLVED that the minutes")
    assert doc.page_at(resolved) == 1
    assert doc.page_at(doc.text.index("Obtain three quotes")) == 2
    assert doc.text.count("Paragraph ") == 40


def _minimal_pdf(content: bytes, extra_trailer: bytes = b"") -> bytes:
    """A hand-written one-page PDF whose page draws `content` (no fonts: no text layer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + extra_trailer + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_minimal_pdf(b"0 0 100 100 re f"))
    with pytest.raises(NoTextLayer):
        ingest_file(path)


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(CorruptDocument):
        ingest_file(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(FIXTURE.read_bytes()[:700])
    with pytest.raises((CorruptDocument, NoTextLayer)):
        ingest_file(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    # Standard security handler with an owner/user entry that no empty password opens.
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >> "
        b"/ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] "
    )
    path = tmp_path / "locked.pdf"
    path.write_bytes(_minimal_pdf(b"BT ET", encrypt))
    with pytest.raises(EncryptedDocument):
        ingest_file(path)


def test_real_minutes_pdf_numbered_items_and_sentence_across_a_page_break() -> None:
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    doc = ingest_file(corpus / "004_friends-halesworth-library-2015-08-04-minutes.pdf")
    blocks = [doc.text[b.char_start : b.char_end] for b in doc.blocks]
    assert "9.7 Ali asked for a sandwich board at a cost of £68, AGREED." in blocks
    joined = next(b for b in blocks if b.startswith("9.8 "))
    assert joined.endswith("Agreed that Ali should bring the costs to the next meeting.")
    assert doc.page_at(doc.text.index(joined)) == 2
    assert "10 Update from the Events Group" in blocks
