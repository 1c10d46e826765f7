-- Pages the platform administrator writes for the whole site (accessibility statement,
-- privacy notice, help and contact), one row per page and language, in Markdown. A page
-- without a row shows the text shipped with the platform.
-- Keep in step with ../postgres/0009_site_pages.sql.
CREATE TABLE site_pages (
    slug TEXT NOT NULL,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (slug, lang)
);
