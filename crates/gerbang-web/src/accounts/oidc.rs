//! Sign-in with an OpenID provider (the national digital identity): the button's
//! redirect, the callback, and the platform's client keys as a JWKS. The protocol is in
//! [`gerbang_app::accounts::oidc`].

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::accounts::oidc::{self, Callback, Refused};
use gerbang_app::accounts::sessions::NextStep;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::html::with_session;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::cookies;
use crate::http::pages::{meta, render, safe_next};

/// Query of the sign-in button.
#[derive(Debug, Deserialize, Default)]
pub struct StartQuery {
    next: Option<String>,
    acr: Option<String>,
}

/// `GET /login/oidc/{provider}`: to the provider's sign-in page.
pub async fn start(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(provider): Path<String>,
    Query(q): Query<StartQuery>,
) -> Result<Response, WebError> {
    let next = safe_next(q.next.as_deref());
    match oidc::start(&state, &provider, &next, q.acr.as_deref()).await {
        Ok(started) => {
            let mut res = Redirect::to(&started.url).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookies::oidc_state(
                &started.state,
                state.config.secure_cookies,
            )) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(AppError::Kind(k)) => Err(k.into()),
        Err(e) => {
            tracing::warn!(provider, error = %e, "cannot start a sign-in at the provider");
            failed(
                &ctx,
                &provider,
                "oidc-unavailable",
                StatusCode::SERVICE_UNAVAILABLE,
            )
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/oidc_failed.html")]
struct FailedPage {
    ctx: RequestCtx,
    provider: String,
    message: String,
}

fn failed(
    ctx: &RequestCtx,
    provider: &str,
    message_id: &str,
    status: StatusCode,
) -> Result<Response, WebError> {
    let name = ctx
        .config
        .oidc_providers
        .iter()
        .find(|p| p.id == provider)
        .map_or_else(|| provider.to_owned(), |p| p.name.clone());
    let page = FailedPage {
        ctx: ctx.clone(),
        message: ctx.t1(message_id, "provider", &name),
        provider: provider.to_owned(),
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /login/oidc/{provider}/callback`: the provider sends the person back here.
pub async fn callback(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(provider): Path<String>,
    Query(cb): Query<Callback>,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    let browser_state = cookies::get(&headers, cookies::OIDC_STATE);
    let result = oidc::finish(
        &state,
        &provider,
        &cb,
        browser_state.as_deref(),
        ctx.user.as_deref(),
        ctx.session_hash.as_deref(),
        &meta(&ctx),
    )
    .await;
    match result {
        Ok(done) => {
            let next = safe_next(Some(&done.next));
            let to = match done.session.next {
                NextStep::SecondFactor => format!(
                    "/login/second-factor?{}",
                    serde_urlencoded::to_string([("next", &next)]).unwrap_or_default()
                ),
                _ => next,
            };
            let mut res = with_session(
                Redirect::to(&to).into_response(),
                &done.session,
                state.config.secure_cookies,
            );
            let lang = cookies::lang(ctx.lang.tag(), state.config.secure_cookies);
            for c in [lang, cookies::clear_oidc_state(state.config.secure_cookies)] {
                if let Ok(v) = HeaderValue::from_str(&c) {
                    res.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            Ok(res)
        }
        Err(Refused::UnknownProvider) => Err(WebError::NOT_FOUND),
        Err(why) => {
            tracing::warn!(provider, error = %why, request_id = %ctx.request_id, "sign-in through a provider refused");
            let message = match why {
                Refused::EmailTaken => "oidc-email-taken",
                Refused::Disabled => "error-account-disabled",
                _ => "oidc-failed",
            };
            failed(&ctx, &provider, message, StatusCode::BAD_REQUEST)
        }
    }
}

/// `GET /oidc/jwks.json`: the public keys of this install as an OpenID client (what the
/// providers verify its `private_key_jwt` assertions with).
pub async fn jwks(State(state): State<AppState>) -> Result<Response, WebError> {
    let set = oidc::client_jwks(&state).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/jwk-set+json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        set.to_string(),
    )
        .into_response())
}
