-- Text messages in and out (through an SMS gateway such as Kannel): what came in, the
-- replies waiting to be sent (sent by the job queue, with retries) and their delivery
-- reports. Keep in step with ../sqlite/0017_sms.sql.

CREATE TABLE sms_messages (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'in' or 'out'.
    direction TEXT NOT NULL,
    -- International form, +62...
    phone TEXT NOT NULL,
    body TEXT NOT NULL,
    -- in: 'received'; out: 'queued', 'sent', 'delivered' or 'failed'.
    state TEXT NOT NULL,
    -- The message a reply answers.
    reply_to BIGINT REFERENCES sms_messages (id),
    -- The complaint an 'ADUAN' message filed.
    complaint_id BIGINT REFERENCES complaints (id),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    -- The gateway's last delivery report (Kannel's %d).
    report INTEGER,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at TIMESTAMPTZ,
    reported_at TIMESTAMPTZ
);
CREATE INDEX sms_messages_phone ON sms_messages (phone, created_at);
