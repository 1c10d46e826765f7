-- Revocation that offline verifiers can learn: each document has a place (status_idx)
-- in its agency's status list, handed out from a counter per agency. Places are never
-- reused; one left unused by a decision that did not commit stays 0 (valid) for ever.
-- Keep in step with ../postgres/0012_document_status.sql.
CREATE TABLE document_status_lists (
    agency_id INTEGER PRIMARY KEY REFERENCES agencies (id),
    next_idx INTEGER NOT NULL
);
ALTER TABLE documents ADD COLUMN status_idx INTEGER;
CREATE UNIQUE INDEX documents_status_idx ON documents (agency_id, status_idx);
