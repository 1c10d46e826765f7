//! `TestApp`: the real server on a random port, on a fresh database, driven over HTTP.
//!
//! SQLite by default (a fresh file per test). With `TEST_DATABASE_URL=postgres://...`
//! every test gets its own PostgreSQL schema in that database instead.

#![allow(
    dead_code,
    reason = "each test file uses a different part of the harness"
)]

use std::path::PathBuf;
use std::sync::Arc;

use gerbang_domain::accounts::{AccountKind, StaffRole};
use gerbang_domain::catalog::parse_catalog_file;
use gerbang_store::Db;
use gerbang_web::accounts::service::{Meta, NewAccount, create_account};
use gerbang_web::{Application, WebConfig};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

pub const PASSWORD: &str = "correct horse battery";

/// The second-factor key every test staff account is enrolled with.
pub const TOTP_KEY: &[u8] = b"test-second-factor-key";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub data_dir: PathBuf,
    /// The same operations the server runs, on the same database, keys and clock: for
    /// setting up what a test needs as an operator would.
    pub app: gerbang_app::App,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// Which engine the suite runs on.
pub fn engine_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// The `host:port` of a PostgreSQL URL.
#[allow(dead_code)]
pub fn pg_authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

async fn fresh_db(data_dir: &std::path::Path, pool: Option<u32>) -> Db {
    fresh_db_via(data_dir, pool, None).await
}

/// A fresh database; on PostgreSQL the application connects through `via` (`host:port`,
/// such as a test proxy) instead of the server itself.
async fn fresh_db_via(data_dir: &std::path::Path, pool: Option<u32>, via: Option<&str>) -> Db {
    match engine_url() {
        None => Db::connect_with(
            &format!("sqlite://{}", data_dir.join("test.db").display()),
            pool,
        )
        .await
        .expect("sqlite"),
        Some(url) => {
            let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
            let admin = Db::connect(&url).await.expect("postgres");
            if let Db::Postgres(pool) = &admin {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                    .execute(pool)
                    .await
                    .expect("schema");
            }
            admin.close().await;
            let sep = if url.contains('?') { '&' } else { '?' };
            let url = match via {
                Some(via) => url.replacen(pg_authority(&url), via, 1),
                None => url,
            };
            Db::connect_with(
                &format!("{url}{sep}options=-c%20search_path%3D{schema}"),
                pool,
            )
            .await
            .expect("postgres schema")
        }
    }
}

impl TestApp {
    /// A server with the demo catalogue imported and no accounts.
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    /// A server with adjusted settings.
    pub async fn with_config(adjust: impl FnOnce(&mut WebConfig)) -> TestApp {
        Self::build(adjust, None, Arc::new(gerbang_app::clock::SystemClock)).await
    }

    /// A server whose database pool holds at most `connections` connections.
    pub async fn with_pool(connections: u32) -> TestApp {
        Self::build(
            |_| {},
            Some(connections),
            Arc::new(gerbang_app::clock::SystemClock),
        )
        .await
    }

    /// A server telling time by `clock`, which the test moves.
    pub async fn with_clock(clock: Arc<gerbang_app::clock::ManualClock>) -> TestApp {
        Self::build(|_| {}, None, clock).await
    }

    /// A server telling time by `clock`, with adjusted settings.
    #[allow(dead_code)]
    pub async fn with_clock_and_config(
        clock: Arc<gerbang_app::clock::ManualClock>,
        adjust: impl FnOnce(&mut WebConfig),
    ) -> TestApp {
        Self::build(adjust, None, clock).await
    }

    /// A server reaching PostgreSQL through `via` (`host:port`); on SQLite, a plain server.
    #[allow(dead_code)]
    pub async fn through(via: &str) -> TestApp {
        Self::build_via(
            |_| {},
            None,
            Arc::new(gerbang_app::clock::SystemClock),
            Some(via),
        )
        .await
    }

    async fn build(
        adjust: impl FnOnce(&mut WebConfig),
        pool: Option<u32>,
        clock: Arc<dyn gerbang_app::clock::Clock>,
    ) -> TestApp {
        Self::build_via(adjust, pool, clock, None).await
    }

    async fn build_via(
        adjust: impl FnOnce(&mut WebConfig),
        pool: Option<u32>,
        clock: Arc<dyn gerbang_app::clock::Clock>,
        via: Option<&str>,
    ) -> TestApp {
        let data_dir =
            std::env::temp_dir().join(format!("gerbang-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data_dir).expect("data dir");
        let db = fresh_db_via(&data_dir, pool, via).await;
        db.migrate().await.expect("migrate");
        import_demo_catalog(&db).await;
        let mut config = WebConfig {
            listen: "127.0.0.1:0".parse().expect("addr"),
            data_dir: data_dir.clone(),
            ..WebConfig::default()
        };
        adjust(&mut config);
        let app = Application::build_with_clock(db.clone(), config.clone(), Arc::clone(&clock))
            .await
            .expect("bind");
        // The server's own application: operations a test runs directly (the job worker's
        // jobs, the roll-up) share its caches, as the worker does in `serve`.
        let _ = (config, clock);
        let ops = app.app();
        let base = format!("http://{}", app.local_addr().expect("addr"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        TestApp {
            base,
            db,
            data_dir,
            app: ops,
            shutdown: Some(tx),
        }
    }

    /// A visitor with a fresh cookie jar.
    pub fn visitor(&self) -> Actor {
        Actor::new(&self.base, None)
    }

    /// A visitor whose browser prefers `accept_language`.
    pub fn visitor_speaking(&self, accept_language: &str) -> Actor {
        Actor::new(&self.base, Some(accept_language.to_owned()))
    }

    /// Creates an account directly, as an administrator would (English, no welcome
    /// email, password [`PASSWORD`]); returns its id.
    pub async fn create_account(
        &self,
        email: &str,
        kind: AccountKind,
        roles: &[(StaffRole, Option<&str>)],
    ) -> i64 {
        let acc = NewAccount {
            email: email.to_owned(),
            full_name: format!("Test {email}"),
            password: PASSWORD.to_owned(),
            kind,
            roles: roles
                .iter()
                .map(|(r, a)| (*r, a.map(str::to_owned)))
                .collect(),
            is_demo: false,
            lang: gerbang_domain::i18n::Lang::En,
            welcome: None,
        };
        let id = create_account(&self.app, &acc, &Meta::cli())
            .await
            .expect("create account");
        if kind == AccountKind::Staff {
            gerbang_app::accounts::second_factor::enrol_as_operator(
                &self.app,
                id,
                TOTP_KEY,
                &Meta::cli(),
            )
            .await
            .expect("second factor");
        }
        id
    }

    /// A current code of [`TOTP_KEY`] that the account will accept: the steps it used
    /// are forgotten first (a test signs in more often than every 30 seconds).
    pub async fn code_for(&self, user_id: i64) -> String {
        let sql = "UPDATE second_factors SET last_step = 0 WHERE user_id = $1";
        match &self.db {
            Db::Sqlite(p) => sqlx::query(sql).bind(user_id).execute(p).await.map(|_| ()),
            Db::Postgres(p) => sqlx::query(sql).bind(user_id).execute(p).await.map(|_| ()),
        }
        .expect("reset steps");
        let t = gerbang_app::accounts::second_factor::totp(TOTP_KEY.to_vec(), "test", "test")
            .expect("totp");
        let now = self.app.clock.now().unix_timestamp();
        t.generate(u64::try_from(now).expect("after 1970"))
            .to_string()
    }

    /// The id of the account with this email.
    pub async fn user_id(&self, email: &str) -> i64 {
        let email = gerbang_domain::accounts::Email::parse(email).expect("email");
        gerbang_store::accounts::user_by_email(&self.db, &email)
            .await
            .expect("query")
            .expect("account")
            .id
    }

    /// Signs `actor` in with the password and, for staff, the second factor.
    pub async fn sign_in(&self, actor: &Actor, email: &str) -> Resp {
        let res = actor.login(email, PASSWORD).await;
        if !res.location().starts_with("/login/second-factor") {
            return res;
        }
        let code = self.code_for(self.user_id(email).await).await;
        actor
            .post_form(
                "/login/second-factor",
                &[("code", &code), ("next", "/account")],
            )
            .await
    }

    /// Creates an account directly (as an administrator would) and signs it in.
    pub async fn signed_in(
        &self,
        email: &str,
        kind: AccountKind,
        roles: &[(StaffRole, Option<&str>)],
    ) -> Actor {
        self.create_account(email, kind, roles).await;
        let actor = self.visitor();
        let res = self.sign_in(&actor, email).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "login failed: {}",
            res.text
        );
        actor
    }

    /// A signed-in citizen.
    pub async fn citizen(&self, email: &str) -> Actor {
        self.signed_in(email, AccountKind::Citizen, &[]).await
    }
}

/// A complete, valid moving-certificate application (a service with no file field), its
/// destination numbered `n`, for the JSON API.
#[allow(dead_code)]
pub fn moving_application(n: usize) -> serde_json::Value {
    serde_json::json!({
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

/// Imports `catalog/*.yaml` from the repository.
pub async fn import_demo_catalog(db: &Db) {
    gerbang_web::catalog::service::import(db, &demo_catalog_files(), "test")
        .await
        .expect("import");
}

/// The files of `catalog/*.yaml`, parsed.
#[allow(dead_code)]
pub fn demo_catalog_files() -> Vec<(String, gerbang_domain::catalog::CatalogFile)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    let mut files = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("catalog dir")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for p in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let text = std::fs::read_to_string(&p).expect("read");
        let name = p.display().to_string();
        let parsed = parse_catalog_file(&name, &text).expect("demo catalogue parses");
        files.push((name, parsed));
    }
    files
}

/// A response, read in full.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Resp {
    /// The `Location` header of a redirect.
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Every `Set-Cookie` value.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// Asserts the body contains `needle`, printing the page otherwise.
    pub fn assert_contains(&self, needle: &str) -> &Self {
        assert!(
            self.text.contains(needle),
            "expected {needle:?} in:\n{}",
            self.text
        );
        self
    }

    /// Parses a JSON body.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

/// A browser-like client: keeps cookies, does not follow redirects, finds form tokens.
pub struct Actor {
    pub base: String,
    pub client: reqwest::Client,
    pub jar: Arc<reqwest::cookie::Jar>,
}

impl Actor {
    fn new(base: &str, accept_language: Option<String>) -> Actor {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let mut headers = HeaderMap::new();
        if let Some(al) = accept_language {
            headers.insert("accept-language", al.parse().expect("header"));
        }
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("client");
        Actor {
            base: base.to_owned(),
            client,
            jar,
        }
    }

    async fn read(res: reqwest::Response) -> Resp {
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        Resp {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        Self::read(
            self.client
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .expect("GET"),
        )
        .await
    }

    /// The anti-forgery token the server gave this visitor (fetched from a public form
    /// page that is not rate-limited like the sign-in page).
    pub async fn csrf(&self) -> String {
        let page = self.get("/verify").await;
        extract_csrf(&page.text).expect("a csrf_token field on /verify")
    }

    /// Posts a form with this visitor's anti-forgery token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_form_raw(path, &all).await
    }

    /// Posts a form exactly as given.
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let body = serde_urlencoded::to_string(fields).expect("encode");
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST");
        Self::read(res).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Resp {
        self.post_form(
            "/login",
            &[
                ("email", email),
                ("password", password),
                ("next", "/account"),
            ],
        )
        .await
    }
}

/// The value of the first `csrf_token` hidden field of a page.
pub fn extract_csrf(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    let end = html[at..].find('"')?;
    Some(html[at..at + end].to_owned())
}

impl Actor {
    /// Posts a multipart form (with this visitor's anti-forgery token) and files as
    /// (field, filename, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Resp {
        let token = self.csrf().await;
        let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
        for (k, v) in fields {
            form = form.text((*k).to_owned(), (*v).to_owned());
        }
        for (field, name, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name((*name).to_owned());
            form = form.part((*field).to_owned(), part);
        }
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form)
            .send()
            .await
            .expect("POST multipart");
        Self::read(res).await
    }
}

/// A tiny but real PDF header (what the server sniffs).
pub fn pdf_bytes() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// The reference from a `/applications/GRB-...` redirect.
pub fn reference_from(location: &str) -> String {
    location
        .trim_start_matches("/applications/")
        .trim_start_matches("/backoffice/cases/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A JSON API client: no cookies, an optional bearer token and language.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
    pub token: Option<String>,
    pub lang: Option<String>,
}

impl TestApp {
    /// An API client without a token.
    pub fn api(&self) -> Api {
        Api {
            base: self.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            token: None,
            lang: None,
        }
    }

    /// Creates an account directly and gives it a personal API token (as the account page would).
    pub async fn api_user(
        &self,
        email: &str,
        kind: AccountKind,
        roles: &[(StaffRole, Option<&str>)],
    ) -> Api {
        let id = self.create_account(email, kind, roles).await;
        let issued = gerbang_app::accounts::tokens::create_as_operator(
            &self.app,
            id,
            &gerbang_app::accounts::tokens::TokenSpec {
                name: "test".into(),
                ..Default::default()
            },
            &Meta::cli(),
        )
        .await
        .expect("token");
        self.api().with_token(&issued.token)
    }

    /// Makes every later insert into `table` whose row matches `when` (SQL over `NEW`)
    /// fail inside the database, as a full disk or a lost connection would at that write.
    /// Used to break the last write of a request and check that nothing of it remains.
    pub async fn break_inserts_into(&self, table: &str, when: &str) {
        match &self.db {
            Db::Sqlite(p) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "CREATE TRIGGER injected_fault BEFORE INSERT ON {table} WHEN {when} \
                     BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
                )))
                .execute(p)
                .await
                .expect("trigger");
            }
            Db::Postgres(p) => {
                sqlx::query(
                    "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS \
                     $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$",
                )
                .execute(p)
                .await
                .expect("function");
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "CREATE TRIGGER injected_fault BEFORE INSERT ON {table} FOR EACH ROW \
                     WHEN ({when}) EXECUTE FUNCTION injected_fault()"
                )))
                .execute(p)
                .await
                .expect("trigger");
            }
        }
    }

    /// Runs one statement on the test database, behind the application's back.
    #[allow(dead_code)]
    pub async fn execute(&self, sql: &'static str) {
        match &self.db {
            Db::Sqlite(p) => sqlx::query(sql)
                .execute(p)
                .await
                .map(drop)
                .expect("execute"),
            Db::Postgres(p) => sqlx::query(sql)
                .execute(p)
                .await
                .map(drop)
                .expect("execute"),
        }
    }

    /// The emails queued so far, oldest first, as (recipient, subject, body).
    #[allow(dead_code)]
    pub async fn emails(&self) -> Vec<(String, String, String)> {
        const SQL: &str = "SELECT recipient, subject, body FROM outbox ORDER BY id";
        match &self.db {
            Db::Sqlite(p) => sqlx::query_as(SQL).fetch_all(p).await.expect("emails"),
            Db::Postgres(p) => sqlx::query_as(SQL).fetch_all(p).await.expect("emails"),
        }
    }

    /// Runs a `SELECT COUNT(*) ...` on the test database.
    pub async fn count(&self, sql: &'static str) -> i64 {
        match &self.db {
            Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.expect("count"),
            Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.expect("count"),
        }
    }
}

impl Api {
    /// The same client sending `Authorization: Bearer <token>`.
    pub fn with_token(&self, token: &str) -> Api {
        Api {
            token: Some(token.to_owned()),
            ..self.clone()
        }
    }

    /// The same client sending `Accept-Language`.
    pub fn speaking(&self, lang: &str) -> Api {
        Api {
            lang: Some(lang.to_owned()),
            ..self.clone()
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(l) = &self.lang {
            req = req.header("accept-language", l);
        }
        req
    }

    /// Posts one file as the multipart part `file`.
    #[allow(dead_code)]
    pub async fn post_file(&self, path: &str, filename: &str, bytes: Vec<u8>) -> Resp {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(filename.to_owned());
        let form = reqwest::multipart::Form::new().part("file", part);
        let req = self.request(reqwest::Method::POST, path).multipart(form);
        Actor::read(req.send().await.expect("POST")).await
    }

    /// A GET with extra headers (such as `If-None-Match`).
    #[allow(dead_code)]
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        let mut req = self.request(reqwest::Method::GET, path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Actor::read(req.send().await.expect("GET")).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        Actor::read(
            self.request(reqwest::Method::GET, path)
                .send()
                .await
                .expect("GET"),
        )
        .await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        Actor::read(
            self.request(reqwest::Method::DELETE, path)
                .send()
                .await
                .expect("DELETE"),
        )
        .await
    }

    /// Puts a JSON body.
    #[allow(dead_code)]
    pub async fn put_json(&self, path: &str, body: &serde_json::Value) -> Resp {
        let req = self.request(reqwest::Method::PUT, path).json(body);
        Actor::read(req.send().await.expect("PUT")).await
    }

    /// Posts a JSON body.
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Resp {
        self.post_json_with(path, body, &[]).await
    }

    /// Posts a JSON body with extra headers (such as `Idempotency-Key`).
    pub async fn post_json_with(
        &self,
        path: &str,
        body: &serde_json::Value,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = self.request(reqwest::Method::POST, path).json(body);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Actor::read(req.send().await.expect("POST")).await
    }

    /// Posts a body exactly as given, with this content type.
    pub async fn post_raw(&self, path: &str, content_type: &str, body: &str) -> Resp {
        Actor::read(
            self.request(reqwest::Method::POST, path)
                .header("content-type", content_type)
                .body(body.to_owned())
                .send()
                .await
                .expect("POST"),
        )
        .await
    }
}

impl Resp {
    /// A header's value, or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Valid answers to the demo catalogue's certificate of domicile (sukamaju-subdistrict).
pub const DOMICILE_ANSWERS: &[(&str, &str)] = &[
    ("applicant_nik", "3374055202950003"),
    ("full_name", "Siti Rahmawati"),
    ("urban_village", "mekarsari"),
    ("address", "Jl. Melati No. 7, RT 02/RW 05"),
    ("living_since", "2020-03-01"),
    ("purpose", "bank"),
    ("phone", "081234567890"),
];

/// The files the certificate of domicile asks for, the family card uploaded (no lookup).
pub fn domicile_files() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        ("covering_letter", "pengantar.pdf", pdf_bytes()),
        ("identity_card", "ktp.pdf", pdf_bytes()),
        ("family_card", "kk.pdf", pdf_bytes()),
    ]
}
