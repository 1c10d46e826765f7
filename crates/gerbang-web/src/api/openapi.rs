//! The OpenAPI 3.1 document of API v1: the parts no handler declares (general description,
//! bearer scheme, problem documents, tags). The paths come from each handler's
//! `#[utoipa::path]`, collected by [`super::routes`].

use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{InfoBuilder, LicenseBuilder};
use utoipa::{OpenApi, ToSchema};

/// What the whole API promises, shown at the top of the document.
const DESCRIPTION: &str = "\
The JSON API of Gerbang, the e-government platform: find a public service, apply for it and \
follow the application, or work applications as agency staff.

**Authentication.** Send `Authorization: Bearer gbg_…`. Create a personal token in your \
account page (*API tokens*) or, for citizen and business accounts without a second factor, \
exchange your email and password at `POST /api/v1/auth/token`. A token expires (90 days by \
default, at most a year; staff tokens at most 30 days) and carries **scopes**: each \
operation lists the scopes that open it (any one of the alternatives). \
`applications:read` and `applications:submit` are the applicant's; `cases:read`, `cases:act` \
are staff's; `payments` both. A token without the scope is answered 403 \
`…/insufficient-scope`. The catalogue needs no token.

**Errors** are [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem documents \
(`application/problem+json`) with a stable `type` such as `/api/v1/problems/not-found`. \
`detail`, and each `message` in the `errors` of a 422, are in the language asked for with \
`Accept-Language` (English or Indonesian); `title` is always English. Someone else's \
application answers 404, as one that does not exist.

**Idempotency.** The POSTs that file or change an application accept an `Idempotency-Key` \
header (1 to 255 visible ASCII characters, such as a UUID). Sent again with the same key and \
the same body by the same account, the request is answered as the first one was (same status \
and body, with `Idempotent-Replayed: true`) and nothing is done twice; the same key with a \
different body is refused with 422 `…/idempotency-key-reused`. Only successful answers are \
remembered, so a request refused for invalid input can be corrected and sent with its key. \
Keys are remembered per account: use a fresh one for each new operation.

**Files.** Answers to `file` fields cannot be sent as JSON yet: a service whose form requires a \
file must, for now, be applied for through the web form (a required file field left out \
yields its `required` error).";

/// An RFC 9457 problem document, as every error of this API is answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem, such as `/api/v1/problems/unprocessable`,
    /// `/api/v1/problems/idempotency-key-reused` or `/api/v1/problems/invalid-credentials`.
    #[serde(rename = "type")]
    #[schema(format = "uri-reference", example = "/api/v1/problems/unprocessable")]
    pub kind: String,
    /// Short English summary of the kind of problem.
    #[schema(example = "Some information is not valid")]
    pub title: String,
    /// The HTTP status.
    #[schema(example = 422)]
    pub status: u16,
    /// What happened and what to do, in the requested language.
    pub detail: String,
    /// Quote it when asking for support.
    pub request_id: String,
    /// Every invalid member or form field, on 422.
    pub errors: Option<Vec<FieldError>>,
}

/// One invalid field of a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldError {
    /// The form field (a key of `data`) or body member at fault.
    #[schema(example = "moving_date")]
    pub field: String,
    /// Stable code, such as `required`, `invalid-date`, `nik-wrong-length`.
    #[schema(example = "invalid-date")]
    pub code: String,
    /// Explanation in the requested language.
    #[schema(example = "The child's date of birth must be a real date, like 27 3 2007")]
    pub message: String,
}

/// The declared parts of the document.
#[derive(OpenApi)]
#[openapi(
    components(schemas(Problem, FieldError)),
    tags(
        (name = "auth", description = "Personal API tokens"),
        (name = "services", description = "The catalogue of public services"),
        (name = "applications", description = "Applying, following an application, and working it as staff"),
        (name = "drafts", description = "Answers kept on the way to an application, one draft per account and service (the same the website's \"Save as draft\" keeps), then filed in one call"),
        (name = "webhooks", description = "Endpoints that hear about your applications (Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature` headers; the signature is `v1,` and the base64 HMAC-SHA256, under the endpoint's secret, of `{id}.{timestamp}.{body}`), every delivery attempt, and redelivery"),
        (name = "documents", description = "Issued documents: the signed JWS (EdDSA, verifiable offline with the agency's key from `/.well-known/jwks.json`) and the PDF"),
        (name = "federation", description = "Calls between Gerbang installs (docs/exchange.md): signed with HTTP Message Signatures (RFC 9421, Ed25519) over the method, target URI, `Content-Digest` (RFC 9530) and type, with `created` and a nonce; answers are signed too. Keys come from each peer's JWK set, trusted under the key ids of the install's trust list"),
        (name = "transparency", description = "The audit log as a transparency log: signed tree heads, published entries without personal data, inclusion and consistency proofs (RFC 9162 hashing)"),
    )
)]
pub struct ApiDoc;

/// Completes the collected document and serialises it once.
pub fn render(mut doc: utoipa::openapi::OpenApi) -> String {
    doc.info = InfoBuilder::new()
        .title("Gerbang API")
        .version("1.0.0")
        .description(Some(DESCRIPTION))
        .license(Some(
            LicenseBuilder::new()
                .name("AGPL-3.0-or-later")
                .identifier(Some("AGPL-3.0-or-later"))
                .build(),
        ))
        .build();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("gbg_ followed by 43 URL-safe base64 characters")
                .description(Some(
                    "A personal API token, from the account page or POST /api/v1/auth/token",
                ))
                .build(),
        ),
    );
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        tracing::error!(error = %e, "the OpenAPI document failed to serialise");
        "{}".to_owned()
    })
}
