//! `POST /api/v1/auth/token`: an email and password exchanged for a personal API token,
//! with the web sign-in's throttling and answers.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use crate::AppState;
use crate::api::openapi::Problem;
use crate::api::{ApiError, Refusal, json_body, text_member};
use crate::error::AppError;
use crate::http::context::RequestCtx;
use crate::http::pages::meta;
use gerbang_app::accounts::tokens::{
    self, NewApiToken, PASSWORD_NOT_ENOUGH, PREFIX as API_TOKEN_PREFIX, TokenSpec,
};

/// Characters after the `gbg_` prefix: 32 bytes in unpadded URL-safe base64.
const TOKEN_BODY_CHARS: usize = 43;

/// True for strings shaped like a Gerbang token (`gbg_` and 43 URL-safe base64
/// characters), so that obviously wrong values never reach the database.
pub fn looks_like_token(s: &str) -> bool {
    s.strip_prefix(API_TOKEN_PREFIX).is_some_and(|body| {
        body.len() == TOKEN_BODY_CHARS
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// Credentials to exchange for a token.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// The account's email address.
    #[schema(example = "siti@example.id")]
    pub email: String,
    /// The account's password.
    #[schema(format = Password)]
    pub password: String,
    /// A name to recognise the token by in the account page (default: "API").
    #[schema(example = "Sistem informasi desa", max_length = 100)]
    pub name: Option<String>,
    /// Space-separated scopes (default: every scope the account may have):
    /// `applications:read`, `applications:submit`, `payments`.
    #[schema(example = "applications:read applications:submit")]
    pub scope: Option<String>,
    /// Days until the token expires (default 90, at most 365).
    #[schema(example = 30, minimum = 1, maximum = 365)]
    pub expires_in_days: Option<i64>,
}

/// A new personal API token. The token is shown only in this answer: store it safely.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenCreated {
    /// Send it as `Authorization: Bearer <token>`.
    #[schema(example = "gbg_Jq3w0c2Q7bm9hdGhlci1leGFtcGxlLXRva2VuLXZhbHVlMA")]
    pub token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// The token's id, as listed (and revoked) in the account page.
    pub id: i64,
    pub name: String,
    /// Space-separated scopes the token carries.
    #[schema(example = "applications:read applications:submit")]
    pub scope: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// When the token stops working.
    #[schema(format = DateTime)]
    pub expires_at: String,
    /// Seconds until it expires (as OAuth 2.0 says it).
    pub expires_in: i64,
}

impl TokenCreated {
    /// The answer for a freshly issued token.
    pub fn from_new(t: NewApiToken) -> TokenCreated {
        TokenCreated {
            token: t.token,
            token_type: "Bearer".into(),
            id: t.id,
            name: t.name,
            scope: gerbang_domain::accounts::Scope::join(&t.scopes),
            created_at: rfc3339(t.created_at),
            expires_at: rfc3339(t.expires_at),
            expires_in: (t.expires_at - t.created_at).whole_seconds(),
        }
    }
}

/// An instant as RFC 3339 text.
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// Exchange an email and password for a personal API token. Only for citizen and business
/// accounts without a second factor: staff (and anyone who enrolled a second factor)
/// create tokens on their account page, after signing in with it.
#[utoipa::path(
    post,
    path = "/api/v1/auth/token",
    tag = "auth",
    operation_id = "createToken",
    security(()),
    request_body(content = TokenRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "A new token; it is not shown again", body = TokenCreated),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong email address or password (which one is not said)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The password is right, but this account's tokens are created on its account page (staff, or a second factor enrolled)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A member is missing or invalid", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts for this account or address; see `Retry-After`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
pub async fn token(
    State(state): State<AppState>,
    ctx: RequestCtx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_body(&headers, &body)?;
    let mut problems = Vec::new();
    let email = text_member(&body, "email", &mut problems);
    let password = text_member(&body, "password", &mut problems);
    let name = text_member(&body, "name", &mut problems);
    let scope = text_member(&body, "scope", &mut problems);
    let days = match body.get("expires_in_days") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => match v.as_i64() {
            Some(d) => Some(d),
            None => {
                problems.push(crate::error::FieldProblem::new(
                    "expires_in_days",
                    "api-error-not-integer",
                ));
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems).into());
    }
    let spec = TokenSpec {
        name: if name.trim().is_empty() {
            "API".to_owned()
        } else {
            name
        },
        scopes: scope,
        days,
    };
    let issued = tokens::for_credentials(&state, &email, &password, &spec, &meta(&ctx))
        .await
        .map_err(|e| match e {
            AppError::Invalid(p) if p.iter().any(|p| p.message_id == "error-login-failed") => {
                ApiError::Refused(Refusal::BAD_CREDENTIALS)
            }
            AppError::Invalid(p) if p.iter().any(|p| p.message_id == PASSWORD_NOT_ENOUGH) => {
                ApiError::Refused(Refusal::PASSWORD_NOT_ENOUGH)
            }
            other => ApiError::App(other),
        })?;
    let mut res = (
        StatusCode::CREATED,
        axum::Json(TokenCreated::from_new(issued)),
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Revoke one of your own tokens (the one this request uses, or another); it stops
/// working at once.
#[utoipa::path(
    delete,
    path = "/api/v1/auth/tokens/{id}",
    tag = "auth",
    operation_id = "revokeToken",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The token's id, as `createToken` answered it")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid bearer token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "You have no token with this id", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The token made its requests of this minute (see `Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    ctx: RequestCtx,
    crate::api::Bearer { user, .. }: crate::api::Bearer,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Response, ApiError> {
    tokens::revoke(&state, &user, id, &crate::api::meta(&ctx, &user)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_tokens_look_like_tokens_and_others_do_not() {
        let t = format!("{API_TOKEN_PREFIX}{}", crate::http::context::new_token());
        assert!(looks_like_token(&t), "{t}");
        assert!(!looks_like_token("gbg_short"));
        assert!(!looks_like_token(&t.replace("gbg_", "xyz_")));
        assert!(!looks_like_token(&format!("{t}=")));
    }
}
