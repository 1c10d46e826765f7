//! Bad days, with real processes: the server killed with SIGKILL while clients submit,
//! stopped with SIGTERM, run as two nodes on one database, and backed up and restored. On SQLite, and on
//! PostgreSQL (a fresh schema) when TEST_DATABASE_URL is set.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const PASSWORD: &str = "correct horse battery staple";
/// Shared by every node of one installation, as configuration would provide it.
const KEK: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gerbang-bad-days-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn pg_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Runs statements, one after the other, on the PostgreSQL server of `url`.
async fn pg_execute(url: &str, statements: &[String]) {
    let db = gerbang_store::Db::connect(url).await.expect("postgres");
    if let gerbang_store::Db::Postgres(p) = &db {
        for sql in statements {
            sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .execute(p)
                .await
                .expect("statement");
        }
    }
    db.close().await;
}

/// The schema the installation `name` of this test run lives in, on PostgreSQL.
fn schema_of(name: &str) -> String {
    format!("bad_{name}_{}", std::process::id())
}

/// `url` with `schema` as the search path.
fn in_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// A fresh database for `name`: a SQLite file in `dir`, or a new PostgreSQL schema.
async fn fresh_database(dir: &Path, name: &str) -> String {
    match pg_url() {
        None => format!("sqlite://{}", dir.join("gerbang.db").display()),
        Some(url) => {
            let schema = schema_of(name);
            pg_execute(
                &url,
                &[
                    format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
                    format!("CREATE SCHEMA {schema}"),
                ],
            )
            .await;
            in_schema(&url, &schema)
        }
    }
}

/// One value from the installation's database.
async fn one<T>(url: &str, sql: &'static str) -> T
where
    T: Send
        + Unpin
        + sqlx::Type<sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Sqlite>
        + sqlx::Type<sqlx::Postgres>
        + for<'r> sqlx::Decode<'r, sqlx::Postgres>,
{
    let db = gerbang_store::Db::connect(url).await.expect("connect");
    let v = match &db {
        gerbang_store::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await,
        gerbang_store::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await,
    }
    .expect("query");
    db.close().await;
    v
}

/// An installation: a database, a data directory, the demo catalogue and one citizen.
struct Install {
    dir: PathBuf,
    url: String,
    env: Vec<(String, String)>,
}

impl Install {
    async fn new(name: &str, env: &[(&str, &str)]) -> Install {
        let dir = temp_dir(name);
        let url = fresh_database(&dir, name).await;
        let install = Install {
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            dir,
            url,
        };
        let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalog");
        install.run(&["catalog", "import", catalog]);
        install.run(&[
            "user",
            "create",
            "--kind",
            "citizen",
            "--email",
            "warga@example.id",
            "--name",
            "Warga Contoh",
        ]);
        install
    }

    fn command(&self, node_dir: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_gerbang"));
        c.env("GERBANG_DATA_DIR", node_dir)
            .env("GERBANG_DATABASE_URL", &self.url)
            .env("GERBANG_KEY_ENCRYPTION_KEY", KEK)
            .env("GERBANG_USER_PASSWORD", PASSWORD)
            .env("GERBANG_LOG_FORMAT", "text")
            .env("GERBANG_LOG", "error")
            // One token stands for a whole system filing as fast as it can: these tests are
            // about what survives a bad day, not about its share per minute.
            .env("GERBANG_API_REQUESTS_PER_MINUTE", "1000000");
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.command(&self.dir).args(args).output().expect("run");
        assert!(
            out.status.success(),
            "gerbang {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A staff member's token, issued by the operator (a password alone mints none for staff).
    fn staff_token(&self, email: &str) -> String {
        self.run(&["user", "token", "--email", email, "--name", "test"])
            .trim()
            .to_owned()
    }

    /// Starts a node (its own data directory for attachments) and waits until it is ready.
    async fn start(&self, node: &str) -> Node {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let listen = format!("127.0.0.1:{port}");
        let node_dir = self.dir.join(node);
        std::fs::create_dir_all(&node_dir).expect("node dir");
        let child = self
            .command(&node_dir)
            .args(["--listen", &listen, "serve"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn gerbang serve");
        let node = Node {
            child,
            base: format!("http://{listen}"),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = node.http.get(format!("{}/readyz", node.base)).send().await
                && r.status() == 200
            {
                return node;
            }
            assert!(
                Instant::now() < deadline,
                "node {node:?} never became ready",
                node = node.base
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Install {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

struct Node {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Node {
    async fn token(&self) -> String {
        self.token_for("warga@example.id").await
    }

    async fn token_for(&self, email: &str) -> String {
        let res = self
            .http
            .post(format!("{}/api/v1/auth/token", self.base))
            .json(&json!({"email": email, "password": PASSWORD, "name": "test"}))
            .send()
            .await
            .expect("token request");
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// SIGKILL: no chance to finish anything.
    fn kill_9(&mut self) {
        self.child.kill().expect("kill -9");
        let _ = self.child.wait();
    }

    /// SIGTERM, then the exit status within `bound`.
    fn terminate(&mut self, bound: Duration) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        assert!(sent.success());
        let deadline = Instant::now() + bound;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "still running {} s after SIGTERM",
                bound.as_secs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moving(n: usize) -> Value {
    json!({
        "service": "moving-certificate",
        "data": {
            "applicant_nik": "3374055202950003",
            "family_card_number": "3374051234560001",
            "destination_address": format!("Jl. Merdeka {n}, Kota Bandung"),
            "reason": "work",
            "members_moving": 2,
            "moving_date": "2027-06-01",
            "phone": "0812 3456 7890"
        }
    })
}

/// What clients saw: acknowledged references, and every other HTTP answer by status.
#[derive(Default)]
struct Seen {
    acknowledged: Vec<String>,
    other: HashMap<u16, usize>,
    no_answer: usize,
}

/// `clients` clients submitting to `base` as fast as they are answered until `stop`.
fn submitters(
    base: &str,
    token: &str,
    clients: usize,
    tag: &str,
    stop: &Arc<AtomicBool>,
    seen: &Arc<Mutex<Seen>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..clients)
        .map(|c| {
            let (base, token, tag) = (base.to_owned(), token.to_owned(), tag.to_owned());
            let (stop, seen) = (stop.clone(), seen.clone());
            tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .timeout(Duration::from_secs(30))
                    .build()
                    .expect("client");
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let res = http
                        .post(format!("{base}/api/v1/applications"))
                        .bearer_auth(&token)
                        .header("idempotency-key", format!("{tag}-{c}-{n}"))
                        .json(&moving(n))
                        .send()
                        .await;
                    let Ok(res) = res else {
                        seen.lock().expect("seen").no_answer += 1;
                        // The node is gone: wait to be told to stop.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    };
                    let status = res.status().as_u16();
                    let body: Option<Value> = res.json().await.ok();
                    let mut seen = seen.lock().expect("seen");
                    match (status, body) {
                        (201, Some(b)) if b["reference"].is_string() => seen
                            .acknowledged
                            .push(b["reference"].as_str().unwrap_or_default().to_owned()),
                        (201, _) => seen.no_answer += 1,
                        (s, _) => *seen.other.entry(s).or_default() += 1,
                    }
                }
            })
        })
        .collect()
}

/// Every reference is there, read back through the API.
async fn all_present(node: &Node, token: &str, references: &[String]) {
    for r in references {
        let res = node
            .http
            .get(format!("{}/api/v1/applications/{r}", node.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("read back");
        assert_eq!(res.status(), 200, "acknowledged application {r} is missing");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_application_survives_kill_9() {
    const ROUNDS: usize = 5;
    let install = Install::new("kill9", &[]).await;
    let mut token = None;
    let seen = Arc::new(Mutex::new(Seen::default()));
    for round in 0..ROUNDS {
        let mut node = install.start("node").await;
        let token = match &token {
            Some(t) => String::clone(t),
            None => token.insert(node.token().await).clone(),
        };
        let stop = Arc::new(AtomicBool::new(false));
        let before = seen.lock().expect("seen").acknowledged.len();
        let clients = submitters(&node.base, &token, 8, &format!("r{round}"), &stop, &seen);
        // Kill at a different moment of the load each round, once some work was acknowledged.
        tokio::time::sleep(Duration::from_millis(300 + 150 * round as u64)).await;
        while seen.lock().expect("seen").acknowledged.len() == before {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        node.kill_9();
        stop.store(true, Ordering::SeqCst);
        for c in clients {
            c.await.expect("client");
        }
    }
    let node = install.start("node").await;
    let token = token.expect("a token");
    let seen = std::mem::take(&mut *seen.lock().expect("seen"));
    all_present(&node, &token, &seen.acknowledged).await;
    let unique: BTreeSet<&String> = seen.acknowledged.iter().collect();
    assert_eq!(
        unique.len(),
        seen.acknowledged.len(),
        "a reference was given twice"
    );
    let stored = one::<i64>(&install.url, "SELECT COUNT(*) FROM applications").await;
    assert!(stored >= i64::try_from(seen.acknowledged.len()).unwrap_or(i64::MAX));
    assert!(
        seen.other.keys().all(|s| *s == 503),
        "answers other than 201 or a planned 503: {:?}",
        seen.other
    );
    eprintln!(
        "kill -9: {ROUNDS} rounds, {} applications acknowledged and all present after restart \
         ({stored} stored; the rest were committed as the process died, unacknowledged), \
         {} requests cut off, other answers {:?}",
        seen.acknowledged.len(),
        seen.no_answer,
        seen.other
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_what_is_in_flight_and_exits_cleanly() {
    let install = Install::new("sigterm", &[]).await;
    let mut node = install.start("node").await;
    let token = node.token().await;
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let clients = submitters(&node.base, &token, 8, "term", &stop, &seen);
    while seen.lock().expect("seen").acknowledged.len() < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let status = node.terminate(Duration::from_secs(30));
    stop.store(true, Ordering::SeqCst);
    for c in clients {
        c.await.expect("client");
    }
    assert!(status.success(), "exit status after SIGTERM: {status}");
    let seen = std::mem::take(&mut *seen.lock().expect("seen"));
    // Every request answered got its 201: none was cut half-way with a 5xx.
    assert!(
        seen.other.is_empty(),
        "answers other than 201: {:?}",
        seen.other
    );
    let node = install.start("node").await;
    all_present(&node, &token, &seen.acknowledged).await;
    eprintln!(
        "SIGTERM: {} applications acknowledged, all present; {} requests found the node gone",
        seen.acknowledged.len(),
        seen.no_answer
    );
}

/// A mail server that accepts everything and keeps each message's text.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let messages = Arc::new(Mutex::new(Vec::new()));
    let kept = messages.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(text) = data.as_mut() {
                        if line == "." {
                            kept.lock().expect("kept").push(std::mem::take(text));
                            data = None;
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            text.push_str(&line);
                            text.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    let _ = write.write_all(answer).await;
                }
            });
        }
    });
    (port, messages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_share_tokens_idempotency_and_send_each_email_once() {
    let (smtp_port, mails) = smtp_sink().await;
    let smtp = format!("smtp://127.0.0.1:{smtp_port}?tls=none");
    let install = Install::new("two", &[("GERBANG_SMTP_URL", &smtp)]).await;
    let a = install.start("a").await;
    let b = install.start("b").await;

    // A token issued by one node works on the other.
    let token = a.token().await;
    let mine = b
        .http
        .get(format!("{}/api/v1/applications", b.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list");
    assert_eq!(mine.status(), 200);

    // The same submission retried on the other node is the same application.
    let mut answers = Vec::new();
    for node in [&a, &b] {
        let res = node
            .http
            .post(format!("{}/api/v1/applications", node.base))
            .bearer_auth(&token)
            .header("idempotency-key", "retried-elsewhere")
            .json(&moving(0))
            .send()
            .await
            .expect("submit");
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.expect("json");
        answers.push(body["reference"].as_str().unwrap_or_default().to_owned());
    }
    assert_eq!(answers[0], answers[1]);

    // Both nodes run the outbox worker over the same queue.
    for n in 1..=30 {
        let node = if n % 2 == 0 { &a } else { &b };
        let res = node
            .http
            .post(format!("{}/api/v1/applications", node.base))
            .bearer_auth(&token)
            .header("idempotency-key", format!("two-{n}"))
            .json(&moving(n))
            .send()
            .await
            .expect("submit");
        assert_eq!(res.status(), 201);
    }
    let queued = one::<i64>(&install.url, "SELECT COUNT(*) FROM outbox").await;
    assert!(queued >= 31, "each submission queues a receipt: {queued}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while one::<i64>(
        &install.url,
        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL",
    )
    .await
        > 0
    {
        assert!(Instant::now() < deadline, "the outbox was never emptied");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Give a double send the time to show.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = mails.lock().expect("mails").clone();
    // The same message sent twice differs only in the headers the client makes up
    // (Message-ID, Date): compare recipient, subject and body.
    let distinct: BTreeSet<String> = mails
        .iter()
        .map(|m| {
            let (head, body) = m.split_once("\n\n").unwrap_or((m, ""));
            let kept: Vec<&str> = head
                .lines()
                .filter(|l| l.starts_with("To:") || l.starts_with("Subject:"))
                .collect();
            format!("{}\n{body}", kept.join("\n"))
        })
        .collect();
    assert_eq!(
        mails.len(),
        usize::try_from(queued).unwrap_or(0),
        "each queued email is sent exactly once"
    );
    assert_eq!(distinct.len(), mails.len(), "an email was sent twice");
    eprintln!(
        "two nodes: {queued} emails queued, {} sent, none twice",
        mails.len()
    );
}

/// Complaints filed a month ago (by a clock set back) while two nodes run: each missed
/// deadline escalates exactly once, although both nodes' job workers claim from the queue
/// at the same time.
#[tokio::test]
async fn two_nodes_escalate_each_missed_deadline_exactly_once() {
    use gerbang_app::complaints::service::{Filing, file};
    let install = Install::new("jobs", &[]).await;
    let a = install.start("a").await;
    let b = install.start("b").await;
    let db = gerbang_store::Db::connect(&install.url).await.expect("db");
    let config = gerbang_app::Config {
        data_dir: install.dir.join("seeder"),
        generate_secrets: true,
        ..gerbang_app::Config::default()
    };
    std::fs::create_dir_all(&config.data_dir).expect("dir");
    let month_ago = time::OffsetDateTime::now_utc() - time::Duration::days(30);
    let seeder = gerbang_app::App::open(db.clone(), config)
        .expect("app")
        .with_clock(Arc::new(gerbang_app::clock::ManualClock::at(month_ago)));
    const COMPLAINTS: usize = 120;
    // Filed in twenty small batches over several seconds: whichever worker polls first
    // after a batch takes it, so both take some (the pauses between polls are jittered).
    for n in 0..COMPLAINTS {
        let mut meta = gerbang_app::accounts::service::Meta::cli();
        meta.ip = format!("192.0.2.{}", n % 250); // rate limits are per address
        let filing = Filing {
            agency: "civil-registry".into(),
            category: "service-delivery".into(),
            kind: "complaint".into(),
            title: format!("Late certificate {n}"),
            description: "Nobody has answered for a month.".into(),
            contact_email: Some(format!("warga{n}@example.id")),
            channel: "web",
            ..Filing::default()
        };
        file(&seeder, None, filing, &meta).await.expect("file");
        if n % 6 == 5 {
            tokio::time::sleep(Duration::from_millis(600)).await;
        }
    }
    let expected = i64::try_from(COMPLAINTS).unwrap_or(i64::MAX);
    let deadline = Instant::now() + Duration::from_secs(90);
    while one::<i64>(
        &install.url,
        "SELECT COUNT(*) FROM complaint_events WHERE step = 'escalate'",
    )
    .await
        < expected
    {
        assert!(
            Instant::now() < deadline,
            "the deadlines were never all run"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Give a double run the time to show.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let escalations: i64 = one(
        &install.url,
        "SELECT COUNT(*) FROM complaint_events WHERE step = 'escalate'",
    )
    .await;
    let escalated: i64 = one(
        &install.url,
        "SELECT COUNT(*) FROM complaints WHERE escalation_level = 1",
    )
    .await;
    let audited: i64 = one(
        &install.url,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'complaint.escalate'",
    )
    .await;
    let nodes: i64 = one(
        &install.url,
        "SELECT COUNT(DISTINCT done_by) FROM jobs WHERE done_at IS NOT NULL",
    )
    .await;
    assert_eq!(escalations, expected, "each deadline escalated once");
    assert_eq!(escalated, expected);
    assert_eq!(audited, expected);
    assert_eq!(nodes, 2, "both nodes ran jobs");
    eprintln!("two nodes: {escalations} escalations for {COMPLAINTS} missed deadlines");
    // Both nodes' sealers worked the same audit log: once every entry is sealed, the
    // tree recomputes to every signed head.
    let deadline = Instant::now() + Duration::from_secs(60);
    while one::<i64>(
        &install.url,
        "SELECT COUNT(*) FROM audit_log WHERE leaf_index IS NULL",
    )
    .await
        > 0
    {
        assert!(Instant::now() < deadline, "the sealers never caught up");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let report = gerbang_app::transparency::verify(&db, &|_, _| {})
        .await
        .expect("verify");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.heads > 0 && report.tree_size >= 2 * COMPLAINTS as u64);
    drop((a, b));
    db.close().await;
}

/// `url` with its database name replaced (PostgreSQL).
fn other_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (authority, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let query = tail
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{scheme}://{authority}/{name}{query}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_serving_restores_cases_documents_and_audit() {
    let install = Install::new("backup", &[]).await;
    install.run(&[
        "user",
        "create",
        "--email",
        "officer@example.id",
        "--name",
        "Petugas",
        "--role",
        "officer@civil-registry",
    ]);
    install.run(&[
        "user",
        "create",
        "--email",
        "supervisor@example.id",
        "--name",
        "Kepala",
        "--role",
        "supervisor@civil-registry",
    ]);
    let node = install.start("node").await;
    let citizen = node.token().await;
    let officer = install.staff_token("officer@example.id");
    let supervisor = install.staff_token("supervisor@example.id");
    let mut references = Vec::new();
    for n in 0..3 {
        let res = node
            .http
            .post(format!("{}/api/v1/applications", node.base))
            .bearer_auth(&citizen)
            .json(&moving(n))
            .send()
            .await
            .expect("submit");
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.expect("json");
        references.push(body["reference"].as_str().unwrap_or_default().to_owned());
    }
    // The first one is approved, which issues its signed document.
    for (token, action) in [
        (&officer, "accept"),
        (&officer, "recommend"),
        (&supervisor, "approve"),
    ] {
        let res = node
            .http
            .post(format!(
                "{}/api/v1/applications/{}/actions",
                node.base, references[0]
            ))
            .bearer_auth(token)
            .json(&json!({ "action": action }))
            .send()
            .await
            .expect("act");
        assert!(res.status().is_success(), "{action}: {}", res.status());
    }
    let jws = one::<String>(&install.url, "SELECT jws FROM documents").await;
    let jwks = node
        .http
        .get(format!("{}/.well-known/jwks.json", node.base))
        .send()
        .await
        .expect("jwks")
        .text()
        .await
        .expect("jwks body");
    let audit = one::<i64>(&install.url, "SELECT COUNT(*) FROM audit_log").await;

    // Taken while the node serves.
    let backup = install.dir.join("backup");
    install.run(&["backup", backup.to_str().expect("utf-8 path")]);
    drop(node);

    // Into an empty database and data directory.
    let target_dir = temp_dir("restored");
    let target_url = match pg_url() {
        None => format!("sqlite://{}", target_dir.join("gerbang.db").display()),
        Some(url) => {
            let name = format!("restored_{}", std::process::id());
            pg_execute(
                &url,
                &[
                    format!("DROP DATABASE IF EXISTS {name}"),
                    format!("CREATE DATABASE {name}"),
                ],
            )
            .await;
            // The dump recreates the schema it was taken from.
            in_schema(&other_database(&url, &name), &schema_of("backup"))
        }
    };
    let restored = Install {
        dir: target_dir,
        url: target_url,
        env: Vec::new(),
    };
    restored.run(&["restore", backup.to_str().expect("utf-8 path")]);
    // A second restore over it is refused: it is no longer empty.
    let again = restored
        .command(&restored.dir)
        .args(["restore", backup.to_str().expect("utf-8 path")])
        .output()
        .expect("run");
    assert!(!again.status.success());

    assert_eq!(
        one::<i64>(&restored.url, "SELECT COUNT(*) FROM audit_log").await,
        audit
    );
    let node = restored.start("node").await;
    all_present(&node, &citizen, &references).await;
    let served = node
        .http
        .get(format!("{}/.well-known/jwks.json", node.base))
        .send()
        .await
        .expect("jwks")
        .text()
        .await
        .expect("jwks body");
    assert_eq!(served, jwks, "the same signing keys are published");

    // The document still verifies.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let form = browser
        .get(format!("{}/verify", node.base))
        .send()
        .await
        .expect("verify form")
        .text()
        .await
        .expect("body");
    let marker = "name=\"csrf_token\" value=\"";
    let at = form.find(marker).expect("anti-forgery token") + marker.len();
    let csrf = form[at..].split('"').next().unwrap_or_default().to_owned();
    let verdict = browser
        .post(format!("{}/verify", node.base))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf_token", csrf)
                .text("token", jws),
        )
        .send()
        .await
        .expect("verify")
        .text()
        .await
        .expect("verdict");
    assert!(
        verdict.contains("has not been altered or revoked"),
        "{verdict}"
    );
}
