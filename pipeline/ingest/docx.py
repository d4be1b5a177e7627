"""Word .docx through python-docx: paragraphs with their styles, list items, table rows."""

from __future__ import annotations

import io
import zipfile

from pipeline.errors import CorruptDocument
from pipeline.ingest.blocks import TextBuilder, clean_inline


def parse_docx_into(builder: TextBuilder, data: bytes) -> None:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise CorruptDocument(f"not a readable .docx file: {e}") from e
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            style = (para.style.name if para.style is not None else "") or ""
            text = para.text
            if style.lower().startswith(("heading", "title")):
                level = int(style[-1]) if style[-1:].isdigit() else 1
                builder.add("heading", text, level)
            elif "list" in style.lower():
                builder.add("bullet", text, 1)
            else:
                builder.add("paragraph", text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = clean_inline(cell.text)
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    builder.add("table_row", " | ".join(cells))
