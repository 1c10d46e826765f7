//! Account pages: register, sign in and out, account settings, language switch.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_domain::i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::service::{self, NewSession, PasswordChange, Registration};
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::cookies;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{DoneQuery, SignedIn, meta, render, safe_next, translate};

fn with_session(mut res: Response, session: &NewSession, secure: bool) -> Response {
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
    match service::register(&state.db, &state.config, &form, ctx.lang, &meta(&ctx)).await {
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
    next: Option<String>,
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
}

/// `GET /login`.
pub async fn login_form(ctx: RequestCtx, Query(q): Query<NextQuery>) -> Result<Response, WebError> {
    let next = safe_next(q.next.as_deref());
    render(&LoginPage {
        ctx,
        email: String::new(),
        next,
        errors: FormErrors::default(),
        throttled: None,
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
        &state.db,
        &state.config,
        &form.email,
        &form.password,
        ctx.session_hash.as_deref(),
        &meta(&ctx),
    )
    .await;
    match result {
        Ok(session) => {
            let mut res = with_session(
                Redirect::to(&next).into_response(),
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
}

fn account_page(
    ctx: RequestCtx,
    notice: Option<String>,
    errors: FormErrors,
) -> Result<AccountPage, AppError> {
    let user = ctx.require_user()?;
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
    })
}

/// `GET /account`.
pub async fn account(
    ctx: RequestCtx,
    _: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("registered") => Some(ctx.t("notice-registered")),
        Some("password") => Some(ctx.t("notice-password-changed")),
        _ => None,
    };
    render(&account_page(ctx, notice, FormErrors::default())?)
}

/// `POST /account/password`.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<PasswordChange>,
) -> Result<Response, WebError> {
    match service::change_password(&state.db, &state.config, user.id, &form, &meta(&ctx)).await {
        Ok(session) => Ok(with_session(
            Redirect::to("/account?done=password").into_response(),
            &session,
            state.config.secure_cookies,
        )),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&account_page(ctx, None, errors)?)?,
            )
                .into_response())
        }
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
