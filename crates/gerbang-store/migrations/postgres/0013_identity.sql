-- Identity and access: disabled accounts, confirmed addresses, second factors (TOTP and
-- recovery codes), sessions that know their device, idle time and proofs, single-use
-- links (password reset, address confirmation, account claim), API tokens with an expiry
-- and scopes, rate-limit counters shared by every node, and sign-in through external
-- OpenID providers. Keep in step with ../sqlite/0013_identity.sql.

ALTER TABLE users ADD COLUMN disabled_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;

-- The TOTP secret is sealed under the key-encryption key, bound to the user id.
CREATE TABLE second_factors (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed BYTEA NOT NULL,
    secret_nonce BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    -- NULL while enrolling: the first correct code confirms it.
    confirmed_at TIMESTAMPTZ,
    -- The last time step accepted: a code is never accepted twice.
    last_step BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Sessions gain what the "your sessions" page shows and what the policy needs. Sessions
-- from before have none of it: they end.
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
-- The password was right but the second factor is still to come.
ALTER TABLE sessions ADD COLUMN factor_pending BOOLEAN NOT NULL DEFAULT FALSE;
-- When a second factor was proven in this session.
ALTER TABLE sessions ADD COLUMN factor_at TIMESTAMPTZ;
-- When the password or second factor was last proven (step-up for sensitive actions).
ALTER TABLE sessions ADD COLUMN proved_at TIMESTAMPTZ;
-- Signed in through an external identity provider: which, and its assurance level.
ALTER TABLE sessions ADD COLUMN provider TEXT;
ALTER TABLE sessions ADD COLUMN acr TEXT;
CREATE UNIQUE INDEX sessions_public_id ON sessions (public_id);

-- Password reset, address confirmation, account claim: only the hash is kept.
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX account_links_user ON account_links (user_id, purpose);

-- Tokens from before keep working for what they could do, until 90 days after creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'applications:read applications:submit cases:read cases:act payments';

-- Fixed-window counters: one row per bucket (what is limited, and for whom).
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);

CREATE TABLE external_identities (
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    last_login_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX external_identities_user ON external_identities (user_id);

-- Sign-ins under way at a provider: state, nonce and PKCE verifier, used once.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    next TEXT NOT NULL,
    acr TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- The platform's own keys as an OpenID client (private_key_jwt), sealed like signing keys.
CREATE TABLE client_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,
    private_sealed BYTEA NOT NULL,
    private_nonce BYTEA NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    retired_at TIMESTAMPTZ
);
