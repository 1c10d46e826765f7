//! A database outage: requests are answered 503 (never left hanging), `/readyz` fails,
//! nothing is half-written, and on PostgreSQL service resumes by itself when the database
//! is reachable again. On PostgreSQL the outage is a proxy between the node and the
//! server that cuts every connection and refuses new ones; on SQLite, whose database is
//! inside the process, the pool is closed (it comes back only with a restart).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{TestApp, engine_url, pg_authority};
use gerbang_domain::accounts::AccountKind;
use reqwest::StatusCode;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// A TCP proxy to PostgreSQL that can be cut and restored.
struct Proxy {
    addr: String,
    up: Arc<AtomicBool>,
    links: Arc<tokio::sync::Mutex<JoinSet<()>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        let up = Arc::new(AtomicBool::new(true));
        let links = Arc::new(tokio::sync::Mutex::new(JoinSet::new()));
        let (up2, links2) = (up.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !up2.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let upstream = upstream.clone();
                links2.lock().await.spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Proxy { addr, up, links }
    }

    /// Every open connection dropped, new ones closed at once.
    async fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.links.lock().await.abort_all();
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

fn client() -> reqwest::Client {
    // A hang shows as a timed-out request, which fails the test.
    reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .expect("client")
}

async fn status(http: &reqwest::Client, url: String, token: &str) -> StatusCode {
    http.get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("an answer, not a hang")
        .status()
}

/// Submits an application through the API.
async fn submit(http: &reqwest::Client, base: &str, token: &str) -> reqwest::Response {
    http.post(format!("{base}/api/v1/applications"))
        .bearer_auth(token)
        .json(&common::moving_application(1))
        .send()
        .await
        .expect("an answer, not a hang")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_is_answered_503_at_once_and_service_resumes_by_itself() {
    let proxy = match engine_url() {
        Some(url) => Some(Proxy::start(pg_authority(&url).to_owned()).await),
        None => None,
    };
    let app = match &proxy {
        Some(p) => TestApp::through(&p.addr).await,
        None => TestApp::new().await,
    };
    let api = app
        .api_user("warga@example.id", AccountKind::Citizen, &[])
        .await;
    let token = api.token.clone().expect("token");
    let http = client();
    let base = app.base.clone();
    assert_eq!(
        status(&http, format!("{base}/api/v1/applications"), &token).await,
        StatusCode::OK
    );
    let before = app.count("SELECT COUNT(*) FROM applications").await;

    // The database goes away.
    match &proxy {
        Some(p) => p.cut().await,
        None => app.db.close().await,
    }
    for _ in 0..3 {
        let res = submit(&http, &base, &token).await;
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(res.headers().contains_key("retry-after"));
        assert_eq!(
            res.headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );
    }
    let page = http
        .get(format!("{base}/applications"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    let text = page.text().await.unwrap_or_default();
    assert!(text.contains("Service temporarily unavailable"), "{text}");
    assert_eq!(
        status(&http, format!("{base}/readyz"), "").await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        status(&http, format!("{base}/healthz"), "").await,
        StatusCode::OK,
        "the process itself is alive"
    );

    let Some(proxy) = proxy else {
        // SQLite: the closed pool does not come back; nothing was written meanwhile.
        let file = format!("sqlite://{}", app.data_dir.join("test.db").display());
        let db = gerbang_store::Db::connect(&file).await.expect("reopen");
        let after: i64 = match &db {
            gerbang_store::Db::Sqlite(p) => sqlx::query_scalar("SELECT COUNT(*) FROM applications")
                .fetch_one(p)
                .await
                .expect("count"),
            gerbang_store::Db::Postgres(_) => unreachable!("a SQLite URL"),
        };
        assert_eq!(after, before, "nothing was written during the outage");
        return;
    };
    proxy.restore();
    let mut ready = false;
    for _ in 0..100 {
        if status(&http, format!("{base}/readyz"), "").await == StatusCode::OK {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the node never became ready again");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM applications").await,
        before,
        "nothing was written during the outage"
    );
    let res = submit(&http, &base, &token).await;
    assert_eq!(res.status(), StatusCode::CREATED);
}
