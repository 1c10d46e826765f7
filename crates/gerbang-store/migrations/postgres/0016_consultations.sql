-- Public consultations: a draft in numbered sections (and/or a PDF) open for comments
-- between two dates, moderated comments, and the response report answering by theme.
-- Keep in step with ../sqlite/0016_consultations.sql.

CREATE TABLE consultations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    -- One or both languages: an empty text is "not in this language".
    title_en TEXT NOT NULL,
    title_id TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    summary_id TEXT NOT NULL,
    opens_on DATE NOT NULL,
    closes_on DATE NOT NULL,
    pdf_filename TEXT,
    pdf_size_bytes BIGINT,
    pdf_storage_key TEXT,
    -- The response report: its introduction, published after the close.
    report_en TEXT NOT NULL DEFAULT '',
    report_id TEXT NOT NULL DEFAULT '',
    report_published_at TIMESTAMPTZ,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultations_agency ON consultations (agency_id);

CREATE TABLE consultation_sections (
    consultation_id BIGINT NOT NULL REFERENCES consultations (id),
    number INTEGER NOT NULL,
    heading_en TEXT NOT NULL,
    heading_id TEXT NOT NULL,
    body_en TEXT NOT NULL,
    body_id TEXT NOT NULL,
    PRIMARY KEY (consultation_id, number)
);

-- The themes the response report answers: what the agency changed, or not, and why.
CREATE TABLE consultation_themes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id),
    title TEXT NOT NULL,
    response TEXT NOT NULL,
    changed BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultation_themes_consultation ON consultation_themes (consultation_id);

CREATE TABLE consultation_comments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id),
    -- NULL: on the whole draft.
    section INTEGER,
    author_id BIGINT NOT NULL REFERENCES users (id),
    position TEXT NOT NULL,
    body TEXT NOT NULL,
    -- pending, published or refused (with its reason, told to the author).
    state TEXT NOT NULL,
    refusal TEXT,
    moderated_by BIGINT REFERENCES users (id),
    moderated_at TIMESTAMPTZ,
    theme_id BIGINT REFERENCES consultation_themes (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultation_comments_queue ON consultation_comments (consultation_id, state, id);
CREATE INDEX consultation_comments_author ON consultation_comments (author_id);
