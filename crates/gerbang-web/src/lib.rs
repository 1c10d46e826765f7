//! Gerbang's web layer: the public portal, the back office and the JSON API v1.
//!
//! Organised by feature (`catalog`, `accounts`, `admin`), each with a `service` module
//! holding the operations (shared by HTML and API handlers) and an `html` module with
//! thin handlers. Cross-cutting machinery lives in [`http`]; the single authorisation
//! decision in [`authz`]; the single error mapping in [`error`].

pub mod accounts;
pub mod admin;
pub mod api;
pub mod applications;
pub mod catalog;
pub mod complaints;
pub mod consultations;
pub mod documents;
pub mod error;
pub mod exchange;
pub mod health;
pub mod http;
pub mod maturity;
pub mod open_data;
pub mod payments;
pub mod performance;
pub mod satisfaction;
pub mod site;
pub mod sms;
pub mod transparency;

pub use gerbang_app::{authz, i18n, notify};

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{from_fn_with_state, map_response_with_state};
use axum::response::Response;
use axum::routing::{get, post};
use gerbang_store::Db;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use error::WebError;
pub use gerbang_app::Config as WebConfig;

/// Everything handlers share: the application's state. Cheap to clone.
pub type AppState = gerbang_app::App;

/// Rate limits count per client address as the request context established it (the
/// trusted-proxy setting decides when `X-Forwarded-For` is believed).
#[derive(Debug, Clone, Copy)]
struct ClientIp;

impl tower_governor::key_extractor::KeyExtractor for ClientIp {
    type Key = String;

    fn extract<T>(
        &self,
        req: &axum::http::Request<T>,
    ) -> Result<String, tower_governor::GovernorError> {
        req.extensions()
            .get::<http::context::RequestCtx>()
            .map(|c| c.ip.clone())
            .ok_or(tower_governor::GovernorError::UnableToExtractKey)
    }
}

/// The largest document `/verify` accepts (issued PDFs are far smaller).
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application as one router; `main` and the tests both serve this.
pub fn router(state: AppState) -> Router {
    // Per-address limit on the endpoints that take passwords, on top of the per-account
    // throttle in the database (which is what holds across several app nodes).
    let password_limit = GovernorConfigBuilder::default()
        .key_extractor(ClientIp)
        .per_millisecond(500)
        .burst_size(20)
        .finish()
        .map(Arc::new);
    let api = api::routes();
    // Only attempts count: showing the sign-in page twenty times locks nobody out.
    let mut login_post = post(accounts::html::login);
    let mut register_post = post(accounts::html::register);
    let mut code_post = post(accounts::security::login);
    let mut forgot_post = post(accounts::recovery::forgot);
    let mut reset_post = post(accounts::recovery::reset);
    let mut sign_in_api = api.sign_in;
    if let Some(conf) = password_limit {
        let layer = || GovernorLayer::new(Arc::clone(&conf));
        login_post = login_post.layer(layer());
        register_post = register_post.layer(layer());
        code_post = code_post.layer(layer());
        forgot_post = forgot_post.layer(layer());
        reset_post = reset_post.layer(layer());
        sign_in_api = sign_in_api.layer(layer());
    }
    let password_routes = Router::new()
        .route("/login", get(accounts::html::login_form).merge(login_post))
        .route(
            "/login/second-factor",
            get(accounts::security::login_form).merge(code_post),
        )
        .route(
            "/register",
            get(accounts::html::register_form).merge(register_post),
        )
        .route(
            "/password/forgot",
            get(accounts::recovery::forgot_form).merge(forgot_post),
        )
        .route(
            "/password/reset",
            get(accounts::recovery::reset_form).merge(reset_post),
        )
        .merge(sign_in_api);

    // Verification renders nothing but hashes and parses what it is sent: at most a
    // document-sized upload, and a per-address budget so that it cannot be used to burn CPU.
    let mut verify = post(documents::html::verify).layer(DefaultBodyLimit::max(MAX_DOCUMENT_BYTES));
    if let Some(conf) = GovernorConfigBuilder::default()
        .key_extractor(ClientIp)
        .per_millisecond(200)
        .burst_size(30)
        .finish()
    {
        verify = verify.layer(GovernorLayer::new(Arc::new(conf)));
    }

    let upload_limit = state.config.max_upload_bytes;
    let app = Router::new()
        .route("/", get(catalog::html::home))
        .route("/services", get(catalog::html::services))
        .route("/services/{slug}", get(catalog::html::service))
        .route("/agencies", get(catalog::html::agencies))
        .route("/agencies/{slug}", get(catalog::html::agency))
        .route(
            "/services/{slug}/apply",
            get(applications::html::apply_form)
                .post(applications::html::apply)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/services/{slug}/draft/delete",
            post(applications::html::discard_draft),
        )
        .route("/applications", get(applications::html::mine))
        .route("/applications/{reference}", get(applications::html::case))
        .route(
            "/applications/{reference}/resubmit",
            post(applications::html::resubmit).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/applications/{reference}/files/{id}",
            get(applications::html::file),
        )
        .route(
            "/applications/{reference}/survey",
            get(satisfaction::html::application_form).post(satisfaction::html::answer_application),
        )
        .route(
            "/complaints/{reference}/survey",
            get(satisfaction::html::complaint_form).post(satisfaction::html::answer_complaint),
        )
        .route("/consultations", get(consultations::html::list))
        .route("/consultations/{slug}", get(consultations::html::show))
        .route(
            "/consultations/{slug}/comments",
            post(consultations::html::comment),
        )
        .route(
            "/consultations/{slug}/draft.pdf",
            get(consultations::html::pdf),
        )
        .route(
            "/backoffice/consultations",
            get(consultations::backoffice::list),
        )
        .route(
            "/backoffice/consultations/new",
            get(consultations::backoffice::new_form)
                .post(consultations::backoffice::publish)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/backoffice/consultations/{slug}",
            get(consultations::backoffice::show),
        )
        .route(
            "/backoffice/consultations/{slug}/moderate",
            post(consultations::backoffice::moderate),
        )
        .route(
            "/backoffice/consultations/{slug}/themes",
            post(consultations::backoffice::theme),
        )
        .route(
            "/backoffice/consultations/{slug}/report",
            post(consultations::backoffice::report),
        )
        .route("/sms/kannel", get(sms::incoming))
        .route("/sms/kannel/report", get(sms::report))
        .route("/satisfaction", get(satisfaction::html::index))
        .route("/transparency", get(transparency::html::index))
        .route("/performance", get(performance::index))
        .route("/performance.csv", get(performance::csv))
        .route("/performance.json", get(performance::json))
        .route("/performance/target", post(performance::set_target))
        .route("/maturity", get(maturity::index))
        .route("/maturity.csv", get(maturity::csv))
        .route("/maturity.json", get(maturity::json))
        .route("/maturity/{agency}", get(maturity::agency))
        .route("/open-data", get(open_data::index))
        .route("/open-data/services.ttl", get(open_data::services_ttl))
        .route(
            "/open-data/services.jsonld",
            get(open_data::services_jsonld),
        )
        .route("/open-data/catalog.ttl", get(open_data::catalog_ttl))
        .route("/open-data/catalog.jsonld", get(open_data::catalog_jsonld))
        .route(
            "/applications/{reference}/log-proof",
            get(transparency::html::decision_proof),
        )
        .route("/satisfaction.csv", get(satisfaction::html::csv))
        .route("/satisfaction.json", get(satisfaction::html::json))
        .route("/track", get(applications::html::track))
        .route("/complaints", get(complaints::html::list))
        .route(
            "/complaints/new",
            get(complaints::html::new_form)
                .post(complaints::html::file)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/complaints/mine", get(complaints::html::mine))
        .route("/complaints/{reference}", get(complaints::html::show))
        .route("/complaints/{reference}/act", post(complaints::html::act))
        .route(
            "/complaints/{reference}/photos/{id}",
            get(complaints::html::photo),
        )
        .route(
            "/open311/v2/{file}",
            get(complaints::open311::top).post(complaints::open311::post),
        )
        .route(
            "/open311/v2/services/{file}",
            get(complaints::open311::service),
        )
        .route(
            "/open311/v2/requests/{file}",
            get(complaints::open311::request),
        )
        .route("/open311/v2/tokens/{file}", get(complaints::open311::token))
        .route("/backoffice/complaints", get(complaints::backoffice::inbox))
        .route("/backoffice/audit-log", get(transparency::auditor::page))
        .route("/backoffice/data-exchange", get(exchange::page))
        .route(
            "/backoffice/data-exchange/agreements",
            post(exchange::propose),
        )
        .route(
            "/backoffice/data-exchange/agreements/{id}/approve",
            post(exchange::approve),
        )
        .route(
            "/backoffice/data-exchange/agreements/{id}/revoke",
            post(exchange::revoke),
        )
        .route(
            "/backoffice/data-exchange/services/{id}",
            post(exchange::switch),
        )
        .route(
            "/backoffice/cases/{reference}/data-queries",
            post(exchange::ask_for_case),
        )
        .route("/backoffice/workload", get(performance::workload::page))
        .route(
            "/backoffice/complaints/{reference}",
            get(complaints::backoffice::show),
        )
        .route(
            "/backoffice/complaints/{reference}/act",
            post(complaints::backoffice::act),
        )
        .route("/.well-known/jwks.json", get(documents::html::jwks))
        .route(
            "/.well-known/status-lists/{agency}",
            get(documents::html::status_list),
        )
        .route("/verify", get(documents::html::verify_form).merge(verify))
        .route("/documents", get(documents::html::mine))
        .route("/documents/{number}", get(documents::html::show))
        .route("/documents/{number}/pdf", get(documents::html::pdf))
        .route("/documents/{number}/revoke", post(documents::html::revoke))
        .route(
            "/documents/by-case/{reference}",
            get(documents::html::by_case),
        )
        .route(
            "/applications/{reference}/payment",
            get(payments::html::payment_page),
        )
        .route(
            "/backoffice/cases/{reference}/payments/{id}/refund",
            post(payments::html::refund),
        )
        .route(
            "/backoffice/cases/{reference}/payment",
            get(payments::html::counter_form).post(payments::html::counter),
        )
        .route("/backoffice/payments", get(payments::html::report))
        .route(
            "/backoffice/payments/counter",
            get(payments::html::counter_lookup),
        )
        .route(
            "/backoffice/payments/payments.csv",
            get(payments::html::report_csv),
        )
        .route(
            "/backoffice/payments/daily.csv",
            get(payments::html::daily_csv),
        )
        .route(
            "/backoffice/payments/statement",
            get(payments::html::statement_form)
                .post(payments::html::statement)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/backoffice", get(applications::backoffice::inbox))
        .route(
            "/backoffice/counter",
            get(applications::backoffice::counter_start),
        )
        .route(
            "/backoffice/cases/{reference}",
            get(applications::backoffice::case),
        )
        .route(
            "/backoffice/cases/{reference}/act",
            post(applications::backoffice::act),
        )
        .route(
            "/backoffice/cases/{reference}/note",
            post(applications::backoffice::note),
        )
        .route(
            "/backoffice/cases/{reference}/claim",
            post(applications::backoffice::claim),
        )
        .merge(password_routes)
        .route("/logout", post(accounts::html::logout))
        .route("/account", get(accounts::html::account))
        .route("/account/password", post(accounts::html::change_password))
        .route(
            "/account/tokens",
            get(api::tokens::list).post(api::tokens::create),
        )
        .route("/account/tokens/{id}/revoke", post(api::tokens::revoke))
        .route(
            "/account/webhooks",
            get(api::webhook_pages::list).post(api::webhook_pages::create),
        )
        .route("/account/webhooks/{id}", get(api::webhook_pages::show))
        .route(
            "/account/webhooks/{id}/enable",
            post(api::webhook_pages::enable),
        )
        .route(
            "/account/webhooks/{id}/disable",
            post(api::webhook_pages::disable),
        )
        .route(
            "/account/webhooks/{id}/remove",
            post(api::webhook_pages::remove),
        )
        .route(
            "/account/webhooks/{id}/messages/{message}/redeliver",
            post(api::webhook_pages::redeliver),
        )
        .route(
            "/account/second-factor",
            get(accounts::security::enrol_form).post(accounts::security::enrol),
        )
        .route(
            "/account/recovery-codes",
            post(accounts::security::new_codes),
        )
        .route(
            "/account/confirm",
            get(accounts::security::confirm_form).post(accounts::security::confirm),
        )
        .route("/account/sessions", get(accounts::security::list))
        .route("/account/my-data", get(accounts::my_data::page))
        .route("/account/my-data.json", get(accounts::my_data::export))
        .route("/login/oidc/{provider}", get(accounts::oidc::start))
        .route(
            "/login/oidc/{provider}/callback",
            get(accounts::oidc::callback),
        )
        .route("/oidc/jwks.json", get(accounts::oidc::jwks))
        .route(
            "/account/sessions/end-others",
            post(accounts::security::end_others),
        )
        .route(
            "/account/sessions/{id}/end",
            post(accounts::security::end_one),
        )
        .route(
            "/account/verify",
            get(accounts::recovery::verify_form).post(accounts::recovery::verify),
        )
        .route("/account/verify/resend", post(accounts::recovery::resend))
        .merge(api.v1)
        .merge(api.federation)
        .route(
            "/admin/staff",
            get(admin::html::staff).post(admin::html::create_staff),
        )
        .route("/admin/staff/{id}/disable", post(admin::html::disable))
        .route("/admin/staff/{id}/enable", post(admin::html::enable))
        .route(
            "/admin/staff/{id}/second-factor/reset",
            post(admin::html::reset_factor),
        )
        .route(
            "/admin/staff/{id}/roles/revoke",
            post(admin::html::revoke_role),
        )
        .route(
            "/admin/pages/{slug}",
            get(site::html::edit_form).post(site::html::save),
        )
        .route("/site/emblem", get(site::html::emblem))
        .route(
            "/help",
            get(|s, c| site::html::show(s, c, axum::extract::Path("help".to_owned()))),
        )
        .route(
            "/accessibility",
            get(|s, c| site::html::show(s, c, axum::extract::Path("accessibility".to_owned()))),
        )
        .route(
            "/privacy",
            get(|s, c| site::html::show(s, c, axum::extract::Path("privacy".to_owned()))),
        )
        .route("/lang/{tag}", get(accounts::html::switch_language))
        .route("/static/{*path}", get(http::assets::serve))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .fallback(|| async { WebError::NOT_FOUND });

    // The sandbox gateway settles invoices with no money moving: mounted only when enabled.
    let app = if state.sandbox_secret.is_some() {
        app.merge(
            Router::new()
                .route(
                    "/applications/{reference}/payment/sandbox",
                    post(payments::html::start_sandbox),
                )
                .route(
                    "/applications/{reference}/receipts/{id}",
                    get(payments::html::receipt),
                )
                .route(
                    "/payments/sandbox/{id}",
                    get(payments::html::sandbox_checkout),
                )
                .route(
                    "/payments/sandbox/{id}/pay",
                    post(payments::html::sandbox_pay),
                )
                .route(
                    "/payments/sandbox/{id}/cancel",
                    post(payments::html::sandbox_cancel),
                )
                .route("/payments/webhooks/sandbox", post(payments::html::webhook)),
        )
    } else {
        app
    };

    // Admission control and the figures published at /metrics.
    let metrics = Arc::new(http::metrics::Metrics::default());
    let limits = match state.config.max_in_flight {
        Some(n) => http::admission::Limits::with_in_flight(n),
        None => http::admission::Limits::for_pool(state.db.pool_stats().max),
    };
    tracing::info!(
        in_flight = limits.in_flight,
        reserved_for_submissions = limits.reserved,
        queue = limits.queue,
        "admission control"
    );
    let admission = Arc::new(
        http::admission::Admission::new(limits, metrics.clone(), state.health.clone())
            .named(&state.config),
    );
    let app = app.merge(
        Router::new()
            .route("/metrics", get(http::metrics::handler))
            .with_state(http::metrics::MetricsState {
                app: state.clone(),
                metrics: metrics.clone(),
                admission: admission.clone(),
            }),
    );

    let max_body = state.config.max_body_bytes;
    // Layers wrap what is above them: the last one added sees the request first.
    app.layer(from_fn_with_state(state.clone(), http::context::middleware))
        // Watches the one-connection rule for everything the request does.
        .layer(axum::middleware::from_fn(
            |req: axum::extract::Request, next: axum::middleware::Next| {
                gerbang_store::scoped(next.run(req))
            },
        ))
        // Forms get a small limit; upload routes raise it for themselves, up to the hard cap.
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(upload_limit))
        .layer(CsrfLayer::new())
        // Before the session is looked up: a refused request costs no query.
        .layer(from_fn_with_state(admission, http::admission::middleware))
        .layer(from_fn_with_state(state.clone(), http::errors::middleware))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
        .layer(map_response_with_state(state.clone(), with_security_headers))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), uri = %req.uri().path(), request_id = %id)
        }))
        .layer(from_fn_with_state(metrics, http::metrics::middleware))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        // The request id is the server's own: one sent by a client could forge log and
        // audit correlations.
        .layer(axum::middleware::map_request(
            |mut req: axum::extract::Request| async move {
                req.headers_mut().remove(REQUEST_ID);
                req
            },
        ))
        .with_state(state)
}

async fn with_security_headers(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut res: Response,
) -> Response {
    http::security::apply(res.headers_mut(), state.config.secure_cookies);
    res
}

/// A bound, ready-to-run server.
pub struct Application {
    listener: tokio::net::TcpListener,
    router: Router,
    app: gerbang_app::App,
}

impl Application {
    /// Binds `config.listen` (port 0 picks a free port) and builds the router.
    pub async fn build(db: Db, config: WebConfig) -> std::io::Result<Application> {
        Application::build_with_clock(db, config, Arc::new(gerbang_app::clock::SystemClock)).await
    }

    /// The same, telling time by `clock` (tests move time with a manual clock).
    pub async fn build_with_clock(
        db: Db,
        mut config: WebConfig,
        clock: Arc<dyn gerbang_app::clock::Clock>,
    ) -> std::io::Result<Application> {
        let listener = tokio::net::TcpListener::bind(config.listen).await?;
        if config.public_url.is_empty() {
            config.public_url = format!("http://{}", listener.local_addr()?);
        }
        let app = gerbang_app::App::open(db, config)?.with_clock(clock);
        let router = router(app.clone());
        Ok(Application {
            listener,
            router,
            app,
        })
    }

    /// The operations this server runs on (for the background workers beside it).
    pub fn app(&self) -> gerbang_app::App {
        self.app.clone()
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}
