-- Public consultations: a draft in numbered sections (and/or a PDF) open for comments
-- between two dates, moderated comments, and the response report answering by theme.
-- Keep in step with ../postgres/0016_consultations.sql.

CREATE TABLE consultations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    -- One or both languages: an empty text is "not in this language".
    title_en TEXT NOT NULL,
    title_id TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    summary_id TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    pdf_filename TEXT,
    pdf_size_bytes INTEGER,
    pdf_storage_key TEXT,
    -- The response report: its introduction, published after the close.
    report_en TEXT NOT NULL DEFAULT '',
    report_id TEXT NOT NULL DEFAULT '',
    report_published_at TEXT,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX consultations_agency ON consultations (agency_id);

CREATE TABLE consultation_sections (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id),
    number INTEGER NOT NULL,
    heading_en TEXT NOT NULL,
    heading_id TEXT NOT NULL,
    body_en TEXT NOT NULL,
    body_id TEXT NOT NULL,
    PRIMARY KEY (consultation_id, number)
);

-- The themes the response report answers: what the agency changed, or not, and why.
CREATE TABLE consultation_themes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id),
    title TEXT NOT NULL,
    response TEXT NOT NULL,
    changed BOOLEAN NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX consultation_themes_consultation ON consultation_themes (consultation_id);

CREATE TABLE consultation_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id),
    -- NULL: on the whole draft.
    section INTEGER,
    author_id INTEGER NOT NULL REFERENCES users (id),
    position TEXT NOT NULL,
    body TEXT NOT NULL,
    -- pending, published or refused (with its reason, told to the author).
    state TEXT NOT NULL,
    refusal TEXT,
    moderated_by INTEGER REFERENCES users (id),
    moderated_at TEXT,
    theme_id INTEGER REFERENCES consultation_themes (id),
    created_at TEXT NOT NULL
);
CREATE INDEX consultation_comments_queue ON consultation_comments (consultation_id, state, id);
CREATE INDEX consultation_comments_author ON consultation_comments (author_id);
