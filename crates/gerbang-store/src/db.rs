//! The database handle: a SQLite or PostgreSQL pool behind one type.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use crate::{Result, StoreError};

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A connection pool to the platform's database.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction; commit it or it rolls back when dropped.
pub struct Tx {
    /// The engine's transaction (public for tools that need raw access, such as the bench seeder).
    pub inner: TxInner,
    /// SQLite allows one writer: holding this keeps other writers of this process queued
    /// here, without a pooled connection, instead of busy-waiting on the file lock while
    /// holding connections the current writer may need.
    _writer: Option<tokio::sync::OwnedMutexGuard<()>>,
    _held: Held,
}

/// Where a query runs: on a pooled connection of its own, or inside an open transaction.
/// Read functions take `impl Into<Conn>` so that a request holding a transaction reads
/// through it instead of asking the pool for a second connection.
pub enum Conn<'c> {
    Pool(&'c Db),
    Tx(&'c mut Tx),
}

impl Conn<'_> {
    /// The same connection for one more query.
    pub fn re(&mut self) -> Conn<'_> {
        match self {
            Conn::Pool(db) => Conn::Pool(db),
            Conn::Tx(tx) => Conn::Tx(tx),
        }
    }
}

impl<'c> From<&'c Db> for Conn<'c> {
    fn from(db: &'c Db) -> Self {
        Conn::Pool(db)
    }
}

impl<'c> From<&'c mut Tx> for Conn<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        Conn::Tx(tx)
    }
}

tokio::task_local! {
    /// Transactions open in the current request (see [`scoped`]).
    static OPEN_TX: std::cell::Cell<u32>;
}

/// Runs a request with the one-connection rule watched: while it holds a transaction,
/// asking the pool for another connection is a bug. Under load such a request deadlocks
/// with its peers (each holds one connection and waits for a second one). Debug builds
/// panic at the offending query; release builds log it.
pub async fn scoped<F: std::future::Future>(f: F) -> F::Output {
    OPEN_TX.scope(std::cell::Cell::new(0), f).await
}

/// Called before every use of the pool.
pub(crate) fn note_pool_use() {
    let held = OPEN_TX.try_with(std::cell::Cell::get).unwrap_or(0);
    if held > 0 {
        tracing::error!(
            "a second pooled connection was requested while this request holds a transaction"
        );
        debug_assert!(
            held == 0,
            "a second pooled connection was requested while this request holds a transaction"
        );
    }
}

/// Counts an open transaction for [`note_pool_use`] while alive.
struct Held;

impl Held {
    fn new() -> Held {
        let _ = OPEN_TX.try_with(|c| c.set(c.get() + 1));
        Held
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = OPEN_TX.try_with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// The engine-specific transaction inside a [`Tx`].
pub enum TxInner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// One writer lock per SQLite database file in this process.
fn sqlite_writer(pool: &SqlitePool) -> Arc<tokio::sync::Mutex<()>> {
    static WRITERS: LazyLock<std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> =
        LazyLock::new(Default::default);
    let key = pool.connect_options().get_filename().display().to_string();
    let mut map = WRITERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(key).or_default().clone()
}

/// Runs `$body` with `$pool` bound to the engine's pool; the body is compiled once per engine.
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {{
        $crate::db::note_pool_use();
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    }};
}

/// Runs `$body` with `$c` bound to the pool or the transaction's connection of a [`Conn`].
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match ::core::convert::Into::<$crate::db::Conn<'_>>::into($conn) {
            $crate::db::Conn::Pool(db) => on_db!(db, $c => $body),
            $crate::db::Conn::Tx(tx) => on_tx!(tx, $c => $body),
        }
    };
}

/// Runs `$body` with `$conn` bound to the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::db::TxInner::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::db::TxInner::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

/// Longest wait for a pooled connection. Admission control keeps waits far below this
/// under load; reaching it means the database is out of reach, answered with `503`.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// What a pool holds right now, for metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections open (in use or idle).
    pub open: u32,
    /// Of those, idle.
    pub idle: u32,
    /// The most it may open.
    pub max: u32,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connects to `url`: `sqlite://path/to/file.db` (created if missing) or `postgres://...`.
    pub async fn connect(url: &str) -> Result<Db> {
        Db::connect_with(url, None).await
    }

    /// Connects with at most `max_connections` pooled connections (default: 8 on SQLite,
    /// 16 on PostgreSQL).
    pub async fn connect_with(url: &str, max_connections: Option<u32>) -> Result<Db> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(StoreError::Database)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // An acknowledged write must survive a power cut.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections.unwrap_or(8))
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .acquire_slow_threshold(Duration::from_millis(500))
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url).map_err(StoreError::Database)?;
            let pool = PgPoolOptions::new()
                .max_connections(max_connections.unwrap_or(16))
                .acquire_timeout(ACQUIRE_TIMEOUT)
                // A request waiting this long for a connection is logged (at warn).
                .acquire_slow_threshold(Duration::from_millis(500))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::Database(sqlx::Error::Configuration(
                format!("unsupported database URL `{url}`: use sqlite://FILE or postgres://...")
                    .into(),
            )))
        }
    }

    /// Connections open, idle and allowed.
    pub fn pool_stats(&self) -> PoolStats {
        let (open, idle, max) = match self {
            Db::Sqlite(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
            Db::Postgres(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
        };
        PoolStats {
            open,
            idle: u32::try_from(idle).unwrap_or(u32::MAX),
            max,
        }
    }

    /// The engine behind this pool.
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies pending migrations; returns how many were applied.
    pub async fn migrate(&self) -> Result<usize> {
        let before = self.applied_migrations().await?;
        match self {
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(self.applied_migrations().await?.saturating_sub(before))
    }

    async fn applied_migrations(&self) -> Result<usize> {
        let sql = crate::dialect::count_migrations_table(self.engine());
        let tables: i64 = on_db!(self, p => sqlx::query_scalar(sql).fetch_one(p).await?);
        if tables == 0 {
            return Ok(0);
        }
        let n: i64 = on_db!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").fetch_one(p).await?);
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Versions of the migrations embedded for each engine, to keep them in step.
    pub fn migration_versions(engine: Engine) -> Vec<(i64, String)> {
        let m = match engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        m.iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect()
    }

    /// Checks the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        let _: i32 = on_db!(self, p => sqlx::query_scalar("SELECT 1").fetch_one(p).await?);
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers queue instead of failing on lock upgrade.
    pub async fn begin(&self) -> Result<Tx> {
        note_pool_use();
        Ok(match self {
            Db::Sqlite(p) => {
                let writer = sqlite_writer(p).lock_owned().await;
                Tx {
                    inner: TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
                    _writer: Some(writer),
                    _held: Held::new(),
                }
            }
            Db::Postgres(p) => Tx {
                inner: TxInner::Postgres(p.begin().await?),
                _writer: None,
                _held: Held::new(),
            },
        })
    }

    /// Closes every connection (waits for checked-out ones).
    pub async fn close(&self) {
        on_db!(self, p => p.close().await)
    }
}

impl Tx {
    /// The engine this transaction runs on.
    pub fn engine(&self) -> Engine {
        match self.inner {
            TxInner::Sqlite(_) => Engine::Sqlite,
            TxInner::Postgres(_) => Engine::Postgres,
        }
    }

    /// Makes the transaction's writes durable.
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}
