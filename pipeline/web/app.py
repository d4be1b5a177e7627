"""The local web app: server-rendered pages and the JSON API behind them, over one read-only DB.

Every page has a JSON twin under /api with the same data (OpenAPI at /openapi.json). Handlers are
plain `def`s: DuckDB calls block, so Starlette runs them in its thread pool, each with its own
cursor on the current snapshot of the database file (see `database.py`).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.middleware.trustedhost import TrustedHostMiddleware

from pipeline import queries
from pipeline.errors import BoardtraceError, NotFound, QueryError, StoreError
from pipeline.web import reads
from pipeline.web.database import Database, Session
from pipeline.web.marks import highlight_terms

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    # No page ships inline script; document text that slipped through escaping still could not run.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
Q = Annotated[str, Query(max_length=2000, description="What to look for, in your own words.")]
Opt = Annotated[str | None, Query(max_length=200)]
PageNo = Annotated[int, Query(ge=1, le=reads.MAX_PAGE)]


class SearchResult(BaseModel):
    id: str
    kind: str = Field(description="record or passage")
    type: str = Field(description="decision, commitment, target or passage")
    text: str
    doc: str
    doc_id: str
    doc_kind: str | None
    passage_id: str | None = Field(description="the passage holding it, an anchor on the document page")
    page: int | None
    agenda_item: str | None
    meeting_date: str | None
    body: str | None
    fields: dict[str, Any]
    chips: list[dict[str, str]]
    score: float | None
    why: dict[str, Any]
    why_parts: list[str] = Field(description="why it matched, in words")
    terms: list[str]


class SearchResponse(BaseModel):
    query: str
    mode: str
    how: str = Field(description="search (a query), filter (filters only) or none")
    filters: dict[str, str]
    page: int
    per_page: int
    has_more: bool
    results: list[SearchResult]
    data_time: dict[str, Any]


class RegisterResponse(BaseModel):
    name: str
    title: str
    columns: list[str]
    filters: dict[str, str]
    sort: str
    order: str
    counts: dict[str, int]
    total: int
    page: int | None
    per_page: int
    rows: list[dict[str, Any]]
    export: list[dict[str, Any]] | None = None
    data_time: dict[str, Any]


def create_app(
    db_path: Path | str,
    corpus: Path | str | None = None,
    warm_model: bool = True,
    allowed_hosts: Sequence[str] = LOCAL_HOSTS,
) -> FastAPI:
    """The app over `db_path`. Original files are served only from inside `corpus` (default: the
    corpus folder of the latest run) and only when their bytes still hash to the document id.
    Requests must name one of `allowed_hosts` in their Host header: a web page elsewhere cannot
    reach the app by pointing its own domain name at 127.0.0.1 (DNS rebinding)."""
    db = Database(db_path)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # every template, whatever its extension
    env.globals["highlight"] = highlight_terms
    env.globals["field_labels"] = reads.FIELD_LABELS
    env.filters["shown"] = reads.shown

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm_model:  # load the query embedding model now, not on the first search
            threading.Thread(target=_warm_model, daemon=True, name="warm-model").start()
        yield
        db.close()

    app = FastAPI(
        title="boardtrace",
        summary="Decisions, commitments and targets from board minutes, with provenance.",
        version="1",
        docs_url=None,  # Swagger UI loads from a CDN; the schema is at /openapi.json
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        response: Response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def error(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "message": message, "data_time": None},
            status_code=status,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        )
        return error(request, 400, problems or "the request is not valid")

    @app.exception_handler(NotFound)
    def not_found(request: Request, exc: NotFound) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(QueryError)
    def bad_query(request: Request, exc: QueryError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(StoreError)
    def store_error(request: Request, exc: StoreError) -> Response:
        return error(request, 503, str(exc))

    @app.exception_handler(BoardtraceError)
    def other_error(request: Request, exc: BoardtraceError) -> Response:
        return error(request, 500, str(exc))

    def page(request: Request, s: Session, name: str, context: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {**context, "data_time": s.data_time.to_dict()})

    # ------------------------------------------------------------ data (JSON API)

    def search_data(
        s: Session, q: str, page_no: int, mode: str, filters: dict[str, str | None]
    ) -> dict[str, Any]:
        out = reads.search_results(s.con, q, reads.parse_filters(**filters), page_no, mode)
        return {**out, "data_time": s.data_time.to_dict()}

    def facets(s: Session) -> dict[str, list[str]]:
        return s.memo("facets", reads.facets)

    def register_rows(s: Session, name: str) -> list[dict[str, Any]]:
        reads.check_register(name)
        return s.memo(f"register:{name}", lambda con: reads.register_rows(con, name))

    @app.get("/api/status", tags=["api"], summary="When the data was produced, and what it holds")
    def api_status() -> dict[str, Any]:
        with db.session() as s:
            return {"data_time": s.data_time.to_dict(), "stats": queries.stats(s.con)}

    @app.get(
        "/api/search", tags=["api"], response_model=SearchResponse, summary="Search records and passages"
    )
    def api_search(
        q: Q = "",
        type: Opt = None,
        outcome: Opt = None,
        body: Opt = None,
        since: Opt = None,
        until: Opt = None,
        kind: Opt = None,
        owner: Opt = None,
        page: PageNo = 1,
        mode: Annotated[str, Query(pattern="^(hybrid|keyword|semantic)$")] = "hybrid",
    ) -> dict[str, Any]:
        filters = {"type": type, "outcome": outcome, "body": body, "since": since, "until": until,
                   "kind": kind, "owner": owner}  # fmt: skip
        with db.session() as s:
            return search_data(s, q, page, mode, filters)

    @app.get("/api/facets", tags=["api"], summary="Values offered by the search filters")
    def api_facets() -> dict[str, list[str]]:
        with db.session() as s:
            return facets(s)

    @app.get("/api/records/{record_id}", tags=["api"], summary="A record with provenance, context and trace")
    def api_record(record_id: Annotated[str, PathParam(max_length=40)]) -> dict[str, Any]:
        with db.session() as s:
            return {**reads.record_view(s.con, record_id), "data_time": s.data_time.to_dict()}

    @app.get("/api/documents", tags=["api"], summary="Current documents")
    def api_documents() -> list[dict[str, Any]]:
        with db.session() as s:
            return reads.documents_list(s.con)

    @app.get(
        "/api/documents/{doc_id}", tags=["api"], summary="A document's agenda items, passages and records"
    )
    def api_document(doc_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
        with db.session() as s:
            view = reads.document_view(s.con, doc_id)
            view["data_time"] = s.data_time.to_dict()
        for section in view["sections"]:
            for p in section["passages"]:
                p.pop("pieces", None)
        return view

    @app.get("/api/registers/{name}", tags=["api"], response_model=RegisterResponse,
             summary="The commitment or target register")  # fmt: skip
    def api_register(
        name: Annotated[str, PathParam(pattern="^(commitments|targets)$")],
        status: Opt = None,
        q: Opt = None,
        body: Opt = None,
        owner: Opt = None,
        sort: Opt = None,
        order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
        page: Annotated[int, Query(ge=1)] = 1,
    ) -> dict[str, Any]:
        with db.session() as s:
            view = reads.register_view(
                register_rows(s, name), name, status, q, body, owner, sort, order, page
            )
            return {**view, "data_time": s.data_time.to_dict()}

    @app.get("/registers/{name}.csv", tags=["api"],
             summary="The register as CSV (same filters and sort as the page)")  # fmt: skip
    def register_csv(
        name: Annotated[str, PathParam(pattern="^(commitments|targets)$")],
        status: Opt = None,
        q: Opt = None,
        body: Opt = None,
        owner: Opt = None,
        sort: Opt = None,
        order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
    ) -> PlainTextResponse:
        with db.session() as s:
            rows = register_rows(s, name)
        view = reads.register_view(rows, name, status, q, body, owner, sort, order, page=None)
        return PlainTextResponse(
            reads.register_csv(view),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )

    # ------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        with db.session() as s:
            context = {"stats": queries.stats(s.con), "facets": facets(s), "q": "", "f": {}}
            return page(request, s, "home.html", context)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        q: Q = "",
        type: Opt = None,
        outcome: Opt = None,
        body: Opt = None,
        since: Opt = None,
        until: Opt = None,
        kind: Opt = None,
        owner: Opt = None,
        page_no: Annotated[int, Query(alias="page", ge=1, le=reads.MAX_PAGE)] = 1,
        mode: Annotated[str, Query(pattern="^(hybrid|keyword|semantic)$")] = "hybrid",
    ) -> HTMLResponse:
        filters = {"type": type, "outcome": outcome, "body": body, "since": since, "until": until,
                   "kind": kind, "owner": owner}  # fmt: skip
        with db.session() as s:
            out = search_data(s, q, page_no, mode, filters)
            context = {"r": out, "q": out["query"], "f": out["filters"], "facets": facets(s), "mode": mode}
            return page(request, s, "search.html", context)

    @app.get("/records/{record_id}", response_class=HTMLResponse, include_in_schema=False)
    def record_page(request: Request, record_id: Annotated[str, PathParam(max_length=40)]) -> HTMLResponse:
        with db.session() as s:
            return page(request, s, "record.html", {"rec": reads.record_view(s.con, record_id)})

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request) -> HTMLResponse:
        with db.session() as s:
            return page(request, s, "documents.html", {"docs": reads.documents_list(s.con)})

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: Annotated[str, PathParam(max_length=64)]) -> HTMLResponse:
        with db.session() as s:
            view = reads.document_view(s.con, doc_id)
            return page(request, s, "document.html", {"v": view, "doc": view["document"]})

    @app.get("/documents/{doc_id}/original", include_in_schema=False)
    def document_original(doc_id: Annotated[str, PathParam(max_length=64)]) -> Response:
        reads.check_doc_id(doc_id)
        with db.session() as s:
            row = s.con.execute("SELECT path, name, fmt FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
            root = corpus_root(s.con)
        if row is None:
            raise NotFound(f"no document has the id {doc_id}")
        path = original_file(Path(row[0]), root, doc_id)
        media = {"pdf": "application/pdf", "html": "text/plain", "docx": "application/octet-stream"}
        # HTML originals go out as text/plain: they are someone else's markup, never rendered here.
        return FileResponse(path, media_type=media.get(row[2], "text/plain"), filename=row[1],
                            content_disposition_type="attachment" if row[2] != "pdf" else "inline")  # fmt: skip

    def corpus_root(con: Any) -> Path | None:
        if corpus is not None:
            return Path(corpus).resolve()
        got = con.execute("SELECT corpus FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
        return Path(got[0]).resolve() if got and got[0] else None

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        """The JSON API, listed from its own OpenAPI schema (Swagger UI would need a CDN)."""
        endpoints = [
            {
                "path": path,
                "summary": op.get("summary", ""),
                "params": [
                    {"name": p["name"], "where": p["in"], "required": p.get("required", False)}
                    for p in op.get("parameters", [])
                ],
            }
            for path, methods in app.openapi()["paths"].items()
            for op in methods.values()
        ]
        with db.session() as s:
            return page(request, s, "api.html", {"endpoints": endpoints})

    @app.get("/registers", include_in_schema=False)
    def registers_index(request: Request) -> HTMLResponse:
        with db.session() as s:
            return page(request, s, "registers.html", {})

    @app.get("/registers/{name}", response_class=HTMLResponse, include_in_schema=False)
    def register_page(
        request: Request,
        name: Annotated[str, PathParam(max_length=20)],
        status: Opt = None,
        q: Opt = None,
        body: Opt = None,
        owner: Opt = None,
        sort: Opt = None,
        order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
        page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
    ) -> HTMLResponse:
        with db.session() as s:
            rows = register_rows(s, name)
            view = reads.register_view(rows, name, status, q, body, owner, sort, order, page_no)
            return page(request, s, "register.html", {"v": view, "bodies": facets(s)["bodies"]})

    return app


def original_file(path: Path, root: Path | None, doc_id: str) -> Path:
    """The stored path of a document, only if it lies inside the corpus folder and still holds the
    exact bytes that were ingested (its sha256 is the document id)."""
    if root is None:
        raise NotFound("the corpus folder is not known; start the server with --corpus")
    resolved = path.resolve()
    if not resolved.is_relative_to(root) or not resolved.is_file():
        raise NotFound("the original file is not available inside the corpus folder")
    digest = hashlib.sha256()
    with resolved.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != doc_id:
        raise NotFound("the original file has changed since it was ingested")
    return resolved


def _warm_model() -> None:
    try:
        from pipeline.embed import load_model

        load_model()
    except Exception:  # noqa: S110 - warming is best effort; the first search reports any real error
        pass
