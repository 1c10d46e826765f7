-- Fees and payments: invoices, payments received, provider webhook events, refunds, and the
-- sandbox gateway's own checkouts. Amounts are integers in the currency's minor unit.
-- Keep in step with ../postgres/0004_payments.sql.

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    number TEXT NOT NULL UNIQUE,
    payment_code TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total > 0),
    lines TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('issued', 'paid', 'refunded', 'cancelled')),
    issued_at TEXT NOT NULL,
    paid_at TEXT,
    revision INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX invoices_agency ON invoices (agency_id, issued_at);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    provider TEXT NOT NULL,
    provider_ref TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    received_at TEXT NOT NULL,
    receipt_number TEXT NOT NULL UNIQUE,
    recorded_by INTEGER REFERENCES users (id),
    UNIQUE (provider, provider_ref)
);
CREATE INDEX payments_invoice ON payments (invoice_id);
CREATE INDEX payments_received ON payments (received_at);

CREATE TABLE provider_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    UNIQUE (provider, event_id)
);

CREATE TABLE refunds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    payment_id INTEGER NOT NULL UNIQUE REFERENCES payments (id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    reason TEXT NOT NULL,
    refunded_at TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id)
);

CREATE TABLE sandbox_checkouts (
    id TEXT PRIMARY KEY,
    invoice_number TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
