-- Published performance, pre-aggregated so that the dashboards never scan the cases: a
-- background roll-up (one at a time across nodes, by a row lock) reads the case events not
-- yet counted and adds them to monthly counters and a histogram of processing times.
-- Keep in step with ../postgres/0019_performance.sql.

ALTER TABLE application_events ADD COLUMN counted BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX application_events_uncounted ON application_events (id) WHERE NOT counted;

-- Per month (in the agency's time zone, YYYY-MM) and service.
CREATE TABLE perf_monthly (
    month TEXT NOT NULL,
    service_id INTEGER NOT NULL REFERENCES services (id),
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    received INTEGER NOT NULL DEFAULT 0,
    -- Of those, filed by the applicant online (not at a counter on their behalf).
    received_online INTEGER NOT NULL DEFAULT 0,
    decided INTEGER NOT NULL DEFAULT 0,
    approved INTEGER NOT NULL DEFAULT 0,
    within_standard INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, service_id)
);
CREATE INDEX perf_monthly_agency ON perf_monthly (agency_id, month);

-- Decided cases by processing time in working days (from submission to decision).
CREATE TABLE perf_days (
    month TEXT NOT NULL,
    service_id INTEGER NOT NULL REFERENCES services (id),
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    days INTEGER NOT NULL,
    cases INTEGER NOT NULL,
    PRIMARY KEY (month, service_id, days)
);
CREATE INDEX perf_days_agency ON perf_days (agency_id, month);

-- One row: the roll-up's lock.
CREATE TABLE perf_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    rolled_at TEXT
);
INSERT INTO perf_state (id) VALUES (1);

-- An agency's target: the share of cases decided within the service standard.
CREATE TABLE perf_targets (
    agency_id INTEGER PRIMARY KEY REFERENCES agencies (id),
    within_standard_percent INTEGER NOT NULL CHECK (within_standard_percent BETWEEN 1 AND 100),
    set_by INTEGER REFERENCES users (id),
    set_at TEXT NOT NULL
);
