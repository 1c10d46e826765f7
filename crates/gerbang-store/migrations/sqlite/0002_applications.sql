-- Online applications: cases, their timeline, attachments, API tokens and the mail outbox.
-- Keep in step with ../postgres/0002_applications.sql.

CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    service_version INTEGER NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    applicant_id INTEGER NOT NULL REFERENCES users (id),
    submitted_by INTEGER NOT NULL REFERENCES users (id),
    assisted BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    assignee_id INTEGER REFERENCES users (id),
    due_date TEXT,
    idempotency_key TEXT,
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX applications_applicant ON applications (applicant_id, created_at);
CREATE INDEX applications_inbox ON applications (agency_id, status, due_date);
CREATE UNIQUE INDEX applications_idempotency ON applications (applicant_id, idempotency_key);

CREATE TABLE application_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    comment TEXT,
    data TEXT
);
CREATE INDEX application_events_case ON application_events (application_id, id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    field TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX attachments_case ON attachments (application_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE idempotency_keys (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);
