-- 0003: tracing. Links carry provenance on both ends (the source record's document beside the
-- target document and passage) and the quoted sentence that is the evidence; item_status holds
-- each commitment's and target's status with the link that decided it.
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
