"""Documents from the web: a list of URLs, and ModernGov democracy sites (`mgWebService.asmx`).

Fetched files land in a folder the nightly run reads like any corpus folder, each with a
`<file>.meta.json` sidecar (source URL, title, body, meeting date) that overrides detection.
Bytes are kept once per content hash under `blobs/`; a file in `files/` is rewritten only when its
content changed, so an unchanged source costs the run a `stat`, not a re-read. ModernGov
attachments are immutable by id and are not downloaded again once cached; plain URLs are asked
with If-None-Match / If-Modified-Since.

Only the HTTP calls retry (tenacity, exponential backoff with jitter): connection errors, timeouts,
429 and 5xx. A source that still fails is reported, and the other sources go on.

The sources file, one source per line (`#` starts a comment):

    https://example.org/minutes/2024-05-01.pdf
    moderngov https://democracy.example.gov.uk committee=142 from=2024-01-01 to=2024-12-31
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from pipeline.errors import BoardtraceError, ConfigError
from pipeline.records import sha256_bytes


class SourceError(BoardtraceError):
    """A source could not be fetched or understood."""


@dataclass(frozen=True, slots=True)
class SourceSpec:
    kind: str  # "url" | "moderngov"
    url: str
    committee_id: int | None = None
    from_date: date | None = None
    to_date: date | None = None

    @classmethod
    def example(cls) -> SourceSpec:
        return cls("moderngov", "https://democracy.example.gov.uk", 142, date(2024, 1, 1), date(2024, 12, 31))


@dataclass
class FetchReport:
    fetched: list[str] = field(default_factory=list)  # files written (new or changed content)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_SLUG = re.compile(r"[^A-Za-z0-9]+")
_SUFFIX_BY_TYPE = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_KNOWN_SUFFIXES = (".pdf", ".html", ".htm", ".txt", ".md", ".docx")


def slug(text: str, limit: int = 60) -> str:
    return _SLUG.sub("-", text).strip("-").lower()[:limit] or "document"


def load_sources(path: Path) -> list[SourceSpec]:
    """Parse a sources file (format in the module docstring)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ConfigError(f"cannot read sources file {path}: {e}") from e
    specs = []
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        if words[0].lower() == "moderngov":
            if len(words) < 2:
                raise ConfigError(f"{path}:{n}: moderngov needs the site's base URL")
            opts = dict(w.split("=", 1) for w in words[2:] if "=" in w)
            try:
                specs.append(
                    SourceSpec(
                        "moderngov", words[1].rstrip("/"),
                        committee_id=int(opts["committee"]) if "committee" in opts else None,
                        from_date=date.fromisoformat(opts["from"]) if "from" in opts else None,
                        to_date=date.fromisoformat(opts["to"]) if "to" in opts else None,
                    )
                )  # fmt: skip
            except ValueError as e:
                raise ConfigError(f"{path}:{n}: {e}") from e
        elif urlsplit(words[0]).scheme in ("http", "https"):
            specs.append(SourceSpec("url", words[0]))
        else:
            raise ConfigError(f"{path}:{n}: expected a URL or 'moderngov <base URL> ...', got {line!r}")
    return specs


def _retryable(error: BaseException) -> bool:
    if isinstance(error, httpx.TransportError):
        return True
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code == 429 or error.response.status_code >= 500
    return False


class Http:
    """An httpx client whose GETs retry transient failures with exponential backoff."""

    def __init__(self, attempts: int = 4, initial_wait: float = 0.5, max_wait: float = 20.0,
                 timeout: float = 60.0, client: httpx.Client | None = None) -> None:  # fmt: skip
        self.client = client or httpx.Client(
            timeout=timeout, follow_redirects=True, headers={"User-Agent": "boardtrace/0.1 (+nightly fetch)"}
        )
        self.attempts, self.initial_wait, self.max_wait = attempts, initial_wait, max_wait

    def get(self, url: str, params: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None) -> httpx.Response:  # fmt: skip
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential_jitter(initial=self.initial_wait, max=self.max_wait),
            retry=retry_if_exception(_retryable),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    response = self.client.get(url, params=params, headers=headers)
                    if response.status_code != 304:
                        response.raise_for_status()
                    return response
        except httpx.HTTPError as e:
            raise SourceError(f"GET {url} failed: {e}") from e
        raise SourceError(f"GET {url} failed")  # unreachable: reraise=True

    def close(self) -> None:
        self.client.close()


class SourceCache:
    """`blobs/<sha256>` once per content; `files/<name>` + sidecar per source document;
    `index.json` maps each source key to its hash and HTTP validators."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.blobs = root / "blobs"
        self.files = root / "files"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self.files.mkdir(parents=True, exist_ok=True)
        self.index_path = root / "index.json"
        self.index: dict[str, dict[str, Any]] = (
            json.loads(self.index_path.read_text(encoding="utf-8")) if self.index_path.exists() else {}
        )

    def save_index(self) -> None:
        tmp = self.index_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.index, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.index_path)

    def cached(self, key: str) -> dict[str, Any] | None:
        entry = self.index.get(key)
        if entry and (self.blobs / entry["sha256"]).exists() and (self.files / entry["name"]).exists():
            return entry
        return None

    def put(self, key: str, name: str, data: bytes, meta: dict[str, Any], validators: dict[str, str]) -> bool:
        """Store `data` for source `key` as `files/<name>`; True when the file's content changed."""
        digest = sha256_bytes(data)
        blob = self.blobs / digest
        if not blob.exists():
            _atomic_write(blob, data)
        target = self.files / name
        changed = not (target.exists() and self.index.get(key, {}).get("sha256") == digest)
        if changed:
            _atomic_write(target, data)
        sidecar = target.with_name(target.name + ".meta.json")
        meta_text = json.dumps({k: v for k, v in meta.items() if v}, indent=1, sort_keys=True, default=str)
        if not sidecar.exists() or sidecar.read_text(encoding="utf-8") != meta_text:
            _atomic_write(sidecar, meta_text.encode("utf-8"))
        self.index[key] = {"sha256": digest, "name": name, **validators}
        return changed


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _suffix_for(url: str, content_type: str | None) -> str:
    suffix = Path(urlsplit(url).path).suffix.lower()
    if suffix in _KNOWN_SUFFIXES:
        return suffix
    kind = (content_type or "").split(";")[0].strip().lower()
    return _SUFFIX_BY_TYPE.get(kind, ".html")


def fetch_url(http: Http, cache: SourceCache, url: str, report: FetchReport) -> None:
    key = f"url:{url}"
    entry = cache.cached(key)
    headers = {}
    if entry and entry.get("etag"):
        headers["If-None-Match"] = entry["etag"]
    if entry and entry.get("last_modified"):
        headers["If-Modified-Since"] = entry["last_modified"]
    response = http.get(url, headers=headers or None)
    if response.status_code == 304 and entry:
        report.unchanged.append(entry["name"])
        return
    stem = slug(Path(urlsplit(url).path).stem or urlsplit(url).netloc)
    name = f"{stem}-{hashlib.sha256(url.encode()).hexdigest()[:8]}{_suffix_for(url, response.headers.get('content-type'))}"
    validators = {k: v for k, v in (("etag", response.headers.get("etag")),
                                    ("last_modified", response.headers.get("last-modified"))) if v}  # fmt: skip
    changed = cache.put(key, name, response.content, {"url": url}, validators)
    (report.fetched if changed else report.unchanged).append(name)


# ModernGov ---------------------------------------------------------------------------------------


def _xml(data: bytes, what: str) -> ET.Element:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise SourceError(f"{what}: not XML: {e}") from e
    for element in root.iter():  # drop namespaces; ModernGov's vary between installs
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.rsplit("}", 1)[1]
        element.tag = element.tag.lower() if isinstance(element.tag, str) else element.tag
    return root


def _text(element: ET.Element, tag: str) -> str | None:
    found = element.find(tag)
    return found.text.strip() if found is not None and found.text and found.text.strip() else None


def _mg_date(value: str | None) -> date | None:
    """ModernGov writes dd/mm/yyyy (sometimes with a time); ISO dates also occur."""
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip()[:10], fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True, slots=True)
class Attachment:
    attachment_id: str
    title: str
    url: str | None
    meeting_id: str
    meeting_date: date | None
    committee: str | None


class ModernGov:
    """The three calls of `<site>/mgWebService.asmx` that lead from a committee to its papers."""

    def __init__(self, http: Http, base_url: str) -> None:
        self.http, self.base = http, base_url.rstrip("/") + "/"
        self.service = urljoin(self.base, "mgWebService.asmx/")

    def get_meetings(self, committee_id: int | None, start: date | None, end: date | None) -> list[str]:
        params: dict[str, Any] = {"lCommitteeId": committee_id or 0}
        params["sFromDate"] = (start or date(2000, 1, 1)).strftime("%d/%m/%Y")
        params["sToDate"] = (end or date.today()).strftime("%d/%m/%Y")
        root = _xml(self.http.get(self.service + "GetMeetings", params=params).content, "GetMeetings")
        ids = [_text(m, "meetingid") for m in root.iter("meeting")]
        return sorted({i for i in ids if i}, key=lambda i: (len(i), i))

    def get_meeting(self, meeting_id: str) -> list[Attachment]:
        root = _xml(
            self.http.get(self.service + "GetMeeting", params={"lMeetingId": meeting_id}).content,
            "GetMeeting",
        )
        nested = root.find(".//meeting")
        meeting = root if root.tag == "meeting" or nested is None else nested
        when = _mg_date(_text(meeting, "meetingdate"))
        committee = _text(meeting, "committeetitle") or _text(meeting, "committeename")
        found: dict[str, Attachment] = {}
        for doc in root.iter("linkeddocument"):
            attachment_id = _text(doc, "attachmentid")
            url = _text(doc, "url")
            if not attachment_id and url:
                match = re.search(r"[?&]ID=(\d+)", url, re.IGNORECASE)
                attachment_id = match.group(1) if match else None
            if attachment_id and attachment_id not in found:
                found[attachment_id] = Attachment(
                    attachment_id, _text(doc, "title") or f"attachment {attachment_id}",
                    urljoin(self.base, url) if url else None, meeting_id, when, committee,
                )  # fmt: skip
        return list(found.values())

    def get_attachment_url(self, attachment_id: str) -> str:
        root = _xml(
            self.http.get(self.service + "GetAttachment", params={"lAttachmentId": attachment_id}).content,
            "GetAttachment",
        )
        url = next((e.text.strip() for e in root.iter("url") if e.text and e.text.strip()), None)
        if not url:
            raise SourceError(f"GetAttachment {attachment_id}: no url in the response")
        return urljoin(self.base, url)

    def attachments(self, spec: SourceSpec) -> Iterator[Attachment]:
        for meeting_id in self.get_meetings(spec.committee_id, spec.from_date, spec.to_date):
            yield from self.get_meeting(meeting_id)


def fetch_moderngov(http: Http, cache: SourceCache, spec: SourceSpec, report: FetchReport) -> None:
    site = ModernGov(http, spec.url)
    host = slug(urlsplit(spec.url).netloc, 40)
    for att in site.attachments(spec):
        key = f"moderngov:{spec.url}:{att.attachment_id}"
        entry = cache.cached(key)
        if entry:  # attachments are immutable by id: never fetched twice
            report.unchanged.append(entry["name"])
            continue
        try:
            url = att.url or site.get_attachment_url(att.attachment_id)
            response = http.get(url)
        except SourceError as e:
            report.failed.append({"source": key, "message": str(e)})
            continue
        name = f"mg-{host}-{att.meeting_id}-{att.attachment_id}-{slug(att.title, 40)}{_suffix_for(url, response.headers.get('content-type'))}"
        meta = {"url": url, "title": att.title, "body": att.committee,
                "meeting_date": att.meeting_date.isoformat() if att.meeting_date else None}  # fmt: skip
        changed = cache.put(key, name, response.content, meta, {})
        (report.fetched if changed else report.unchanged).append(name)


def fetch_all(specs: list[SourceSpec], cache_dir: Path, http: Http | None = None) -> FetchReport:
    """Fetch every source into `cache_dir/files`; a failing source is reported, not raised."""
    cache = SourceCache(cache_dir)
    own = http is None
    client = http or Http()
    report = FetchReport()
    fetchers: dict[str, Callable[[Http, SourceCache, SourceSpec, FetchReport], None]] = {
        "url": lambda h, c, s, r: fetch_url(h, c, s.url, r),
        "moderngov": fetch_moderngov,
    }
    try:
        for spec in specs:
            try:
                fetchers[spec.kind](client, cache, spec, report)
            except SourceError as e:
                report.failed.append({"source": spec.url, "message": str(e)})
            finally:
                cache.save_index()
    finally:
        if own:
            client.close()
    return report
