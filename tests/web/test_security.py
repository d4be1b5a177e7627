"""Hostile documents, metadata and queries come out as text; ids and paths from URLs are checked;
no file outside the corpus is served."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from pipeline.web import create_app
from pipeline.web.reads import _csv_cell

LOCAL = "http://127.0.0.1:8000"

pytestmark = pytest.mark.slow
RAW = re.compile(r"<script>window\.__pwned|<img src=x|href=\"javascript:", re.IGNORECASE)


@pytest.fixture(scope="module")
def client(hostile_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_db, warm_model=False), base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def ids(hostile_db: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(hostile_db), read_only=True)
    try:
        docs = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY name").fetchall()]
        records = [r[0] for r in con.execute("SELECT record_id FROM records ORDER BY record_id").fetchall()]
        text = "\n".join(
            r[0]
            for r in con.execute(
                "SELECT text || coalesce(title, '') || coalesce(body, '') FROM documents"
            ).fetchall()
        )
    finally:
        con.close()
    assert "<script>window.__pwned" in text and "<img src=x" in text, "the fixture must carry live markup"
    return {"docs": docs, "records": records}


def _assert_inert(html: str) -> None:
    assert not RAW.search(html), RAW.search(html)
    assert "&lt;script&gt;window.__pwned" in html or "&lt;img src=x" in html, (
        "the hostile text should be shown, escaped"
    )


def test_document_text_title_and_metadata_are_escaped(client: TestClient, ids: dict[str, list[str]]) -> None:
    for doc_id in ids["docs"]:
        _assert_inert(client.get(f"/documents/{doc_id}").text)
    _assert_inert(client.get("/documents").text)
    for record_id in ids["records"]:
        html = client.get(f"/records/{record_id}").text
        assert not RAW.search(html), record_id
    _assert_inert(client.get("/registers/commitments").text)
    _assert_inert(client.get("/search", params={"q": "Highways potholes resurfacing"}).text)


def test_a_query_carrying_script_is_escaped(client: TestClient) -> None:
    q = '"><script>window.__pwned = 9</script>'
    html = client.get("/search", params={"q": q, "owner": q}).text
    assert "<script>window.__pwned = 9" not in html
    assert "&#34;&gt;&lt;script&gt;window.__pwned = 9&lt;/script&gt;" in html


def test_javascript_urls_are_not_links(client: TestClient, ids: dict[str, list[str]]) -> None:
    for doc_id in ids["docs"]:
        assert 'href="javascript' not in client.get(f"/documents/{doc_id}").text.lower()


def test_pages_forbid_inline_script(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp


@pytest.mark.parametrize("url", [
    "/records/..%2F..%2Fetc%2Fpasswd", "/records/r_0123", "/records/R_0123456789ABCDEF", "/documents/..%2Fpipeline",
    "/documents/" + "0" * 63 + "g", "/documents/..%2F..%2Fetc%2Fpasswd/original", "/registers/..%2Fsecrets",
    "/static/..%2F..%2Fapp.py", "/static/../app.py",
])  # fmt: skip
def test_ids_and_paths_from_urls_are_validated(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (400, 404, 422), (url, r.status_code)
    assert "def create_app" not in r.text and "root:" not in r.text


def test_originals_only_from_inside_the_corpus_and_unchanged(
    hostile_db: Path, ids: dict[str, list[str]], tmp_path: Path
) -> None:
    con = duckdb.connect(str(hostile_db), read_only=True)
    path, doc_id = con.execute("SELECT path, doc_id FROM documents WHERE fmt = 'html'").fetchone()
    con.close()
    corpus = Path(path).parent
    with TestClient(create_app(hostile_db, corpus=corpus, warm_model=False), base_url=LOCAL) as c:
        r = c.get(f"/documents/{doc_id}/original")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/plain")  # HTML goes out as text, never rendered
        assert "attachment" in r.headers["content-disposition"]
    elsewhere = tmp_path / "other-corpus"
    elsewhere.mkdir()
    with TestClient(create_app(hostile_db, corpus=elsewhere, warm_model=False), base_url=LOCAL) as c:
        assert c.get(f"/documents/{doc_id}/original").status_code == 404
    # A file changed since ingest is not the document any more.
    changed = tmp_path / "copy"
    shutil.copytree(corpus, changed)
    with TestClient(create_app(hostile_db, corpus=changed, warm_model=False), base_url=LOCAL) as c:
        assert c.get(f"/documents/{doc_id}/original").status_code == 404


def test_csv_cells_cannot_become_formulas() -> None:
    assert _csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _csv_cell("-1+2") == "'-1+2"
    assert _csv_cell("plain") == "plain"
    assert _csv_cell(None) == ""


def test_requests_for_other_host_names_are_refused(client: TestClient) -> None:
    """A page on evil.example that re-points its name at 127.0.0.1 (DNS rebinding) gets nothing."""
    assert client.get("/api/status", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/api/status", headers={"host": "localhost:8000"}).status_code == 200
