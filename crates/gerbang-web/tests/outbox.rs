//! The mail outbox end to end: queued in a transaction, sent over real SMTP to a small
//! recording server on loopback, retried with backoff when the server is down, and
//! claimed by concurrent workers without ever sending one message twice.
//!
//! Runs on SQLite, or on PostgreSQL with `TEST_DATABASE_URL` (see `common`).

mod common;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use gerbang_store::Db;
use gerbang_store::outbox::{self, MAX_ATTEMPTS, OutboxMessage};
use gerbang_web::notify::{self, MailConfig, Mailer, SmtpMailer, TlsMode};
use time::OffsetDateTime;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const FROM: &str = "Kota Contoh <noreply@kota-contoh.go.id>";

/// One message as the SMTP server received it.
#[derive(Debug, Clone)]
struct Received {
    mail_from: String,
    rcpt_to: Vec<String>,
    data: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}: ");
        self.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| l.strip_prefix(prefix.as_str()))
    }
}

/// A minimal SMTP server (RFC 5321's commands that a client sends for one plain message),
/// recording what it accepts.
struct SmtpSink {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(session(socket, store.clone()));
            }
        });
        SmtpSink { addr, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }
}

async fn session(socket: tokio::net::TcpStream, store: Arc<Mutex<Vec<Received>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    if !reply(&mut write, "220 sink.test ESMTP ready\r\n").await {
        return;
    }
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end();
        let upper = command.to_ascii_uppercase();
        let answer = if upper.starts_with("EHLO") {
            "250-sink.test greets you\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") {
            "250 sink.test\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            mail_from = angle(&command[10..]);
            rcpt_to.clear();
            "250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            rcpt_to.push(angle(&command[8..]));
            "250 OK\r\n"
        } else if upper == "DATA" {
            if !reply(&mut write, "354 end with <CRLF>.<CRLF>\r\n").await {
                return;
            }
            let mut data = String::new();
            loop {
                line.clear();
                match lines.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if line == ".\r\n" {
                    break;
                }
                // Undo dot-stuffing.
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            store.lock().expect("lock").push(Received {
                mail_from: mail_from.clone(),
                rcpt_to: std::mem::take(&mut rcpt_to),
                data: data.replace("\r\n", "\n"),
            });
            "250 queued\r\n"
        } else if upper == "RSET" || upper == "NOOP" {
            "250 OK\r\n"
        } else if upper == "QUIT" {
            let _ = reply(&mut write, "221 bye\r\n").await;
            return;
        } else {
            "502 not implemented\r\n"
        };
        if !reply(&mut write, answer).await {
            return;
        }
    }
}

async fn reply(w: &mut tokio::net::tcp::OwnedWriteHalf, text: &str) -> bool {
    w.write_all(text.as_bytes()).await.is_ok()
}

/// The address inside `<...>` of a MAIL FROM / RCPT TO argument.
fn angle(arg: &str) -> String {
    let arg = arg.trim();
    let inner = arg.strip_prefix('<').unwrap_or(arg);
    inner.split('>').next().unwrap_or("").to_owned()
}

/// A mailer pointed at a plain-text SMTP server on loopback.
fn mailer_for(addr: SocketAddr) -> SmtpMailer {
    let config = MailConfig::from_url(&format!("smtp://{addr}?tls=none"), FROM).expect("config");
    assert_eq!(config.tls, TlsMode::None);
    SmtpMailer::new(&config).expect("mailer")
}

/// A loopback port nobody listens on: connections to it are refused.
async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    addr
}

async fn enqueue(db: &Db, messages: &[(&str, &str, &str)]) {
    let mut tx = db.begin().await.expect("begin");
    for (to, subject, body) in messages {
        outbox::enqueue(&mut tx, to, subject, body)
            .await
            .expect("enqueue");
    }
    tx.commit().await.expect("commit");
}

/// Every outbox row, oldest first.
async fn rows(db: &Db) -> Vec<OutboxMessage> {
    let mut all = outbox::recent(db, 1000).await.expect("recent");
    all.reverse();
    all
}

#[tokio::test]
async fn queued_messages_arrive_over_smtp_and_are_marked_sent() {
    let app = common::TestApp::new().await;
    let sink = SmtpSink::start().await;
    enqueue(
        &app.db,
        &[
            (
                "siti@example.id",
                "Permohonan GRB-7K3F-9QXM-B diterima",
                "Permohonan Anda telah kami terima.\n.\nSalam",
            ),
            (
                "budi@example.id",
                "Application GRB-7K3F-9QXM-B approved",
                "Your document is ready.",
            ),
        ],
    )
    .await;
    assert_eq!(outbox::pending_count(&app.db).await.expect("count"), 2);

    let mailer = mailer_for(sink.addr);
    let before = OffsetDateTime::now_utc();
    let (sent, failed) = notify::deliver_due_once(&app.db, &mailer)
        .await
        .expect("deliver");
    assert_eq!((sent, failed), (2, 0));

    let received = sink.received();
    assert_eq!(received.len(), 2, "{received:#?}");
    let expected = [
        ("siti@example.id", "Permohonan GRB-7K3F-9QXM-B diterima"),
        ("budi@example.id", "Application GRB-7K3F-9QXM-B approved"),
    ];
    for (to, subject) in expected {
        let mail = received
            .iter()
            .find(|m| m.rcpt_to == [to])
            .unwrap_or_else(|| panic!("nothing for {to}: {received:#?}"));
        assert_eq!(mail.header("Subject"), Some(subject));
        assert_eq!(mail.header("To"), Some(to));
        assert_eq!(mail.mail_from, "noreply@kota-contoh.go.id");
        assert!(
            mail.header("From")
                .is_some_and(|f| f.contains("noreply@kota-contoh.go.id"))
        );
    }
    let siti = received
        .iter()
        .find(|m| m.rcpt_to == ["siti@example.id"])
        .expect("siti");
    assert!(
        siti.data
            .contains("Permohonan Anda telah kami terima.\n.\nSalam"),
        "{}",
        siti.data
    );

    for row in rows(&app.db).await {
        let sent_at = row
            .sent_at
            .unwrap_or_else(|| panic!("row {} not marked sent", row.id));
        assert!(sent_at >= before - time::Duration::seconds(1));
        assert_eq!(row.attempts, 0);
        assert!(row.last_error.is_none());
    }
    assert_eq!(outbox::pending_count(&app.db).await.expect("count"), 0);

    // Nothing is sent twice.
    assert_eq!(
        notify::deliver_due_once(&app.db, &mailer)
            .await
            .expect("again"),
        (0, 0)
    );
    assert_eq!(sink.received().len(), 2);
}

#[tokio::test]
async fn a_refused_connection_leaves_messages_queued_for_a_later_try() {
    let app = common::TestApp::new().await;
    enqueue(
        &app.db,
        &[
            ("siti@example.id", "Subject one", "Body one"),
            ("budi@example.id", "Subject two", "Body two"),
        ],
    )
    .await;
    let mailer = mailer_for(closed_port().await);
    let before = OffsetDateTime::now_utc();
    let (sent, failed) = notify::deliver_due_once(&app.db, &mailer)
        .await
        .expect("deliver");
    assert_eq!((sent, failed), (0, 2));

    let all = rows(&app.db).await;
    assert_eq!(all.len(), 2);
    for row in &all {
        assert!(row.sent_at.is_none(), "{row:?}");
        assert_eq!(row.attempts, 1, "{row:?}");
        assert!(
            row.last_error.as_deref().is_some_and(|e| !e.is_empty()),
            "{row:?}"
        );
        // The first retry waits about a minute.
        assert!(
            row.next_attempt_at >= before + time::Duration::seconds(55),
            "{row:?}"
        );
        assert!(
            row.next_attempt_at <= OffsetDateTime::now_utc() + time::Duration::seconds(65),
            "{row:?}"
        );
    }
    assert_eq!(outbox::pending_count(&app.db).await.expect("count"), 2);

    // Not due again yet: a second round does nothing.
    assert_eq!(
        notify::deliver_due_once(&app.db, &mailer)
            .await
            .expect("again"),
        (0, 0)
    );
    // They are due again a little later.
    let later = OffsetDateTime::now_utc() + time::Duration::minutes(2);
    let due = outbox::claim_due(&app.db, later, 10).await.expect("claim");
    assert_eq!(due.len(), 2);
}

#[tokio::test]
async fn after_the_last_attempt_a_message_is_kept_but_no_longer_tried() {
    let app = common::TestApp::new().await;
    enqueue(&app.db, &[("siti@example.id", "Hello", "Body")]).await;
    let id = rows(&app.db).await[0].id;
    let past = OffsetDateTime::now_utc() - time::Duration::seconds(1);
    for _ in 0..MAX_ATTEMPTS - 1 {
        outbox::mark_failed(&app.db, id, "earlier failure", past)
            .await
            .expect("fail");
    }
    let mailer = mailer_for(closed_port().await);
    assert_eq!(
        notify::deliver_due_once(&app.db, &mailer)
            .await
            .expect("deliver"),
        (0, 1)
    );

    let row = outbox::find(&app.db, id)
        .await
        .expect("find")
        .expect("kept");
    assert_eq!(row.attempts, MAX_ATTEMPTS);
    assert!(row.sent_at.is_none());
    assert!(row.last_error.is_some_and(|e| e != "earlier failure"));
    let far = OffsetDateTime::now_utc() + time::Duration::days(2);
    assert!(
        outbox::claim_due(&app.db, far, 10)
            .await
            .expect("claim")
            .is_empty()
    );
    assert_eq!(outbox::pending_count(&app.db).await.expect("pending"), 0);
    assert_eq!(
        outbox::abandoned_count(&app.db).await.expect("abandoned"),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_never_return_the_same_message() {
    let app = common::TestApp::new().await;
    let messages: Vec<(String, String)> = (0..60)
        .map(|i| (format!("user{i}@example.id"), format!("Message {i}")))
        .collect();
    let refs: Vec<(&str, &str, &str)> = messages
        .iter()
        .map(|(to, s)| (to.as_str(), s.as_str(), "body"))
        .collect();
    enqueue(&app.db, &refs).await;

    let now = OffsetDateTime::now_utc() + time::Duration::seconds(1);
    let claimers: Vec<_> = (0..4)
        .map(|_| {
            let db = app.db.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = outbox::claim_due(&db, now, 4).await.expect("claim");
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|m| m.id));
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut per_claimer = Vec::new();
    for c in claimers {
        let ids = c.await.expect("claimer");
        per_claimer.push(ids.len());
        all.extend(ids);
    }
    let unique: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "an id was claimed twice: {all:?}");
    assert_eq!(all.len(), 60, "claims per claimer: {per_claimer:?}");

    // Everything is now leased: nothing more is due until the lease ends.
    assert!(
        outbox::claim_due(&app.db, now, 100)
            .await
            .expect("claim")
            .is_empty()
    );
    let after_lease = now + outbox::LEASE + time::Duration::seconds(1);
    assert_eq!(
        outbox::claim_due(&app.db, after_lease, 100)
            .await
            .expect("claim")
            .len(),
        60
    );
}

#[tokio::test]
async fn the_worker_sends_until_told_to_stop() {
    let app = common::TestApp::new().await;
    let sink = SmtpSink::start().await;
    let mailer: Arc<dyn Mailer> = Arc::new(mailer_for(sink.addr));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(notify::run_outbox(app.db.clone(), mailer, async move {
        let _ = stopped.await;
    }));
    enqueue(&app.db, &[("siti@example.id", "Worker test", "Body")]).await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    while sink.received().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker sent nothing"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = stop.send(());
    tokio::time::timeout(std::time::Duration::from_secs(10), worker)
        .await
        .expect("the worker stops promptly")
        .expect("no panic");
    assert_eq!(outbox::pending_count(&app.db).await.expect("count"), 0);
}

#[tokio::test]
async fn the_log_mailer_is_used_without_smtp_settings() {
    let mailer = notify::build_mailer(None).expect("mailer");
    assert_eq!(mailer.sender(), notify::LogMailer::DEFAULT_FROM);
    let email = notify::Email {
        from: mailer.sender().to_owned(),
        to: "siti@example.id".to_owned(),
        subject: "Hello".to_owned(),
        text: "Body".to_owned(),
    };
    mailer.send(&email).await.expect("logged");
}
