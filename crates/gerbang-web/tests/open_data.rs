//! Open data in official profiles: the demo catalogue as CPSV-AP 3.2.0 and the datasets as
//! DCAT-AP 3.0.1, each in Turtle and JSON-LD, validated by pyshacl against the official
//! shapes (tests/standards, offline); a deliberately broken export fails the same check.
//! Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

mod common;

use std::path::{Path, PathBuf};

use common::TestApp;
use reqwest::StatusCode;

/// A directory of this test's own, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "gerbang-open-data-{}-{}",
            std::process::id(),
            rand_suffix()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn content_type(res: &common::Resp) -> String {
    res.headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn standards() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/standards")
}

fn pyshacl_ready() -> bool {
    let ready = std::process::Command::new("python3")
        .args(["-c", "import pyshacl"])
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "pyshacl is not installed (pip install pyshacl==0.40.1): the exports cannot be validated"
        );
        eprintln!(
            "pyshacl is not installed (pip install pyshacl==0.40.1); the exports were not validated"
        );
    }
    ready
}

/// Runs pyshacl; returns whether the data conforms, and the report.
fn validate(shapes: &Path, data: &str, format: &str, dir: &Path, name: &str) -> (bool, String) {
    let file = dir.join(name);
    std::fs::write(&file, data).expect("write export");
    let out = std::process::Command::new("python3")
        .args(["-m", "pyshacl", "-s"])
        .arg(shapes)
        .args(["-sf", "turtle", "-df", format])
        .arg(&file)
        .output()
        .expect("run pyshacl");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // pyshacl exits 1 on a parse error too: read the verdict, not only the status.
    let conforms = out.status.success() && report.contains("Conforms: True");
    assert!(
        conforms || report.contains("Conforms: False"),
        "pyshacl did not validate {name}: {report}"
    );
    (conforms, report)
}

#[tokio::test]
async fn the_catalogue_and_the_datasets_conform_to_cpsv_ap_and_dcat_ap() {
    let app = TestApp::new().await;
    let visitor = app.visitor();
    let services_ttl = visitor.get("/open-data/services.ttl").await;
    assert_eq!(services_ttl.status, StatusCode::OK);
    assert!(content_type(&services_ttl).starts_with("text/turtle"));
    let services_jsonld = visitor.get("/open-data/services.jsonld").await;
    assert_eq!(content_type(&services_jsonld), "application/ld+json");
    let catalog_ttl = visitor.get("/open-data/catalog.ttl").await;
    let catalog_jsonld = visitor.get("/open-data/catalog.jsonld").await;
    assert_eq!(catalog_jsonld.status, StatusCode::OK);

    // Every published service is there, with its competent authority, in both languages.
    services_ttl
        .assert_contains("/services/birth-certificate>")
        .assert_contains("cv:hasCompetentAuthority")
        .assert_contains("\"Akta Kelahiran\"@id")
        .assert_contains("\"Birth certificate\"@en")
        .assert_contains("\"P3D\"^^xsd:duration");
    let graph = services_jsonld.json();
    let services = graph["@graph"]
        .as_array()
        .expect("graph")
        .iter()
        .filter(|n| {
            n["@type"]
                .as_array()
                .is_some_and(|t| t.contains(&"cpsv:PublicService".into()))
        })
        .count();
    assert_eq!(services, 15, "the demo's fifteen services");
    // The page that lists them, in both languages.
    visitor
        .get("/open-data")
        .await
        .assert_contains("/open-data/services.jsonld")
        .assert_contains("/open-data/catalog.ttl");
    app.visitor_speaking("id")
        .get("/open-data")
        .await
        .assert_contains("Data terbuka");

    if !pyshacl_ready() {
        return;
    }
    let dir = TempDir::new();
    let cpsv = standards().join("cpsv-ap-3.2.0/cpsv-ap-SHACL.ttl");
    // DCAT-AP: the range shapes join the main ones (given as -e they would be ignored).
    let dcat = dir.path().join("dcat-ap-shapes.ttl");
    let mut shapes = std::fs::read_to_string(standards().join("dcat-ap-3.0.1/dcat-ap-SHACL.ttl"))
        .expect("shapes");
    shapes.push('\n');
    shapes.push_str(
        &std::fs::read_to_string(standards().join("dcat-ap-3.0.1/range.ttl")).expect("range"),
    );
    std::fs::write(&dcat, shapes).expect("write shapes");

    let cases = [
        (&cpsv, &services_ttl.text, "turtle", "services.ttl"),
        (&cpsv, &services_jsonld.text, "json-ld", "services.jsonld"),
        (&dcat, &catalog_ttl.text, "turtle", "catalog.ttl"),
        (&dcat, &catalog_jsonld.text, "json-ld", "catalog.jsonld"),
    ];
    for (shapes, data, format, name) in cases {
        let (conforms, report) = validate(shapes, data, format, dir.path(), name);
        assert!(conforms, "{name} does not conform:\n{report}");
    }

    // Broken on purpose, the same checks fail: a service without its competent authority,
    // a download without its access URL, and the same in JSON-LD.
    let no_authority: String = services_ttl
        .text
        .lines()
        .filter(|l| !l.contains("cv:hasCompetentAuthority"))
        .collect::<Vec<_>>()
        .join("\n");
    let (conforms, report) = validate(&cpsv, &no_authority, "turtle", dir.path(), "broken.ttl");
    assert!(!conforms, "a service without competent authority passed");
    assert!(report.contains("hasCompetentAuthority"), "{report}");
    let no_access: String = catalog_ttl
        .text
        .lines()
        .filter(|l| !l.contains("dcat:accessURL"))
        .collect::<Vec<_>>()
        .join("\n");
    let (conforms, report) = validate(&dcat, &no_access, "turtle", dir.path(), "broken-dcat.ttl");
    assert!(!conforms, "a distribution without access URL passed");
    assert!(report.contains("accessURL"), "{report}");
    let mut broken = graph.clone();
    if let Some(nodes) = broken["@graph"].as_array_mut() {
        for n in nodes {
            if let Some(o) = n.as_object_mut() {
                o.remove("dct:title");
            }
        }
    }
    let (conforms, report) = validate(
        &cpsv,
        &broken.to_string(),
        "json-ld",
        dir.path(),
        "broken.jsonld",
    );
    assert!(!conforms, "services without titles passed");
    assert!(report.contains("title"), "{report}");
}
