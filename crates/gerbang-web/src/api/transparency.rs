//! The audit transparency log, public: signed tree heads, published entries (no personal
//! data), inclusion and consistency proofs (RFC 9162 hashing), and the log keys. Anyone
//! may read and check them; nothing here needs a token.

use axum::extract::{Query, State};
use axum::response::Response;
use gerbang_app::transparency::{self as log, PublicEntry, SignedHead};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::api::ApiError;
use crate::api::openapi::Problem;
use crate::error::AppError;
use crate::http::pages::published;

/// A signed tree head: the size and root of the log's Merkle tree at a moment, signed by
/// the platform's log key.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TreeHead {
    /// Number of entries in the tree.
    #[schema(example = 1024)]
    pub tree_size: u64,
    /// When it was signed, in milliseconds since 1970 (UTC).
    #[schema(example = 1_764_864_000_000_i64)]
    pub timestamp: i64,
    /// Base64 of the SHA-256 root hash (RFC 9162 §2.1.1).
    pub sha256_root_hash: String,
    /// A compact JWS (EdDSA, `typ` `tree-head+jwt`) whose payload is
    /// `{"tree_size","timestamp","sha256_root_hash"}`; its `kid` names a key of
    /// `/api/v1/transparency/keys`.
    pub tree_head_signature: String,
    pub key_id: String,
}

impl From<SignedHead> for TreeHead {
    fn from(h: SignedHead) -> Self {
        TreeHead {
            tree_size: h.tree_size,
            timestamp: h.timestamp,
            sha256_root_hash: h.sha256_root_hash,
            tree_head_signature: h.tree_head_signature,
            key_id: h.key_id,
        }
    }
}

/// A published entry. Its leaf hash is SHA-256 of a zero byte and the JSON object
/// `{"at","action","subject","digest"}` (in that order, no spaces).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LogEntry {
    pub leaf_index: u64,
    /// RFC 3339, UTC.
    #[schema(example = "2026-12-04T08:15:30.123456Z")]
    pub at: String,
    #[schema(example = "application.approve")]
    pub action: String,
    /// The subject's kind and an opaque, salted id.
    #[schema(example = "application:3f9a0c21be7d45e8a1c2d3e4")]
    pub subject: String,
    /// Hex SHA-256 of the entry's salt and its full content (for auditors).
    pub digest: String,
}

impl From<PublicEntry> for LogEntry {
    fn from(e: PublicEntry) -> Self {
        LogEntry {
            leaf_index: e.leaf_index,
            at: e.at,
            action: e.action,
            subject: e.subject,
            digest: e.digest,
        }
    }
}

/// Published entries.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LogEntries {
    pub entries: Vec<LogEntry>,
}

/// An audit path.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InclusionProof {
    pub leaf_index: u64,
    pub tree_size: u64,
    /// Base64 hashes, nearest sibling first (RFC 9162 §2.1.3).
    pub audit_path: Vec<String>,
}

/// A consistency proof.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsistencyProof {
    pub first: u64,
    pub second: u64,
    /// Base64 hashes (RFC 9162 §2.1.4).
    pub consistency: Vec<String>,
}

/// Which tree head.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HeadQuery {
    /// A tree size a head was signed for; the newest head when left out.
    #[param(minimum = 1)]
    pub tree_size: Option<u64>,
}

/// A range of leaves.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntriesQuery {
    /// First leaf index.
    pub start: u64,
    /// One past the last leaf index; at most 100 entries are returned.
    pub end: u64,
}

/// One leaf in one tree.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    pub leaf_index: u64,
    /// A tree size a head was signed for.
    #[param(minimum = 1)]
    pub tree_size: u64,
}

/// Two trees.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The smaller tree size (0, or a size a head was signed for).
    pub first: u64,
    /// The larger tree size (a size a head was signed for).
    #[param(minimum = 1)]
    pub second: u64,
}

fn public_json(value: &impl Serialize, max_age: i64) -> Result<Response, ApiError> {
    let body = serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(published(body, "application/json", max_age))
}

#[utoipa::path(
    get,
    path = "/api/v1/transparency/sth",
    tag = "transparency",
    operation_id = "getTreeHead",
    security(()),
    params(HeadQuery),
    responses(
        (status = 200, description = "The signed tree head", body = TreeHead),
        (status = 400, description = "A query parameter is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No head was signed for this size (or none yet)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn head(
    State(state): State<AppState>,
    Query(q): Query<HeadQuery>,
) -> Result<Response, ApiError> {
    let head = match q.tree_size {
        Some(size) => log::head_at(&state.db, size).await?,
        None => log::latest_head(&state.db).await?,
    }
    .ok_or(AppError::NOT_FOUND)?;
    public_json(&TreeHead::from(head), 5)
}

#[utoipa::path(
    get,
    path = "/api/v1/transparency/entries",
    tag = "transparency",
    operation_id = "getLogEntries",
    security(()),
    params(EntriesQuery),
    responses(
        (status = 200, description = "The sealed entries of the range that exist (at most 100)", body = LogEntries),
        (status = 400, description = "A query parameter is missing or malformed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn entries(
    State(state): State<AppState>,
    Query(q): Query<EntriesQuery>,
) -> Result<Response, ApiError> {
    let entries = log::entries(&state.db, q.start, q.end).await?;
    public_json(
        &LogEntries {
            entries: entries.into_iter().map(LogEntry::from).collect(),
        },
        60,
    )
}

#[utoipa::path(
    get,
    path = "/api/v1/transparency/proof/inclusion",
    tag = "transparency",
    operation_id = "getInclusionProof",
    security(()),
    params(InclusionQuery),
    responses(
        (status = 200, description = "The audit path of the leaf in that tree", body = InclusionProof),
        (status = 400, description = "A query parameter is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The leaf is not in that tree, or no head was signed for the size", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn inclusion(
    State(state): State<AppState>,
    Query(q): Query<InclusionQuery>,
) -> Result<Response, ApiError> {
    let audit_path = log::inclusion(&state.db, q.leaf_index, q.tree_size).await?;
    public_json(
        &InclusionProof {
            leaf_index: q.leaf_index,
            tree_size: q.tree_size,
            audit_path,
        },
        3600,
    )
}

#[utoipa::path(
    get,
    path = "/api/v1/transparency/proof/consistency",
    tag = "transparency",
    operation_id = "getConsistencyProof",
    security(()),
    params(ConsistencyQuery),
    responses(
        (status = 200, description = "The proof that the first tree is a prefix of the second", body = ConsistencyProof),
        (status = 400, description = "A query parameter is missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The sizes are out of order, or no head was signed for one of them", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn consistency(
    State(state): State<AppState>,
    Query(q): Query<ConsistencyQuery>,
) -> Result<Response, ApiError> {
    let consistency = log::consistency(&state.db, q.first, q.second).await?;
    public_json(
        &ConsistencyProof {
            first: q.first,
            second: q.second,
            consistency,
        },
        3600,
    )
}

#[utoipa::path(
    get,
    path = "/api/v1/transparency/keys",
    tag = "transparency",
    operation_id = "getLogKeys",
    security(()),
    responses(
        (status = 200, description = "The log's public keys (a JWK set, Ed25519)", body = serde_json::Value, content_type = "application/jwk-set+json"),
    )
)]
pub async fn keys(State(state): State<AppState>) -> Result<Response, ApiError> {
    let set = log::public_keys(&state.db).await?;
    let body = serde_json::to_string(&set).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(published(body, "application/jwk-set+json", 300))
}
