-- Fees and payments: invoices, payments received, provider webhook events, refunds, and the
-- sandbox gateway's own checkouts. Amounts are integers in the currency's minor unit.
-- Keep in step with ../sqlite/0004_payments.sql.

CREATE TABLE invoices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    number TEXT NOT NULL UNIQUE,
    payment_code TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    total BIGINT NOT NULL CHECK (total > 0),
    lines TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('issued', 'paid', 'refunded', 'cancelled')),
    issued_at TIMESTAMPTZ NOT NULL,
    paid_at TIMESTAMPTZ,
    revision INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX invoices_agency ON invoices (agency_id, issued_at);

CREATE TABLE payments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    provider TEXT NOT NULL,
    provider_ref TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    received_at TIMESTAMPTZ NOT NULL,
    receipt_number TEXT NOT NULL UNIQUE,
    recorded_by BIGINT REFERENCES users (id),
    UNIQUE (provider, provider_ref)
);
CREATE INDEX payments_invoice ON payments (invoice_id);
CREATE INDEX payments_received ON payments (received_at);

CREATE TABLE provider_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    outcome TEXT NOT NULL,
    UNIQUE (provider, event_id)
);

CREATE TABLE refunds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoices (id),
    payment_id BIGINT NOT NULL UNIQUE REFERENCES payments (id),
    amount BIGINT NOT NULL CHECK (amount > 0),
    reason TEXT NOT NULL,
    refunded_at TIMESTAMPTZ NOT NULL,
    recorded_by BIGINT REFERENCES users (id)
);

CREATE TABLE sandbox_checkouts (
    id TEXT PRIMARY KEY,
    invoice_number TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
