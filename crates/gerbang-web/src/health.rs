//! Liveness and readiness probes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::AppState;

/// The process is up.
pub async fn healthz() -> impl IntoResponse {
    (
        StatusCode::OK,
        [("content-type", "text/plain; charset=utf-8")],
        "ok\n",
    )
}

/// The process can serve: the database answers.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let answer = if state.health.is_down() {
        Err("known to be down".to_owned())
    } else {
        match tokio::time::timeout(std::time::Duration::from_secs(2), state.db.ping()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                if matches!(e, gerbang_store::StoreError::Unavailable(_)) {
                    state.health.report_unavailable(&state.db);
                }
                Err(e.to_string())
            }
            Err(_) => {
                state.health.report_unavailable(&state.db);
                Err("no answer within 2 s".to_owned())
            }
        }
    };
    match answer {
        Ok(()) => (
            StatusCode::OK,
            [("content-type", "text/plain; charset=utf-8")],
            "ready\n",
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [("content-type", "text/plain; charset=utf-8")],
                "database unreachable\n",
            )
        }
    }
}
