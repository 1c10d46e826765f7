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
