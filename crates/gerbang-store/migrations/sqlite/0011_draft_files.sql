-- Files uploaded to a draft (or to a form that came back with errors), kept so that the
-- applicant never uploads the same file twice. One per applicant, service and field; the
-- bytes are in object storage under `storage_key`. Keep in step with
-- ../postgres/0011_draft_files.sql.
CREATE TABLE draft_files (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    field TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sniffed_kind TEXT,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, service_id, field)
);
