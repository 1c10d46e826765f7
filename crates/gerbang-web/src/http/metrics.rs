//! `/metrics` in the Prometheus text format: requests and their latency per route, the
//! database pool, admission control and the job queue.
//!
//! Answered only to the addresses allowed by the `metrics_allow` setting (loopback by
//! default): the figures describe the installation, not anyone's data, but they are an
//! operator's, not the public's.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::admission::{Admission, Class};
use crate::AppState;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ClassLabels {
    class: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: String,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// Every figure this node publishes.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    refusals: Family<ClassLabels, Counter>,
    pool: Family<StateLabels, Gauge>,
    pool_max: Gauge,
    in_flight: Gauge,
    waiting: Gauge,
    jobs_queued: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("gerbang");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from receiving a request to its answer, by route",
            latency.clone(),
        );
        let refusals = Family::<ClassLabels, Counter>::default();
        registry.register(
            "admission_refusals",
            "Requests refused with 503: at the node's limit (by class), or while the database is out of reach",
            refusals.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "admission_in_flight",
            "Requests being worked on",
            in_flight.clone(),
        );
        let waiting = Gauge::default();
        registry.register(
            "admission_waiting",
            "Requests waiting for a place",
            waiting.clone(),
        );
        let pool = Family::<StateLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database connections open, by state (in_use, idle)",
            pool.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The most database connections the pool may open",
            pool_max.clone(),
        );
        let jobs_queued = Gauge::default();
        registry.register(
            "jobs_queued",
            "Outbox messages waiting to be sent",
            jobs_queued.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            refusals,
            pool,
            pool_max,
            in_flight,
            waiting,
            jobs_queued,
        }
    }
}

impl Metrics {
    /// Counts one refusal by admission control.
    pub fn refused(&self, class: Class) {
        self.refusals
            .get_or_create(&ClassLabels {
                class: class.as_str().to_owned(),
            })
            .inc();
    }

    /// Counts one request refused because the database is out of reach.
    pub fn refused_unavailable(&self) {
        self.refusals
            .get_or_create(&ClassLabels {
                class: "database_unavailable".to_owned(),
            })
            .inc();
    }

    fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                method: method.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(seconds);
    }
}

/// What the `/metrics` handler and the middleware share.
#[derive(Clone)]
pub struct MetricsState {
    pub app: AppState,
    pub metrics: Arc<Metrics>,
    pub admission: Arc<Admission>,
}

/// Middleware: counts and times every request under its route pattern (never the raw
/// path, which would carry references and grow without bound).
pub async fn middleware(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    metrics.observe(
        &route,
        &method,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// `GET /metrics`.
pub async fn handler(
    State(s): State<MetricsState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Response {
    let allowed = s
        .app
        .config
        .metrics_allow
        .iter()
        .any(|net| net.contains(&peer.ip()));
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    let m = &s.metrics;
    let pool = s.app.db.pool_stats();
    let set = |state: &str, v: u32| {
        m.pool
            .get_or_create(&StateLabels {
                state: state.to_owned(),
            })
            .set(i64::from(v));
    };
    set("in_use", pool.open.saturating_sub(pool.idle));
    set("idle", pool.idle);
    m.pool_max.set(i64::from(pool.max));
    m.in_flight
        .set(i64::try_from(s.admission.in_flight()).unwrap_or(i64::MAX));
    m.waiting
        .set(i64::try_from(s.admission.waiting()).unwrap_or(i64::MAX));
    match gerbang_store::outbox::pending(&s.app.db).await {
        Ok(n) => {
            m.jobs_queued.set(n);
        }
        Err(e) => tracing::warn!(error = %e, "metrics: cannot count the outbox"),
    }
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut body, &m.registry) {
        tracing::error!(error = %e, "metrics: encoding failed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    res
}
