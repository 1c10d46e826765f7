//! The demo catalogue in `catalog/` parses and hangs together, and broken catalogue files are
//! refused with errors that name the line and say what is wrong.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use gerbang_domain::catalog::{CatalogError, CatalogFile, FeeRule, parse_catalog_file};
use gerbang_domain::form::FieldType;
use gerbang_domain::i18n::Text;

fn catalog_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalog"))
}

/// Every `*.yaml` under `catalog/`, parsed, by file name; panics listing every error of every file.
fn load_demo_catalog() -> BTreeMap<String, CatalogFile> {
    let dir = catalog_dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the catalogue directory {}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();

    let mut files = BTreeMap::new();
    let mut errors: Vec<String> = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 file name")
            .to_owned();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        match parse_catalog_file(&name, &text) {
            Ok(file) => {
                files.insert(name, file);
            }
            Err(errs) => errors.extend(errs.iter().map(CatalogError::to_string)),
        }
    }
    assert!(
        errors.is_empty(),
        "the demo catalogue has {} error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
    files
}

const REQUIRED_AGENCIES: [&str; 6] = [
    "city-government",
    "civil-registry",
    "licensing-office",
    "health-office",
    "transport-office",
    "sukamaju-subdistrict",
];

/// The standard vocabulary the web's translations know.
const STANDARD_STATES: [&str; 7] = [
    "submitted",
    "in_review",
    "needs_correction",
    "site_inspection",
    "awaiting_approval",
    "approved",
    "rejected",
];
const STANDARD_ACTIONS: [&str; 9] = [
    "accept",
    "request_correction",
    "resubmit",
    "recommend",
    "approve",
    "return",
    "reject",
    "schedule_inspection",
    "complete_inspection",
];

#[test]
fn demo_catalog_parses_and_hangs_together() {
    let files = load_demo_catalog();

    // One file per agency, named after it.
    for (name, file) in &files {
        assert_eq!(
            name.strip_suffix(".yaml"),
            Some(file.agency.slug.as_str()),
            "{name}: the file name must be the agency slug + `.yaml`"
        );
    }

    let agencies: HashSet<&str> = files.values().map(|f| f.agency.slug.as_str()).collect();
    let service_count: usize = files.values().map(|f| f.services.len()).sum();
    assert!(files.len() >= 6, "only {} agencies", files.len());
    assert!(service_count >= 14, "only {service_count} services");
    for slug in REQUIRED_AGENCIES {
        assert!(agencies.contains(slug), "agency `{slug}` is missing");
    }

    // The agency tree: city-government is the root, every parent exists.
    for (name, file) in &files {
        let agency = &file.agency;
        match (agency.slug.as_str(), agency.parent.as_deref()) {
            ("city-government", parent) => {
                assert_eq!(parent, None, "{name}: the city government is the root");
            }
            (_, None) => panic!("{name}: agency `{}` has no parent", agency.slug),
            (_, Some(parent)) => assert!(
                agencies.contains(parent),
                "{name}: parent `{parent}` is not an agency in the catalogue"
            ),
        }
        if REQUIRED_AGENCIES.contains(&agency.slug.as_str()) && agency.slug != "city-government" {
            assert_eq!(agency.parent.as_deref(), Some("city-government"), "{name}");
        }
        assert!(
            !file.services.is_empty(),
            "{name}: an agency without services"
        );
        assert!(
            !agency.contact.hours.has_blank(),
            "{name}: opening hours need en and id"
        );
    }
    for busy in ["civil-registry", "licensing-office"] {
        let n = files[&format!("{busy}.yaml")].services.len();
        assert!(n >= 3, "{busy} offers only {n} services");
    }

    // Service slugs are unique across the whole catalogue, not only within a file.
    let mut seen = HashSet::new();
    for (name, file) in &files {
        for s in &file.services {
            assert!(
                seen.insert(s.slug.as_str()),
                "{name}: service `{}` is declared in two files",
                s.slug
            );
        }
    }

    // Things the domain's own checks leave alone but a published catalogue needs.
    for (name, file) in &files {
        for s in &file.services {
            let at = format!("{name}: service `{}`", s.slug);
            // A lookup's consent box is not a question of its own: it answers one (the
            // upload it replaces, the answers it checks or fills in) from a register.
            let n = s
                .form
                .fields
                .iter()
                .filter(|f| f.kind != FieldType::Lookup)
                .count();
            assert!(
                (4..=10).contains(&n),
                "{at}: {n} form fields (want 4 to 10)"
            );
            assert!(!s.requirements.is_empty(), "{at}: no requirements");
            assert!(!s.legal_basis.is_empty(), "{at}: no legal basis");
            assert!(!s.keywords.is_empty(), "{at}: no keywords");
            let mut texts: Vec<&Text> = s.legal_basis.iter().map(|l| &l.title).collect();
            for f in &s.form.fields {
                texts.extend(f.hint.iter());
                texts.extend(f.options.iter().map(|o| &o.label));
            }
            if let FeeRule::Fixed { items, .. } = &s.fee {
                texts.extend(items.iter().map(|i| &i.label));
                for item in items {
                    assert!(
                        item.budget_line
                            .split('.')
                            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
                        "{at}: budget line `{}` is not dotted digits",
                        item.budget_line
                    );
                }
            }
            texts.extend(s.workflow.states.iter().map(|st| &st.label));
            assert!(
                texts.iter().all(|t| !t.has_blank()),
                "{at}: a legal basis title, hint, option, fee label or state label lacks en or id"
            );

            let wf = &s.workflow;
            assert_eq!(wf.initial, "submitted", "{at}");
            assert_eq!(wf.terminal, ["approved", "rejected"], "{at}");
            for st in &wf.states {
                assert!(
                    STANDARD_STATES.contains(&st.name.as_str()),
                    "{at}: non-standard state `{}`",
                    st.name
                );
            }
            for t in &wf.transitions {
                assert!(
                    STANDARD_ACTIONS.contains(&t.action.as_str()),
                    "{at}: non-standard action `{}`",
                    t.action
                );
                if ["reject", "request_correction", "return"].contains(&t.action.as_str()) {
                    assert!(
                        t.requires_comment,
                        "{at}: `{}` must be explained to the applicant",
                        t.action
                    );
                }
            }
        }
    }
}

/// A catalogue file with two services, the second of which carries `$WORKFLOW_TO`, `$SLUG_LINE`
/// and `$REQUIRED` placeholders. Line numbers below count from `agency:` as line 1.
const TEMPLATE: &str = r#"agency:
  slug: test-agency
  name: {en: Test agency, id: Dinas Uji}
  short_name: Uji
  description: {en: For tests., id: Untuk pengujian.}
  contact:
    address: Jl. Uji No. 1, Kota Contoh
    phone: (0271) 555-0199
    email: uji@contoh.go.id
    hours: {en: Weekdays, id: Hari kerja}
services:
  - slug: first-service
    version: 1
    name: {en: First service, id: Layanan pertama}
    summary: {en: The first., id: Yang pertama.}
    description: {en: The first., id: Yang pertama.}
    audience: [citizen]
    requirements: [{en: ID card, id: KTP-el}]
    fee: {kind: free}
    sla_days: 3
    legal_basis: [{title: {en: A regulation, id: Sebuah peraturan}}]
    procedure:
      - {en: Apply., id: Ajukan.}
    output:
      name: {en: Letter, id: Surat}
    standard: {complaint_handling: {en: At the desk., id: Di loket.}, facilities: [{en: This website., id: Situs ini.}], staff_competence: [{en: Trained., id: Terlatih.}], internal_supervision: {en: The head., id: Kepala.}, staff_count: 2, service_guarantee: {en: On time., id: Tepat waktu.}, security_guarantee: {en: Data protected., id: Data dilindungi.}, performance_evaluation: {en: Yearly., id: Tahunan.}}
    form:
      - name: full_name
        type: text
        label: {en: Full name, id: Nama lengkap}
        required: true
    workflow:
      initial: submitted
      states:
        - name: submitted
          label: {en: Submitted, id: Diajukan}
        - name: approved
          label: {en: Approved, id: Disetujui}
      transitions:
        - {from: submitted, to: approved, action: approve, role: officer}
      terminal: [approved]
      outcomes: {approved: {decision: approved}}
  $SLUG_LINE
    version: 1
    name: {en: Second service, id: Layanan kedua}
    summary: {en: The second., id: Yang kedua.}
    description: {en: The second., id: Yang kedua.}
    audience: [business]
    requirements: [{en: Deed, id: Akta}]
    fee:
      kind: fixed
      items:
        - budget_line: "4.1.2.01.01"
          label: {en: Fee, id: Retribusi}
          amount: 50000
    sla_days: 5
    legal_basis: [{title: {en: A regulation, id: Sebuah peraturan}}]
    procedure:
      - {en: Apply., id: Ajukan.}
    output:
      name: {en: Permit, id: Izin}
    standard: {complaint_handling: {en: At the desk., id: Di loket.}, facilities: [{en: This website., id: Situs ini.}], staff_competence: [{en: Trained., id: Terlatih.}], internal_supervision: {en: The head., id: Kepala.}, staff_count: 2, service_guarantee: {en: On time., id: Tepat waktu.}, security_guarantee: {en: Data protected., id: Data dilindungi.}, performance_evaluation: {en: Yearly., id: Tahunan.}}
    form:
      - name: company_name
        type: text
        label: {en: Company name, id: Nama perusahaan}
        required: $REQUIRED
    workflow:
      initial: submitted
      states:
        - name: submitted
          label: {en: Submitted, id: Diajukan}
        - name: approved
          label: {en: Approved, id: Disetujui}
        - name: rejected
          label: {en: Rejected, id: Ditolak}
      transitions:
        - {from: submitted, to: $WORKFLOW_TO, action: approve, role: officer}
        - {from: submitted, to: rejected, action: reject, role: officer, requires_comment: true}
      terminal: [approved, rejected]
      outcomes:
        $OUTCOME: {decision: approved, issues_document: true}
        rejected: {decision: rejected}
"#;

/// Line of `- slug: second-service` in [`TEMPLATE`].
const SECOND_SERVICE_LINE: usize = 43;
/// Line of the second service's `required: $REQUIRED`.
const SECOND_REQUIRED_LINE: usize = 67;

fn catalogue(slug_line: &str, required: &str, workflow_to: &str) -> String {
    with_outcome(slug_line, required, workflow_to, "approved")
}

fn with_outcome(slug_line: &str, required: &str, workflow_to: &str, outcome: &str) -> String {
    TEMPLATE
        .replace("$OUTCOME", outcome)
        .replace("$SLUG_LINE", slug_line)
        .replace("$REQUIRED", required)
        .replace("$WORKFLOW_TO", workflow_to)
}

fn errors_of(text: &str) -> Vec<CatalogError> {
    match parse_catalog_file("broken.yaml", text) {
        Ok(_) => panic!("a broken catalogue file was accepted"),
        Err(errors) => errors,
    }
}

#[test]
fn broken_catalogue_files_are_refused_with_line_and_reason() {
    // The template itself is fine, and the line constants point where they claim.
    let good = catalogue("- slug: second-service", "true", "approved");
    let parsed = parse_catalog_file("good.yaml", &good)
        .unwrap_or_else(|e| panic!("the template should parse: {e:?}"));
    assert_eq!(parsed.services.len(), 2);
    let lines: Vec<&str> = good.lines().collect();
    assert_eq!(
        lines[SECOND_SERVICE_LINE - 1].trim(),
        "- slug: second-service"
    );
    assert_eq!(lines[SECOND_REQUIRED_LINE - 1].trim(), "required: true");

    // A transition to a state that is not declared (a typo): refused, pointing at the
    // service that holds it, not at the first service of the file.
    let errors = errors_of(&catalogue("- slug: second-service", "true", "aproved"));
    let undeclared = errors
        .iter()
        .find(|e| e.message.contains("state `aproved` is not declared"))
        .unwrap_or_else(|| panic!("no error names the undeclared state: {errors:?}"));
    assert_eq!(undeclared.line, SECOND_SERVICE_LINE, "{undeclared}");
    assert_eq!(undeclared.file, "broken.yaml");
    assert!(
        undeclared.message.contains("second-service"),
        "{undeclared}"
    );
    assert!(
        undeclared.message.contains("transition 1 (`approve`)"),
        "{undeclared}"
    );
    // With `approved` no longer reachable, that is reported too, on the same service.
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("`approved` cannot be reached")
                && e.line == SECOND_SERVICE_LINE),
        "{errors:?}"
    );

    // The same, with a comment after the slug: the comment is not part of the slug.
    let errors = errors_of(&catalogue(
        "- slug: second-service  # waiting for the head of office",
        "true",
        "aproved",
    ));
    assert!(
        errors.iter().all(|e| e.line == SECOND_SERVICE_LINE),
        "a trailing comment lost the line: {errors:?}"
    );

    // A one-word service slug spelled like an earlier form field: the error still points at
    // the service, not at the field.
    let errors = errors_of(
        &catalogue("- slug: permit", "true", "aproved")
            .replace("- name: full_name", "- name: permit"),
    );
    assert!(
        errors.iter().all(|e| e.line == SECOND_SERVICE_LINE),
        "an error went to the form field of the same name: {errors:?}"
    );

    // A YAML type error: `yes` is not a boolean in YAML 1.2 (it was in YAML 1.1).
    let errors = errors_of(&catalogue("- slug: second-service", "yes", "approved"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    let type_error = &errors[0];
    assert_eq!(type_error.line, SECOND_REQUIRED_LINE, "{type_error}");
    assert!(
        type_error.message.contains("services[1].form[0].required")
            && type_error.message.contains("expected a boolean"),
        "{type_error}"
    );

    // An Indonesian-style amount (`150.000` for Rp150.000) is a float to YAML: refused, and
    // the message says so. (Its line is the service's, not the amount's: see FeeRule.)
    let text = catalogue("- slug: second-service", "true", "approved")
        .replace("amount: 50000", "amount: 150.000");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("expected i64"), "{}", errors[0]);
    assert!(errors[0].line > 0, "{}", errors[0]);
}

#[test]
fn outcomes_must_be_declared_on_terminal_states() {
    // The approving outcome put on a state that is not terminal: refused, naming the
    // service's line and the reason; and with it gone the workflow approves nothing.
    let errors = errors_of(&with_outcome(
        "- slug: second-service",
        "true",
        "approved",
        "submitted",
    ));
    let misplaced = errors
        .iter()
        .find(|e| {
            e.message
                .contains("only a terminal state can have an outcome")
        })
        .unwrap_or_else(|| panic!("no error names the misplaced outcome: {errors:?}"));
    assert_eq!(misplaced.line, SECOND_SERVICE_LINE, "{misplaced}");
    assert_eq!(misplaced.file, "broken.yaml");
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("no approving outcome")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("`approved` declares no outcome")),
        "{errors:?}"
    );
}

#[test]
fn every_demo_service_declares_what_its_decisions_mean() {
    use gerbang_domain::workflow::Decision;
    for (file, parsed) in load_demo_catalog() {
        for s in &parsed.services {
            let wf = &s.workflow;
            assert!(
                wf.outcomes
                    .values()
                    .any(|o| o.decision == Decision::Approved && o.issues_document),
                "{file}: {} issues no document",
                s.slug
            );
        }
    }
}

#[test]
fn complaint_categories_are_checked_and_the_demo_declares_its_own() {
    let demo = load_demo_catalog();
    let transport = &demo["transport-office.yaml"].agency;
    let codes: Vec<String> = transport.categories().into_iter().map(|c| c.code).collect();
    assert_eq!(
        codes,
        [
            "street-lighting",
            "public-transport",
            "parking",
            "information"
        ]
    );
    assert_eq!(transport.categories()[0].deadlines.verify, 1);
    assert_eq!(
        transport.categories()[1].deadlines.follow_up,
        5,
        "SP4N-LAPOR!'s by default"
    );
    // An agency that names none has the platform's.
    assert_eq!(demo["civil-registry.yaml"].agency.categories().len(), 4);

    let broken = catalogue("- slug: second-service", "true", "approved").replace(
        "    hours: {en: Weekdays, id: Hari kerja}\n",
        "    hours: {en: Weekdays, id: Hari kerja}\n  holidays: [2026-12-25]\n  complaint_categories:\n    \
         - {code: Roads, name: {en: Roads, id: ''}, description: {en: x, id: y}, kinds: [], deadlines: {verify: 0}}\n    \
         - {code: Roads, name: {en: Roads, id: Jalan}, description: {en: x, id: y}}\n",
    );
    let messages: Vec<String> = errors_of(&broken).into_iter().map(|e| e.message).collect();
    for expected in [
        "code must be lowercase words",
        "declared twice",
        "need both `en` and `id`",
        "names nothing that may be filed",
        "1 to 60 working days",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected:?} not in {messages:?}"
        );
    }
    let bad_date = catalogue("- slug: second-service", "true", "approved").replace(
        "    hours: {en: Weekdays, id: Hari kerja}\n",
        "    hours: {en: Weekdays, id: Hari kerja}\n  holidays: [25-12-2026]\n",
    );
    let messages: Vec<String> = errors_of(&bad_date)
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("is not a date like 2026-12-25")),
        "{messages:?}"
    );
}

/// A service cannot be published without its whole service standard: the import names
/// every one of the fourteen components that is missing, at the service's line.
#[test]
fn a_service_without_its_full_standard_is_refused_naming_each_missing_component() {
    let good = catalogue("- slug: second-service", "true", "approved");
    // Drop the second service's standard and its legal basis; keep the first's.
    let mut broken = Vec::new();
    for (i, line) in good.lines().enumerate() {
        let second = i + 1 >= SECOND_SERVICE_LINE;
        if second && line.trim_start().starts_with("standard:") {
            continue;
        }
        if second && line.trim_start().starts_with("legal_basis:") {
            broken.push("    legal_basis: []".to_owned());
            continue;
        }
        broken.push(line.to_owned());
    }
    let broken = broken.join("\n");
    let errors = errors_of(&broken);
    let standard: Vec<&CatalogError> = errors
        .iter()
        .filter(|e| e.message.contains("service standard"))
        .collect();
    assert_eq!(standard.len(), 1, "{errors:?}");
    let e = standard[0];
    assert_eq!(e.line, SECOND_SERVICE_LINE, "{e}");
    assert!(e.message.starts_with("service `second-service`"), "{e}");
    for part in [
        "legal_basis",
        "complaint_handling",
        "facilities",
        "staff_competence",
        "internal_supervision",
        "staff_count",
        "service_guarantee",
        "security_guarantee",
        "performance_evaluation",
    ] {
        assert!(e.message.contains(part), "{part} not named: {e}");
    }
    for present in ["requirements", "procedure", "sla_days", "output"] {
        assert!(!e.message.contains(present), "{present} wrongly named: {e}");
    }
}
