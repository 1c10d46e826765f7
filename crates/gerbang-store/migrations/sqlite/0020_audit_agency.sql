-- The agency an audit entry is about (its case, complaint, document, service, consultation
-- or the agency itself), so that the agency's auditor reads its own log; and the staff reads
-- of personal data that had no case, complaint or request behind them, which that auditor
-- is shown first. Keep in step with ../postgres/0020_audit_agency.sql.

ALTER TABLE audit_log ADD COLUMN agency_id INTEGER REFERENCES agencies (id);
ALTER TABLE audit_log ADD COLUMN flagged BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE audit_log SET agency_id = (
    SELECT a.agency_id FROM applications a WHERE a.reference = substr(audit_log.subject, 13)
) WHERE subject LIKE 'application:%';
UPDATE audit_log SET agency_id = (
    SELECT c.agency_id FROM complaints c WHERE c.reference = substr(audit_log.subject, 11)
) WHERE subject LIKE 'complaint:%';
UPDATE audit_log SET agency_id = (
    SELECT d.agency_id FROM documents d WHERE d.number = substr(audit_log.subject, 10)
) WHERE subject LIKE 'document:%';
UPDATE audit_log SET agency_id = (
    SELECT g.id FROM agencies g WHERE g.slug = substr(audit_log.subject, 8)
) WHERE subject LIKE 'agency:%';
UPDATE audit_log SET agency_id = (
    SELECT s.agency_id FROM services s WHERE s.slug = substr(audit_log.subject, 9)
) WHERE subject LIKE 'service:%';
UPDATE audit_log SET agency_id = (
    SELECT k.agency_id FROM consultations k WHERE k.slug = substr(audit_log.subject, 14)
) WHERE subject LIKE 'consultation:%';

CREATE INDEX audit_log_agency ON audit_log (agency_id, id);
CREATE INDEX audit_log_flagged ON audit_log (agency_id, id) WHERE flagged;
