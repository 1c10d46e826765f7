//! Pages of the account's security: the second step of signing in, enrolling a second
//! factor, recovery codes, "confirm it's you" before a sensitive action, and the list of
//! sessions with "sign out everywhere else". The rules are in
//! [`gerbang_app::accounts`]; these pages only ask and show.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::accounts::sessions::SessionLine;
use gerbang_app::accounts::{second_factor, sessions};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::html::{NextQuery, throttled_page, with_session};
use crate::error::{AppError, ErrorKind, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{SignedIn, meta, render, safe_next, to_login, translate, when};

/// What a code form sends.
#[derive(Debug, Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "accounts/second_factor_login.html")]
struct SecondFactorLoginPage {
    ctx: RequestCtx,
    next: String,
    errors: FormErrors,
}

/// `GET /login/second-factor`: the code after the password.
pub async fn login_form(ctx: RequestCtx, Query(q): Query<NextQuery>) -> Result<Response, WebError> {
    if ctx.pending.is_none() {
        return Ok(to_login(&ctx));
    }
    let next = safe_next(q.next.as_deref());
    render(&SecondFactorLoginPage {
        ctx,
        next,
        errors: FormErrors::default(),
    })
}

/// `POST /login/second-factor`.
pub async fn login(
    State(state): State<AppState>,
    ctx: RequestCtx,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let (Some((user_id, email)), Some(hash)) = (ctx.pending.clone(), ctx.session_hash.clone())
    else {
        return Ok(Redirect::to("/login").into_response());
    };
    let next = safe_next(Some(&form.next));
    let mut m = meta(&ctx);
    m.actor_id = Some(user_id);
    m.actor.clone_from(&email);
    match second_factor::sign_in(&state, &hash, user_id, &email, &form.code, &m).await {
        Ok(session) => Ok(with_session(
            Redirect::to(&next).into_response(),
            &session,
            state.config.secure_cookies,
        )),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = SecondFactorLoginPage { ctx, next, errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(AppError::Throttled(minutes)) => throttled_page(&ctx, minutes),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/second_factor_enrol.html")]
struct EnrolPage {
    ctx: RequestCtx,
    secret: String,
    qr: String,
    next: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "accounts/second_factor.html")]
struct FactorPage {
    ctx: RequestCtx,
    codes_left: i64,
}

/// The secret in groups of four, easier to type.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn enrol_page(
    state: &AppState,
    ctx: RequestCtx,
    next: String,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let user = ctx.require_user()?.clone();
    match second_factor::begin(state, &user).await {
        Ok(e) => {
            let qr = gerbang_docs::qr::svg(&e.uri).unwrap_or_default();
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let mut res = (
                status,
                render(&EnrolPage {
                    ctx,
                    secret: grouped(&e.secret),
                    qr,
                    next,
                    errors,
                })?,
            )
                .into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(res)
        }
        Err(AppError::Kind(ErrorKind::Conflict)) => {
            let codes_left = second_factor::codes_left(state, user.id).await?;
            render(&FactorPage { ctx, codes_left })
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /account/second-factor`: enrol (QR code and the secret as text), or see the
/// factor in place.
pub async fn enrol_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    _: SignedIn,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let next = safe_next(q.next.as_deref());
    enrol_page(&state, ctx, next, FormErrors::default()).await
}

#[derive(Template)]
#[template(path = "accounts/recovery_codes.html")]
struct RecoveryCodesPage {
    ctx: RequestCtx,
    codes: Vec<String>,
    next: String,
}

fn codes_page(ctx: RequestCtx, codes: Vec<String>, next: String) -> Result<Response, WebError> {
    let mut res = render(&RecoveryCodesPage { ctx, codes, next })?;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// `POST /account/second-factor`: the first code confirms the enrolment; the recovery
/// codes are shown once.
pub async fn enrol(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, WebError> {
    let next = safe_next(Some(&form.next));
    let hash = ctx.session_hash.clone().unwrap_or_default();
    match second_factor::confirm(&state, &user, &hash, &form.code, &meta(&ctx)).await {
        Ok(codes) => codes_page(ctx, codes, next),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            enrol_page(&state, ctx, next, errors).await
        }
        Err(AppError::Throttled(minutes)) => throttled_page(&ctx, minutes),
        Err(e) => Err(e.into()),
    }
}

/// The form carries only the anti-forgery token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /account/recovery-codes`: new codes in place of the old ones.
pub async fn new_codes(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let codes = second_factor::regenerate_codes(&state, &user, &meta(&ctx)).await?;
    codes_page(ctx, codes, "/account/second-factor".to_owned())
}

#[derive(Template)]
#[template(path = "accounts/confirm.html")]
struct ConfirmPage {
    ctx: RequestCtx,
    next: String,
    errors: FormErrors,
}

/// `GET /account/confirm?next=`: "confirm it's you" before a sensitive action.
pub async fn confirm_form(
    ctx: RequestCtx,
    _: SignedIn,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let next = safe_next(q.next.as_deref());
    render(&ConfirmPage {
        ctx,
        next,
        errors: FormErrors::default(),
    })
}

/// What the confirm form sends: the password or a code.
#[derive(Debug, Deserialize, Default)]
pub struct ConfirmForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    next: String,
}

/// `POST /account/confirm`.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, WebError> {
    let next = safe_next(Some(&form.next));
    let hash = ctx.session_hash.clone().unwrap_or_default();
    match second_factor::confirm_identity(&state, &user, &hash, &form.secret, &meta(&ctx)).await {
        Ok(()) => Ok(Redirect::to(&next).into_response()),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = ConfirmPage { ctx, next, errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(AppError::Throttled(minutes)) => throttled_page(&ctx, minutes),
        Err(e) => Err(e.into()),
    }
}

/// One session as the page lists it.
pub struct SessionView {
    pub public_id: String,
    pub device: String,
    pub ip: String,
    pub started: String,
    pub last_used: String,
    pub current: bool,
    pub provider: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/sessions.html")]
struct SessionsPage {
    ctx: RequestCtx,
    sessions: Vec<SessionView>,
    notice: Option<String>,
}

/// Query of the sessions page.
#[derive(Debug, Deserialize, Default)]
pub struct SessionsQuery {
    done: Option<String>,
    n: Option<i64>,
}

/// `GET /account/sessions`: where the account is signed in.
pub async fn list(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Query(q): Query<SessionsQuery>,
) -> Result<Response, WebError> {
    let lines = sessions::list(&state, &user, ctx.session_hash.as_deref()).await?;
    let sessions = lines
        .into_iter()
        .map(|s: SessionLine| SessionView {
            device: if s.device.is_empty() {
                ctx.t("sessions-unknown-device")
            } else {
                s.device
            },
            started: when(ctx.lang, s.created_at),
            last_used: when(ctx.lang, s.last_seen_at),
            public_id: s.public_id,
            ip: s.ip,
            current: s.current,
            provider: s.provider.map(|id| {
                ctx.config
                    .oidc_providers
                    .iter()
                    .find(|p| p.id == id)
                    .map_or(id, |p| p.name.clone())
            }),
        })
        .collect();
    let notice = match q.done.as_deref() {
        Some("ended") => Some(ctx.t("notice-session-ended")),
        Some("others") => Some(ctx.tn("notice-sessions-others-ended", "n", q.n.unwrap_or(0))),
        _ => None,
    };
    render(&SessionsPage {
        ctx,
        sessions,
        notice,
    })
}

/// `POST /account/sessions/{id}/end`.
pub async fn end_one(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    sessions::end_one(&state, &user, &id, &meta(&ctx)).await?;
    Ok(Redirect::to("/account/sessions?done=ended").into_response())
}

/// `POST /account/sessions/end-others`: sign out everywhere else.
pub async fn end_others(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let hash = ctx.session_hash.clone().unwrap_or_default();
    let n = sessions::end_others(&state, &user, &hash, &meta(&ctx)).await?;
    Ok(Redirect::to(&format!("/account/sessions?done=others&n={n}")).into_response())
}
