//! Text messages: a complaint and a status question sent from a phone through a real
//! Kannel (bearerbox and smsbox, Debian's `kannel`) with its fake SMSC standing in for
//! the operator's network (`kannel-extras`), the replies sent back by the job queue and
//! their delivery reports; and the HTTP edge's refusals and per-number limit. Runs on
//! SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::TestApp;
use reqwest::StatusCode;

const BEARERBOX: &str = "/usr/sbin/bearerbox";
const SMSBOX: &str = "/usr/sbin/smsbox";
const FAKESMSC: &str = "/usr/lib/kannel/test/fakesmsc";
const SECRET: &str = "kannel-shared-secret-for-tests";
const PHONE: &str = "+6281234567890";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Kannel is installed, or (in CI) the test fails: it must not pass by not running.
fn kannel_installed() -> bool {
    let present = [BEARERBOX, SMSBOX, FAKESMSC]
        .iter()
        .all(|p| Path::new(p).exists());
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "Kannel is not installed: apt-get install kannel kannel-extras"
        );
        eprintln!(
            "Kannel is not installed (apt-get install kannel kannel-extras): text messages were NOT tested here; with CI=true this fails"
        );
    }
    present
}

/// Processes that are stopped when the test ends, however it ends.
struct Kannel {
    children: Vec<Child>,
    dir: PathBuf,
}

impl Drop for Kannel {
    fn drop(&mut self) {
        for c in self.children.iter_mut().rev() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Kannel {
    fn logs(&self) -> String {
        ["bearerbox.log", "smsbox.log"]
            .iter()
            .map(|f| std::fs::read_to_string(self.dir.join(f)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn wait_for_port(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "Kannel did not open port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts a fake handset network sending `message` ("from to text words...") once; its
/// output lines (the messages it receives) come through the returned channel.
fn fake_phone(fake_port: u16, message: &str) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(FAKESMSC)
        .args([
            "-H",
            "127.0.0.1",
            "-r",
            &fake_port.to_string(),
            "-m",
            "1",
            message,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fakesmsc");
    let (tx, rx) = mpsc::channel();
    for stream in [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    ]
    .into_iter()
    .flatten()
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    (child, rx)
}

/// Waits for a line that the handset received containing `needle`, running the job
/// queue meanwhile (in `serve`, its worker does this every second).
async fn received(
    app: &TestApp,
    rx: &mpsc::Receiver<String>,
    needle: &str,
    kannel: &Kannel,
) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        gerbang_app::jobs::run_due(&app.app).await.expect("jobs");
        while let Ok(line) = rx.try_recv() {
            if line.contains("Got message") && line.contains(needle) {
                return line;
            }
            seen.push(line);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!(
        "the phone never received {needle:?}; it saw:\n{}\nKannel:\n{}",
        seen.join("\n"),
        kannel.logs()
    );
}

async fn eventually(app: &TestApp, sql: &'static str, want: i64, what: &str, kannel: &Kannel) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        // The job queue sends the replies (in `serve`, its worker does this every second).
        gerbang_app::jobs::run_due(&app.app).await.expect("jobs");
        if app.count(sql).await == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: never\n{}",
            kannel.logs()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_phone_files_a_complaint_and_asks_its_status_through_kannel() {
    if !kannel_installed() {
        return;
    }
    let web = free_port();
    let (admin, smsbox, sendsms, fake) = (free_port(), free_port(), free_port(), free_port());
    let app = TestApp::with_config(|c| {
        c.listen = format!("127.0.0.1:{web}").parse().expect("addr");
        c.public_url = format!("http://127.0.0.1:{web}");
        c.sms = Some(gerbang_app::sms::SmsConfig {
            sendsms_url: format!("http://127.0.0.1:{sendsms}/cgi-bin/sendsms"),
            username: "gerbang".into(),
            password: "kannel-test-password".to_owned().into(),
            sender: "1717".into(),
            inbound_secret: SECRET.to_owned().into(),
            agency: Some("civil-registry".into()),
        });
    })
    .await;
    let dir = app.data_dir.join("kannel");
    std::fs::create_dir_all(&dir).expect("dir");
    let conf = dir.join("kannel.conf");
    std::fs::write(
        &conf,
        format!(
            r#"group = core
admin-port = {admin}
admin-password = admin-test-password
smsbox-port = {smsbox}
box-allow-ip = 127.0.0.1
log-file = "{dir}/bearerbox.log"
log-level = 1
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
host = 127.0.0.1
port = {fake}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {smsbox}
sendsms-port = {sendsms}
log-file = "{dir}/smsbox.log"
log-level = 1

group = sendsms-user
username = gerbang
password = kannel-test-password
max-messages = 1

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "http://127.0.0.1:{web}/sms/kannel?token={SECRET}&from=%p&text=%a"
"#,
            dir = dir.display()
        ),
    )
    .expect("kannel.conf");
    let mut kannel = Kannel {
        children: Vec::new(),
        dir: dir.clone(),
    };
    kannel.children.push(
        Command::new(BEARERBOX)
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("bearerbox"),
    );
    wait_for_port(smsbox);
    wait_for_port(fake);
    kannel.children.push(
        Command::new(SMSBOX)
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("smsbox"),
    );
    wait_for_port(sendsms);

    // The phone files a complaint.
    let (phone, rx) = fake_phone(
        fake,
        &format!("{PHONE} 1717 text ADUAN Lampu jalan di depan kantor kelurahan mati sejak Senin"),
    );
    kannel.children.push(phone);
    let reply = received(&app, &rx, "Aduan diterima", &kannel).await;
    let reference = reply
        .split_whitespace()
        .find(|w| w.starts_with("GRB-"))
        .map(|w| w.trim_end_matches('.').to_owned())
        .unwrap_or_else(|| panic!("no reference in {reply}"));
    assert!(reply.contains(&format!("STATUS {reference}")), "{reply}");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM complaints WHERE channel = 'sms' AND contact_phone = '+6281234567890' \
             AND title LIKE 'Lampu jalan%'"
        )
        .await,
        1
    );
    // The gateway's reports came back: accepted by the network (8), then delivered (1).
    eventually(
        &app,
        "SELECT COUNT(*) FROM sms_messages WHERE direction = 'out' AND report = 1 AND state = 'delivered' AND sent_at IS NOT NULL",
        1,
        "delivery report",
        &kannel,
    )
    .await;

    // Another message asks its status: the bare state, nothing else.
    if let Some(mut first) = kannel.children.pop() {
        let _ = first.kill();
        let _ = first.wait();
    }
    let (phone, rx) = fake_phone(fake, &format!("{PHONE} 1717 text status {reference}"));
    kannel.children.push(phone);
    let status = received(&app, &rx, &format!("{reference}: "), &kannel).await;
    assert!(
        status.ends_with(&format!("{reference}: Diterima>")),
        "{status}"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sms_messages WHERE direction = 'in'")
            .await,
        2
    );
}

#[tokio::test]
async fn the_gateway_edge_refuses_strangers_and_limits_each_number() {
    let app = TestApp::with_config(|c| {
        c.sms = Some(gerbang_app::sms::SmsConfig {
            // Nothing listens here: replies wait in the queue, which is what this test reads.
            sendsms_url: "http://127.0.0.1:9/cgi-bin/sendsms".into(),
            username: "gerbang".into(),
            password: "x".to_owned().into(),
            sender: "1717".into(),
            inbound_secret: SECRET.to_owned().into(),
            agency: None,
        });
    })
    .await;
    let visitor = app.visitor();
    let url = |token: &str, from: &str, text: &str| {
        format!(
            "/sms/kannel?{}",
            serde_urlencoded::to_string([("token", token), ("from", from), ("text", text)])
                .expect("query")
        )
    };
    assert_eq!(
        visitor.get(&url("wrong", PHONE, "HELP")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visitor
            .get(&url(SECRET, "not a number", "HELP"))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A status question about someone's application answers its state only.
    let citizen = app.citizen("siti@example.id").await;
    let res = citizen
        .post_multipart(
            "/services/birth-certificate/apply",
            &[
                ("child_name", "Putri Ayu Lestari"),
                ("child_sex", "female"),
                ("birth_date", "2026-10-01"),
                ("birth_place", "RSUD Kota Contoh"),
                ("birth_order", "1"),
                ("mother_nik", "3374055202950003"),
                ("declaration", "on"),
                ("idempotency_key", "sms"),
            ],
            &[
                ("birth_statement", "surat-lahir.pdf", common::pdf_bytes()),
                ("marriage_document", "buku-nikah.pdf", common::pdf_bytes()),
            ],
        )
        .await;
    let reference = common::reference_from(res.location());
    assert_eq!(
        visitor
            .get(&url(
                SECRET,
                "0812-3456-7890",
                &format!("STATUS {reference}")
            ))
            .await
            .status,
        StatusCode::ACCEPTED
    );
    let reply: Vec<(String, String)> = match &app.db {
        gerbang_store::Db::Sqlite(p) => sqlx::query_as(
            "SELECT phone, body FROM sms_messages WHERE direction = 'out' ORDER BY id DESC LIMIT 1",
        )
        .fetch_all(p)
        .await
        .expect("reply"),
        gerbang_store::Db::Postgres(p) => sqlx::query_as(
            "SELECT phone, body FROM sms_messages WHERE direction = 'out' ORDER BY id DESC LIMIT 1",
        )
        .fetch_all(p)
        .await
        .expect("reply"),
    };
    assert_eq!(reply[0].0, PHONE, "numbers are kept in international form");
    assert_eq!(reply[0].1, format!("{reference}: Diajukan"));
    assert!(!reply[0].1.contains("Putri"));
    // Unknown references and malformed ones get the same kind of answer.
    visitor
        .get(&url(SECRET, PHONE, "STATUS GRB-AAAA-AAAA-A"))
        .await;
    // Ten messages an hour per number; the rest are recorded and not answered.
    for _ in 0..10 {
        visitor.get(&url(SECRET, PHONE, "HELP")).await;
    }
    let out = app
        .count("SELECT COUNT(*) FROM sms_messages WHERE direction = 'out'")
        .await;
    assert_eq!(
        out, 10,
        "the 11th and 12th messages of the hour got no reply"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sms_messages WHERE direction = 'in'")
            .await,
        12
    );
    // Another number is not limited by the first.
    visitor.get(&url(SECRET, "+6285712345678", "BANTUAN")).await;
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM sms_messages WHERE direction = 'out' AND phone = '+6285712345678'"
        )
        .await,
        1
    );
    // Delivery reports need the message's own token.
    let id = app
        .count("SELECT MAX(id) FROM sms_messages WHERE direction = 'out'")
        .await;
    assert_eq!(
        visitor
            .get(&format!("/sms/kannel/report?id={id}&token=forged&status=1"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A gateway that is down leaves the reply queued for the next try.
    gerbang_app::jobs::run_due(&app.app).await.expect("jobs");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sms_messages WHERE state = 'queued'")
            .await,
        11
    );
    assert!(
        app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'sms.send' AND attempts > 0 AND last_error IS NOT NULL")
            .await
            >= 1
    );
}
