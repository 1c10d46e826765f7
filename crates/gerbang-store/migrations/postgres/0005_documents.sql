-- Issued documents and the agencies' signing keys.
-- Keep in step with ../sqlite/0005_documents.sql.

CREATE TABLE signing_keys (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    kid TEXT NOT NULL UNIQUE,
    -- Ed25519 public key, base64.
    public_key TEXT NOT NULL,
    -- The private seed sealed with AES-256-GCM under the key-encryption key, base64.
    sealed_private_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('current', 'retired')),
    created_at TIMESTAMPTZ NOT NULL,
    retired_at TIMESTAMPTZ
);
-- At most one current key per agency: two first uses at once cannot both create one.
CREATE UNIQUE INDEX signing_keys_current ON signing_keys (agency_id) WHERE status = 'current';

CREATE TABLE documents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    holder_id BIGINT NOT NULL REFERENCES users (id),
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    claims TEXT NOT NULL,
    jws TEXT NOT NULL,
    kid TEXT NOT NULL REFERENCES signing_keys (kid),
    pdf_sha256 TEXT NOT NULL,
    pdf_storage_key TEXT NOT NULL,
    lang TEXT NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    revocation_reason TEXT,
    revoked_by BIGINT REFERENCES users (id)
);
CREATE INDEX documents_holder ON documents (holder_id, issued_at);
