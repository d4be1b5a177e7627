"""Web-app fixtures: small real databases built through the library (real spaCy and MiniLM models,
no Prefect, a few seconds), and a live uvicorn server for the browser tests."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
SAMPLE_DOCS = (
    "002_west-dereham-pc-2013-10-03-minutes.md",
    "003_west-dereham-pc-2013-11-07-minutes.md",
    "005_dundee-ijb-2021-08-25-minutes.txt",
    "013_bolsover-ambition-plan-targets-2023-q1.txt",
)

# Markup that must come out as text wherever the app shows it. The .txt keeps it literally; the
# HTML file carries a real <script> (ingest drops it) and entity-escaped markup (ingest turns it
# into literal text, which is what a hostile council website could publish).
PAYLOAD = "<script>window.__pwned = 1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned = 2">'
HOSTILE_TXT = f"""Minutes of the Hostile Parish Council meeting held on 3 March 2022

1. Budget
RESOLVED that the budget {PAYLOAD} be approved.
The Clerk will write to the county council {IMG_PAYLOAD} by 1 May 2022.
"""
HOSTILE_HTML = """<html><head><title>Hostile &lt;script&gt;window.__pwned = 3&lt;/script&gt; minutes</title>
<script>window.__pwned = 4</script></head><body>
<h2>2. Roads</h2>
<p>RESOLVED that the &lt;img src=x onerror="window.__pwned = 5"&gt; resurfacing be approved.</p>
<p>The Chairman agreed to speak to Highways &lt;script&gt;window.__pwned = 6&lt;/script&gt; about potholes.</p>
</body></html>
"""
HOSTILE_META = {
    "body": "Hostile <script>window.__pwned = 7</script> Council",
    "url": "javascript:window.__pwned = 8",
    "meeting_date": "2022-03-03",
    "doc_kind": "minutes",
}


def build_db(db: Path, corpus: Path, names: tuple[str, ...] | None = None) -> Path:
    """Run the library stages (ingest, segment, extract, embed, store, index, trace) over files of
    `corpus` into a fresh database, recording one finished run."""
    from pipeline import search, store, trace
    from pipeline.embed import MODEL_NAME, embed_texts
    from pipeline.extract import extract_document, load_nlp
    from pipeline.ingest import discover
    from pipeline.manifest import load_manifest
    from pipeline.records import text_hash
    from pipeline.runs import RunSummary, finish_run, new_run_id, read_and_segment, start_run

    paths = [corpus / n for n in names] if names else discover(corpus)
    con = store.connect(db)
    run_id = new_run_id()
    summary = RunSummary(
        run_id=run_id, corpus=str(corpus), db=str(db), started_at=time.strftime("%Y-%m-%dT%H:%M:%S")
    )
    try:
        start_run(con, run_id, str(corpus))
        manifest = load_manifest(corpus)
        nlp = load_nlp()
        done = [(p, read_and_segment(p, manifest, 50 * 1024 * 1024)) for p in paths]
        done_ex = [(p, seg, extract_document(nlp, seg)) for p, seg in done]
        texts = {
            text_hash(t): t
            for _, seg, ex in done_ex
            for t in [p.text for p in seg.passages] + [r.text for r in ex.records]
        }
        with _one_torch_thread():  # one length-sorted call; see _one_torch_thread for the thread count
            vectors = dict(zip(texts, embed_texts(list(texts.values())), strict=True))
        for path, seg, extraction in done_ex:
            store.write_document(con, seg, extraction, vectors, MODEL_NAME, run_id)
            stat = path.stat()
            store.record_file(con, str(path), seg.doc_id, stat.st_size, stat.st_mtime, run_id)
            summary.new.append(str(path))
        trace.trace_new_documents(con, [seg.doc_id for _, seg, _ in done_ex])
        search.refresh_indexes(con)
        summary.status = "completed"
        summary.finished_at = time.strftime("%Y-%m-%dT%H:%M:%S")
        finish_run(con, summary)
    finally:
        con.close()
    return db


@contextmanager
def _one_torch_thread() -> Iterator[None]:
    """Torch's default two threads spin against each other on a shared 2-core machine: embedding
    this fixture's ~270 texts took 32 s with two threads and 10 s with one. Restored afterwards."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four real sample documents (minutes and a targets report), read-only for tests."""
    corpus = tmp_path_factory.mktemp("web-corpus")
    for name in SAMPLE_DOCS:
        shutil.copyfile(CORPUS / name, corpus / name)
    shutil.copyfile(CORPUS / "sources.tsv", corpus / "sources.tsv")
    return build_db(tmp_path_factory.mktemp("web-db") / "sample.duckdb", corpus)


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Documents whose text, title and metadata carry script."""
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    (corpus / "hostile-2022-03-03-minutes.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (corpus / "hostile-2022-03-03-minutes.txt.meta.json").write_text(
        json.dumps(HOSTILE_META), encoding="utf-8"
    )
    (corpus / "hostile-roads.html").write_text(HOSTILE_HTML, encoding="utf-8")
    return build_db(tmp_path_factory.mktemp("hostile-db") / "hostile.duckdb", corpus)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn in a thread on 127.0.0.1 and a free port."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from pipeline.web import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True, name=f"uvicorn-{self.port}")

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def sample_server(sample_db: Path) -> Iterator[LiveServer]:
    with LiveServer(sample_db) as server:
        yield server


@pytest.fixture(scope="session")
def hostile_server(hostile_db: Path) -> Iterator[LiveServer]:
    with LiveServer(hostile_db) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make browser installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(30_000)  # first searches load the query model; generous, not asserted
    try:
        yield pg
    finally:
        context.close()
