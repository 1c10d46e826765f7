//! The few SQL fragments that differ between SQLite and PostgreSQL. Everything else is
//! written once.

use crate::Engine;

/// Counts sqlx's migration bookkeeping tables (0 before the first migration).
pub(crate) fn count_migrations_table(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
        }
        Engine::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_name = '_sqlx_migrations' AND table_schema = current_schema()"
        }
    }
}

/// Row locking for a claim subquery: PostgreSQL locks the chosen rows and lets a concurrent
/// claimer skip them; SQLite has a single writer (the claim runs in `BEGIN IMMEDIATE`), so
/// it needs no clause and has none.
pub(crate) fn lock_skip_locked(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "",
        Engine::Postgres => "FOR UPDATE SKIP LOCKED",
    }
}
