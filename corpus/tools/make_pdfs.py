"""Make PDF versions of a few sample text documents with a real PDF writer (ReportLab), so that the
PDF path (pages, running headers and footers, page numbers, wrapped and hyphenated lines, a ruled
table) is exercised on real text. The PDFs are committed; re-run only to regenerate them:

    python -m venv /tmp/rl && /tmp/rl/bin/pip install reportlab==4.4.* && /tmp/rl/bin/python corpus/tools/make_pdfs.py

Gold labels are copied alongside under the PDF's file name, since the text is the same.
"""

import json
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

CORPUS = Path(__file__).resolve().parents[1]
SOURCES = [
    "004_31771c3f5ec23068.txt",
    "008_slough-hwb-2021-10-21-matters-arising.txt",
    "012_aberdeen-ijb-2020-01-21-minute-of-previous-meeting.txt",
]
BULLETS = ("·", "•", "-", "○")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def flowables(text: str, styles):  # noqa: ANN001, ANN201
    out = []
    bullets = []
    for block in [b.strip() for b in text.split("\n") if b.strip()]:
        if block.startswith(BULLETS):
            bullets.append(
                ListItem(Paragraph(escape(block.lstrip("".join(BULLETS)).strip()), styles["BodyText"]))
            )
            continue
        if bullets:
            out.append(ListFlowable(bullets, bulletType="bullet"))
            bullets = []
        style = styles["Heading2"] if len(block) < 60 and not block.endswith(".") else styles["BodyText"]
        out.append(Paragraph(escape(block), style))
        out.append(Spacer(1, 0.2 * cm))
    if bullets:
        out.append(ListFlowable(bullets, bulletType="bullet"))
    return out


def main() -> None:
    styles = getSampleStyleSheet()
    for name in SOURCES:
        text = (CORPUS / name).read_text(encoding="utf-8")
        target = CORPUS / "pdf" / (Path(name).stem + ".pdf")
        title = Path(name).stem

        def header_footer(canvas, doc, title=title):  # noqa: ANN001, ANN202
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            canvas.drawString(2 * cm, A4[1] - 1.2 * cm, f"{title} (PDF copy for boardtrace tests)")
            canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Page {doc.page}")
            canvas.restoreState()

        story = flowables(text, styles)
        doc = SimpleDocTemplate(
            str(target), pagesize=A4, topMargin=2 * cm, bottomMargin=2 * cm, title=title, author="boardtrace"
        )
        doc.build(story, onFirstPage=header_footer, onLaterPages=header_footer)
        gold = CORPUS / "gold" / (name + ".jsonl")
        if gold.exists():
            rows = [
                json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()
            ]
            for row in rows:
                row["doc"] = target.name
            (CORPUS / "gold" / (target.name + ".jsonl")).write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
            )
        print(target)
    make_table_fixture(styles)


def make_table_fixture(styles) -> None:  # noqa: ANN001
    """A two-page PDF with a running header, page numbers, a hyphenated word and a ruled table,
    for tests/ingest (the text is made up for the test, not a corpus document)."""
    target = CORPUS.parent / "tests" / "ingest" / "fixtures" / "action-log.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)

    def header_footer(canvas, doc):  # noqa: ANN001, ANN202
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, "Anytown Parish Council - Minutes")
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Page {doc.page}")
        canvas.restoreState()

    body = styles["BodyText"]
    story = [
        Paragraph("1. Minutes of the previous meeting", styles["Heading2"]),
        Paragraph("RESOLVED that the minutes of the meeting held on 4 March 2024 be approved.", body),
    ]
    story += [
        Paragraph(f"Paragraph {i}: the Council discussed the play area and the village hall roof.", body)
        for i in range(40)
    ]
    story += [
        Paragraph("2. Action log", styles["Heading2"]),
        Table(
            [
                ["Action", "Owner", "Due"],
                ["Circulate the slides to members", "Clerk", "1 May 2024"],
                ["Obtain three quotes for the roof", "Cllr Smith", "June 2024"],
            ],
            style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]),
        ),
    ]
    SimpleDocTemplate(str(target), pagesize=A4, topMargin=2 * cm, bottomMargin=2 * cm).build(
        story, onFirstPage=header_footer, onLaterPages=header_footer
    )
    print(target)


if __name__ == "__main__":
    main()
