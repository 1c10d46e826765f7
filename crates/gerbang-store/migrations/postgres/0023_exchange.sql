-- Data services between agencies ("once-only"): what each agency publishes, the records
-- of the registers they answer from, the access agreements both agencies' administrators
-- approve, the log of every call on either side, and the nonces of signed requests from
-- peer installs. Keep in step with ../sqlite/0023_exchange.sql.

CREATE TABLE data_services (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    slug TEXT NOT NULL,
    -- The declaration from the catalogue (gerbang_domain::exchange::DataServiceDef), JSON.
    definition TEXT NOT NULL,
    -- Switched off by the provider's administrator: every call is refused.
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (agency_id, slug)
);

CREATE TABLE register_records (
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    register TEXT NOT NULL,
    record_key TEXT NOT NULL,
    -- The record's fields, JSON.
    data TEXT NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agency_id, register, record_key)
);

CREATE TABLE data_agreements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    data_service_id BIGINT NOT NULL REFERENCES data_services (id),
    -- A consuming agency of this install, or one of a peer install (by the peer's name in
    -- the trust list and the agency's slug there).
    consumer_agency_id BIGINT REFERENCES agencies (id),
    consumer_peer TEXT,
    consumer_peer_agency TEXT,
    -- Space-separated purpose names and field names the agreement covers.
    purposes TEXT NOT NULL,
    fields TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    proposed_by BIGINT NOT NULL REFERENCES users (id),
    proposed_at TIMESTAMPTZ NOT NULL,
    provider_approved_by BIGINT REFERENCES users (id),
    provider_approved_at TIMESTAMPTZ,
    consumer_approved_by BIGINT REFERENCES users (id),
    consumer_approved_at TIMESTAMPTZ,
    revoked_by BIGINT REFERENCES users (id),
    revoked_at TIMESTAMPTZ,
    CHECK ((consumer_agency_id IS NULL) <> (consumer_peer IS NULL))
);
CREATE INDEX data_agreements_service ON data_agreements (data_service_id);
CREATE INDEX data_agreements_consumer ON data_agreements (consumer_agency_id);

CREATE TABLE data_exchanges (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    -- local: both agencies here; outgoing: we asked a peer; incoming: a peer asked us.
    direction TEXT NOT NULL,
    peer TEXT,
    provider_agency_id BIGINT REFERENCES agencies (id),
    provider TEXT NOT NULL,
    data_service TEXT NOT NULL,
    consumer_agency_id BIGINT REFERENCES agencies (id),
    consumer TEXT NOT NULL,
    agreement_id BIGINT REFERENCES data_agreements (id),
    purpose TEXT NOT NULL,
    -- The case the call was made for (the consumer's), by reference.
    case_reference TEXT,
    -- The person the answer is about, when they have an account here.
    subject_user_id BIGINT REFERENCES users (id),
    -- Who asked: an officer, or the applicant through a form.
    actor_user_id BIGINT REFERENCES users (id),
    -- Space-separated fields returned (empty when refused or not found).
    fields TEXT NOT NULL,
    -- answered, not_found, or a refusal type (no-agreement, purpose-not-allowed, ...).
    outcome TEXT NOT NULL,
    -- What the consumer received, JSON: the evidence kept with its case. NULL on the
    -- provider's side of a call between installs (it keeps only the fields' names).
    answer TEXT
);
CREATE INDEX data_exchanges_provider ON data_exchanges (provider_agency_id, id);
CREATE INDEX data_exchanges_consumer ON data_exchanges (consumer_agency_id, id);
CREATE INDEX data_exchanges_subject ON data_exchanges (subject_user_id, id);

CREATE TABLE federation_nonces (
    peer TEXT NOT NULL,
    nonce TEXT NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (peer, nonce)
);
CREATE INDEX federation_nonces_seen ON federation_nonces (seen_at);
