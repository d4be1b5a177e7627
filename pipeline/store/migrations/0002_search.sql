-- 0002: the search index. pipeline.search.refresh_indexes rebuilds all of it after each run's
-- writes; nothing else writes these tables.

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
