-- boardtrace database schema: the state after every migration in migrations/ has run.
-- A test migrates an empty database and compares it with this file; keep the two in step.
-- Offsets (char_start, char_end) are into documents.text, the document's normalised text.

-- Which migrations have run.
CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);

-- One row per distinct document content (doc_id = sha256 of the file's bytes).
-- A changed file is a new row; the old one gets superseded_by and is hidden from search.
CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    fmt VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    title VARCHAR,
    body VARCHAR,
    meeting_date DATE,
    doc_kind VARCHAR NOT NULL,
    source_url VARCHAR,
    text VARCHAR NOT NULL,
    n_pages INTEGER NOT NULL,
    warnings VARCHAR[] NOT NULL,
    superseded_by VARCHAR,
    superseded_at TIMESTAMP,
    run_id VARCHAR,
    ingested_at TIMESTAMP NOT NULL
);

-- Where each input path stands: its current content and when the file was last seen.
CREATE TABLE files (
    path VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    mtime DOUBLE NOT NULL,
    last_run_id VARCHAR
);

CREATE TABLE pages (
    doc_id VARCHAR NOT NULL,
    number INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    PRIMARY KEY (doc_id, number)
);

CREATE TABLE agenda_items (
    item_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    number VARCHAR,
    title VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    page INTEGER
);

CREATE TABLE passages (
    passage_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    agenda_item_id VARCHAR,
    page INTEGER,
    heading VARCHAR
);

CREATE TABLE entities (
    entity_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    passage_id VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL
);

-- One vector per (text, model): an unchanged text is never embedded twice.
CREATE TABLE embeddings (
    text_hash VARCHAR NOT NULL,
    model VARCHAR NOT NULL,
    vector FLOAT[384] NOT NULL,
    PRIMARY KEY (text_hash, model)
);

-- Decisions, commitments and targets. fields holds the ANNOTATION.md fields of the type.
CREATE TABLE records (
    record_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    fields JSON NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    page INTEGER,
    agenda_item_id VARCHAR,
    passage_id VARCHAR,
    confidence DOUBLE NOT NULL,
    extractor VARCHAR NOT NULL
);

-- Evidence that a later passage or record refers to an earlier commitment or target.
CREATE TABLE links (
    link_id VARCHAR PRIMARY KEY,
    record_id VARCHAR NOT NULL,
    target_doc_id VARCHAR NOT NULL,
    target_passage_id VARCHAR,
    target_record_id VARCHAR,
    label VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    method VARCHAR NOT NULL,
    run_id VARCHAR
);

CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    corpus VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    n_new INTEGER NOT NULL DEFAULT 0,
    n_changed INTEGER NOT NULL DEFAULT 0,
    n_unchanged INTEGER NOT NULL DEFAULT 0,
    n_failed INTEGER NOT NULL DEFAULT 0,
    summary JSON
);

CREATE TABLE failures (
    run_id VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    doc_id VARCHAR,
    failed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, path, stage)
);

-- The search index (migration 0002): pipeline.search.refresh_indexes rebuilds it after each run.
-- One row per searchable unit: every record and every non-heading passage of a current (not
-- superseded) document, with the columns the search filters need copied beside it.
CREATE TABLE search_units (
    uid INTEGER PRIMARY KEY,
    id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    passage_id VARCHAR,
    page INTEGER,
    agenda_item_id VARCHAR,
    body VARCHAR,
    meeting_date DATE,
    doc_kind VARCHAR,
    outcome VARCHAR,
    parties VARCHAR,
    deadline DATE,
    fields JSON NOT NULL,
    cell INTEGER
);

-- Keyword index: for each stemmed term of DuckDB's fts index over search_units, the units that
-- hold it and each one's BM25 term score (the fts match_bm25 formula, precomputed). A query
-- reads only the rows of its own terms.
CREATE TABLE search_terms (
    term VARCHAR PRIMARY KEY,
    df INTEGER NOT NULL,
    uids INTEGER[] NOT NULL,
    weights FLOAT[] NOT NULL
);

-- Vector index: k-means cells over the units' MiniLM vectors. Each cell holds its centroid and
-- its members' unit ids and their unit-normalised vectors (little-endian float32, row-major). A query reads
-- only the cells nearest to it; with one cell the search is exact.
CREATE TABLE search_cells (
    cell INTEGER PRIMARY KEY,
    centroid FLOAT[384] NOT NULL,
    uids INTEGER[] NOT NULL,
    vectors BLOB NOT NULL
);

-- Facts about the current index build (build id, sizes, model), for readers and caches.
CREATE TABLE search_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- Tracing (migration 0003): links gain provenance and the quoted evidence; a status per item.
ALTER TABLE links ADD COLUMN source_doc_id VARCHAR;
ALTER TABLE links ADD COLUMN quote VARCHAR;
ALTER TABLE links ADD COLUMN similarity DOUBLE;
ALTER TABLE links ADD COLUMN created_at TIMESTAMP;

-- One row per commitment or target. decided_by is the link_id of the deciding evidence (NULL when
-- no link decided it, e.g. overdue or no evidence); as_of is the date the status holds at: the
-- latest meeting date stored for the item's body.
CREATE TABLE item_status (
    record_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    decided_by VARCHAR,
    reason VARCHAR NOT NULL,
    due_date DATE,
    as_of DATE,
    n_links INTEGER NOT NULL,
    run_id VARCHAR
);

-- Tracing reads the vectors of a few documents' texts; an index on the hash lets it look them up
-- without scanning every stored vector (the primary key's index is not used for these lookups).
CREATE INDEX embeddings_text_hash ON embeddings (text_hash);
