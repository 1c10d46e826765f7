//! `gerbang backup DIR` and `gerbang restore DIR`: the database and the attachment store
//! as one consistent directory, and back.
//!
//! SQLite is copied online with `VACUUM INTO` (a consistent snapshot while the server
//! keeps serving); PostgreSQL with `pg_dump --format=custom` (one snapshot transaction)
//! and `pg_restore --single-transaction` (all or nothing). Attachments (and issued PDFs)
//! are copied after the database, so every file the database names is in the backup.
//! A restore goes only into an empty database, then applies any newer migrations and
//! compares the counts with the manifest.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use gerbang_store::{Db, Engine};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

use crate::config::{Config, mask_url};

const SQLITE_FILE: &str = "database.sqlite";
const PG_FILE: &str = "database.pgdump";
const MANIFEST: &str = "manifest.json";
/// The key-encryption key generated into the data directory of a SQLite install.
const KEK_FILE: &str = "key-encryption-key";

/// Tables whose row counts a restore must reproduce.
const COUNTED: [&str; 6] = [
    "applications",
    "application_events",
    "documents",
    "audit_log",
    "users",
    "signing_keys",
];

/// What a backup holds, written beside it.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    gerbang_version: String,
    engine: String,
    created_at: String,
    /// The newest migration applied when the backup was taken.
    migration: i64,
    counts: Vec<(String, i64)>,
    files: u64,
    file_bytes: u64,
    /// Whether the data directory's generated key-encryption key is in the backup.
    key_encryption_key: bool,
}

fn engine_name(e: Engine) -> &'static str {
    match e {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    }
}

async fn counts(db: &Db) -> anyhow::Result<Vec<(String, i64)>> {
    let mut out = Vec::new();
    for table in COUNTED {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = match db {
            Db::Sqlite(p) => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_one(p)
                    .await?
            }
            Db::Postgres(p) => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_one(p)
                    .await?
            }
        };
        out.push((table.to_owned(), n));
    }
    Ok(out)
}

async fn newest_migration(db: &Db) -> anyhow::Result<i64> {
    let sql = "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success";
    Ok(match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await?,
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await?,
    })
}

/// The file of a `sqlite://` URL.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .context("not a sqlite:// URL")?;
    let path = rest.split('?').next().unwrap_or(rest);
    Ok(PathBuf::from(path))
}

/// The schema named by `options=-c search_path=...` in a PostgreSQL URL, if any.
fn pg_schema(url: &str) -> Option<String> {
    let at = url
        .find("search_path%3D")
        .map(|i| i + "search_path%3D".len())?;
    let schema: String = url[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!schema.is_empty()).then_some(schema)
}

fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Every file under `dir`, with its size.
fn walk(dir: &Path) -> anyhow::Result<Vec<(PathBuf, u64)>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                stack.push(entry.path());
            } else if meta.is_file() {
                out.push((entry.path(), meta.len()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies every file of `from` into `to`, keeping the layout, with a progress bar.
fn copy_tree(from: &Path, to: &Path, what: &str) -> anyhow::Result<(u64, u64)> {
    let files = walk(from)?;
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {bytes:>10}/{total_bytes:10} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("{what}: {} files", files.len()));
    for (path, size) in &files {
        let rel = path.strip_prefix(from).context("file outside its folder")?;
        let dest = to.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(path, &dest)
            .with_context(|| format!("copying {} to {}", path.display(), dest.display()))?;
        bar.inc(*size);
    }
    bar.finish();
    Ok((files.len() as u64, total))
}

/// Runs `program` with its `--verbose` lines as spinner messages; fails with its last words.
fn run_tool(program: &str, args: &[String], message: &str) -> anyhow::Result<()> {
    let bar = spinner(message);
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!("cannot run {program}: install the PostgreSQL client tools (same major version as the server)")
        })?;
    let mut last = Vec::new();
    if let Some(stderr) = child.stderr.take() {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines() {
            let line = line.unwrap_or_default();
            bar.set_message(format!("{message}: {}", line.trim()));
            last.push(line);
            if last.len() > 20 {
                last.remove(0);
            }
        }
    }
    let status = child.wait()?;
    bar.finish_and_clear();
    if !status.success() {
        bail!("{program} failed ({status}):\n  {}", last.join("\n  "));
    }
    Ok(())
}

/// `gerbang backup DIR`.
pub async fn backup(config: &Config, dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "{} is not empty: a backup goes into a new or empty directory",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir)?;
    let url = config.database_url_or("gerbang.db");
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("cannot open database {}", mask_url(&url)))?;
    let migration = newest_migration(&db).await?;
    let counts = counts(&db).await?;
    match db.engine() {
        Engine::Sqlite => {
            let bar = spinner("copying the database (online, consistent)");
            let target = dir.join(SQLITE_FILE);
            let target = target.to_str().context("backup path is not UTF-8")?;
            let sql = format!("VACUUM INTO '{}'", target.replace('\'', "''"));
            if let Db::Sqlite(p) = &db {
                sqlx::query(sqlx::AssertSqlSafe(sql)).execute(p).await?;
            }
            bar.finish_with_message("database copied");
        }
        Engine::Postgres => {
            let mut args = vec![
                "--format=custom".to_owned(),
                "--no-owner".to_owned(),
                "--verbose".to_owned(),
                format!("--file={}", dir.join(PG_FILE).display()),
            ];
            if let Some(schema) = pg_schema(&url) {
                args.push(format!("--schema={schema}"));
            }
            args.push(format!("--dbname={url}"));
            run_tool("pg_dump", &args, "dumping the database")?;
            println!("database dumped");
        }
    }
    db.close().await;
    let (files, file_bytes) = copy_tree(
        &config.data_dir.join("files"),
        &dir.join("files"),
        "attachments and documents",
    )?;
    let kek = config.data_dir.join(KEK_FILE);
    let with_kek = kek.exists();
    if with_kek {
        let dest = dir.join(KEK_FILE);
        std::fs::copy(&kek, &dest)?;
        restrict(&dest)?;
    }
    let manifest = Manifest {
        format: 1,
        gerbang_version: env!("CARGO_PKG_VERSION").to_owned(),
        engine: engine_name(db.engine()).to_owned(),
        created_at: time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)?,
        migration,
        counts,
        files,
        file_bytes,
        key_encryption_key: with_kek,
    };
    std::fs::write(dir.join(MANIFEST), serde_json::to_string_pretty(&manifest)?)?;
    let list: Vec<String> = manifest
        .counts
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    println!(
        "Backup written to {}: {}; {files} files ({file_bytes} bytes).",
        dir.display(),
        list.join(", ")
    );
    if with_kek {
        println!(
            "It holds this installation's key-encryption key: keep it as secret as the database."
        );
    } else {
        println!(
            "The key-encryption key is not in it (it comes from configuration): restore with the same key, or documents can still be verified but no new ones signed."
        );
    }
    Ok(())
}

#[cfg(unix)]
fn restrict(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// `gerbang restore DIR`.
pub async fn restore(config: &Config, dir: &Path) -> anyhow::Result<()> {
    let manifest: Manifest = serde_json::from_str(
        &std::fs::read_to_string(dir.join(MANIFEST)).with_context(|| {
            format!(
                "{} holds no {MANIFEST}: not a Gerbang backup",
                dir.display()
            )
        })?,
    )
    .context("the backup's manifest is not readable")?;
    if manifest.format != 1 {
        bail!(
            "backup format {} is not known to this version",
            manifest.format
        );
    }
    let url = config.database_url_or("gerbang.db");
    config.ensure_data_dir()?;
    let engine = if url.starts_with("sqlite:") {
        Engine::Sqlite
    } else {
        Engine::Postgres
    };
    if engine_name(engine) != manifest.engine {
        bail!(
            "the backup is of a {} database; the configured database {} is not",
            manifest.engine,
            mask_url(&url)
        );
    }
    match engine {
        Engine::Sqlite => {
            let path = sqlite_path(&url)?;
            if path.exists() {
                bail!(
                    "{} already exists: a restore goes into a new database (move the old one away first)",
                    path.display()
                );
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let bar = spinner("copying the database");
            std::fs::copy(dir.join(SQLITE_FILE), &path)?;
            bar.finish_with_message("database copied");
        }
        Engine::Postgres => {
            let db = Db::connect(&url)
                .await
                .with_context(|| format!("cannot open database {}", mask_url(&url)))?;
            let used: i64 = match &db {
                Db::Postgres(p) => {
                    sqlx::query_scalar(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '_sqlx_migrations'",
                    )
                    .fetch_one(p)
                    .await?
                }
                Db::Sqlite(_) => 0,
            };
            db.close().await;
            if used > 0 {
                bail!(
                    "the database {} already holds a Gerbang installation: restore into an empty one",
                    mask_url(&url)
                );
            }
            let args = vec![
                "--no-owner".to_owned(),
                "--exit-on-error".to_owned(),
                "--single-transaction".to_owned(),
                "--verbose".to_owned(),
                format!("--dbname={}", without_search_path(&url)),
                dir.join(PG_FILE).display().to_string(),
            ];
            run_tool("pg_restore", &args, "restoring the database")?;
            println!("database restored");
        }
    }
    copy_tree(
        &dir.join("files"),
        &config.data_dir.join("files"),
        "attachments and documents",
    )?;
    let kek = dir.join(KEK_FILE);
    let target_kek = config.data_dir.join(KEK_FILE);
    if kek.exists() && !target_kek.exists() {
        std::fs::copy(&kek, &target_kek)?;
        restrict(&target_kek)?;
    }
    let db = Db::connect(&url).await?;
    let applied = db
        .migrate()
        .await
        .context("migrating the restored database")?;
    let now = counts(&db).await?;
    db.close().await;
    let mut differ = Vec::new();
    for ((table, want), (_, got)) in manifest.counts.iter().zip(&now) {
        if want != got {
            differ.push(format!("{table}: {got} restored, {want} in the backup"));
        }
    }
    if !differ.is_empty() {
        bail!(
            "the restore does not match the backup:\n  {}",
            differ.join("\n  ")
        );
    }
    let list: Vec<String> = now.iter().map(|(t, n)| format!("{t} {n}")).collect();
    println!(
        "Restored from {} (taken {}): {}; {} migrations applied since.",
        dir.display(),
        manifest.created_at,
        list.join(", "),
        applied
    );
    Ok(())
}

/// pg_restore recreates the dumped schema by name: connect without a search_path option.
fn without_search_path(url: &str) -> String {
    match url.find("options=-c%20search_path%3D") {
        Some(at) => {
            let end = url[at..].find('&').map_or(url.len(), |e| at + e + 1);
            let mut out = format!("{}{}", &url[..at], &url[end..]);
            while out.ends_with('?') || out.ends_with('&') {
                out.pop();
            }
            out
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_taken_apart() {
        assert_eq!(
            sqlite_path("sqlite:///tmp/x/gerbang.db?mode=rwc").ok(),
            Some(PathBuf::from("/tmp/x/gerbang.db"))
        );
        let url = "postgres://u@h:5432/db?options=-c%20search_path%3Dt_abc";
        assert_eq!(pg_schema(url).as_deref(), Some("t_abc"));
        assert_eq!(without_search_path(url), "postgres://u@h:5432/db");
        assert_eq!(
            without_search_path("postgres://h/db?sslmode=disable&options=-c%20search_path%3Dx"),
            "postgres://h/db?sslmode=disable"
        );
        assert_eq!(pg_schema("postgres://h/db"), None);
    }
}
