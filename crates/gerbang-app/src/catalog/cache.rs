//! The catalogue in memory.
//!
//! The catalogue changes only when it is imported, and every public page reads it: each
//! node holds the whole of it (a few hundred services at most) and serves it without a
//! query. An import raises the stored version in its own transaction
//! ([`gerbang_store::catalog::bump_version`]); a node re-reads that version at most once
//! per [`RECHECK`] (one indexed read, by one request while the others go on with what is
//! held), so an import on any node or from the command line is everywhere within a second.
//! An import in this process is seen at once. When the database cannot be reached, the
//! catalogue held is served on: the public pages stay up through an outage.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use gerbang_domain::catalog::{Audience, ServiceDef};
use gerbang_domain::i18n::Lang;
use gerbang_store::catalog::{self as store, AgencyRow, ServiceRow};
use gerbang_store::{Db, StoreError};
use sha2::{Digest, Sha256};

/// Longest time a node serves its catalogue without asking the database for the version.
pub const RECHECK: Duration = Duration::from_secs(1);

/// Imports committed by this process: they invalidate at once, not after [`RECHECK`].
static LOCAL_IMPORTS: AtomicU64 = AtomicU64::new(0);

/// Called by the import once it has committed.
pub(crate) fn imported_here() {
    LOCAL_IMPORTS.fetch_add(1, Ordering::SeqCst);
}

/// One service as held: its listing row, its current definition and its search words.
#[derive(Debug)]
pub struct Entry {
    pub row: ServiceRow,
    pub def: Arc<ServiceDef>,
    words: String,
}

/// The catalogue at one version. Read-only; replaced whole when the version moves.
#[derive(Debug)]
pub struct Catalogue {
    /// The stored version this was read at.
    pub version: i64,
    /// Every agency, by English name.
    pub agencies: Vec<AgencyRow>,
    /// Every service, by English name.
    services: Vec<Entry>,
    by_slug: HashMap<String, usize>,
    by_id: HashMap<i64, usize>,
    agency_by_slug: HashMap<String, usize>,
    etag: String,
    /// Representations derived from this catalogue (such as the API's JSON), computed once.
    memo: Mutex<HashMap<String, Bytes>>,
}

impl Catalogue {
    fn new(snapshot: store::Snapshot) -> Catalogue {
        let mut digest = Sha256::new();
        for a in &snapshot.agencies {
            digest.update(a.slug.as_bytes());
            digest.update([0]);
            digest.update(a.definition.as_bytes());
            digest.update([0]);
        }
        let services: Vec<Entry> = snapshot
            .services
            .into_iter()
            .map(|(row, words, def)| {
                digest.update(row.slug.as_bytes());
                digest.update(row.current_version.to_be_bytes());
                digest.update(row.agency_slug.as_bytes());
                digest.update([0]);
                Entry {
                    row,
                    def: Arc::new(def),
                    words,
                }
            })
            .collect();
        let etag = format!(
            "\"c{}-{}\"",
            snapshot.version,
            hex::encode(&digest.finalize()[..8])
        );
        Catalogue {
            version: snapshot.version,
            by_slug: services
                .iter()
                .enumerate()
                .map(|(i, e)| (e.row.slug.clone(), i))
                .collect(),
            by_id: services
                .iter()
                .enumerate()
                .map(|(i, e)| (e.row.id, i))
                .collect(),
            agency_by_slug: snapshot
                .agencies
                .iter()
                .enumerate()
                .map(|(i, a)| (a.slug.clone(), i))
                .collect(),
            agencies: snapshot.agencies,
            services,
            etag,
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// A strong entity tag for anything computed from this catalogue alone: it changes
    /// whenever an agency or a service does.
    pub fn etag(&self) -> &str {
        &self.etag
    }

    /// One service by slug.
    pub fn service(&self, slug: &str) -> Option<&Entry> {
        self.by_slug.get(slug).map(|&i| &self.services[i])
    }

    /// Service `id` if `version` is its current one (definitions never change once
    /// stored, so this holds even when the catalogue held is a moment old).
    pub fn at_version(&self, id: i64, version: i32) -> Option<&Entry> {
        self.by_id
            .get(&id)
            .map(|&i| &self.services[i])
            .filter(|e| e.row.current_version == version)
    }

    /// One agency by slug.
    pub fn agency(&self, slug: &str) -> Option<&AgencyRow> {
        self.agency_by_slug.get(slug).map(|&i| &self.agencies[i])
    }

    /// Every published service, by English name.
    pub fn services(&self) -> &[Entry] {
        &self.services
    }

    /// How many services are published.
    pub fn service_count(&self) -> usize {
        self.services.len()
    }

    /// The services of one agency, by name in `lang`.
    pub fn services_of(&self, agency_id: i64, lang: Lang) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self
            .services
            .iter()
            .filter(|e| e.row.agency_id == agency_id)
            .collect();
        sort_by_name(&mut v, lang);
        v
    }

    /// Services matching every word of `query` (at most eight, in either language, in
    /// names, summaries, output and keywords), optionally for one audience, by name in
    /// `lang`. An empty query lists every service.
    pub fn search(&self, query: &str, audience: Option<Audience>, lang: Lang) -> Vec<&Entry> {
        let words: Vec<String> = query
            .split_whitespace()
            .take(8)
            .map(str::to_lowercase)
            .collect();
        let mut v: Vec<&Entry> = self
            .services
            .iter()
            .filter(|e| words.iter().all(|w| e.words.contains(w.as_str())))
            .filter(|e| audience.is_none_or(|a| e.row.audiences().contains(&a.as_str())))
            .collect();
        sort_by_name(&mut v, lang);
        v
    }

    /// The representation `key` of this catalogue, made by `make` the first time it is asked for.
    pub fn memo(&self, key: &str, make: impl FnOnce(&Catalogue) -> Bytes) -> Bytes {
        if let Some(b) = self
            .memo
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
        {
            return b.clone();
        }
        let made = make(self);
        self.memo
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_owned(), made.clone());
        made
    }
}

fn sort_by_name(v: &mut [&Entry], lang: Lang) {
    v.sort_by(|a, b| a.row.name(lang).cmp(b.row.name(lang)));
}

struct Held {
    catalogue: Arc<Catalogue>,
    checked: Instant,
    local_imports: u64,
}

/// A node's catalogue and when it last made sure it is current.
#[derive(Default)]
pub struct CatalogCache {
    held: RwLock<Option<Held>>,
    refresh: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for CatalogCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogCache").finish_non_exhaustive()
    }
}

impl CatalogCache {
    /// The current catalogue. At most once per [`RECHECK`] one caller checks the stored
    /// version (and reloads on a change) while the others are answered with what is held.
    pub async fn get(&self, db: &Db) -> Result<Arc<Catalogue>, StoreError> {
        let local = LOCAL_IMPORTS.load(Ordering::SeqCst);
        let held = self.peek();
        if let Some((catalogue, checked, imports)) = &held {
            if imports == &local && checked.elapsed() < RECHECK {
                return Ok(catalogue.clone());
            }
            // Another node may have imported: one caller looks, the others go on.
            if imports == &local {
                return match self.refresh.try_lock() {
                    Ok(_guard) => self.recheck(db, local).await,
                    Err(_) => Ok(catalogue.clone()),
                };
            }
        }
        // Nothing held yet, or this process imported: wait for the current catalogue.
        let _guard = self.refresh.lock().await;
        if let Some((catalogue, checked, imports)) = self.peek()
            && imports == local
            && checked.elapsed() < RECHECK
        {
            return Ok(catalogue);
        }
        self.recheck(db, local).await
    }

    /// Whatever catalogue is held, without asking the database (for reads inside a
    /// transaction, which must not take a second connection).
    pub fn held(&self) -> Option<Arc<Catalogue>> {
        self.peek().map(|(c, _, _)| c)
    }

    fn peek(&self) -> Option<(Arc<Catalogue>, Instant, u64)> {
        self.held
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|h| (h.catalogue.clone(), h.checked, h.local_imports))
    }

    /// Under the refresh lock: compares the stored version with the held one and reloads
    /// when they differ. A database error keeps what is held (and says so in the log).
    async fn recheck(&self, db: &Db, local: u64) -> Result<Arc<Catalogue>, StoreError> {
        let held = self.peek();
        let stored = match store::version(db).await {
            Ok(v) => v,
            Err(e) => {
                return match held {
                    Some((catalogue, _, _)) => {
                        tracing::warn!(error = %e, "cannot check the catalogue version: serving the one held");
                        self.store(catalogue.clone(), local);
                        Ok(catalogue)
                    }
                    None => Err(e),
                };
            }
        };
        if let Some((catalogue, _, imports)) = &held
            && catalogue.version == stored
            && *imports == local
        {
            self.store(catalogue.clone(), local);
            return Ok(catalogue.clone());
        }
        match store::snapshot(db).await {
            Ok(snapshot) => {
                let catalogue = Arc::new(Catalogue::new(snapshot));
                tracing::info!(
                    version = catalogue.version,
                    services = catalogue.services.len(),
                    "catalogue loaded"
                );
                self.store(catalogue.clone(), local);
                Ok(catalogue)
            }
            Err(e) => match held {
                Some((catalogue, _, _)) => {
                    tracing::warn!(error = %e, "cannot reload the catalogue: serving the one held");
                    Ok(catalogue)
                }
                None => Err(e),
            },
        }
    }

    fn store(&self, catalogue: Arc<Catalogue>, local: u64) {
        *self.held.write().unwrap_or_else(PoisonError::into_inner) = Some(Held {
            catalogue,
            checked: Instant::now(),
            local_imports: local,
        });
    }
}
