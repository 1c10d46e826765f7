//! The command line as an operator uses it: a real process, a real data directory, on
//! SQLite, or on PostgreSQL (a fresh schema) when TEST_DATABASE_URL is set.

use std::process::{Command, Output};

/// A fresh database: a SQLite file in `dir`, or a new schema in TEST_DATABASE_URL.
fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        None => format!("sqlite://{}", dir.join("gerbang.db").display()),
        Some(url) => {
            let schema = format!(
                "cli_{}_{}",
                std::process::id(),
                dir.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("x")
                    .replace('-', "_")
            );
            execute(&url, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            execute(&url, &format!("CREATE SCHEMA {schema}"));
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}options=-c%20search_path%3D{schema}")
        }
    }
}

/// Runs one statement against a database URL of either engine.
fn execute(url: &str, sql: &str) {
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(async {
            let db = gerbang_store::Db::connect(url).await.expect("connect");
            match &db {
                gerbang_store::Db::Sqlite(p) => sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(p)
                    .await
                    .map(|_| ()),
                gerbang_store::Db::Postgres(p) => sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(p)
                    .await
                    .map(|_| ()),
            }
            .expect("execute");
            db.close().await;
        });
}

fn gerbang(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gerbang"))
        .args(args)
        .env("GERBANG_DATA_DIR", data_dir)
        .env("GERBANG_DATABASE_URL", fresh_database_for(data_dir))
        .env("GERBANG_LOG_FORMAT", "text")
        .output()
        .expect("run gerbang")
}

/// The database of a test directory, created on first use.
fn fresh_database_for(dir: &std::path::Path) -> String {
    let marker = dir.join("database-url");
    if let Ok(url) = std::fs::read_to_string(&marker) {
        return url;
    }
    let url = fresh_database(dir);
    std::fs::write(&marker, &url).expect("remember the database");
    url
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gerbang-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn every_command_explains_itself() {
    let dir = temp_dir("help");
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["demo", "--help"],
        &["migrate", "--help"],
        &["catalog", "import", "--help"],
        &["user", "create", "--help"],
        &["keys", "rotate", "--help"],
        &["backup", "--help"],
        &["restore", "--help"],
    ] {
        let out = gerbang(&dir, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn a_malformed_catalogue_is_refused_with_file_line_and_reason_and_nothing_is_imported() {
    let dir = temp_dir("catalog");
    let catalog = dir.join("catalog");
    std::fs::create_dir_all(&catalog).expect("dir");
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../catalog/city-government.yaml"
    ))
    .expect("demo file");
    std::fs::write(catalog.join("city-government.yaml"), &good).expect("write");
    std::fs::write(
        catalog.join("broken.yaml"),
        "agency:\n  slug: broken\n  name: { en: Broken }\n",
    )
    .expect("write");
    let out = gerbang(
        &dir,
        &["catalog", "import", catalog.to_str().expect("utf-8 path")],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.yaml:3"),
        "names the file and line: {err}"
    );
    assert!(
        err.contains("missing field `id`"),
        "says what is wrong: {err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");

    std::fs::remove_file(catalog.join("broken.yaml")).expect("rm");
    let ok = gerbang(
        &dir,
        &["catalog", "import", catalog.to_str().expect("utf-8 path")],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("1 agencies created"));
}

#[test]
fn serve_refuses_a_database_holding_demo_accounts() {
    let dir = temp_dir("demo-accounts");
    let db = fresh_database_for(&dir);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gerbang"))
            .args(args)
            .env("GERBANG_DATA_DIR", &dir)
            .env("GERBANG_DATABASE_URL", &db)
            .env("GERBANG_USER_PASSWORD", "a long enough password")
            .output()
            .expect("run gerbang")
    };
    let created = run(&[
        "user",
        "create",
        "--email",
        "x@demo.gerbang.example",
        "--name",
        "Demo",
        "--kind",
        "citizen",
    ]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    // Flag it the way `demo` flags its accounts.
    execute(&db, "UPDATE users SET is_demo = TRUE");
    let out = run(&["serve", "--listen", "127.0.0.1:0"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 demo account") && err.contains("--allow-demo-accounts"),
        "{err}"
    );
}

#[test]
fn account_problems_are_told_in_words_in_the_operators_language() {
    let dir = temp_dir("user-problems");
    let db = fresh_database_for(&dir);
    let run = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_gerbang"))
            .args([
                "user",
                "create",
                "--email",
                "not-an-address",
                "--name",
                " ",
                "--kind",
                "citizen",
            ])
            .env("GERBANG_DATA_DIR", &dir)
            .env("GERBANG_DATABASE_URL", &db)
            .env("GERBANG_USER_PASSWORD", "short")
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("GERBANG_LANG")
            .output()
            .expect("run gerbang")
    };
    let en = run("en_GB.UTF-8");
    assert!(!en.status.success());
    let err = String::from_utf8_lossy(&en.stderr);
    assert!(err.contains("The account was not created:"), "{err}");
    assert!(!err.contains("error-"), "a raw message id: {err}");
    let id = run("id_ID.UTF-8");
    let err = String::from_utf8_lossy(&id.stderr);
    assert!(err.contains("Akun tidak dibuat:"), "{err}");
    assert!(!err.contains("error-"), "a raw message id: {err}");
}
