//! The account page's personal API tokens (HTML): list, create (the token is shown once)
//! and revoke. They live beside the API they open; the operations are in
//! [`crate::accounts::service`].

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gerbang_app::accounts::tokens::{self as service, TokenSpec};
use gerbang_domain::accounts::Scope;
use gerbang_domain::i18n::Lang;
use gerbang_store::api_tokens::TokenRow;
use serde::Deserialize;

use crate::AppState;
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
    pub expires: String,
    pub expired: bool,
    pub scopes: String,
}

impl TokenLine {
    fn new(lang: Lang, now: time::OffsetDateTime, t: TokenRow) -> Self {
        TokenLine {
            id: t.id,
            created: when(lang, t.created_at),
            last_used: t.last_used_at.map(|at| when(lang, at)),
            expires: when(lang, t.expires()),
            expired: t.expires() <= now,
            scopes: t.scopes.split_whitespace().collect::<Vec<_>>().join(", "),
            name: t.name,
        }
    }
}

/// A scope the form offers: its name, what it allows (translated), whether it is ticked.
pub struct ScopeChoice {
    pub name: &'static str,
    pub label: String,
    pub checked: bool,
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
    scopes: Vec<ScopeChoice>,
    days: String,
    max_days: i64,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    ctx: RequestCtx,
    notice: Option<String>,
    created: Option<String>,
    form: &CreateForm,
    errors: FormErrors,
) -> Result<TokensPage, AppError> {
    let user = ctx.require_user()?;
    let now = state.clock.now();
    let tokens = service::list(state, user.id)
        .await?
        .into_iter()
        .map(|t| TokenLine::new(ctx.lang, now, t))
        .collect();
    let ticked = form.scope.as_deref();
    let scopes = Scope::offered_to(user.kind)
        .iter()
        .map(|s| ScopeChoice {
            name: s.as_str(),
            label: ctx.t(&format!("scope-{}", s.as_str().replace(':', "-"))),
            checked: ticked.is_none_or(|t| t.iter().any(|x| x == s.as_str())),
        })
        .collect();
    let max_days = service::max_days(user.kind);
    let days = form
        .days
        .clone()
        .unwrap_or_else(|| service::DEFAULT_DAYS.min(max_days).to_string());
    Ok(TokensPage {
        ctx,
        tokens,
        notice,
        created,
        token_name: form.name.clone(),
        scopes,
        days,
        max_days,
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
            &CreateForm::default(),
            FormErrors::default(),
        )
        .await?,
    )
}

/// What the create form sends (`scope` once per ticked box).
#[derive(Debug, Default)]
pub struct CreateForm {
    name: String,
    /// `None` when the form was not sent yet (every box ticked).
    scope: Option<Vec<String>>,
    days: Option<String>,
}

impl CreateForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> CreateForm {
        let mut form = CreateForm {
            scope: Some(Vec::new()),
            ..CreateForm::default()
        };
        for (k, v) in pairs {
            match k.as_str() {
                "name" => form.name = v,
                "days" => form.days = Some(v),
                "scope" => form.scope.get_or_insert_with(Vec::new).push(v),
                _ => {}
            }
        }
        form
    }
}

/// `POST /account/tokens`: creates a token and shows it, once, on the page itself
/// (never in a URL, and not cached).
pub async fn create(
    State(state): State<AppState>,
    ctx: RequestCtx,
    SignedIn(user): SignedIn,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = CreateForm::from_pairs(pairs);
    let scopes = form.scope.clone().unwrap_or_default().join(" ");
    let days = match form.days.as_deref().map(str::trim) {
        None | Some("") => None,
        // A number that does not parse is refused as out of range.
        Some(d) => Some(d.parse::<i64>().unwrap_or(0)),
    };
    let spec = TokenSpec {
        name: form.name.clone(),
        // No box ticked is a choice of no scope, which is refused, not "all of them".
        scopes: if scopes.is_empty() {
            "none".to_owned()
        } else {
            scopes
        },
        days,
    };
    match service::create(&state, &user, &spec, &meta(&ctx)).await {
        Ok(issued) => {
            let notice = Some(ctx.t("notice-token-created"));
            let body = render(
                &page(
                    &state,
                    ctx,
                    notice,
                    Some(issued.token),
                    &CreateForm::default(),
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
            let body = render(&page(&state, ctx, None, None, &form, errors).await?)?;
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
    service::revoke(&state, &user, id, &meta(&ctx)).await?;
    Ok(Redirect::to("/account/tokens?done=revoked").into_response())
}
