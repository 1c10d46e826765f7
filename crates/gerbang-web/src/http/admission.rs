//! Admission control: at most so many requests are worked on at once; the others wait a
//! short, bounded time in a fair (first come, first served) queue, and past that are
//! refused at once with `503` and `Retry-After`, instead of piling onto the database pool
//! until they time out.
//!
//! Submissions of an application already started (its form posted, a resubmission, a
//! payment step) may also use a reserve of places that new visitors cannot take, and wait
//! longer: under a peak, people finish what they started ahead of people arriving.
//! Browsers are answered with a waiting-room page that refreshes itself (no JavaScript);
//! the API with a problem document. Health probes, metrics and static files are never held.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::context::RequestCtx;
use super::metrics::Metrics;
use crate::error::{ErrorKind, WebError};

/// How much work is let in at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests worked on at once (all classes together).
    pub in_flight: usize,
    /// Of those, places only submissions of started applications may take.
    pub reserved: usize,
    /// Requests that may wait for a place; beyond this, refused at once.
    pub queue: usize,
    /// Longest wait of a new request; submissions wait twice as long.
    pub wait: Duration,
}

impl Limits {
    /// Limits sized for a database pool of `pool` connections: four requests per
    /// connection (most of a request's time is not spent in the database), a quarter of
    /// them reserved for submissions. The queue is long; what refuses is the wait: a
    /// request that would wait more than two seconds (four for a submission) is better
    /// answered "come back in a moment" than kept until a proxy or a person gives up.
    pub fn for_pool(pool: u32) -> Limits {
        Limits::with_in_flight(usize::try_from(pool.max(1)).unwrap_or(16) * 4)
    }

    /// Limits with `in_flight` places, a quarter of them reserved for submissions.
    pub fn with_in_flight(in_flight: usize) -> Limits {
        let in_flight = in_flight.max(1);
        Limits {
            in_flight,
            reserved: in_flight / 4,
            queue: 4096,
            wait: Duration::from_secs(2),
        }
    }
}

/// Which queue a request joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Never held: probes, metrics, static files.
    Exempt,
    /// Finishing an application already started.
    Submission,
    /// Everything else.
    Visit,
}

impl Class {
    /// The label used in metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Exempt => "exempt",
            Class::Submission => "submission",
            Class::Visit => "visit",
        }
    }

    /// Classifies a request by method and path.
    pub fn of(method: &Method, path: &str) -> Class {
        if path.starts_with("/static/") || matches!(path, "/healthz" | "/readyz" | "/metrics") {
            return Class::Exempt;
        }
        if method == Method::POST
            && ((path.starts_with("/services/") && path.ends_with("/apply"))
                || path.starts_with("/applications/")
                || path.starts_with("/payments/")
                || path == "/api/v1/applications"
                || path.starts_with("/api/v1/applications/"))
        {
            return Class::Submission;
        }
        Class::Visit
    }
}

/// The places and the queue of one node.
pub struct Admission {
    health: Arc<gerbang_app::health::DbHealth>,
    /// The installation's public name, for the waiting-room page.
    config: Option<std::sync::Arc<gerbang_app::Config>>,
    shared: Arc<Semaphore>,
    reserved: Arc<Semaphore>,
    waiting: AtomicUsize,
    limits: Limits,
    metrics: Arc<Metrics>,
}

impl Admission {
    pub fn new(
        limits: Limits,
        metrics: Arc<Metrics>,
        health: Arc<gerbang_app::health::DbHealth>,
    ) -> Admission {
        let reserved = limits.reserved.min(limits.in_flight.saturating_sub(1));
        Admission {
            health,
            config: None,
            shared: Arc::new(Semaphore::new(limits.in_flight - reserved)),
            reserved: Arc::new(Semaphore::new(reserved)),
            waiting: AtomicUsize::new(0),
            limits,
            metrics,
        }
    }

    /// The same, naming the installation on the waiting-room page.
    pub fn named(self, config: &std::sync::Arc<gerbang_app::Config>) -> Admission {
        Admission {
            config: Some(std::sync::Arc::clone(config)),
            ..self
        }
    }

    /// Requests waiting for a place now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Requests being worked on now.
    pub fn in_flight(&self) -> usize {
        let free = self.shared.available_permits() + self.reserved.available_permits();
        self.limits.in_flight.saturating_sub(free)
    }

    /// A place for a request of `class`, or `Err(place in the queue)` when there is none
    /// within the class's wait.
    async fn admit(&self, class: Class) -> Result<OwnedSemaphorePermit, usize> {
        if let Ok(p) = self.shared.clone().try_acquire_owned() {
            return Ok(p);
        }
        if class == Class::Submission
            && let Ok(p) = self.reserved.clone().try_acquire_owned()
        {
            return Ok(p);
        }
        let place = self.waiting.fetch_add(1, Ordering::SeqCst) + 1;
        let _leave = Leave(&self.waiting);
        if place > self.limits.queue {
            return Err(place);
        }
        let outcome = match class {
            Class::Submission => {
                let shared = self.shared.clone();
                let reserved = self.reserved.clone();
                tokio::time::timeout(self.limits.wait * 2, async move {
                    tokio::select! {
                        p = shared.acquire_owned() => p,
                        p = reserved.acquire_owned() => p,
                    }
                })
                .await
            }
            _ => tokio::time::timeout(self.limits.wait, self.shared.clone().acquire_owned()).await,
        };
        match outcome {
            Ok(Ok(p)) => Ok(p),
            // Timed out, or the semaphore closed (never: it is not closed).
            _ => Err(place),
        }
    }
}

/// Leaves the queue when dropped, however the wait ended.
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[derive(Template)]
#[template(path = "busy.html")]
struct BusyPage {
    ctx: RequestCtx,
    place: String,
    retry_seconds: String,
    retry_get: bool,
    again: String,
}

/// Seconds a refused client is asked to wait.
const RETRY_SECONDS: u64 = 5;

/// Middleware: holds the request until it has a place, or refuses it.
pub async fn middleware(
    State(admission): State<Arc<Admission>>,
    req: Request,
    next: Next,
) -> Response {
    let class = Class::of(req.method(), req.uri().path());
    if class == Class::Exempt {
        return next.run(req).await;
    }
    // The database is out of reach: say so at once rather than wait for the pool.
    // (The error middleware renders it and says when to come back.)
    if admission.health.is_down() {
        admission.metrics.refused_unavailable();
        return WebError::from(ErrorKind::Unavailable).into_response();
    }
    match admission.admit(class).await {
        Ok(permit) => {
            let res = next.run(req).await;
            drop(permit);
            res
        }
        Err(place) => {
            admission.metrics.refused(class);
            tracing::warn!(class = class.as_str(), place, "busy: request refused");
            refusal(&req, place, admission.config.as_ref())
        }
    }
}

fn refusal(
    req: &Request,
    place: usize,
    config: Option<&std::sync::Arc<gerbang_app::Config>>,
) -> Response {
    let retry = HeaderValue::from(RETRY_SECONDS);
    let path = req.uri().path();
    let mut res = if path.starts_with("/api/") {
        // Rendered as problem+json (type `unavailable`) by the error middleware.
        WebError::from(ErrorKind::Unavailable).into_response()
    } else {
        let config = config
            .cloned()
            .unwrap_or_else(|| std::sync::Arc::new(gerbang_app::Config::default()));
        let ctx = RequestCtx::anonymous(req, &config);
        let again = req
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
        let page = BusyPage {
            ctx,
            place: place.to_string(),
            retry_seconds: RETRY_SECONDS.to_string(),
            retry_get: req.method() == Method::GET,
            again: crate::http::pages::safe_next(Some(&again)),
        };
        match page.render() {
            Ok(body) => (StatusCode::SERVICE_UNAVAILABLE, Html(body)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "waiting-room page failed to render");
                WebError::from(ErrorKind::Unavailable).into_response()
            }
        }
    };
    res.headers_mut().insert(header::RETRY_AFTER, retry);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submissions_of_started_applications_are_told_apart_from_visits() {
        let post = Method::POST;
        let get = Method::GET;
        assert_eq!(
            Class::of(&post, "/services/birth-certificate/apply"),
            Class::Submission
        );
        assert_eq!(Class::of(&post, "/api/v1/applications"), Class::Submission);
        assert_eq!(
            Class::of(&post, "/applications/GRB-1/resubmit"),
            Class::Submission
        );
        assert_eq!(
            Class::of(&get, "/services/birth-certificate/apply"),
            Class::Visit
        );
        assert_eq!(Class::of(&post, "/login"), Class::Visit);
        assert_eq!(Class::of(&get, "/readyz"), Class::Exempt);
        assert_eq!(Class::of(&get, "/static/gerbang.css"), Class::Exempt);
    }

    #[tokio::test]
    async fn past_the_queue_a_visit_is_refused_at_once_and_a_submission_uses_the_reserve() {
        let limits = Limits {
            in_flight: 2,
            reserved: 1,
            queue: 0,
            wait: Duration::from_millis(50),
        };
        let a = Admission::new(limits, Arc::new(Metrics::default()), Arc::default());
        let first = a.admit(Class::Visit).await.expect("a place");
        assert_eq!(a.in_flight(), 1);
        // The one shared place is taken; the reserve is not for visits.
        assert_eq!(a.admit(Class::Visit).await.err(), Some(1));
        let submission = a.admit(Class::Submission).await.expect("the reserve");
        assert_eq!(a.in_flight(), 2);
        assert!(a.admit(Class::Submission).await.is_err());
        drop(first);
        assert!(a.admit(Class::Visit).await.is_ok());
        drop(submission);
        assert_eq!(a.waiting(), 0);
    }

    #[tokio::test]
    async fn a_waiting_request_gets_the_place_freed_within_its_wait() {
        let limits = Limits {
            in_flight: 1,
            reserved: 0,
            queue: 4,
            wait: Duration::from_secs(30),
        };
        let a = Arc::new(Admission::new(
            limits,
            Arc::new(Metrics::default()),
            Arc::default(),
        ));
        let held = a.admit(Class::Visit).await.expect("a place");
        let waiter = {
            let a = a.clone();
            tokio::spawn(async move { a.admit(Class::Visit).await.is_ok() })
        };
        while a.waiting() == 0 {
            tokio::task::yield_now().await;
        }
        drop(held);
        assert!(waiter.await.expect("join"));
    }
}
