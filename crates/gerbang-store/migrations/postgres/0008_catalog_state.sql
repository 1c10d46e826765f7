-- The catalogue's version: raised by every import, so that each app node can tell, with
-- one indexed read, whether the catalogue it holds in memory is still current.
CREATE TABLE catalog_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_state (id, version) VALUES (1, 1);
