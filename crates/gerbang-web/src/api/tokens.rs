//! The account page's personal API tokens (HTML): list, create (the token is shown once)
//! and revoke. They live beside the API they open; the operations are in
//! [`crate::accounts::service`].

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_domain::i18n::Lang;
use gerbang_store::api_tokens::{self, TokenRow};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::service;
use crate::error::{AppError, WebError};
use crate::http::context::RequestCtx;
use crate::http::forms::{CsrfForm, FormErrors};
use crate::http::pages::render;
use crate::http::pages::when;
use crate::http::pages::{DoneQuery, SignedIn, meta, translate};

/// One token as listed.
pub struct TokenLine {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: Option<String>,
}

impl TokenLine {
    fn new(lang: Lang, t: TokenRow) -> Self {
        TokenLine {
            id: t.id,
            name: t.name,
            created: when(lang, t.created_at),
            last_used: t.last_used_at.map(|at| when(lang, at)),
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct TokensPage {
    ctx: RequestCtx,
    tokens: Vec<TokenLine>,
    notice: Option<String>,
    /// A token just created: shown this once.
    created: Option<String>,
    /// What was typed in the name field, kept when it is refused.
    token_name: String,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    ctx: RequestCtx,
    notice: Option<String>,
    created: Option<String>,
    token_name: String,
    errors: FormErrors,
) -> Result<TokensPage, AppError> {
    let user_id = ctx.require_user()?.id;
    let tokens = api_tokens::list_of(&state.db, user_id)
        .await?
        .into_iter()
        .map(|t| TokenLine::new(ctx.lang, t))
        .collect();
    Ok(TokensPage {
        ctx,
        tokens,
        notice,
        created,
        token_name,
        errors,
    })
}

/// `GET /account/tokens`.
pub async fn list(
    State(state): State<AppState>,
    ctx: RequestCtx,
    _: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("revoked") => Some(ctx.t("notice-token-revoked")),
        _ => None,
    };
    render(
        &page(
            &state,
            ctx,
            notice,
            None,
            String::new(),
            FormErrors::default(),
        )
        .await?,
    )
}

/// What the create form sends.
#[derive(Debug, Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    name: String,
}

/// `POST /account/tokens`: creates a token and shows it, once, on the page itself
/// (never in a URL, and not cached).
pub async fn create(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<Response, WebError> {
    match service::create_api_token(&state.db, user.id, &user.email, &form.name, &meta(&ctx)).await
    {
        Ok(issued) => {
            let notice = Some(ctx.t("notice-token-created"));
            let body = render(
                &page(
                    &state,
                    ctx,
                    notice,
                    Some(issued.token),
                    String::new(),
                    FormErrors::default(),
                )
                .await?,
            )?;
            let mut res = body;
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(res)
        }
        Err(AppError::Invalid(problems)) => {
            let errors = translate(&ctx, &problems);
            let body = render(&page(&state, ctx, None, None, form.name, errors).await?)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The revoke form carries only the anti-forgery token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, WebError> {
    service::revoke_api_token(&state.db, user.id, &user.email, id, &meta(&ctx)).await?;
    Ok(Redirect::to("/account/tokens?done=revoked").into_response())
}
