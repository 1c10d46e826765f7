-- Text messages in and out (through an SMS gateway such as Kannel): what came in, the
-- replies waiting to be sent (sent by the job queue, with retries) and their delivery
-- reports. Keep in step with ../postgres/0017_sms.sql.

CREATE TABLE sms_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- 'in' or 'out'.
    direction TEXT NOT NULL,
    -- International form, +62...
    phone TEXT NOT NULL,
    body TEXT NOT NULL,
    -- in: 'received'; out: 'queued', 'sent', 'delivered' or 'failed'.
    state TEXT NOT NULL,
    -- The message a reply answers.
    reply_to INTEGER REFERENCES sms_messages (id),
    -- The complaint an 'ADUAN' message filed.
    complaint_id INTEGER REFERENCES complaints (id),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    -- The gateway's last delivery report (Kannel's %d).
    report INTEGER,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    reported_at TEXT
);
CREATE INDEX sms_messages_phone ON sms_messages (phone, created_at);
