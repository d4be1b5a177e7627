"""Page-load times of the web app on 127.0.0.1: a small, bounded load test.

    .venv/bin/python bench/web.py [--db outputs/boardtrace.duckdb] [--requests 120] [--max-seconds 90]

Starts `boardtrace serve` in a subprocess on a free port, warms it (the first search loads the
query model; the first page of each kind imports its code), then requests whole HTML pages with httpx: searches (with and without filters),
record, document and register pages, one client at a time and then four at once. Stops at the
request count or the time limit, whichever comes first. Prints p50/p95/max per page kind and
writes bench/out/web.json. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
QUERIES = (
    "what did the Board decide about the estates strategy",
    "speak to Highways about the drainage problem",
    "minutes agreed as a true record",
    "five year strategic plan",
    "performance targets on track",
    "emergency admissions",
    "workforce strategy for health and social care",
    "the Clerk will write to the county council",
    "broadband provision",
    "budget approved",
    "integrated care systems by 2021",
    "action tracker noted",
)
FILTERS = ("", "&type=decision", "&type=commitment", "&since=2019-01-01", "&kind=minutes")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "serve", "--db", str(db),
               "--port", str(port)]  # fmt: skip
    with log.open("wb") as sink:  # a file, not a pipe nobody reads (a full pipe would block the server)
        return subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)


def wait_ready(client: httpx.Client, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text(errors='replace')}")
        try:
            if client.get("/api/status").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not start in time")


def timed_get(client: httpx.Client, url: str) -> tuple[str, float, int]:
    start = time.perf_counter()
    try:
        code = client.get(url).status_code
    except httpx.TransportError:  # counted as an error, not a crash of the whole bench
        code = 0
    return url, (time.perf_counter() - start) * 1000, code


def kind_of(url: str) -> str:
    if url.startswith("/search"):
        return "search (filtered)" if "&" in url else "search"
    return url.split("/")[1] if url.count("/") > 1 else url


def plan(client: httpx.Client, n: int) -> list[str]:
    """A fixed mix: mostly searches, some record, document and register pages."""
    status = client.get("/api/search", params={"q": "council", "type": "commitment"}).json()["results"]
    records = [f"/records/{h['id']}" for h in status[:5]] or []
    docs = [f"/documents/{d['doc_id']}" for d in client.get("/api/documents").json()[:5]]
    urls: list[str] = []
    i = 0
    while len(urls) < n:
        q = QUERIES[i % len(QUERIES)].replace(" ", "+")
        urls.append(f"/search?q={q}{FILTERS[i % len(FILTERS)]}")
        if i % 4 == 3 and records:
            urls.append(records[i % len(records)])
        if i % 6 == 5 and docs:
            urls.append(docs[i % len(docs)])
        if i % 8 == 7:
            urls.append("/registers/commitments?sort=due_date")
        i += 1
    return urls[:n]


def summarise(samples: list[tuple[str, float, int]]) -> dict[str, dict[str, float]]:
    by_kind: dict[str, list[float]] = {}
    for url, ms, _ in samples:
        by_kind.setdefault(kind_of(url), []).append(ms)
    out = {}
    for kind, values in sorted(by_kind.items()):
        values.sort()
        out[kind] = {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(values[min(len(values) - 1, int(0.95 * len(values)))], 1),
            "max_ms": round(values[-1], 1),
        }
    return out


def run(
    urls: list[str], client: httpx.Client, workers: int, max_seconds: float
) -> tuple[list[tuple[str, float, int]], float]:
    start = time.perf_counter()
    samples: list[tuple[str, float, int]] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = iter(urls)
        while time.perf_counter() - start < max_seconds:
            batch = [u for _, u in zip(range(workers), pending, strict=False)]
            if not batch:
                break
            samples += pool.map(lambda u: timed_get(client, u), batch)
    return samples, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO / "outputs" / "boardtrace.duckdb")
    parser.add_argument("--requests", type=int, default=120, help="requests per phase")
    parser.add_argument("--max-seconds", type=float, default=90, help="time limit per phase")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} not found: run `make run` first (or pass --db)")
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="boardtrace-web-bench-", suffix=".log")[1])
    proc = start_server(args.db, port, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            wait_ready(client, proc, log)
            for q in QUERIES[:3]:  # load the query model, fill caches
                timed_get(client, f"/search?q={q}")
            urls = plan(client, args.requests)
            for url in {kind_of(u): u for u in urls}.values():  # first use of each page kind imports code
                timed_get(client, url)
            report: dict[str, object] = {
                "db": str(args.db),
                "stats": client.get("/api/status").json()["stats"],
            }
            for workers in (1, 4):
                samples, seconds = run(urls, client, workers, args.max_seconds)
                errors = sum(1 for _, _, code in samples if code != 200)
                report[f"clients_{workers}"] = {
                    "requests": len(samples),
                    "seconds": round(seconds, 1),
                    "requests_per_s": round(len(samples) / seconds, 1),
                    "errors": errors,
                    "pages": summarise(samples),
                }
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.unlink(missing_ok=True)
    stats = report["stats"]
    print(
        f"web bench on {args.db}: {stats['documents']} documents, {stats['records']} records, {stats['passages']} passages"
    )  # type: ignore[index]
    for workers in (1, 4):
        phase = report[f"clients_{workers}"]
        print(
            f"\n{workers} client(s): {phase['requests']} requests in {phase['seconds']} s "  # type: ignore[index]
            f"({phase['requests_per_s']}/s), {phase['errors']} errors"
        )  # type: ignore[index]
        print(f"  {'page':<20}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for kind, row in phase["pages"].items():  # type: ignore[index]
            print(f"  {kind:<20}{row['n']:>5}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['max_ms']:>10}")
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "web.json").write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(f"\nwrote {out / 'web.json'}")


if __name__ == "__main__":
    main()
