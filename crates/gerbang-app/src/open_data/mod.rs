//! Open data in official European application profiles, so that any portal or harvester
//! can reuse it:
//!
//! - the service catalogue as **CPSV-AP 3.2.0** ([`services`]): each public service with its
//!   competent authority, requirements and the evidence for them, cost, online channel,
//!   output, legal resources and processing time, in English and Indonesian;
//! - the open datasets as a **DCAT-AP 3.0.1** catalogue ([`datasets`]), each with its
//!   downloads (format, media type, licence).
//!
//! Both come as Turtle and as JSON-LD (see [`rdf`]). The test suite validates the demo's
//! exports with pyshacl against the official shapes, and a broken export against the same.

pub mod rdf;

use gerbang_domain::catalog::FeeRule;
use rdf::{Graph, Term, iri};

use crate::catalog::cache::Catalogue;

/// The EU code for the web as a channel (Public Service channel vocabulary).
const WEB_CHANNEL: &str = "http://data.europa.eu/snb/com-channel/b37115f83e";
/// The EU currency authority table's rupiah.
const RUPIAH: &str = "http://publications.europa.eu/resource/authority/currency/IDR";
/// The licence of the published data.
const LICENCE: &str = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0";
/// The EU data theme "Government and public sector".
const THEME: &str = "http://publications.europa.eu/resource/authority/data-theme/GOVE";
const THEMES: &str = "http://publications.europa.eu/resource/authority/data-theme";

/// Where the platform is reached, without a trailing slash.
fn base(public_url: &str) -> String {
    let b = public_url.trim_end_matches('/');
    if b.is_empty() {
        "http://localhost".to_owned()
    } else {
        b.to_owned()
    }
}

/// The code-list values every export uses, typed as the shapes ask.
fn code_lists(g: &mut Graph) {
    g.types("country:IDN", &["dct:Location"]);
    for l in ["lang:IND", "lang:ENG"] {
        g.types(l, &["dct:LinguisticSystem"]);
    }
}

fn languages(g: &mut Graph, subject: &str) {
    g.add(subject, "dct:language", iri("lang:IND"));
    g.add(subject, "dct:language", iri("lang:ENG"));
}

/// The service catalogue as CPSV-AP 3.2.0.
pub fn services(catalogue: &Catalogue, site_name: &str, public_url: &str) -> Graph {
    let base = base(public_url);
    let mut g = Graph::default();
    let platform = format!("{base}/#platform");
    let dataset = format!("{base}/open-data/services");

    // The catalogue itself is a dataset whose parts are the services (CPSV-AP has no
    // catalogue class); the platform publishes it.
    g.types(&dataset, &["dcat:Dataset"]);
    g.add(
        &dataset,
        "dct:identifier",
        Term::Str("public-services".into()),
    );
    g.text(
        &dataset,
        "dct:title",
        &format!("Public services of {site_name}"),
        &format!("Layanan publik {site_name}"),
    );
    g.text(
        &dataset,
        "dct:description",
        &format!("Every public service offered online by the agencies of {site_name}, with its service standard."),
        &format!("Seluruh layanan publik yang ditawarkan secara daring oleh instansi {site_name}, beserta standar pelayanannya."),
    );
    g.add(&dataset, "dct:publisher", iri(&platform));
    g.add(
        &dataset,
        "dcat:landingPage",
        iri(format!("{base}/services")),
    );
    g.types(&format!("{base}/services"), &["foaf:Document"]);
    languages(&mut g, &dataset);

    g.types(
        &platform,
        &["cv:PublicOrganisation", "org:Organization", "foaf:Agent"],
    );
    g.add(&platform, "dct:identifier", Term::Str("platform".into()));
    g.text(&platform, "dct:title", site_name, site_name);
    g.text(&platform, "skos:prefLabel", site_name, site_name);
    g.add(&platform, "dct:spatial", iri("country:IDN"));

    for a in &catalogue.agencies {
        let id = format!("{base}/agencies/{}", a.slug);
        g.types(&id, &["cv:PublicOrganisation", "org:Organization"]);
        g.add(&id, "dct:identifier", Term::Str(a.slug.clone()));
        g.text(&id, "skos:prefLabel", &a.name_en, &a.name_id);
        g.add(&id, "dct:spatial", iri("country:IDN"));
    }

    for e in catalogue.services() {
        let s = &e.def;
        let id = format!("{base}/services/{}", s.slug);
        let agency = format!("{base}/agencies/{}", e.row.agency_slug);
        g.add(&dataset, "dct:hasPart", iri(&id));
        g.types(&id, &["cpsv:PublicService"]);
        g.add(&id, "dct:identifier", Term::Str(s.slug.clone()));
        g.text(&id, "dct:title", &s.name.en, &s.name.id);
        g.text(&id, "dct:description", &s.description.en, &s.description.id);
        languages(&mut g, &id);
        g.add(&id, "dct:spatial", iri("country:IDN"));
        g.add(&id, "cv:hasCompetentAuthority", iri(&agency));
        g.add(
            &id,
            "cv:processingTime",
            Term::Typed(format!("P{}D", s.sla_days), "xsd:duration"),
        );
        for (n, r) in s.requirements.iter().enumerate() {
            let req = format!("{id}#requirement-{}", n + 1);
            let evidence = format!("{id}#evidence-{}", n + 1);
            g.add(&id, "cv:holdsRequirement", iri(&req));
            g.add(&id, "cpsv:hasInput", iri(&evidence));
            g.types(&req, &["cv:Requirement"]);
            g.add(
                &req,
                "dct:identifier",
                Term::Str(format!("{}-requirement-{}", s.slug, n + 1)),
            );
            g.text(&req, "dct:title", &r.en, &r.id);
            g.add(&req, "cv:hasSupportingEvidence", iri(&evidence));
            g.types(&evidence, &["cv:Evidence"]);
            g.add(
                &evidence,
                "dct:identifier",
                Term::Str(format!("{}-evidence-{}", s.slug, n + 1)),
            );
            g.text(&evidence, "dct:title", &r.en, &r.id);
            g.add(&evidence, "cv:supportsRequirement", iri(&req));
        }
        // Cost: the fixed total, or the lowest amount of a rate or a choice ("from").
        let cost = format!("{id}#cost");
        let channel = format!("{id}/apply");
        g.add(&id, "cv:hasCost", iri(&cost));
        g.types(&cost, &["cv:Cost"]);
        g.add(
            &cost,
            "dct:identifier",
            Term::Str(format!("{}-cost", s.slug)),
        );
        let (amount, en, idn) = match (&s.fee, e.row.fee_total) {
            (FeeRule::Free, _) => (
                0,
                "Free of charge.".to_owned(),
                "Tidak dipungut biaya.".to_owned(),
            ),
            (FeeRule::Fixed { .. }, _) => {
                let total = s.fee.total().unwrap_or(0);
                (
                    total,
                    format!("Rp{total} in all."),
                    format!("Seluruhnya Rp{total}."),
                )
            }
            (_, from) => {
                let from = from.unwrap_or(0);
                (
                    from,
                    format!("From Rp{from}, depending on the application."),
                    format!("Mulai Rp{from}, tergantung permohonan."),
                )
            }
        };
        g.add(
            &cost,
            "cv:hasValue",
            Term::Typed(amount.to_string(), "xsd:double"),
        );
        g.add(&cost, "cv:currency", iri(RUPIAH));
        g.text(&cost, "dct:description", &en, &idn);
        g.add(&cost, "cv:isDefinedBy", iri(&agency));
        g.add(&cost, "cv:ifAccessedThrough", iri(&channel));
        // The online channel.
        g.add(&id, "cv:hasChannel", iri(&channel));
        g.types(&channel, &["cv:Channel"]);
        g.add(
            &channel,
            "dct:identifier",
            Term::Str(format!("{}-online", s.slug)),
        );
        g.add(&channel, "dct:type", iri(WEB_CHANNEL));
        g.text(
            &channel,
            "dct:description",
            &format!("Apply online at {channel}"),
            &format!("Ajukan secara daring di {channel}"),
        );
        g.add(&channel, "cv:ownedBy", iri(&agency));
        // The output.
        let output = format!("{id}#output");
        g.add(&id, "cpsv:produces", iri(&output));
        g.types(&output, &["cv:Output"]);
        g.add(
            &output,
            "dct:identifier",
            Term::Str(format!("{}-output", s.slug)),
        );
        g.text(&output, "dct:title", &s.output.name.en, &s.output.name.id);
        // The legal basis.
        for (n, l) in s.legal_basis.iter().enumerate() {
            let law = format!("{id}#legal-{}", n + 1);
            g.add(&id, "cv:hasLegalResource", iri(&law));
            g.types(&law, &["eli:LegalResource"]);
            g.add(
                &law,
                "dct:identifier",
                Term::Str(format!("{}-legal-{}", s.slug, n + 1)),
            );
            g.text(&law, "dct:title", &l.title.en, &l.title.id);
        }
    }

    code_lists(&mut g);
    g.types(RUPIAH, &["skos:Concept"]);
    g.text(RUPIAH, "skos:prefLabel", "Indonesian rupiah", "Rupiah");
    g.add(
        RUPIAH,
        "skos:inScheme",
        iri("http://publications.europa.eu/resource/authority/currency"),
    );
    g.types(WEB_CHANNEL, &["skos:Concept"]);
    g.text(WEB_CHANNEL, "skos:prefLabel", "Website", "Situs web");
    g
}

/// One download of a dataset.
struct Download {
    path: &'static str,
    /// EU file-type code (`CSV`, `JSON`, `RDF_TURTLE`, `JSON_LD`).
    file_type: &'static str,
    media_type: &'static str,
}

/// One open dataset.
struct DatasetDef {
    id: &'static str,
    landing: &'static str,
    title: (&'static str, &'static str),
    description: (&'static str, &'static str),
    keywords: &'static [(&'static str, &'static str)],
    downloads: &'static [Download],
}

/// The datasets the platform publishes, with stable URLs.
const DATASETS: [DatasetDef; 4] = [
    DatasetDef {
        id: "performance",
        landing: "/performance",
        title: (
            "Performance of agencies and services",
            "Kinerja instansi dan layanan",
        ),
        description: (
            "Applications received and decided by month, the share decided within the service standard and the approval rate, for the platform, each agency and each service; counts below five are withheld.",
            "Permohonan yang diterima dan diputus per bulan, persentase yang diputus sesuai standar pelayanan, dan tingkat persetujuan, untuk platform, setiap instansi, dan setiap layanan; jumlah di bawah lima tidak ditampilkan.",
        ),
        keywords: &[
            ("performance", "kinerja"),
            ("service standard", "standar pelayanan"),
        ],
        downloads: &[
            Download {
                path: "/performance.csv",
                file_type: "CSV",
                media_type: "text/csv",
            },
            Download {
                path: "/performance.json",
                file_type: "JSON",
                media_type: "application/json",
            },
        ],
    },
    DatasetDef {
        id: "public-services",
        landing: "/services",
        title: (
            "Public services and their service standards",
            "Layanan publik dan standar pelayanannya",
        ),
        description: (
            "The catalogue of public services (CPSV-AP 3.2.0): competent authority, requirements, cost, channel, output, legal basis and processing time.",
            "Katalog layanan publik (CPSV-AP 3.2.0): instansi berwenang, persyaratan, biaya, kanal, produk, dasar hukum, dan waktu penyelesaian.",
        ),
        keywords: &[
            ("public services", "layanan publik"),
            ("service standard", "standar pelayanan"),
        ],
        downloads: &[
            Download {
                path: "/open-data/services.ttl",
                file_type: "RDF_TURTLE",
                media_type: "text/turtle",
            },
            Download {
                path: "/open-data/services.jsonld",
                file_type: "JSON_LD",
                media_type: "application/ld+json",
            },
        ],
    },
    DatasetDef {
        id: "satisfaction-index",
        landing: "/satisfaction",
        title: (
            "Community satisfaction index (IKM)",
            "Indeks Kepuasan Masyarakat (IKM)",
        ),
        description: (
            "The satisfaction index of Permen PANRB 14/2017 by month: the score of each of the nine elements, the index and its category, and the number of respondents; months with fewer than five respondents are withheld.",
            "Indeks kepuasan masyarakat menurut Permen PANRB 14/2017 per bulan: nilai tiap unsur dari sembilan unsur, indeks dan mutunya, serta jumlah responden; bulan dengan kurang dari lima responden tidak ditampilkan.",
        ),
        keywords: &[
            ("satisfaction", "kepuasan"),
            ("service quality", "kualitas layanan"),
        ],
        downloads: &[Download {
            path: "/satisfaction.csv",
            file_type: "CSV",
            media_type: "text/csv",
        }],
    },
    DatasetDef {
        id: "audit-log",
        landing: "/transparency",
        title: ("Audit transparency log", "Log transparansi audit"),
        description: (
            "The published entries of the audit log (no personal data) with signed tree heads and proofs (RFC 9162 hashing).",
            "Entri log audit yang diterbitkan (tanpa data pribadi) beserta kepala pohon bertanda tangan dan buktinya (hash RFC 9162).",
        ),
        keywords: &[("audit", "audit"), ("transparency", "transparansi")],
        downloads: &[Download {
            path: "/api/v1/transparency/entries?start=0&end=100",
            file_type: "JSON",
            media_type: "application/json",
        }],
    },
];

/// The open datasets as a DCAT-AP 3.0.1 catalogue.
pub fn datasets(site_name: &str, public_url: &str, modified: time::Date) -> Graph {
    let base = base(public_url);
    let mut g = Graph::default();
    let catalog = format!("{base}/open-data");
    let publisher = format!("{base}/#platform");
    g.types(&catalog, &["dcat:Catalog"]);
    g.text(
        &catalog,
        "dct:title",
        &format!("Open data of {site_name}"),
        &format!("Data terbuka {site_name}"),
    );
    g.text(
        &catalog,
        "dct:description",
        &format!("The datasets {site_name} publishes about its public services, free to reuse."),
        &format!("Dataset yang diterbitkan {site_name} tentang layanan publiknya, bebas digunakan kembali."),
    );
    g.add(&catalog, "dct:publisher", iri(&publisher));
    g.add(&catalog, "foaf:homepage", iri(&catalog));
    g.types(&catalog, &["foaf:Document"]);
    languages(&mut g, &catalog);
    g.add(&catalog, "dct:spatial", iri("country:IDN"));
    g.add(&catalog, "dct:license", iri(LICENCE));
    g.add(
        &catalog,
        "dct:modified",
        Term::Typed(modified.to_string(), "xsd:date"),
    );
    g.add(&catalog, "dcat:themeTaxonomy", iri(THEMES));
    g.types(&publisher, &["foaf:Agent"]);
    g.text(&publisher, "foaf:name", site_name, site_name);
    for d in &DATASETS {
        let id = format!("{base}/open-data#{}", d.id);
        g.add(&catalog, "dcat:dataset", iri(&id));
        g.types(&id, &["dcat:Dataset"]);
        g.add(&id, "dct:identifier", Term::Str(d.id.into()));
        g.text(&id, "dct:title", d.title.0, d.title.1);
        g.text(&id, "dct:description", d.description.0, d.description.1);
        g.add(&id, "dct:publisher", iri(&publisher));
        for (en, idn) in d.keywords {
            g.text(&id, "dcat:keyword", en, idn);
        }
        g.add(&id, "dcat:theme", iri(THEME));
        g.add(&id, "dcat:landingPage", iri(format!("{base}{}", d.landing)));
        g.types(&format!("{base}{}", d.landing), &["foaf:Document"]);
        languages(&mut g, &id);
        g.add(&id, "dct:spatial", iri("country:IDN"));
        g.add(
            &id,
            "dct:modified",
            Term::Typed(modified.to_string(), "xsd:date"),
        );
        for (n, dl) in d.downloads.iter().enumerate() {
            let dist = format!("{base}/open-data#{}-{}", d.id, n + 1);
            let media = format!(
                "http://www.iana.org/assignments/media-types/{}",
                dl.media_type
            );
            g.add(&id, "dcat:distribution", iri(&dist));
            g.types(&dist, &["dcat:Distribution"]);
            g.text(
                &dist,
                "dct:title",
                &format!("{} ({})", d.title.0, dl.file_type.replace('_', " ")),
                &format!("{} ({})", d.title.1, dl.file_type.replace('_', " ")),
            );
            g.add(&dist, "dcat:accessURL", iri(format!("{base}{}", d.landing)));
            g.add(&dist, "dcat:downloadURL", iri(format!("{base}{}", dl.path)));
            g.add(&dist, "dct:format", iri(format!("ftype:{}", dl.file_type)));
            g.types(
                &format!("ftype:{}", dl.file_type),
                &["dct:MediaTypeOrExtent"],
            );
            g.add(&dist, "dcat:mediaType", iri(&media));
            g.types(&media, &["dct:MediaType"]);
            g.add(&dist, "dct:license", iri(LICENCE));
        }
    }
    code_lists(&mut g);
    g.types(LICENCE, &["dct:LicenseDocument"]);
    g.types(THEMES, &["skos:ConceptScheme"]);
    g.add(THEMES, "dct:title", Term::Lang("Data theme".into(), "en"));
    g.types(THEME, &["skos:Concept"]);
    g.text(
        THEME,
        "skos:prefLabel",
        "Government and public sector",
        "Pemerintahan dan sektor publik",
    );
    g.add(THEME, "skos:inScheme", iri(THEMES));
    g
}
