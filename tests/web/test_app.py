"""Pages and JSON API over a small real database (TestClient; the browser tests drive the UI)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.web import create_app

LOCAL = "http://127.0.0.1:8000"

pytestmark = pytest.mark.slow
HIGHWAYS = "Chairman will speak to Highways about the drainage problem"


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(sample_db, warm_model=False), base_url=LOCAL) as c:
        yield c


def test_search_api_finds_the_commitment_with_provenance(client: TestClient) -> None:
    got = client.get("/api/search", params={"q": HIGHWAYS}).json()
    top = got["results"][:3]
    hit = next(h for h in top if "speak again to Highways" in h["text"])
    assert hit["type"] == "commitment"
    assert hit["doc"] == "003_west-dereham-pc-2013-11-07-minutes.md"
    assert hit["meeting_date"] == "2013-11-07"
    assert hit["body"].startswith("West Dereham Parish Council")
    assert "highways" in [t.lower() for t in hit["terms"]]
    assert got["data_time"]["run_id"] and got["data_time"]["finished_at"]


def test_filters_narrow_and_only_narrow(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "agreed"}).json()["results"]
    decisions = client.get("/api/search", params={"q": "agreed", "type": "decision"}).json()["results"]
    assert {h["type"] for h in everything} - {"decision"}, "the unfiltered list should mix types"
    assert decisions and all(h["type"] == "decision" for h in decisions)
    dundee = client.get(
        "/api/search",
        params={"q": "agreed", "body": "Dundee City Health and Social Care Integration Joint Board"},
    ).json()["results"]
    assert dundee and all(h["body"].startswith("Dundee") for h in dundee)
    later = client.get("/api/search", params={"q": "agreed", "since": "2021-01-01"}).json()["results"]
    assert later and all(h["meeting_date"] >= "2021-01-01" for h in later)


def test_filters_without_a_query_browse_records(client: TestClient) -> None:
    got = client.get("/api/search", params={"type": "target"}).json()
    assert got["how"] == "filter"
    assert got["results"] and all(h["type"] == "target" for h in got["results"])


def test_paging_follows_on(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "council"}).json()
    second = client.get("/api/search", params={"q": "council", "page": 2}).json()
    assert first["has_more"]
    assert not {h["id"] for h in first["results"]} & {h["id"] for h in second["results"]}


def test_bad_filters_are_explained_not_crashed(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "x", "since": "last tuesday"})
    assert r.status_code == 400 and "date" in r.json()["error"]
    r = client.get("/search", params={"q": "x", "type": "memo"})
    assert r.status_code == 400 and "type must be one of" in r.text


def test_record_page_and_api_show_provenance(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": HIGHWAYS, "type": "commitment"}).json()["results"][0]
    rec = client.get(f"/api/records/{hit['id']}").json()
    assert rec["document"]["name"] == hit["doc"]
    assert rec["context"]["text"] == rec["text"]
    assert rec["trace"] is not None and rec["trace"]["status"]
    assert {r["key"] for r in rec["field_rows"]} >= {"owner", "action", "due"}
    html = client.get(f"/records/{hit['id']}").text
    assert 'id="provenance"' in html and hit["doc"] in html and 'id="quote"' in html


def test_document_page_marks_its_records_inline(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": HIGHWAYS, "type": "commitment"}).json()["results"][0]
    html = client.get(f"/documents/{hit['doc_id']}").text
    assert f'href="/records/{hit["id"]}"' in html and 'class="rec rec-commitment"' in html
    doc = client.get(f"/api/documents/{hit['doc_id']}").json()
    assert doc["agenda_items"] and doc["counts"]["commitment"] > 0


def test_register_filters_sorts_and_downloads(client: TestClient) -> None:
    full = client.get("/api/registers/commitments").json()
    assert full["total"] == sum(full["counts"].values()) > 0
    status = min(full["counts"], key=full["counts"].get)
    narrowed = client.get("/api/registers/commitments", params={"status": status}).json()
    assert narrowed["total"] == full["counts"][status]
    assert {r["status"] for r in narrowed["rows"]} == {status}
    by_owner = client.get("/api/registers/commitments", params={"sort": "owner", "order": "desc"}).json()[
        "rows"
    ]
    owners = [r["owner"].lower() for r in by_owner if r["owner"]]
    assert owners == sorted(owners, reverse=True)
    got = client.get("/registers/commitments.csv", params={"status": status})
    assert got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert len(rows) == full["counts"][status] and {r["status"] for r in rows} == {status}
    assert client.get("/registers/targets").status_code == 200
    assert client.get("/api/registers/secrets").status_code == 422


def test_pages_show_the_time_of_the_data(client: TestClient) -> None:
    html = client.get("/").text
    status = client.get("/api/status").json()
    assert 'id="data-time"' in html and status["data_time"]["finished_at"] in html
    assert status["stats"]["documents"] == 4


def test_openapi_documents_the_api(client: TestClient) -> None:
    assert "/api/registers/{name}" in client.get("/api").text
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/search",
        "/api/records/{record_id}",
        "/api/documents/{doc_id}",
        "/api/registers/{name}",
    } <= set(paths)


def test_serve_command_is_registered_with_its_options() -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = CliRunner().invoke(app, ["serve", "--help"])
    assert out.exit_code == 0
    assert all(opt in out.output for opt in ("--db", "--host", "--port", "127.0.0.1", "8000"))


def test_the_app_serves_the_new_file_after_a_nightly_swap(sample_db: Path, tmp_path: Path) -> None:
    import os
    import shutil

    import duckdb

    served, upcoming = tmp_path / "served.duckdb", tmp_path / "served.duckdb.next"
    shutil.copyfile(sample_db, served)
    with TestClient(create_app(served, warm_model=False), base_url=LOCAL) as c:
        before = c.get("/api/status").json()
        registers_before = c.get("/api/registers/commitments").json()["total"]
        shutil.copyfile(served, upcoming)
        con = duckdb.connect(str(upcoming))
        con.execute("INSERT INTO runs (run_id, started_at, finished_at, corpus, status) "
                    "VALUES ('later-run', now(), now() + INTERVAL 1 HOUR, 'corpus', 'completed')")  # fmt: skip
        con.execute("UPDATE documents SET superseded_by = 'x' WHERE name LIKE '003_%'")
        con.close()
        os.replace(upcoming, served)  # what the nightly run does
        after = c.get("/api/status").json()
        assert after["data_time"]["run_id"] == "later-run" != before["data_time"]["run_id"]
        assert after["stats"]["documents"] == before["stats"]["documents"] - 1
        assert c.get("/api/registers/commitments").json()["total"] < registers_before  # no stale cache
        assert "later-run" in c.get("/").text


def test_bad_urls_get_a_page_not_a_stack_of_json(client: TestClient) -> None:
    r = client.get("/search", params={"q": "council", "page": "abc"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html") and "page" in r.text
    assert client.get("/api/search", params={"q": "council", "page": "abc"}).status_code == 422
    got = client.get("/api/search", params={"q": "agreed", "since": "2021", "until": "2021-12"}).json()
    assert got["filters"] == {"since": "2021-01-01", "until": "2021-12-31"}


def test_boardtrace_serve_answers_on_localhost(sample_db: Path, tmp_path: Path) -> None:
    """The real command in its own process, as a user starts it."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "serve", "--db", str(sample_db),
               "--port", str(port)]  # fmt: skip
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline, status = time.monotonic() + 90, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/api/status", timeout=5).json()
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert status is not None, log.read_text(errors="replace")
        assert status["stats"]["documents"] == 4
    finally:
        proc.terminate()
        proc.wait(timeout=20)
