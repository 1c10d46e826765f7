//! The two engines' migrations must stay in step: same versions, same names.

use gerbang_store::{Db, Engine};

#[test]
fn sqlite_and_postgres_migrations_match() {
    let sqlite = Db::migration_versions(Engine::Sqlite);
    let postgres = Db::migration_versions(Engine::Postgres);
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "every migration needs a twin with the same version and name in the other engine's folder"
    );
}

#[test]
fn both_engines_create_the_same_tables() {
    let tables = |engine: &str| -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(engine);
        let mut names = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for f in files {
            let sql = std::fs::read_to_string(f).expect("sql");
            for line in sql.lines() {
                if let Some(rest) = line.trim().strip_prefix("CREATE TABLE ") {
                    names.push(
                        rest.split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_owned(),
                    );
                }
            }
        }
        names
    };
    assert_eq!(tables("sqlite"), tables("postgres"));
}
