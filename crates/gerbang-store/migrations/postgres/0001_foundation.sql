-- Agencies, the service catalogue, accounts, sessions, login throttling and the audit log.
-- Keep in step with ../sqlite/0001_foundation.sql (same tables, columns and meaning).

CREATE TABLE agencies (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    parent_slug TEXT,
    short_name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_id TEXT NOT NULL,
    definition TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE services (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    slug TEXT NOT NULL UNIQUE,
    current_version INTEGER NOT NULL,
    name_en TEXT NOT NULL,
    name_id TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    summary_id TEXT NOT NULL,
    audience TEXT NOT NULL,
    sla_days INTEGER NOT NULL,
    fee_total BIGINT,
    search_text TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX services_agency ON services (agency_id);

CREATE TABLE service_versions (
    service_id BIGINT NOT NULL REFERENCES services (id),
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (service_id, version)
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    locale TEXT NOT NULL,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    password_changed_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff_roles (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    agency_id BIGINT REFERENCES agencies (id),
    role TEXT NOT NULL,
    granted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX staff_roles_user ON staff_roles (user_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    request_id TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject);
