-- Saved, unsubmitted answers: one draft per applicant and service.
-- Keep in step with ../postgres/0003_drafts.sql.
CREATE TABLE drafts (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, service_id)
);
