//! Document pages: the JWKS, public verification, "My documents", the document page with
//! its PDF, and revocation by staff.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_docs::claims::DocumentClaims;
use gerbang_domain::i18n::Lang;
use gerbang_store::documents::DocumentRow;
use serde::Deserialize;

use crate::AppState;
use crate::documents::service::{self, Verdict, print_date};
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::read_multipart;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::render;
use crate::http::pages::{DoneQuery, SignedIn, meta, translate};
use crate::http::pages::{published, when};
use gerbang_domain::time_zone::TimeZone;

/// `GET /.well-known/status-lists/{agency}`: the agency's signed status list, telling
/// offline verifiers which of its documents were revoked.
pub async fn status_list(
    State(state): State<AppState>,
    Path(agency): Path<String>,
) -> Result<Response, WebError> {
    let token = service::status_list(&state, &agency)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    Ok(published(
        token,
        "application/statuslist+jwt",
        service::STATUS_LIST_TTL_SECONDS,
    ))
}

/// `GET /.well-known/jwks.json`: every agency's public keys, current and retired.
pub async fn jwks(State(state): State<AppState>) -> Result<Response, WebError> {
    let set = service::jwks(&state.db).await?;
    let body = serde_json::to_string(&set).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(published(body, "application/jwk-set+json", 300))
}

/// A verdict ready to show.
#[derive(Debug, Clone)]
pub struct VerdictView {
    /// `valid`, `revoked`, `expired` or `invalid`.
    pub kind: &'static str,
    pub heading: String,
    pub detail: String,
    pub claims: Option<DocumentClaims>,
}

fn verdict_view(ctx: &RequestCtx, v: Verdict) -> VerdictView {
    match v {
        Verdict::Valid(c) => VerdictView {
            kind: "valid",
            heading: ctx.t("verify-valid"),
            detail: ctx.t("verify-valid-detail"),
            claims: Some(c),
        },
        Verdict::Expired(c) => VerdictView {
            kind: "expired",
            heading: ctx.t("verify-expired"),
            detail: ctx.t("verify-expired-detail"),
            claims: Some(c),
        },
        Verdict::Revoked { claims, reason, at } => VerdictView {
            kind: "revoked",
            heading: ctx.t("verify-revoked"),
            detail: crate::i18n::t_args(
                ctx.lang,
                "verify-revoked-detail",
                &[
                    ("reason", reason.into()),
                    ("date", print_date(at, TimeZone::default(), ctx.lang).into()),
                ],
            ),
            claims: Some(claims),
        },
        Verdict::Invalid => VerdictView {
            kind: "invalid",
            heading: ctx.t("verify-invalid"),
            detail: ctx.t("verify-invalid-detail"),
            claims: None,
        },
    }
}

/// Unix seconds as a date.
pub fn unix_date(lang: &Lang, secs: &i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(*secs)
        .map(|t| print_date(t, TimeZone::default(), *lang))
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "documents/verify.html")]
struct VerifyPage {
    ctx: RequestCtx,
    token: String,
    verdict: Option<VerdictView>,
    errors: FormErrors,
}

/// Query of the verification page (a QR may carry a link with the token).
#[derive(Debug, Deserialize, Default)]
pub struct VerifyQuery {
    #[serde(default)]
    token: String,
}

/// `GET /verify`: the form; with `?token=`, the answer too.
pub async fn verify_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, WebError> {
    let token = q.token.trim().to_owned();
    let verdict = if token.is_empty() {
        None
    } else {
        Some(verdict_view(
            &ctx,
            service::verify_token(&state, &token).await?,
        ))
    };
    render(&VerifyPage {
        ctx,
        token,
        verdict,
        errors: FormErrors::default(),
    })
}

/// `POST /verify` (multipart): pasted QR text, or an uploaded PDF.
pub async fn verify(
    State(state): State<AppState>,
    ctx: RequestCtx,
    mp: Multipart,
) -> Result<Response, WebError> {
    let (values, uploads) = read_multipart(&ctx, mp, &["pdf"]).await?;
    let token = values
        .get("token")
        .map(|t| t.trim().to_owned())
        .unwrap_or_default();
    let pdf = uploads
        .into_iter()
        .find(|u| u.field == "pdf" && !u.bytes.is_empty());
    let verdict = match (&pdf, token.is_empty()) {
        (Some(u), _) => service::verify_pdf(&state, &u.bytes).await?,
        (None, false) => service::verify_token(&state, &token).await?,
        (None, true) => {
            let mut errors = FormErrors::default();
            errors.add("token", ctx.t("verify-error-empty"));
            let page = VerifyPage {
                ctx,
                token,
                verdict: None,
                errors,
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let verdict = Some(verdict_view(&ctx, verdict));
    render(&VerifyPage {
        ctx,
        token,
        verdict,
        errors: FormErrors::default(),
    })
}

/// One line of "My documents".
pub struct DocLine {
    pub doc: DocumentRow,
    pub title: String,
    pub issued: String,
    pub status: String,
}

fn status_of(ctx: &RequestCtx, doc: &DocumentRow) -> String {
    if doc.revoked_at.is_some() {
        ctx.t("document-status-revoked")
    } else if doc
        .expires_at
        .is_some_and(|e| e <= time::OffsetDateTime::now_utc())
    {
        ctx.t("document-status-expired")
    } else {
        ctx.t("document-status-valid")
    }
}

fn claims_of(doc: &DocumentRow) -> Option<DocumentClaims> {
    DocumentClaims::from_json(doc.claims.as_bytes())
}

#[derive(Template)]
#[template(path = "documents/mine.html")]
struct MinePage {
    ctx: RequestCtx,
    lines: Vec<DocLine>,
}

/// `GET /documents`: the signed-in holder's documents.
pub async fn mine(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let lines = service::mine(&state, &user)
        .await?
        .into_iter()
        .map(|doc| DocLine {
            title: claims_of(&doc).map(|c| c.title).unwrap_or_default(),
            issued: print_date(doc.issued_at, TimeZone::default(), ctx.lang),
            status: status_of(&ctx, &doc),
            doc,
        })
        .collect();
    render(&MinePage { ctx, lines })
}

#[derive(Template)]
#[template(path = "documents/show.html")]
struct ShowPage {
    ctx: RequestCtx,
    doc: DocumentRow,
    claims: DocumentClaims,
    status: String,
    issued: String,
    expires: Option<String>,
    revoked: Option<(String, String)>,
    qr_svg: String,
    can_revoke: bool,
    notice: Option<String>,
    errors: FormErrors,
    reason: String,
}

fn show_page(
    ctx: RequestCtx,
    doc: DocumentRow,
    can_revoke: bool,
    notice: Option<String>,
    errors: FormErrors,
    reason: String,
) -> Result<ShowPage, AppError> {
    let claims = claims_of(&doc)
        .ok_or_else(|| AppError::Internal(format!("document {}: claims unreadable", doc.number)))?;
    let qr_text = format!("{}{}", service::verify_url(&ctx.config), doc.jws);
    let qr_svg = gerbang_docs::qr::svg(&qr_text)
        .map(|s| match s.find("<svg") {
            Some(i) => s[i..].to_owned(),
            None => s,
        })
        .unwrap_or_default();
    Ok(ShowPage {
        status: status_of(&ctx, &doc),
        issued: print_date(doc.issued_at, TimeZone::default(), ctx.lang),
        expires: doc
            .expires_at
            .map(|t| print_date(t, TimeZone::default(), ctx.lang)),
        revoked: doc.revoked_at.map(|at| {
            (
                when(ctx.lang, at),
                doc.revocation_reason.clone().unwrap_or_default(),
            )
        }),
        can_revoke: can_revoke && doc.revoked_at.is_none(),
        qr_svg,
        claims,
        notice,
        errors,
        reason,
        ctx,
        doc,
    })
}

/// `GET /documents/{number}`: the accessible HTML document, for its holder and issuing staff.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(number): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let doc = service::open(&state, &user, &number, &meta(&ctx)).await?;
    let can_revoke = service::may_revoke(&user, &doc);
    let notice = q.done.as_deref().map(|_| ctx.t("document-revoked-notice"));
    let mut res = render(&show_page(
        ctx,
        doc,
        can_revoke,
        notice,
        FormErrors::default(),
        String::new(),
    )?)?;
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

/// `GET /documents/{number}/pdf`: the issued PDF, for its holder and issuing staff.
pub async fn pdf(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    let doc = service::open(&state, &user, &number, &meta(&ctx)).await?;
    let bytes = service::pdf_bytes(&state, &doc).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}.pdf\"", doc.number)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

/// `GET /documents/by-case/{reference}`: the document issued for a case.
pub async fn by_case(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(reference): Path<String>,
) -> Result<Response, WebError> {
    let doc = service::for_case(&state, &user, &reference).await?;
    Ok(Redirect::to(&format!("/documents/{}", doc.number)).into_response())
}

/// What the revocation form sends.
#[derive(Debug, Deserialize, Default)]
pub struct RevokeForm {
    #[serde(default)]
    reason: String,
}

/// `POST /documents/{number}/revoke`: staff of the issuing agency, with a reason.
pub async fn revoke(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(number): Path<String>,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> Result<Response, WebError> {
    match service::revoke(&state, &user, &number, &form.reason, &meta(&ctx)).await {
        Ok(()) => Ok(Redirect::to(&format!("/documents/{number}?done=revoked")).into_response()),
        Err(AppError::Invalid(problems)) => {
            let doc = service::open(&state, &user, &number, &meta(&ctx)).await?;
            let errors = translate(&ctx, &problems);
            let page = show_page(ctx, doc, true, None, errors, form.reason)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
