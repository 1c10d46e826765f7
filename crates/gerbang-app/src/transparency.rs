//! The audit log as a transparency log, in the manner of Certificate Transparency.
//!
//! Writes append audit entries as before, in their own transactions, with no global lock.
//! The sealer ([`seal`], run by the job worker on any node, one at a time by a row lock)
//! takes the entries not yet in the tree in batches, gives each a leaf index and a random
//! salt, stores the hashes of the perfect subtrees they complete, and signs a tree head
//! (a compact JWS, EdDSA, with the platform's log key sealed under the KEK).
//!
//! A published leaf carries no personal data: the time, the action, the subject's kind
//! with an opaque id, and a digest of the whole entry, both salted. Whoever holds the
//! entry and its salt (an auditor, or a citizen for their own case) can check that it is
//! the leaf; anyone can check the proofs against a signed tree head.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use gerbang_domain::merkle::{self, Frontier, Hash, NodeId};
use gerbang_store::audit::AuditRecord;
use gerbang_store::transparency::{self as store, SealedRecord, TreeHead};
use gerbang_store::{Conn, Db};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::App;
use crate::clock::rfc3339_utc as rfc3339;
use crate::error::AppError;

/// Most entries one seal takes.
pub const BATCH: i64 = 2000;

/// The JWS type of a signed tree head.
pub const HEAD_TYPE: &str = "tree-head+jwt";

/// A leaf as published: what its hash covers, and nothing personal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PublicEntry {
    pub leaf_index: u64,
    /// RFC 3339, UTC.
    pub at: String,
    pub action: String,
    /// The subject's kind and an opaque id: `application:3f9a…`.
    pub subject: String,
    /// Hex SHA-256 of the salt and the full entry.
    pub digest: String,
}

/// The payload of a signed tree head (RFC 6962's names).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct HeadPayload {
    pub tree_size: u64,
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    /// Base64 of the root hash.
    pub sha256_root_hash: String,
}

/// A signed tree head, as served.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignedHead {
    pub tree_size: u64,
    pub timestamp: i64,
    pub sha256_root_hash: String,
    /// The compact JWS over [`HeadPayload`].
    pub tree_head_signature: String,
    pub key_id: String,
}

impl SignedHead {
    fn from_row(head: &TreeHead) -> SignedHead {
        SignedHead {
            tree_size: u64::try_from(head.tree_size).unwrap_or(0),
            timestamp: millis(head.signed_at),
            sha256_root_hash: B64.encode(&head.root_hash),
            tree_head_signature: String::from_utf8_lossy(&head.signature).into_owned(),
            key_id: head.kid.clone(),
        }
    }
}

fn millis(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn salted(salt: &[u8], data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(data);
    h.finalize().into()
}

/// The full entry, as the digest covers it: a JSON array of every column.
pub fn full_bytes(r: &AuditRecord) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!([
        r.id,
        rfc3339(r.at),
        r.actor_id,
        r.actor,
        r.action,
        r.subject,
        r.request_id,
        r.details,
    ]))
    .unwrap_or_default()
}

/// The opaque form of a subject under `salt`: its kind and 24 hex digits.
pub fn opaque_subject(subject: &str, salt: &[u8]) -> String {
    let kind = subject.split_once(':').map_or("other", |(k, _)| k);
    let id = hex::encode(salted(salt, subject.as_bytes()));
    format!("{kind}:{}", &id[..24])
}

/// The published form of an entry at `leaf_index` with `salt`.
pub fn public_entry(r: &AuditRecord, leaf_index: u64, salt: &[u8]) -> PublicEntry {
    PublicEntry {
        leaf_index,
        at: rfc3339(r.at),
        action: r.action.clone(),
        subject: opaque_subject(&r.subject, salt),
        digest: hex::encode(salted(salt, &full_bytes(r))),
    }
}

/// The bytes a leaf hashes: the public entry as JSON without its index (as in
/// Certificate Transparency, a leaf does not commit to its position; the tree does).
pub fn leaf_bytes(entry: &PublicEntry) -> Vec<u8> {
    #[derive(Serialize)]
    struct LeafData<'a> {
        at: &'a str,
        action: &'a str,
        subject: &'a str,
        digest: &'a str,
    }
    serde_json::to_vec(&LeafData {
        at: &entry.at,
        action: &entry.action,
        subject: &entry.subject,
        digest: &entry.digest,
    })
    .unwrap_or_default()
}

fn salt_of(r: &SealedRecord) -> &[u8] {
    r.salt.as_deref().unwrap_or_default()
}

/// The leaf hash of a sealed record.
pub fn leaf_of(r: &SealedRecord) -> Hash {
    let index = u64::try_from(r.leaf_index).unwrap_or(0);
    merkle::leaf_hash(&leaf_bytes(&public_entry(&r.record, index, salt_of(r))))
}

async fn fetch_nodes(
    conn: impl Into<Conn<'_>>,
    ids: &[NodeId],
) -> Result<HashMap<NodeId, Hash>, AppError> {
    Ok(store::nodes(conn, ids).await?)
}

/// The platform's log key (made on first use, sealed under the KEK, shared by nodes).
async fn signing_key(
    tx: &mut gerbang_store::Tx,
    app: &App,
) -> Result<(String, gerbang_docs::keys::SigningKey), AppError> {
    let keys = store::log_keys(&mut *tx).await?;
    if let Some(k) = keys.last() {
        let sealed = B64
            .decode(&k.sealed_private_key)
            .map_err(|_| AppError::Internal("log key: bad base64".into()))?;
        let nonce = B64
            .decode(&k.nonce)
            .map_err(|_| AppError::Internal("log key: bad base64".into()))?;
        let key = app
            .kek
            .open(&sealed, &nonce, &k.kid)
            .map_err(|e| AppError::Internal(format!("log key: {e}")))?;
        return Ok((k.kid.clone(), key));
    }
    let key = gerbang_docs::keys::generate_signing_key();
    let public = gerbang_docs::keys::public_bytes(&key);
    let kid = format!("log-{}", &hex::encode(Sha256::digest(public))[..16]);
    let (sealed, nonce) = app.kek.seal(&key, &kid);
    store::add_log_key(
        tx,
        &store::LogKey {
            kid: kid.clone(),
            public_key: B64.encode(public),
            sealed_private_key: B64.encode(sealed),
            nonce: B64.encode(nonce),
            created_at: app.clock.now(),
        },
    )
    .await?;
    Ok((kid, key))
}

/// Seals the entries waiting, in batches of [`BATCH`], and signs a tree head for each
/// batch; returns how many entries it sealed. Another node sealing at the same time makes
/// this one return 0 at once.
pub async fn seal(app: &App) -> Result<usize, AppError> {
    let mut total = 0;
    loop {
        let n = seal_batch(app).await?;
        total += n;
        if n < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            return Ok(total);
        }
    }
}

async fn seal_batch(app: &App) -> Result<usize, AppError> {
    // A read on the partial index first: an idle log takes no write lock.
    if store::pending(&app.db).await? == 0 {
        return Ok(0);
    }
    let mut tx = app.db.begin().await?;
    let Some(size) = store::lock_for_sealing(&mut tx).await? else {
        return Ok(0);
    };
    let batch = store::unsealed(&mut tx, BATCH).await?;
    if batch.is_empty() {
        return Ok(0);
    }
    let known = fetch_nodes(&mut tx, &Frontier::ids(size)).await?;
    let mut frontier = Frontier::load(size, &mut |id| known.get(&id).copied())
        .map_err(|e| AppError::Internal(format!("audit tree: {e}")))?;
    let mut nodes = Vec::with_capacity(batch.len() * 2);
    for record in &batch {
        let salt: [u8; 16] = rand::random();
        let index = frontier.size();
        let leaf = merkle::leaf_hash(&leaf_bytes(&public_entry(record, index, &salt)));
        nodes.extend(frontier.push(leaf));
        store::seal_entry(&mut tx, record.id, index, &salt).await?;
    }
    store::put_nodes(&mut tx, &nodes).await?;
    store::set_tree_size(&mut tx, frontier.size()).await?;
    let (kid, key) = signing_key(&mut tx, app).await?;
    let now = app.clock.now();
    let root = frontier.root();
    let payload = HeadPayload {
        tree_size: frontier.size(),
        timestamp: millis(now),
        sha256_root_hash: B64.encode(root),
    };
    let json = serde_json::to_vec(&payload).map_err(|e| AppError::Internal(e.to_string()))?;
    let jws = gerbang_docs::jws::sign_typed(&key, &kid, HEAD_TYPE, &json);
    store::add_head(
        &mut tx,
        &TreeHead {
            tree_size: i64::try_from(frontier.size()).unwrap_or(i64::MAX),
            root_hash: root.to_vec(),
            signed_at: now,
            kid,
            signature: jws.into_bytes(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(batch.len())
}

/// The newest signed tree head; `None` before the first seal.
pub async fn latest_head(db: &Db) -> Result<Option<SignedHead>, AppError> {
    Ok(store::latest_head(db)
        .await?
        .map(|h| SignedHead::from_row(&h)))
}

/// The signed tree head of exactly `size` leaves (a size some seal ended at).
pub async fn head_at(db: &Db, size: u64) -> Result<Option<SignedHead>, AppError> {
    Ok(store::head_at(db, size)
        .await?
        .map(|h| SignedHead::from_row(&h)))
}

/// The most recent signed tree heads, newest first.
pub async fn recent_heads(db: &Db, limit: i64) -> Result<Vec<SignedHead>, AppError> {
    Ok(store::recent_heads(db, limit)
        .await?
        .iter()
        .map(SignedHead::from_row)
        .collect())
}

/// The public log keys as a JWK set (`OKP`, `Ed25519`).
pub async fn public_keys(db: &Db) -> Result<serde_json::Value, AppError> {
    let keys = store::log_keys(db).await?;
    let jwks: Vec<serde_json::Value> = keys
        .iter()
        .filter_map(|k| {
            let raw = B64.decode(&k.public_key).ok()?;
            Some(serde_json::json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "alg": "EdDSA",
                "use": "sig",
                "kid": k.kid,
                "x": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw),
            }))
        })
        .collect();
    Ok(serde_json::json!({ "keys": jwks }))
}

/// The published entries of leaves `start..end` (at most 100, within the tree).
pub async fn entries(db: &Db, start: u64, end: u64) -> Result<Vec<PublicEntry>, AppError> {
    let size = store::tree_size(db).await?;
    let end = end.min(size).min(start.saturating_add(100));
    if start >= end {
        return Ok(Vec::new());
    }
    Ok(store::sealed(db, start, end)
        .await?
        .iter()
        .map(|r| {
            public_entry(
                &r.record,
                u64::try_from(r.leaf_index).unwrap_or(0),
                salt_of(r),
            )
        })
        .collect())
}

/// Why a proof was refused: sizes outside the signed tree.
fn out_of_range() -> AppError {
    AppError::Invalid(vec![crate::FieldProblem {
        field: "tree_size".into(),
        message_id: "error-proof-range".into(),
        args: Vec::new(),
        subject: None,
    }])
}

/// An inclusion proof of leaf `index` in the signed tree of `size` leaves.
pub async fn inclusion(db: &Db, index: u64, size: u64) -> Result<Vec<String>, AppError> {
    if index >= size || store::head_at(db, size).await?.is_none() {
        return Err(out_of_range());
    }
    let ids = merkle::needed(|node| merkle::inclusion_proof(index, size, node));
    let known = fetch_nodes(db, &ids).await?;
    let proof = merkle::inclusion_proof(index, size, &mut |id| known.get(&id).copied())
        .map_err(|e| AppError::Internal(format!("audit tree: {e}")))?;
    Ok(proof.iter().map(|h| B64.encode(h)).collect())
}

/// A consistency proof between the signed trees of `first` and `second` leaves.
pub async fn consistency(db: &Db, first: u64, second: u64) -> Result<Vec<String>, AppError> {
    if first > second
        || store::head_at(db, second).await?.is_none()
        || (first > 0 && store::head_at(db, first).await?.is_none())
    {
        return Err(out_of_range());
    }
    let ids = merkle::needed(|node| merkle::consistency_proof(first, second, node));
    let known = fetch_nodes(db, &ids).await?;
    let proof = merkle::consistency_proof(first, second, &mut |id| known.get(&id).copied())
        .map_err(|e| AppError::Internal(format!("audit tree: {e}")))?;
    Ok(proof.iter().map(|h| B64.encode(h)).collect())
}

/// Everything a person needs to check that one entry is in the log: the entry as
/// published, what it hides (the plain subject and the salt, so they can recompute the
/// opaque id), its leaf hash, the newest signed tree head and the audit path to it.
#[derive(Debug, Clone, Serialize)]
pub struct EntryProof {
    pub entry: PublicEntry,
    /// The exact bytes the leaf hash covers.
    pub leaf_data: String,
    pub leaf_hash: String,
    pub subject: String,
    pub salt: String,
    pub tree_head: SignedHead,
    pub audit_path: Vec<String>,
}

/// The proof for the sealed entry with audit id `audit_id`; `None` while it waits for the
/// sealer.
pub async fn proof_of(db: &Db, audit_id: i64) -> Result<Option<EntryProof>, AppError> {
    let Some(record) = store::sealed_by_id(db, audit_id).await? else {
        return Ok(None);
    };
    let Some(head) = store::latest_head(db).await? else {
        return Ok(None);
    };
    let index = u64::try_from(record.leaf_index).unwrap_or(0);
    let size = u64::try_from(head.tree_size).unwrap_or(0);
    let entry = public_entry(&record.record, index, salt_of(&record));
    let bytes = leaf_bytes(&entry);
    Ok(Some(EntryProof {
        leaf_data: String::from_utf8_lossy(&bytes).into_owned(),
        leaf_hash: B64.encode(merkle::leaf_hash(&bytes)),
        subject: record.record.subject.clone(),
        salt: hex::encode(salt_of(&record)),
        audit_path: inclusion(db, index, size).await?,
        tree_head: SignedHead::from_row(&head),
        entry,
    }))
}

/// The proof that the decision on the applicant's case `reference` is in the log: for
/// its applicant only (anyone else: 404). `Ok(None)` while the case is undecided or the
/// decision waits for the sealer.
pub async fn decision_proof(
    app: &App,
    user: &crate::user::SessionUser,
    reference: &str,
) -> Result<Option<EntryProof>, AppError> {
    let view = crate::applications::service::load_for(app, user, reference).await?;
    if !view.is_applicant() {
        return Err(AppError::NOT_FOUND);
    }
    if view.def.workflow.outcome(&view.case.status).is_none() {
        return Ok(None);
    }
    let subject = format!("application:{reference}");
    let entries = gerbang_store::audit::for_subject(&app.db, &subject, 200).await?;
    let decision = entries.iter().find(|e| {
        serde_json::from_str::<serde_json::Value>(&e.details)
            .ok()
            .and_then(|d| {
                d.get("to")
                    .and_then(|t| t.as_str())
                    .map(|t| t == view.case.status)
            })
            .unwrap_or(false)
    });
    match decision {
        Some(e) => proof_of(&app.db, e.id).await,
        None => Ok(None),
    }
}

/// What verification found wrong, each named precisely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tampering {
    /// The entry at this leaf no longer hashes to the leaf that was sealed.
    Changed { leaf: u64, entry: i64 },
    /// The entry at this leaf holds what was sealed at another leaf.
    Moved {
        leaf: u64,
        entry: i64,
        sealed_at: u64,
    },
    /// Entries from `from` on hold what was sealed `by` leaves earlier (something was
    /// inserted before them), through `to`.
    Shifted { from: u64, to: u64, by: u64 },
    /// An entry sits at this leaf whose content matches no sealed leaf.
    Inserted { leaf: u64, entry: i64 },
    /// No entry holds this leaf.
    Deleted { leaf: u64 },
    /// Two or more entries claim this leaf.
    Duplicate { leaf: u64, entry: i64 },
    /// An entry claims a leaf beyond the sealed tree.
    BeyondTree { leaf: u64, entry: i64 },
    /// An entry dated before a signed tree head was never sealed.
    Backdated { entry: i64, at: String },
    /// The tree recomputed from the entries does not have this head's root.
    HeadMismatch { tree_size: u64 },
    /// This head's signature does not verify with the log key it names.
    BadSignature { tree_size: u64 },
}

impl std::fmt::Display for Tampering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tampering::Changed { leaf, entry } => write!(
                f,
                "leaf {leaf}: entry #{entry} was changed after it was sealed"
            ),
            Tampering::Moved {
                leaf,
                entry,
                sealed_at,
            } => write!(
                f,
                "leaf {leaf}: entry #{entry} was sealed at leaf {sealed_at} (reordered)"
            ),
            Tampering::Shifted { from, to, by } => write!(
                f,
                "leaves {from} to {to}: each holds the entry sealed {by} leaf earlier (shifted by an insertion)"
            ),
            Tampering::Inserted { leaf, entry } => write!(
                f,
                "leaf {leaf}: entry #{entry} matches no sealed leaf (inserted)"
            ),
            Tampering::Deleted { leaf } => write!(f, "leaf {leaf}: no entry (deleted)"),
            Tampering::Duplicate { leaf, entry } => {
                write!(f, "leaf {leaf}: entry #{entry} claims it too (inserted)")
            }
            Tampering::BeyondTree { leaf, entry } => write!(
                f,
                "leaf {leaf}: entry #{entry} claims a leaf beyond the sealed tree"
            ),
            Tampering::Backdated { entry, at } => write!(
                f,
                "entry #{entry}: dated {at}, before a signed tree head, but never sealed (inserted later)"
            ),
            Tampering::HeadMismatch { tree_size } => write!(
                f,
                "tree head of size {tree_size}: the entries do not recompute to its signed root"
            ),
            Tampering::BadSignature { tree_size } => write!(
                f,
                "tree head of size {tree_size}: its signature does not verify"
            ),
        }
    }
}

/// What `gerbang audit verify` reports.
#[derive(Debug, Clone, Default)]
pub struct Verification {
    pub tree_size: u64,
    pub heads: usize,
    pub pending: i64,
    pub problems: Vec<Tampering>,
}

/// How far a verification has come, for a progress bar: (leaves read, leaves in the tree).
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Recomputes the tree from the entries in the database and checks every signed tree
/// head (root and signature). Reads in pages; memory grows with the number of leaves
/// (one stored hash each, to recognise a moved entry).
pub async fn verify(db: &Db, progress: Progress<'_>) -> Result<Verification, AppError> {
    const PAGE: i64 = 5000;
    let size = store::tree_size(db).await?;
    let heads = store::all_heads(db).await?;
    let keys: HashMap<String, gerbang_docs::keys::VerifyingKey> = store::log_keys(db)
        .await?
        .into_iter()
        .filter_map(|k| {
            let raw = B64.decode(&k.public_key).ok()?;
            Some((k.kid, gerbang_docs::keys::public_from_bytes(&raw)?))
        })
        .collect();
    // The sealed leaves, to recognise an entry that moved.
    let mut sealed: HashMap<Hash, u64> = HashMap::new();
    let mut by_index: HashMap<u64, Hash> = HashMap::new();
    let mut start = 0u64;
    while start < size {
        let end = (start + 50_000).min(size);
        for (i, h) in store::leaf_nodes(db, start, end).await? {
            sealed.insert(h, i);
            by_index.insert(i, h);
        }
        start = end;
    }
    let mut problems = Vec::new();
    let mut frontier = Frontier::default();
    let mut next_head = heads.iter().peekable();
    let mut check_heads = |frontier: &Frontier, problems: &mut Vec<Tampering>| {
        while let Some(head) = next_head.peek() {
            let head_size = u64::try_from(head.tree_size).unwrap_or(0);
            if head_size > frontier.size() {
                break;
            }
            if head_size == frontier.size() {
                if head.root_hash != frontier.root() {
                    problems.push(Tampering::HeadMismatch {
                        tree_size: head_size,
                    });
                }
                if !head_signature_ok(head, &keys) {
                    problems.push(Tampering::BadSignature {
                        tree_size: head_size,
                    });
                }
            }
            next_head.next();
        }
    };
    let mut cursor: i64 = 0;
    let mut expected = 0u64; // the next leaf index
    let mut last_claimed: Option<u64> = None;
    let mut moved: Vec<(u64, i64, u64)> = Vec::new();
    let mut changed: Vec<(u64, i64)> = Vec::new();
    loop {
        let page = store::sealed_from(db, cursor, PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        cursor = last.leaf_index.saturating_add(1);
        for r in &page {
            let leaf = u64::try_from(r.leaf_index).unwrap_or(0);
            if last_claimed == Some(leaf) {
                problems.push(Tampering::Duplicate {
                    leaf,
                    entry: r.record.id,
                });
                continue;
            }
            last_claimed = Some(leaf);
            if leaf >= size {
                problems.push(Tampering::BeyondTree {
                    leaf,
                    entry: r.record.id,
                });
                continue;
            }
            while expected < leaf {
                problems.push(Tampering::Deleted { leaf: expected });
                // Carry on with the hash that was sealed there, so that one deletion is
                // reported once, not as every later head.
                frontier.push(by_index.get(&expected).copied().unwrap_or([0; 32]));
                expected += 1;
                check_heads(&frontier, &mut problems);
            }
            let hash = leaf_of(r);
            match sealed.get(&hash) {
                Some(&at) if at == leaf => {}
                Some(&at) => moved.push((leaf, r.record.id, at)),
                None if by_index.contains_key(&leaf) => changed.push((leaf, r.record.id)),
                None => problems.push(Tampering::Inserted {
                    leaf,
                    entry: r.record.id,
                }),
            }
            frontier.push(hash);
            expected = leaf + 1;
            check_heads(&frontier, &mut problems);
        }
        progress(expected, size);
    }
    while expected < size {
        problems.push(Tampering::Deleted { leaf: expected });
        expected += 1;
    }
    // A changed leaf whose sealed content now sits elsewhere was overwritten by an
    // insertion (or a move); otherwise its entry was edited.
    let displaced: std::collections::HashSet<u64> = moved.iter().map(|m| m.2).collect();
    for (leaf, entry) in changed {
        problems.push(if displaced.contains(&leaf) {
            Tampering::Inserted { leaf, entry }
        } else {
            Tampering::Changed { leaf, entry }
        });
    }
    problems.extend(collapse_moves(&moved));
    if let Some(newest) = heads.last() {
        for r in
            store::unsealed_before(db, newest.signed_at - time::Duration::minutes(1), 100).await?
        {
            problems.push(Tampering::Backdated {
                entry: r.id,
                at: rfc3339(r.at),
            });
        }
    }
    problems.sort_by_key(order);
    // A changed, moved or inserted entry also breaks every later head: keep the first.
    let mut seen_mismatch = false;
    problems.retain(|p| match p {
        Tampering::HeadMismatch { .. } => !std::mem::replace(&mut seen_mismatch, true),
        _ => true,
    });
    progress(size, size);
    Ok(Verification {
        tree_size: size,
        heads: heads.len(),
        pending: store::pending(db).await?,
        problems,
    })
}

/// Sort key: by leaf, heads last.
fn order(p: &Tampering) -> (u8, u64) {
    match p {
        Tampering::Changed { leaf, .. }
        | Tampering::Moved { leaf, .. }
        | Tampering::Inserted { leaf, .. }
        | Tampering::Deleted { leaf }
        | Tampering::Duplicate { leaf, .. }
        | Tampering::BeyondTree { leaf, .. } => (0, *leaf),
        Tampering::Shifted { from, .. } => (0, *from),
        Tampering::Backdated { .. } => (1, 0),
        Tampering::HeadMismatch { tree_size } | Tampering::BadSignature { tree_size } => {
            (2, *tree_size)
        }
    }
}

/// Runs of entries all moved by the same distance become one [`Tampering::Shifted`];
/// the rest stay [`Tampering::Moved`].
fn collapse_moves(moved: &[(u64, i64, u64)]) -> Vec<Tampering> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < moved.len() {
        let (leaf, entry, at) = moved[i];
        let mut j = i + 1;
        if at < leaf {
            let by = leaf - at;
            while j < moved.len()
                && moved[j].0 == moved[j - 1].0 + 1
                && moved[j].0 - moved[j].2 == by
            {
                j += 1;
            }
            if j - i >= 3 {
                out.push(Tampering::Shifted {
                    from: leaf,
                    to: moved[j - 1].0,
                    by,
                });
                i = j;
                continue;
            }
            j = i + 1;
        }
        out.push(Tampering::Moved {
            leaf,
            entry,
            sealed_at: at,
        });
        i = j;
    }
    out
}

fn head_signature_ok(
    head: &TreeHead,
    keys: &HashMap<String, gerbang_docs::keys::VerifyingKey>,
) -> bool {
    let Some(key) = keys.get(&head.kid) else {
        return false;
    };
    let token = String::from_utf8_lossy(&head.signature);
    let Ok(payload) = gerbang_docs::jws::verify_with(key, &token) else {
        return false;
    };
    let Ok(payload) = serde_json::from_slice::<HeadPayload>(&payload) else {
        return false;
    };
    payload.tree_size == u64::try_from(head.tree_size).unwrap_or(u64::MAX)
        && B64.decode(&payload.sha256_root_hash).ok().as_deref() == Some(head.root_hash.as_slice())
}
