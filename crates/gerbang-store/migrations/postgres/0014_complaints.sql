-- Complaints, reports and requests for information (SP4N-LAPOR!-style states and deadlines),
-- their timeline and photos, and the job queue that runs deadlines exactly once.
-- Keep in step with ../sqlite/0014_complaints.sql.

CREATE TABLE complaints (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    -- The agency it was filed to, and the one responsible now (after reassignment).
    filed_agency_id BIGINT NOT NULL REFERENCES agencies (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    category TEXT NOT NULL,
    application_id BIGINT REFERENCES applications (id),
    -- Filed signed in; NULL for an anonymous complainant, who follows it by its key.
    complainant_id BIGINT REFERENCES users (id),
    contact_name TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    follow_key_hash TEXT NOT NULL,
    confidential BOOLEAN NOT NULL,
    private BOOLEAN NOT NULL,
    channel TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    address TEXT,
    state TEXT NOT NULL,
    -- The last working day of the running deadline; NULL in a final state.
    due_date DATE,
    -- Bumped whenever the deadline changes: a deadline job acts only on its own.
    deadline_seq INTEGER NOT NULL DEFAULT 0,
    -- How many agencies up the tree it went (the agencies are in complaint_escalations).
    escalation_level INTEGER NOT NULL DEFAULT 0,
    merged_into BIGINT REFERENCES complaints (id),
    reopened BOOLEAN NOT NULL DEFAULT FALSE,
    rating INTEGER,
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ
);
CREATE INDEX complaints_agency ON complaints (agency_id, state, due_date);
CREATE INDEX complaints_complainant ON complaints (complainant_id, created_at);
CREATE INDEX complaints_public ON complaints (created_at);

CREATE TABLE complaint_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    at TIMESTAMPTZ NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    -- complainant, coordinator, officer or system
    actor_role TEXT NOT NULL,
    -- The agency the actor acted for (staff) or was moved to (assign, escalate).
    agency_id BIGINT REFERENCES agencies (id),
    step TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    body TEXT,
    -- Shown on the public page (unless the complaint is private).
    public BOOLEAN NOT NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- Each agency a complaint escalated to: its staff handle it too from then on.
CREATE TABLE complaint_escalations (
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    level INTEGER NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (complaint_id, agency_id)
);
CREATE INDEX complaint_escalations_agency ON complaint_escalations (agency_id);

CREATE TABLE complaint_photos (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX complaint_photos_complaint ON complaint_photos (complaint_id);

-- Timed work (deadlines, escalation, automatic close). A job is claimed, done and marked
-- done in one transaction, so that it happens exactly once whatever the number of nodes.
CREATE TABLE jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    run_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    done_at TIMESTAMPTZ,
    -- The node that ran it (for operators; and the two-node test).
    done_by TEXT,
    UNIQUE (kind, subject_id, seq)
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;
