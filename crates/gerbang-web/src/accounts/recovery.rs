//! Pages of the links sent by email: "forgot password", setting a password through a reset
//! or claim link, and confirming an address. Opening a link changes nothing: a button on
//! the page does (mail scanners that follow links use nothing up).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::accounts::links::{self, NewPassword};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::html::throttled_page;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::{SignedIn, meta, render, translate};

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    ctx: RequestCtx,
    email: String,
    errors: FormErrors,
    sent: bool,
}

/// `GET /password/forgot`.
pub async fn forgot_form(ctx: RequestCtx) -> Result<Response, WebError> {
    render(&ForgotPage {
        ctx,
        email: String::new(),
        errors: FormErrors::default(),
        sent: false,
    })
}

/// What the forgot form sends.
#[derive(Debug, Deserialize, Default)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// `POST /password/forgot`: the same answer whether or not the address has an account.
pub async fn forgot(
    State(state): State<AppState>,
    ctx: RequestCtx,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<Response, WebError> {
    match links::request_reset(&state, &form.email, &meta(&ctx)).await {
        Ok(()) => render(&ForgotPage {
            ctx,
            email: form.email,
            errors: FormErrors::default(),
            sent: true,
        }),
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = ForgotPage {
                ctx,
                email: form.email,
                errors,
                sent: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(AppError::Throttled(minutes)) => throttled_page(&ctx, minutes),
        Err(e) => Err(e.into()),
    }
}

/// A link's token in the query.
#[derive(Debug, Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    ctx: RequestCtx,
    token: String,
    live: bool,
    errors: FormErrors,
}

fn no_referrer(mut res: Response) -> Response {
    // The token is in this page's address: it must not leave in a Referer header.
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /password/reset?token=`: the new-password form, or "this link is no longer good".
pub async fn reset_form(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let live = links::reset_link_is_live(&state, &q.token).await?;
    let status = if live {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    let page = ResetPage {
        ctx,
        token: q.token,
        live,
        errors: FormErrors::default(),
    };
    Ok(no_referrer((status, render(&page)?).into_response()))
}

/// `POST /password/reset`.
pub async fn reset(
    State(state): State<AppState>,
    ctx: RequestCtx,
    CsrfForm(form): CsrfForm<NewPassword>,
) -> Result<Response, WebError> {
    match links::reset_password(&state, &form, &meta(&ctx)).await {
        Ok(()) => Ok(Redirect::to("/login?done=password-set").into_response()),
        Err(AppError::Invalid(problems)) => {
            let live = !problems.iter().any(|p| p.field == "token");
            let errors = translate(&ctx, &problems);
            let page = ResetPage {
                ctx,
                token: form.token,
                live,
                errors,
            };
            Ok(no_referrer(
                (StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response(),
            ))
        }
        Err(AppError::Throttled(minutes)) => throttled_page(&ctx, minutes),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/verify.html")]
struct VerifyPage {
    ctx: RequestCtx,
    token: String,
    errors: FormErrors,
}

/// `GET /account/verify?token=`: a button that confirms the address.
pub async fn verify_form(
    ctx: RequestCtx,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let page = VerifyPage {
        ctx,
        token: q.token,
        errors: FormErrors::default(),
    };
    Ok(no_referrer(render(&page)?))
}

/// What the verify form sends.
#[derive(Debug, Deserialize, Default)]
pub struct VerifyForm {
    #[serde(default)]
    token: String,
}

/// `POST /account/verify`.
pub async fn verify(
    State(state): State<AppState>,
    ctx: RequestCtx,
    CsrfForm(form): CsrfForm<VerifyForm>,
) -> Result<Response, WebError> {
    match links::verify_email(&state, &form.token, &meta(&ctx)).await {
        Ok(()) => {
            let to = if ctx.user.is_some() {
                "/account?done=verified"
            } else {
                "/login?done=verified"
            };
            Ok(Redirect::to(to).into_response())
        }
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let page = VerifyPage {
                ctx,
                token: form.token,
                errors,
            };
            Ok(no_referrer(
                (StatusCode::GONE, render(&page)?).into_response(),
            ))
        }
        Err(AppError::Throttled(minutes)) => throttled_page(&ctx, minutes),
        Err(e) => Err(e.into()),
    }
}

/// The form carries only the anti-forgery token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /account/verify/resend`.
pub async fn resend(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    match links::resend_verification(&state, user.id, &meta(&ctx)).await {
        Ok(()) => Ok(Redirect::to("/account?done=verification-sent").into_response()),
        Err(AppError::Throttled(minutes)) => throttled_page(&ctx, minutes),
        Err(e) => Err(e.into()),
    }
}
