//! Account pages: register, sign in and out, account settings, language switch.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_domain::i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::service::{self, PasswordChange, Registration};
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::cookies;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{DoneQuery, SignedIn, meta, render, safe_next, translate};
use gerbang_app::accounts::sessions::{NewSession, NextStep};

/// Sets the session cookie of a new session on a response.
pub fn with_session(mut res: Response, session: &NewSession, secure: bool) -> Response {
    if let Ok(v) = HeaderValue::from_str(&cookies::session(&session.token, secure)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    ctx: RequestCtx,
    form: Registration,
    errors: FormErrors,
}

/// `GET /register`.
pub async fn register_form(ctx: RequestCtx) -> Result<Response, WebError> {
    let form = Registration {
        kind: "citizen".into(),
        ..Default::default()
    };
    render(&RegisterPage {
        ctx,
        form,
        errors: FormErrors::default(),
    })
}

/// `POST /register`.
pub async fn register(
    State(state): State<AppState>,
    ctx: RequestCtx,
    CsrfForm(form): CsrfForm<Registration>,
) -> Result<Response, WebError> {
    match service::register(&state, &form, ctx.lang, &meta(&ctx)).await {
        Ok(session) => Ok(with_session(
            Redirect::to("/account?done=registered").into_response(),
            &session,
            state.config.secure_cookies,
        )),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let form = Registration {
                password: String::new(),
                password_confirm: String::new(),
                ..form
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&RegisterPage { ctx, form, errors })?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Query of the sign-in page.
#[derive(Debug, Deserialize, Default)]
pub struct NextQuery {
    pub next: Option<String>,
    pub done: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/throttled.html")]
struct ThrottledPage {
    ctx: RequestCtx,
    message: String,
}

/// "Too many attempts, wait N minutes" (429 with `Retry-After`), for any form that takes a
/// password, a code or a link.
pub fn throttled_page(ctx: &RequestCtx, minutes: i64) -> Result<Response, WebError> {
    let message = ctx.tn("login-throttled", "minutes", minutes);
    let body = render(&ThrottledPage {
        ctx: ctx.clone(),
        message,
    })?;
    Ok((
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, (minutes * 60).to_string())],
        body,
    )
        .into_response())
}

/// What the sign-in form sends.
#[derive(Debug, Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    ctx: RequestCtx,
    email: String,
    next: String,
    errors: FormErrors,
    throttled: Option<String>,
    notice: Option<String>,
    /// OpenID providers to sign in with: (id, name).
    providers: Vec<(String, String)>,
}

/// `GET /login`.
pub async fn login_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let next = safe_next(q.next.as_deref());
    let notice = match q.done.as_deref() {
        Some("password-set") => Some(ctx.t("notice-password-set")),
        Some("verified") => Some(ctx.t("notice-email-verified")),
        _ => None,
    };
    render(&LoginPage {
        ctx,
        email: String::new(),
        next,
        errors: FormErrors::default(),
        throttled: None,
        notice,
        providers: gerbang_app::accounts::oidc::providers(&state),
    })
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    ctx: RequestCtx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, WebError> {
    let next = safe_next(Some(&form.next));
    let result = service::login(
        &state,
        &form.email,
        &form.password,
        ctx.session_hash.as_deref(),
        &meta(&ctx),
    )
    .await;
    match result {
        Ok(session) => {
            let next_param = serde_urlencoded::to_string([("next", &next)]).unwrap_or_default();
            let to = match session.next {
                NextStep::Ready => next.clone(),
                NextStep::SecondFactor => format!("/login/second-factor?{next_param}"),
                NextStep::Enrol => format!("/account/second-factor?{next_param}"),
            };
            let mut res = with_session(
                Redirect::to(&to).into_response(),
                &session,
                state.config.secure_cookies,
            );
            // Signing in never changes the language the person is reading; the
            // account's own language is for the emails it receives.
            let lang = cookies::lang(ctx.lang.tag(), state.config.secure_cookies);
            if let Ok(v) = HeaderValue::from_str(&lang) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = LoginPage {
                ctx,
                email: form.email,
                next,
                errors,
                throttled: None,
                notice: None,
                providers: gerbang_app::accounts::oidc::providers(&state),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(AppError::Throttled(minutes)) => {
            let throttled = Some(ctx.tn("login-throttled", "minutes", minutes));
            let page = LoginPage {
                ctx,
                email: form.email,
                next,
                errors: FormErrors::default(),
                throttled,
                notice: None,
                providers: gerbang_app::accounts::oidc::providers(&state),
            };
            let retry = (minutes * 60).to_string();
            Ok((
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry)],
                render(&page)?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The sign-out form carries only the anti-forgery token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    ctx: RequestCtx,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    if let Some(hash) = &ctx.session_hash {
        service::logout(&state.db, hash, &meta(&ctx)).await?;
    }
    let mut res = Redirect::to("/?done=signed-out").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookies::clear_session(state.config.secure_cookies)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    ctx: RequestCtx,
    notice: Option<String>,
    errors: FormErrors,
    roles: Vec<(String, String)>,
    kind: String,
    verified: bool,
    second_factor: bool,
    providers: Vec<(String, String)>,
}

async fn account_page(
    state: &AppState,
    ctx: RequestCtx,
    notice: Option<String>,
    errors: FormErrors,
) -> Result<AccountPage, AppError> {
    let user = ctx.require_user()?;
    let row = gerbang_store::accounts::user_by_id(&state.db, user.id)
        .await?
        .ok_or(AppError::NOT_FOUND)?;
    let second_factor = gerbang_app::accounts::second_factor::enrolled(state, user.id).await?;
    let roles = user
        .roles
        .iter()
        .map(|g| {
            (
                ctx.t(&format!("role-{}", g.role.as_str())),
                g.agency_slug.clone().unwrap_or_default(),
            )
        })
        .collect();
    let kind = ctx.t(&format!("kind-{}", user.kind.as_str()));
    Ok(AccountPage {
        ctx,
        notice,
        errors,
        roles,
        kind,
        verified: row.email_verified_at.is_some(),
        second_factor,
        providers: gerbang_app::accounts::oidc::providers(state),
    })
}

/// `GET /account`.
pub async fn account(
    State(state): State<AppState>,
    ctx: RequestCtx,
    _: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("registered") => Some(ctx.t("notice-registered")),
        Some("password") => Some(ctx.t("notice-password-changed")),
        Some("verified") => Some(ctx.t("notice-email-verified")),
        Some("verification-sent") => Some(ctx.t("notice-verification-sent")),
        _ => None,
    };
    render(&account_page(&state, ctx, notice, FormErrors::default()).await?)
}

/// `POST /account/password`.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<PasswordChange>,
) -> Result<Response, WebError> {
    match service::change_password(&state, &user, &form, &meta(&ctx)).await {
        Ok(session) => Ok(with_session(
            Redirect::to("/account?done=password").into_response(),
            &session,
            state.config.secure_cookies,
        )),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&account_page(&state, ctx, None, errors).await?)?,
            )
                .into_response())
        }
        Err(AppError::Throttled(minutes)) => throttled_page(&ctx, minutes),
        Err(e) => Err(e.into()),
    }
}

/// `GET /lang/{tag}?next=`: remembers the language (and on the account) and goes back.
pub async fn switch_language(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(tag): Path<String>,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    let lang = Lang::from_tag(&tag).ok_or(AppError::NOT_FOUND)?;
    if let Some(user) = &ctx.user {
        gerbang_store::accounts::set_locale(&state.db, user.id, lang).await?;
    }
    let mut res = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookies::lang(lang.tag(), state.config.secure_cookies)) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use crate::http::pages::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/services?q=akta")), "/services?q=akta");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
