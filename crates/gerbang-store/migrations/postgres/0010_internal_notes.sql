-- Staff notes and comments the applicant never sees: a timeline entry marked internal
-- (a note of its own, or the comment of a move between staff, such as a supervisor's
-- "return to officer"). Keep in step with ../sqlite/0010_internal_notes.sql.
ALTER TABLE application_events ADD COLUMN internal BOOLEAN NOT NULL DEFAULT FALSE;
