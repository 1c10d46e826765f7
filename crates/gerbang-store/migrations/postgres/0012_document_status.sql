-- Revocation that offline verifiers can learn: each document has a place (status_idx)
-- in its agency's status list, handed out from a counter per agency. Places are never
-- reused; one left unused by a decision that did not commit stays 0 (valid) for ever.
-- Keep in step with ../sqlite/0012_document_status.sql.
CREATE TABLE document_status_lists (
    agency_id BIGINT PRIMARY KEY REFERENCES agencies (id),
    next_idx BIGINT NOT NULL
);
ALTER TABLE documents ADD COLUMN status_idx BIGINT;
CREATE UNIQUE INDEX documents_status_idx ON documents (agency_id, status_idx);
