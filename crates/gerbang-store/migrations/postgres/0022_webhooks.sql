-- Webhooks (Standard Webhooks): endpoints a business registers for its applications'
-- events, the messages written in the same transaction as the change they announce, and
-- every delivery attempt. Keep in step with ../sqlite/0022_webhooks.sql.

CREATE TABLE webhook_endpoints (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Public id, such as ep_2Vb…; also the context the secret is sealed under.
    uid TEXT NOT NULL UNIQUE,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    url TEXT NOT NULL,
    description TEXT NOT NULL,
    -- Space-separated event types, such as "application.status_changed invoice.issued".
    event_types TEXT NOT NULL,
    -- The signing secret, sealed under the key-encryption key (AES-256-GCM).
    secret_sealed BYTEA NOT NULL,
    secret_nonce BYTEA NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    disabled_reason TEXT,
    -- Messages in a row that used every try and failed.
    failed_in_a_row INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id);

CREATE TABLE webhook_messages (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The webhook-id header: the same on every attempt, so that receivers drop repeats.
    msg_id TEXT NOT NULL UNIQUE,
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints (id),
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    -- When it may next be tried; for a message being delivered, when the claim ends.
    next_attempt_at TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    -- Every try used and none accepted.
    failed_at TIMESTAMPTZ,
    last_status INTEGER,
    last_error TEXT,
    -- The owner asked for it again: its next attempt is theirs, tried once.
    manual_requested BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, id);

CREATE TABLE webhook_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES webhook_messages (id),
    at TIMESTAMPTZ NOT NULL,
    -- The receiver's HTTP status; NULL when it could not be reached.
    status INTEGER,
    error TEXT,
    duration_ms INTEGER NOT NULL,
    -- Asked for by the owner (a manual redelivery).
    manual BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id, id);
