-- A sandbox checkout belongs to the applicant who opened it: only they may pay or cancel it.
ALTER TABLE sandbox_checkouts ADD COLUMN payer_id BIGINT REFERENCES users (id);
