//! The one error type of the platform's operations. What each kind means to a client
//! (an HTTP status, a page, a problem document) is decided at the edge, in the web crate.

use gerbang_domain::i18n::Text;
use gerbang_store::StoreError;

/// What went wrong, in terms a client can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    /// A staff account (or one that enrolled a factor) has not proven its second factor.
    SecondFactorRequired,
    /// Allowed after the person proves who they are again (password or code).
    ProofTooOld,
    /// The API token's scopes do not cover the operation.
    InsufficientScope,
    /// The service needs a sign-in through an identity provider at a higher level.
    AssuranceRequired,
    /// The form's anti-forgery token is missing or stale.
    FormExpired,
    /// A cross-site request was refused.
    CrossSite,
    NotFound,
    MethodNotAllowed,
    Conflict,
    /// A workflow step needs the case's invoice paid first (409).
    PaymentRequired,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ErrorKind {
    /// Stable machine code: the problem `type` suffix and the message id suffix.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad-request",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::SecondFactorRequired => "second-factor-required",
            ErrorKind::ProofTooOld => "reauthentication-required",
            ErrorKind::InsufficientScope => "insufficient-scope",
            ErrorKind::AssuranceRequired => "assurance-required",
            ErrorKind::FormExpired => "form-expired",
            ErrorKind::CrossSite => "cross-site",
            ErrorKind::NotFound => "not-found",
            ErrorKind::MethodNotAllowed => "method-not-allowed",
            ErrorKind::Conflict => "conflict",
            ErrorKind::PaymentRequired => "payment-required",
            ErrorKind::PayloadTooLarge => "payload-too-large",
            ErrorKind::UnsupportedMediaType => "unsupported-media-type",
            ErrorKind::Unprocessable => "unprocessable",
            ErrorKind::TooManyRequests => "too-many-requests",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Internal => "internal",
        }
    }
}

/// An error a handler returns.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0:?}")]
    Kind(ErrorKind),
    /// Input that fails validation; each problem names its field (422 / form re-shown).
    #[error("invalid input: {}", FieldProblem::list(.0, gerbang_domain::i18n::Lang::En))]
    Invalid(Vec<FieldProblem>),
    /// Too many attempts; try again after the given minutes (429).
    #[error("throttled for {0} minutes")]
    Throttled(i64),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub const NOT_FOUND: AppError = AppError::Kind(ErrorKind::NotFound);
    pub const FORBIDDEN: AppError = AppError::Kind(ErrorKind::Forbidden);

    /// The client-facing kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::Kind(k) => *k,
            AppError::Invalid(_) => ErrorKind::Unprocessable,
            AppError::Throttled(_) => ErrorKind::TooManyRequests,
            AppError::Store(StoreError::Conflict(_)) => ErrorKind::Conflict,
            AppError::Store(StoreError::Unavailable(_)) => ErrorKind::Unavailable,
            AppError::Store(_) | AppError::Internal(_) => ErrorKind::Internal,
        }
    }
}

/// One invalid field: the field's name and the message id (with arguments) explaining why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message_id: String,
    pub args: Vec<(&'static str, String)>,
    /// How the message names the field, in each language: passed as `$subject`, and
    /// with its first letter capitalised as `$Subject` for the start of a sentence.
    pub subject: Option<Text>,
}

impl FieldProblem {
    /// A problem without arguments.
    pub fn new(field: &str, message_id: &str) -> FieldProblem {
        FieldProblem {
            field: field.to_owned(),
            message_id: message_id.to_owned(),
            args: Vec::new(),
            subject: None,
        }
    }

    /// A problem whose message names the field (`$subject`, `$Subject`).
    pub fn about(field: &str, message_id: &str, subject: Text) -> FieldProblem {
        FieldProblem {
            subject: Some(subject),
            ..FieldProblem::new(field, message_id)
        }
    }

    /// The message in `lang`, its arguments filled in (numbers as numbers, for plurals).
    pub fn message(&self, lang: gerbang_domain::i18n::Lang) -> String {
        use fluent_templates::fluent_bundle::FluentValue;
        let mut args: Vec<(&'static str, FluentValue<'static>)> = self
            .args
            .iter()
            .map(|(k, v)| {
                (
                    *k,
                    v.parse::<i64>()
                        .map_or_else(|_| v.clone().into(), Into::into),
                )
            })
            .collect();
        if let Some(subject) = &self.subject {
            let subject = subject.get(lang).to_owned();
            let mut chars = subject.chars();
            let capitalised: String = match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            };
            args.push(("subject", subject.into()));
            args.push(("Subject", capitalised.into()));
        }
        crate::i18n::t_args(lang, &self.message_id, &args)
    }

    /// Problems as lines "field: message", for the command line and logs.
    pub fn list(problems: &[FieldProblem], lang: gerbang_domain::i18n::Lang) -> String {
        problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message(lang)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl From<ErrorKind> for AppError {
    fn from(k: ErrorKind) -> Self {
        AppError::Kind(k)
    }
}
