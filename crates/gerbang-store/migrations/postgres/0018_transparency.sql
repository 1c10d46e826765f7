-- The audit log as a transparency log (RFC 9162 hashing): the sealer gives each new entry
-- its leaf index and a random salt, stores the hash of every perfect subtree it completes,
-- and signs a tree head with the platform's log key. Appends stay plain inserts.
-- Keep in step with ../sqlite/0018_transparency.sql.

ALTER TABLE audit_log ADD COLUMN leaf_index BIGINT;
-- 16 random bytes: the published leaf commits to the full entry and the subject without
-- revealing either.
ALTER TABLE audit_log ADD COLUMN salt BYTEA;
CREATE UNIQUE INDEX audit_log_leaf ON audit_log (leaf_index);
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE leaf_index IS NULL;

-- Node (level, idx) covers leaves idx * 2^level .. (idx + 1) * 2^level.
CREATE TABLE audit_tree_nodes (
    level INTEGER NOT NULL,
    idx BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    PRIMARY KEY (level, idx)
);

-- One row: how many leaves the tree has. The sealer locks it, so one seals at a time.
CREATE TABLE audit_tree_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    tree_size BIGINT NOT NULL
);
INSERT INTO audit_tree_state (id, tree_size) VALUES (1, 0);

-- Signed tree heads.
CREATE TABLE audit_tree_heads (
    tree_size BIGINT PRIMARY KEY,
    root_hash BYTEA NOT NULL,
    signed_at TIMESTAMPTZ NOT NULL,
    kid TEXT NOT NULL,
    signature BYTEA NOT NULL
);

-- The platform's Ed25519 log keys; the seed sealed with AES-256-GCM under the
-- key-encryption key (so every node signs with the same key).
CREATE TABLE log_keys (
    kid TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    sealed_private_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
