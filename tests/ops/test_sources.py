"""URL lists and the ModernGov web service, against an http.server on 127.0.0.1 serving responses
recorded here (shaped like mgWebService.asmx's XML). No traffic leaves the machine."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from pipeline.errors import ConfigError
from pipeline.sources import Http, SourceSpec, fetch_all, load_sources

REPO = Path(__file__).resolve().parents[2]
MINUTES = (REPO / "corpus" / "008_slough-hwb-2021-10-21-matters-arising.txt").read_bytes()
PLAN = (REPO / "corpus" / "013_bolsover-ambition-plan-targets-2023-q1.txt").read_bytes()

GET_MEETINGS = b"""<?xml version="1.0" encoding="utf-8"?>
<getmeetings xmlns="http://moderngov.co.uk/namespaces">
  <meeting><meetingid>501</meetingid><meetingdate>21/10/2021</meetingdate><committeeid>42</committeeid></meeting>
  <meeting><meetingid>502</meetingid><meetingdate>18/11/2021</meetingdate><committeeid>42</committeeid></meeting>
</getmeetings>"""

GET_MEETING = {
    "501": b"""<?xml version="1.0" encoding="utf-8"?>
<getmeeting><meeting>
  <meetingid>501</meetingid><meetingdate>21/10/2021</meetingdate>
  <committeetitle>Health and Wellbeing Board</committeetitle>
  <agendaitems><agendaitem><agendaitemtitle>Matters arising</agendaitemtitle>
    <linkeddocuments><linkeddocument>
      <attachmentid>9001</attachmentid><title>Minutes 21 October</title>
      <url>mgConvert2PDF.aspx?ID=9001</url>
    </linkeddocument></linkeddocuments>
  </agendaitem></agendaitems>
</meeting></getmeeting>""",
    "502": b"""<?xml version="1.0" encoding="utf-8"?>
<getmeeting><meeting>
  <meetingid>502</meetingid><meetingdate>18/11/2021</meetingdate>
  <committeetitle>Health and Wellbeing Board</committeetitle>
  <linkeddocuments><linkeddocument><attachmentid>9002</attachmentid><title>Ambition plan targets</title></linkeddocument></linkeddocuments>
</meeting></getmeeting>""",
}

GET_ATTACHMENT = {
    "9002": b"""<?xml version="1.0" encoding="utf-8"?>
<getattachment><attachment><attachmentid>9002</attachmentid><title>Ambition plan targets</title>
<url>documents/s9002/plan.txt</url></attachment></getattachment>""",
}


class Site:
    """What the fake server serves, and a log of what it was asked."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.flaky: dict[str, int] = {}  # path -> number of 503s still to give
        self.files: dict[str, tuple[bytes, str]] = {
            "/mgConvert2PDF.aspx": (MINUTES, "text/plain"),
            "/documents/s9002/plan.txt": (PLAN, "text/plain"),
            "/papers/minutes-2021-10-21.txt": (MINUTES, "text/plain"),
            "/papers/page": (b"<html><head><title>Board</title></head><body><p>RESOLVED that the report be noted.</p></body></html>", "text/html"),
        }  # fmt: skip


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            state.requests.append(self.path)
            if state.flaky.get(parts.path, 0) > 0:
                state.flaky[parts.path] -= 1
                self._send(503, b"busy", "text/plain")
                return
            if parts.path == "/mgWebService.asmx/GetMeetings":
                self._send(200, GET_MEETINGS, "text/xml")
            elif parts.path == "/mgWebService.asmx/GetMeeting":
                self._send(200, GET_MEETING[query["lMeetingId"]], "text/xml")
            elif parts.path == "/mgWebService.asmx/GetAttachment":
                self._send(200, GET_ATTACHMENT[query["lAttachmentId"]], "text/xml")
            elif parts.path in state.files:
                body, kind = state.files[parts.path]
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", kind, etag)
                else:
                    self._send(200, body, kind, etag)
            else:
                self._send(404, b"not found", "text/plain")

        def _send(self, status: int, body: bytes, kind: str, etag: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fast_http() -> Http:
    return Http(attempts=4, initial_wait=0.01, max_wait=0.05, timeout=10)


def test_sources_file_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "sources.txt"
    path.write_text(
        "# nightly sources\nhttps://example.org/a.pdf\n"
        "moderngov https://democracy.example.gov.uk committee=142 from=2024-01-01 to=2024-12-31\n",
        encoding="utf-8",
    )
    assert load_sources(path) == [SourceSpec("url", "https://example.org/a.pdf"), SourceSpec.example()]
    path.write_text("ftp://nope\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="sources.txt:1"):
        load_sources(path)


def test_moderngov_meetings_to_cached_files_with_sidecars(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    spec = SourceSpec("moderngov", base, committee_id=42)
    report = fetch_all([spec], tmp_path, fast_http())
    assert len(report.fetched) == 2 and not report.failed
    files = sorted((tmp_path / "files").glob("mg-*"))
    docs = [f for f in files if not f.name.endswith(".meta.json")]
    assert [d.read_bytes() for d in docs] == [MINUTES, PLAN]
    meta = json.loads(docs[1].with_name(docs[1].name + ".meta.json").read_text())
    assert meta == {"body": "Health and Wellbeing Board", "meeting_date": "2021-11-18",
                    "title": "Ambition plan targets", "url": f"{base}/documents/s9002/plan.txt"}  # fmt: skip
    assert any("lCommitteeId=42" in r for r in state.requests)
    # Blobs are kept once per content hash.
    assert len(list((tmp_path / "blobs").iterdir())) == 2

    # The next night: attachments are cached by id, nothing is downloaded again, files untouched.
    mtimes = [d.stat().st_mtime_ns for d in docs]
    state.requests.clear()
    again = fetch_all([spec], tmp_path, fast_http())
    assert again.fetched == [] and sorted(again.unchanged) == sorted(report.fetched)
    assert not any("GetAttachment" in r or "mgConvert2PDF" in r or "documents/" in r for r in state.requests)
    assert [d.stat().st_mtime_ns for d in docs] == mtimes


def test_url_list_uses_etags_retries_transient_errors_and_reports_failures(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    state, base = site
    specs = [SourceSpec("url", f"{base}/papers/minutes-2021-10-21.txt"), SourceSpec("url", f"{base}/papers/page"),
             SourceSpec("url", f"{base}/papers/missing.pdf")]  # fmt: skip
    state.flaky["/papers/page"] = 2  # two 503s, then it answers
    report = fetch_all(specs, tmp_path, fast_http())
    assert len(report.fetched) == 2
    assert [f["source"] for f in report.failed] == [f"{base}/papers/missing.pdf"]
    assert sum(r == "/papers/page" for r in state.requests) == 3
    assert sum(r == "/papers/missing.pdf" for r in state.requests) == 1  # a 404 is not retried
    html = next((tmp_path / "files").glob("page-*.html"))
    assert b"RESOLVED" in html.read_bytes()

    # Unchanged upstream: a conditional GET, a 304, the file keeps its mtime.
    before = html.stat().st_mtime_ns
    again = fetch_all(specs[:2], tmp_path, fast_http())
    assert again.fetched == [] and len(again.unchanged) == 2
    assert html.stat().st_mtime_ns == before

    # Changed upstream: the same file name gets the new content (the run sees a changed document).
    state.files["/papers/page"] = (
        b"<html><body><p>RESOLVED that the plan be adopted.</p></body></html>",
        "text/html",
    )
    third = fetch_all(specs[1:2], tmp_path, fast_http())
    assert third.fetched == [html.name] and b"adopted" in html.read_bytes()


@pytest.mark.slow
def test_nightly_run_reads_fetched_sources(
    site: tuple[Site, str], tmp_path: Path, prefect_harness: None
) -> None:
    import duckdb

    from flows.nightly import nightly

    _, base = site
    sources = tmp_path / "sources.txt"
    sources.write_text(f"moderngov {base} committee=42\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    db = tmp_path / "out" / "boardtrace.duckdb"
    summary = nightly(corpus=str(corpus), db=str(db), sources=str(sources))
    assert len(summary["new"]) == 2 and not summary["failed"]
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT body, meeting_date::VARCHAR, source_url FROM documents ORDER BY meeting_date"
    ).fetchall()
    con.close()
    assert rows[0] == ("Health and Wellbeing Board", "2021-10-21", f"{base}/mgConvert2PDF.aspx?ID=9001")
    again = nightly(corpus=str(corpus), db=str(db), sources=str(sources))
    assert again["new"] == [] and len(again["unchanged"]) == 2
