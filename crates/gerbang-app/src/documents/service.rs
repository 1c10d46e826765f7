//! Issued-document operations, shared by pages and any future API: issue on approval
//! (inside the approving transaction), key management, access, revocation, verification.
//!
//! Claims are signed with the issuing agency's current Ed25519 key; keys are sealed at rest
//! under the installation's key-encryption key and opened only here, only to sign.

use std::path::Path;

use bytes::Bytes;
use gerbang_docs::claims::{DocumentClaims, Fact};
use gerbang_docs::jws::{self, Jwk, Jwks};
use gerbang_docs::keys::{self as sealing, Kek};
use gerbang_docs::pdf::{self, PdfContent};
use gerbang_domain::catalog::ServiceDef;
use gerbang_domain::form::FieldType;
use gerbang_domain::i18n::Lang;
use gerbang_domain::oversight::{self, ReadFacts};
use gerbang_domain::reference::{MAX_NUMBER, Reference};
use gerbang_domain::time_zone::TimeZone;
use gerbang_store::applications::CaseRow;
use gerbang_store::audit::AuditEntry;
use gerbang_store::documents::{self as store, DocumentRow, NewDocument, NewKey};
use gerbang_store::{Db, StoreError, Tx};
use object_store::path::Path as StorePath;
use object_store::{ObjectStoreExt, PutPayload};
use secrecy::{ExposeSecret, SecretString};
use time::{Date, OffsetDateTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::App;
use crate::accounts::service::Meta;
use crate::applications::files;
use crate::authz::{Action, Resource, allows, check};
use crate::error::{AppError, FieldProblem};
use crate::i18n;
use crate::user::SessionUser;

/// Most key facts copied from the form into the signed claims (the QR must stay scannable).
const MAX_FACTS: usize = 4;

/// The key-encryption key: from configuration, else from `<data dir>/key-encryption-key`,
/// created (mode 0600) on first start with a warning that production should configure one.
pub fn load_kek(
    configured: Option<&SecretString>,
    data_dir: &Path,
    may_generate: bool,
) -> std::io::Result<Kek> {
    let bad = |what: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{what}: the key-encryption key must be 32 bytes in base64"),
        )
    };
    if let Some(text) = configured {
        return Kek::from_base64(text.expose_secret())
            .map_err(|_| bad("setting key_encryption_key / GERBANG_KEY_ENCRYPTION_KEY"));
    }
    let file = data_dir.join("key-encryption-key");
    match std::fs::read_to_string(&file) {
        Ok(text) => Kek::from_base64(&text).map_err(|_| bad(&file.display().to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !may_generate => {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "every node must seal document-signing keys with the same key-encryption key: \
                 set GERBANG_KEY_ENCRYPTION_KEY (or --key-encryption-key) from a secret store",
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir)?;
            let (kek, text) = Kek::generate();
            write_private(&file, &text)?;
            tracing::warn!(
                file = %file.display(),
                "generated a key-encryption key for document signing keys; in production set \
                 GERBANG_KEY_ENCRYPTION_KEY (or --key-encryption-key) from a secret store instead"
            );
            Ok(kek)
        }
        Err(e) => Err(e),
    }
}

/// Writes a new secret file readable by its owner only.
pub fn write_private(file: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(file)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// The agency's current signing key, created on first use: (kid, key).
async fn signing_key(
    tx: &mut Tx,
    kek: &Kek,
    agency_id: i64,
) -> Result<(String, sealing::SigningKey), AppError> {
    if store::current_key(tx, agency_id).await?.is_none() {
        let key = sealing::generate_signing_key();
        let kid = jws::thumbprint(&key.verifying_key());
        let (sealed, nonce) = kek.seal(&key, &kid);
        store::insert_current_key(
            tx,
            &NewKey {
                agency_id,
                kid: &kid,
                public_key: &B64.encode(sealing::public_bytes(&key)),
                sealed_private_key: &B64.encode(sealed),
                nonce: &B64.encode(nonce),
            },
        )
        .await?;
    }
    let row = store::current_key(tx, agency_id)
        .await?
        .ok_or_else(|| AppError::Internal("signing key vanished".into()))?;
    let decode = |s: &str| {
        B64.decode(s)
            .map_err(|e| AppError::Store(StoreError::Corrupt(format!("signing key: {e}"))))
    };
    let key = kek
        .open(
            &decode(&row.sealed_private_key)?,
            &decode(&row.nonce)?,
            &row.kid,
        )
        .map_err(|e| AppError::Internal(format!("signing key {}: {e}", row.kid)))?;
    Ok((row.kid, key))
}

/// Retires the agency's current key and makes a new one; documents signed with the old key
/// stay valid (its public key stays in the JWKS). Returns (old kid, new kid).
pub async fn rotate_key(
    db: &Db,
    kek: &Kek,
    agency_slug: &str,
    meta: &Meta,
) -> Result<(Option<String>, String), AppError> {
    let agency = gerbang_store::catalog::agency(db, agency_slug)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let mut tx = db.begin().await?;
    let old = store::retire_current_key(&mut tx, agency.id).await?;
    let (new, _) = signing_key(&mut tx, kek, agency.id).await?;
    meta.audit("signing_key.rotate", &format!("agency:{agency_slug}"))
        .details(serde_json::json!({ "retired": old, "current": new }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok((old, new))
}

/// Every agency's public keys, current and retired.
pub async fn jwks(db: &Db) -> Result<Jwks, AppError> {
    let mut keys = Vec::new();
    for row in store::public_keys(db).await? {
        let bytes = B64.decode(&row.public_key).unwrap_or_default();
        if let Some(key) = sealing::public_from_bytes(&bytes) {
            keys.push(Jwk::from_public(&key, &row.agency_slug, &row.status));
        }
    }
    Ok(Jwks { keys })
}

/// Adds `months` calendar months, keeping the day where the month allows.
fn add_months(date: Date, months: u32) -> Date {
    let total =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month()) - 1) + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(9999);
    let month = time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(time::Month::January);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last)).unwrap_or(date)
}

/// The key facts of a case: short, non-identifying answers, labelled in `lang`.
fn facts(
    def: &ServiceDef,
    data: &serde_json::Map<String, serde_json::Value>,
    lang: Lang,
) -> Vec<Fact> {
    def.form
        .fields
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FieldType::Text | FieldType::Select | FieldType::Date | FieldType::Number
            )
        })
        .filter_map(|f| {
            let value = match data.get(&f.name)? {
                serde_json::Value::String(s) if f.kind == FieldType::Select => f
                    .options
                    .iter()
                    .find(|o| &o.value == s)
                    .map_or_else(|| s.clone(), |o| o.label.get(lang).to_owned()),
                serde_json::Value::String(s) if f.kind == FieldType::Date => {
                    gerbang_domain::form::parse_iso_date(s)
                        .map_or_else(|| s.clone(), |d| lang.long_date(d))
                }
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => return None,
            };
            (!value.is_empty() && value.chars().count() <= 80).then(|| Fact {
                label: f.label.get(lang).to_owned(),
                value,
            })
        })
        .take(MAX_FACTS)
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    files::sha256_hex(bytes)
}

/// A fresh document number such as `DOC-7K3F-9QXM-4` (same alphabet and check symbol as
/// case references).
fn new_number() -> Result<String, AppError> {
    let n: u64 = rand::random::<u64>() & MAX_NUMBER;
    Reference::from_number(n)
        .map(|r| r.to_string().replacen("GRB-", "DOC-", 1))
        .ok_or_else(|| AppError::Internal(format!("{n} is out of the reference range")))
}

/// A date as printed on documents and pages, in the issuing agency's zone:
/// "7 December 2026" / "7 Desember 2026".
pub fn print_date(t: OffsetDateTime, tz: TimeZone, lang: Lang) -> String {
    lang.long_date(tz.date(t))
}

/// An output document rendered, signed and stored, waiting for its row: made before the
/// transaction that decides the case opens (rendering a PDF must not hold the database),
/// written by [`record`] inside it. If that transaction fails, the stored file is an
/// orphan that no row points to.
#[derive(Debug)]
pub struct PreparedDocument {
    application_id: i64,
    application_reference: String,
    agency_id: i64,
    holder_id: i64,
    holder_name: String,
    number: String,
    kind: String,
    claims_json: String,
    token: String,
    kid: String,
    pdf_sha256: String,
    storage_key: String,
    lang: &'static str,
    issued_at: OffsetDateTime,
    expires_at: Option<OffsetDateTime>,
    conformance: Option<&'static str>,
    status_idx: i64,
}

/// What a document's QR code holds before its token: the verification page, so that a
/// phone camera opens it (the token in it still verifies offline).
pub fn verify_url(config: &crate::Config) -> String {
    format!("{}/verify?token=", config.public_url)
}

/// The address of an agency's status list, beside the JWKS.
pub fn status_list_uri(config: &crate::Config, agency_slug: &str) -> String {
    format!(
        "{}/.well-known/status-lists/{agency_slug}",
        config.public_url
    )
}

/// Renders, signs and stores the output document of `case`, outside any transaction.
/// The agency's signing key is created on its first document (its own small write).
pub async fn prepare(
    state: &App,
    case: &CaseRow,
    def: &ServiceDef,
) -> Result<PreparedDocument, AppError> {
    let holder = gerbang_store::accounts::user_by_id(&state.db, case.applicant_id)
        .await?
        .ok_or_else(|| AppError::Internal(format!("case {}: applicant missing", case.reference)))?;
    let lang = holder.lang();
    let agency = gerbang_store::catalog::agencies(&state.db)
        .await?
        .into_iter()
        .find(|a| a.id == case.agency_id)
        .ok_or_else(|| AppError::Internal(format!("case {}: agency missing", case.reference)))?;
    let data: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&case.data).map_err(StoreError::from)?;
    let number = new_number()?;
    let clock_now = state.clock.now();
    let now = clock_now.replace_nanosecond(0).unwrap_or(clock_now);
    let tz = agency.zone();
    let expires = def.output.valid_months.map(|m| {
        let local = tz.local(now);
        add_months(local.date(), m)
            .with_time(local.time())
            .assume_offset(tz.offset())
            .to_offset(time::UtcOffset::UTC)
    });
    let facts = facts(def, &data, lang);
    let t = |id: &str| i18n::t(lang, id);
    let mut lines = vec![
        (t("document-number"), number.clone()),
        (t("document-holder"), holder.full_name.clone()),
    ];
    lines.extend(facts.iter().map(|f| (f.label.clone(), f.value.clone())));
    lines.push((t("document-issued"), print_date(now, tz, lang)));
    lines.push((
        t("document-expires"),
        expires.map_or_else(|| t("document-no-expiry"), |e| print_date(e, tz, lang)),
    ));
    lines.push((t("document-case"), case.reference.clone()));
    let local = tz.date(now);
    let content = PdfContent {
        lang: lang.tag().to_owned(),
        agency: agency.name(lang).to_owned(),
        title: def.output.name.get(lang).to_owned(),
        lines,
        seal_caption: i18n::t_args(
            lang,
            "document-seal-caption",
            &[
                ("site", state.config.site_name.clone().into()),
                ("url", state.config.public_url.clone().into()),
            ],
        ),
        verify_url: verify_url(&state.config),
        issued: (
            u16::try_from(local.year()).unwrap_or(2000),
            u8::from(local.month()),
            local.day(),
        ),
    };
    // The signing key, and this document's place in the agency's status list: two small
    // writes of their own, before the deciding transaction.
    let (kid, key, status_idx) = {
        let mut tx = state.db.begin().await?;
        let (kid, key) = signing_key(&mut tx, &state.kek, agency.id).await?;
        let idx = store::next_status_index(&mut tx, agency.id).await?;
        tx.commit().await?;
        (kid, key, idx)
    };
    let claims = DocumentClaims {
        iss: agency.slug.clone(),
        jti: number.clone(),
        iat: now.unix_timestamp(),
        exp: expires.map(OffsetDateTime::unix_timestamp),
        typ: def.slug.clone(),
        title: content.title.clone(),
        agency: content.agency.clone(),
        holder: holder.full_name.clone(),
        facts,
        lang: lang.tag().to_owned(),
        pdf_sha256: None,
        status: Some(gerbang_docs::status_list::Status {
            status_list: gerbang_docs::status_list::Reference {
                idx: u64::try_from(status_idx).unwrap_or(0),
                uri: status_list_uri(&state.config, &agency.slug),
            },
        }),
    };
    let token = jws::sign(&key, &kid, &claims.to_json());
    let rendered = render(content, Some(token.clone())).await?;
    // The seal ties this very file to the document: anyone can hash its bytes.
    let seal_claims = gerbang_docs::seal::SealClaims::of(&number, &rendered.bytes);
    let seal_jws = jws::sign_typed(
        &key,
        &kid,
        gerbang_docs::seal::SEAL_TYP,
        &seal_claims.to_json(),
    );
    drop(key);
    let sealed = pdf::Rendered {
        bytes: gerbang_docs::seal::append(&rendered.bytes, &seal_jws)
            .map_err(|e| AppError::Internal(e.to_string()))?,
        conformance: rendered.conformance,
    };
    let storage_key = format!("documents/{number}.pdf");
    let pdf_sha = sha256_hex(&sealed.bytes);
    state
        .files
        .put(
            &StorePath::from(storage_key.as_str()),
            PutPayload::from(Bytes::from(sealed.bytes)),
        )
        .await
        .map_err(|e| AppError::Internal(format!("storing document {number}: {e}")))?;
    Ok(PreparedDocument {
        application_id: case.id,
        application_reference: case.reference.clone(),
        agency_id: agency.id,
        holder_id: holder.id,
        holder_name: holder.full_name,
        number,
        kind: def.slug.clone(),
        claims_json: String::from_utf8(claims.to_json()).unwrap_or_default(),
        token,
        kid,
        pdf_sha256: pdf_sha,
        storage_key,
        lang: lang.tag(),
        issued_at: now,
        expires_at: expires,
        conformance: sealed.conformance,
        status_idx,
    })
}

/// Records a prepared document and its audit entry in the deciding transaction.
pub async fn record(tx: &mut Tx, d: PreparedDocument) -> Result<String, AppError> {
    store::insert(
        tx,
        &NewDocument {
            application_id: d.application_id,
            agency_id: d.agency_id,
            holder_id: d.holder_id,
            number: &d.number,
            kind: &d.kind,
            holder_name: &d.holder_name,
            claims: &d.claims_json,
            jws: &d.token,
            kid: &d.kid,
            pdf_sha256: &d.pdf_sha256,
            pdf_storage_key: &d.storage_key,
            lang: d.lang,
            issued_at: d.issued_at,
            expires_at: d.expires_at,
            status_idx: Some(d.status_idx),
        },
    )
    .await?;
    AuditEntry::system("document.issue", &format!("document:{}", d.number))
        .details(serde_json::json!({
            "application": d.application_reference,
            "kid": d.kid,
            "pdf_sha256": d.pdf_sha256,
            "conformance": d.conformance,
        }))
        .append(tx)
        .await?;
    Ok(d.number)
}

async fn render(content: PdfContent, token: Option<String>) -> Result<pdf::Rendered, AppError> {
    tokio::task::spawn_blocking(move || pdf::render(&content, token.as_deref()))
        .await
        .map_err(|e| AppError::Internal(format!("PDF task: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Opens a document for `user`: its holder or staff of the issuing agency (the read is
/// audited); anyone else gets 404 so that numbers cannot be probed.
pub async fn open(
    state: &App,
    user: &SessionUser,
    number: &str,
    meta: &Meta,
) -> Result<DocumentRow, AppError> {
    let doc = store::by_number(&state.db, number)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    check(Some(user), Action::ReadDocument, as_resource(&doc))?;
    if user.id == doc.holder_id {
        return Ok(doc);
    }
    let mut tx = state.db.begin().await?;
    // An issued document's case is decided: a read has a basis when the reader worked it.
    let basis = oversight::basis(ReadFacts {
        reader: user.id,
        assignee: None,
        reader_acted: gerbang_store::applications::acted_on(&mut tx, doc.application_id, user.id)
            .await?,
        open: false,
    });
    meta.audit("document.read", &format!("document:{number}"))
        .agency(doc.agency_id)
        .flagged(basis.flagged())
        .details(serde_json::json!({ "holder_id": doc.holder_id, "basis": basis.as_str() }))
        .append(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(doc)
}

fn as_resource(doc: &DocumentRow) -> Resource<'static> {
    Resource::Document {
        agency: doc.agency_id,
        holder: doc.holder_id,
    }
}

/// True when `user` may revoke `doc` (what its page offers).
pub fn may_revoke(user: &SessionUser, doc: &DocumentRow) -> bool {
    allows(Some(user), Action::RevokeDocument, as_resource(doc))
}

/// The document issued for a case the user may see.
pub async fn for_case(
    state: &App,
    user: &SessionUser,
    reference: &str,
) -> Result<DocumentRow, AppError> {
    let case = gerbang_store::applications::by_reference(&state.db, reference)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let doc = store::by_application(&state.db, case.id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    check(Some(user), Action::ReadDocument, as_resource(&doc))?;
    Ok(doc)
}

/// The PDF bytes of a document the user may see.
pub async fn pdf_bytes(state: &App, doc: &DocumentRow) -> Result<Bytes, AppError> {
    files::get(&state.files, &doc.pdf_storage_key).await
}

/// A holder's documents.
pub async fn mine(state: &App, user: &SessionUser) -> Result<Vec<DocumentRow>, AppError> {
    Ok(store::of_holder(&state.db, user.id, 200).await?)
}

/// Revokes a document: staff of the issuing agency, with a reason; audited.
pub async fn revoke(
    state: &App,
    user: &SessionUser,
    number: &str,
    reason: &str,
    meta: &Meta,
) -> Result<(), AppError> {
    let doc = store::by_number(&state.db, number)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    check(Some(user), Action::RevokeDocument, as_resource(&doc))?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(vec![FieldProblem::new(
            "reason",
            "document-error-reason-required",
        )]));
    }
    if reason.chars().count() > 500 {
        return Err(AppError::Invalid(vec![FieldProblem {
            field: "reason".into(),
            message_id: "error-too-long".into(),
            args: vec![("n", "500".into())],
            subject: None,
        }]));
    }
    let mut tx = state.db.begin().await?;
    if !store::revoke(&mut tx, doc.id, reason, user.id).await? {
        return Err(AppError::Kind(crate::error::ErrorKind::Conflict));
    }
    meta.audit("document.revoke", &format!("document:{number}"))
        .details(serde_json::json!({ "reason": reason }))
        .append(&mut tx)
        .await?;
    let message = crate::notify::messages::Message::new("document-revoked")
        .arg("number", number)
        .arg("reason", reason);
    crate::notify::messages::queue_to_user(&mut tx, &state.config, doc.holder_id, &message).await?;
    tx.commit().await?;
    Ok(())
}

/// What verification concludes.
#[derive(Debug, Clone)]
pub enum Verdict {
    Valid(DocumentClaims),
    Expired(DocumentClaims),
    Revoked {
        claims: DocumentClaims,
        reason: String,
        at: OffsetDateTime,
    },
    /// Not issued by us, or altered since.
    Invalid,
}

/// Verifies a token (QR text): signature by a published key of the claimed issuer, a
/// document on record with exactly this token, then revocation and expiry.
pub async fn verify_token(state: &App, token: &str) -> Result<Verdict, AppError> {
    let keys = jwks(&state.db).await?;
    Ok(check_token(state, &keys, token).await?.0)
}

async fn check_token(
    state: &App,
    keys: &Jwks,
    token: &str,
) -> Result<(Verdict, Option<DocumentRow>), AppError> {
    let token = token_of(token);
    if token.len() > 8192 {
        return Ok((Verdict::Invalid, None));
    }
    let Ok((jwk, payload)) = jws::verify(keys, token) else {
        return Ok((Verdict::Invalid, None));
    };
    let Some(claims) = DocumentClaims::from_json(&payload) else {
        return Ok((Verdict::Invalid, None));
    };
    if jwk.agency.as_deref() != Some(claims.iss.as_str()) {
        return Ok((Verdict::Invalid, None));
    }
    let Some(doc) = store::by_number(&state.db, &claims.jti).await? else {
        return Ok((Verdict::Invalid, None));
    };
    if doc.jws != token {
        return Ok((Verdict::Invalid, None));
    }
    let verdict = if let Some(at) = doc.revoked_at {
        Verdict::Revoked {
            claims,
            reason: doc.revocation_reason.clone().unwrap_or_default(),
            at,
        }
    } else if claims.expired_at(state.clock.now().unix_timestamp()) {
        Verdict::Expired(claims)
    } else {
        Verdict::Valid(claims)
    };
    Ok((verdict, Some(doc)))
}

/// The token in what a person pasted: the token itself, or the address a QR code holds
/// (`.../verify?token=...`).
fn token_of(text: &str) -> &str {
    let text = text.trim();
    match text.split_once("token=") {
        Some((_, rest)) => rest.split(['&', '#']).next().unwrap_or(rest),
        None => text,
    }
}

/// Verifies an uploaded PDF: the token in its metadata, and that the file is exactly the
/// one issued: its seal, signed by the same agency for the same document, covers every
/// byte before it (documents issued before seals: the file's SHA-256 matches the record).
pub async fn verify_pdf(state: &App, bytes: &[u8]) -> Result<Verdict, AppError> {
    let Some(token) = pdf::find_token(bytes) else {
        return Ok(Verdict::Invalid);
    };
    let keys = jwks(&state.db).await?;
    let (verdict, doc) = check_token(state, &keys, &token).await?;
    let Some(doc) = doc else {
        return Ok(Verdict::Invalid);
    };
    let sealed = match gerbang_docs::seal::find(bytes) {
        Some(seal) => match jws::verify(&keys, &seal) {
            Ok((jwk, payload)) => {
                let claims = gerbang_docs::seal::SealClaims::from_json(&payload);
                jwk.kid == doc.kid
                    && claims.is_some_and(|c| c.jti == doc.number && c.covers(bytes))
                    && doc.pdf_sha256 == sha256_hex(bytes)
            }
            Err(_) => false,
        },
        None => doc.pdf_sha256 == sha256_hex(bytes),
    };
    Ok(if sealed { verdict } else { Verdict::Invalid })
}

/// An agency's status list as a signed `statuslist+jwt` (draft-ietf-oauth-status-list):
/// one bit per document it issued, 1 where revoked. Valid for a day; verifiers should
/// fetch it again after `ttl` seconds. `None` for an unknown agency.
pub async fn status_list(state: &App, agency_slug: &str) -> Result<Option<String>, AppError> {
    let Some(agency) = gerbang_store::catalog::agency(&state.db, agency_slug).await? else {
        return Ok(None);
    };
    let (len, revoked) = store::status_list(&state.db, agency.id).await?;
    let revoked: Vec<u64> = revoked
        .into_iter()
        .filter_map(|i| u64::try_from(i).ok())
        .collect();
    let now = state.clock.now().unix_timestamp();
    let claims = gerbang_docs::status_list::ListClaims {
        sub: status_list_uri(&state.config, agency_slug),
        iat: now,
        exp: now + 86_400,
        ttl: STATUS_LIST_TTL_SECONDS,
        status_list: gerbang_docs::status_list::encode(u64::try_from(len).unwrap_or(0), &revoked),
    };
    let payload = serde_json::to_vec(&claims).map_err(|e| AppError::Internal(e.to_string()))?;
    let (kid, key) = {
        let mut tx = state.db.begin().await?;
        let k = signing_key(&mut tx, &state.kek, agency.id).await?;
        tx.commit().await?;
        k
    };
    Ok(Some(jws::sign_typed(
        &key,
        &kid,
        gerbang_docs::status_list::TYP,
        &payload,
    )))
}

/// How long a verifier (and any cache) may keep a status list.
pub const STATUS_LIST_TTL_SECONDS: i64 = 300;

#[cfg(test)]
mod tests {
    use super::add_months;
    use time::macros::date;

    #[test]
    fn months_keep_the_day_where_they_can() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 08 - 15), 6), date!(2027 - 02 - 15));
        assert_eq!(add_months(date!(2024 - 02 - 29), 12), date!(2025 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 12 - 01), 0), date!(2026 - 12 - 01));
    }
}
