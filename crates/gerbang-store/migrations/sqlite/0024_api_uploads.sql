-- Files a business's system uploads through the API before it files the application that
-- refers to them (`{"upload": "up_…"}`). Keep in step with ../postgres/0024_api_uploads.sql.

CREATE TABLE api_uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Public id, such as up_2Vb…
    uid TEXT NOT NULL UNIQUE,
    owner_id INTEGER NOT NULL REFERENCES users (id),
    filename TEXT NOT NULL,
    -- The kind judged from the bytes (pdf, jpg, png), if any.
    sniffed_kind TEXT,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX api_uploads_owner ON api_uploads (owner_id, created_at);
