from pathlib import Path

from pipeline.ingest import ingest_bytes

PAGE = b"""<!DOCTYPE html><html><head><title>Health and Wellbeing Board - 12 May 2022</title>
<script>alert('x')</script><style>p {color: red}</style></head>
<body onload="steal()">
<nav><ul><li>Home</li><li>Councillors</li></ul></nav>
<div id="breadcrumb">Home &gt; Committees</div>
<div class="mgContent">
<h2>Minutes</h2>
<table><tr><td>No.</td><td>Item</td></tr>
<tr><td>1.</td><td><p><strong>Apologies for absence</strong></p><p>Apologies were received from Cllr Smith.</p></td></tr>
<tr><td>2.</td><td><p>Estates strategy</p><p onclick="evil()">Minutes:</p>
<p>RESOLVED that the estates strategy be approved.</p>
<ul><li>The Director would report back in <b>July</b>.</li><li>Healthwatch to be consulted.</li></ul></td></tr>
</table>
<table><tr><th>Action</th><th>Owner</th><th>Due</th></tr><tr><td>Circulate slides</td><td>Clerk</td><td>1 May</td></tr></table>
</div>
<footer>Copyright Council 2022 | Cookie policy</footer>
<script>document.write('hidden')</script>
</body></html>"""


def test_html_keeps_minutes_and_drops_boilerplate() -> None:
    doc = ingest_bytes(PAGE, Path("minutes.html"))
    assert doc.fmt == "html"
    assert doc.title == "Health and Wellbeing Board - 12 May 2022"
    assert "RESOLVED that the estates strategy be approved." in doc.text
    for junk in ("alert", "steal", "evil", "Home", "Cookie", "Copyright", "hidden", "color: red"):
        assert junk not in doc.text


def test_html_blocks_are_exact_spans_with_kinds() -> None:
    doc = ingest_bytes(PAGE, Path("minutes.html"))
    spans = {(b.kind, doc.text[b.char_start : b.char_end]) for b in doc.blocks}
    assert ("heading", "Minutes") in spans
    assert ("bullet", "The Director would report back in July .") in spans or (
        "bullet",
        "The Director would report back in July.",
    ) in spans
    assert ("table_row", "Circulate slides | Clerk | 1 May") in spans
    assert ("paragraph", "RESOLVED that the estates strategy be approved.") in spans


def test_html_entities_are_decoded() -> None:
    doc = ingest_bytes(b"<p>Kent &amp; Medway A&amp;E &pound;12m</p>", Path("x.htm"))
    assert doc.text == "Kent & Medway A&E £12m"
