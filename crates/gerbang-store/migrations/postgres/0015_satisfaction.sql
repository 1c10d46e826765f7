-- Satisfaction survey responses (IKM, Permen PANRB 14/2017): one per decided case or
-- closed complaint, holding no link to the person who answered (only to what was rated).
-- Keep in step with ../sqlite/0015_satisfaction.sql.

CREATE TABLE survey_responses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'application' or 'complaint', and its id: one response each.
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    service_id BIGINT REFERENCES services (id),
    -- The first day of the month it was answered in (the index's period).
    period TEXT NOT NULL,
    u1 INTEGER NOT NULL, u2 INTEGER NOT NULL, u3 INTEGER NOT NULL,
    u4 INTEGER NOT NULL, u5 INTEGER NOT NULL, u6 INTEGER NOT NULL,
    u7 INTEGER NOT NULL, u8 INTEGER NOT NULL, u9 INTEGER NOT NULL,
    comment TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (subject_kind, subject_id)
);
CREATE INDEX survey_responses_service ON survey_responses (service_id, period);
CREATE INDEX survey_responses_agency ON survey_responses (agency_id, period);
