//! A small RDF graph and its two serialisations, Turtle and JSON-LD (compacted with an
//! inline context of prefixes, so that it reads offline).
//!
//! Hand-written rather than a library: the exports use four kinds of term and a dozen
//! vocabularies, and both outputs are checked by the test suite with rdflib/pyshacl against
//! the official shapes, which parse them strictly.

use serde_json::{Map, Value};

/// The vocabularies the exports use, as (prefix, namespace).
pub const PREFIXES: [(&str, &str); 14] = [
    ("cpsv", "http://purl.org/vocab/cpsv#"),
    ("cv", "http://data.europa.eu/m8g/"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("eli", "http://data.europa.eu/eli/ontology#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    (
        "lang",
        "http://publications.europa.eu/resource/authority/language/",
    ),
    (
        "country",
        "http://publications.europa.eu/resource/authority/country/",
    ),
    (
        "ftype",
        "http://publications.europa.eu/resource/authority/file-type/",
    ),
];

/// An object of a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// An IRI (full, or `prefix:local` with a prefix of [`PREFIXES`]).
    Iri(String),
    /// A text in a language (`en`, `id`).
    Lang(String, &'static str),
    /// A literal of a datatype (a prefixed name such as `xsd:double`).
    Typed(String, &'static str),
    /// A plain string.
    Str(String),
}

/// An IRI term.
pub fn iri(s: impl Into<String>) -> Term {
    Term::Iri(s.into())
}

/// Statements, grouped by subject in the order subjects first appear.
#[derive(Debug, Default)]
pub struct Graph {
    subjects: Vec<String>,
    statements: Vec<(String, &'static str, Term)>,
}

impl Graph {
    /// Adds `subject predicate object`; `predicate` is a prefixed name or `a`.
    pub fn add(&mut self, subject: &str, predicate: &'static str, object: Term) {
        if !self.subjects.iter().any(|s| s == subject) {
            self.subjects.push(subject.to_owned());
        }
        let statement = (subject.to_owned(), predicate, object);
        if !self.statements.contains(&statement) {
            self.statements.push(statement);
        }
    }

    /// Adds `subject a class` for each class.
    pub fn types(&mut self, subject: &str, classes: &[&'static str]) {
        for c in classes {
            self.add(subject, "a", iri(*c));
        }
    }

    /// Adds a text in English and Indonesian.
    pub fn text(&mut self, subject: &str, predicate: &'static str, en: &str, id: &str) {
        self.add(subject, predicate, Term::Lang(en.to_owned(), "en"));
        self.add(subject, predicate, Term::Lang(id.to_owned(), "id"));
    }

    /// The statements about `subject`, in order.
    fn of<'a>(
        &'a self,
        subject: &'a str,
    ) -> impl Iterator<Item = &'a (String, &'static str, Term)> {
        self.statements.iter().filter(move |(s, _, _)| s == subject)
    }

    /// The graph as Turtle.
    pub fn turtle(&self) -> String {
        let mut out = String::new();
        for (p, ns) in PREFIXES {
            out.push_str(&format!("@prefix {p}: <{ns}> .\n"));
        }
        for subject in &self.subjects {
            out.push('\n');
            out.push_str(&turtle_iri(subject));
            let mut first = true;
            for (_, predicate, object) in self.of(subject) {
                out.push_str(if first { "\n    " } else { " ;\n    " });
                first = false;
                out.push_str(predicate);
                out.push(' ');
                out.push_str(&turtle_term(object));
            }
            out.push_str(" .\n");
        }
        out
    }

    /// The graph as JSON-LD: one node per subject, keys as prefixed names, with an inline
    /// context declaring the prefixes.
    pub fn json_ld(&self) -> Value {
        let context: Map<String, Value> = PREFIXES
            .iter()
            .map(|(p, ns)| ((*p).to_owned(), Value::String((*ns).to_owned())))
            .collect();
        let mut nodes = Vec::new();
        for subject in &self.subjects {
            let mut node = Map::new();
            node.insert("@id".into(), Value::String(subject.clone()));
            for (_, predicate, object) in self.of(subject) {
                if *predicate == "a" {
                    if let Term::Iri(class) = object {
                        push(&mut node, "@type", Value::String(class.clone()));
                    }
                    continue;
                }
                push(&mut node, predicate, json_term(object));
            }
            nodes.push(Value::Object(node));
        }
        serde_json::json!({ "@context": context, "@graph": nodes })
    }
}

fn push(node: &mut Map<String, Value>, key: &str, value: Value) {
    match node.get_mut(key) {
        Some(Value::Array(values)) => values.push(value),
        _ => {
            node.insert(key.to_owned(), Value::Array(vec![value]));
        }
    }
}

fn json_term(t: &Term) -> Value {
    match t {
        Term::Iri(i) => serde_json::json!({ "@id": i }),
        Term::Lang(s, l) => serde_json::json!({ "@value": s, "@language": l }),
        Term::Typed(s, d) => serde_json::json!({ "@value": s, "@type": d }),
        Term::Str(s) => serde_json::json!({ "@value": s }),
    }
}

/// True when `local` can follow a prefix in Turtle as written here (letters, digits,
/// `_` and `-`, not starting with `-`).
fn plain_local(local: &str) -> bool {
    !local.is_empty()
        && !local.starts_with('-')
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn turtle_iri(i: &str) -> String {
    if let Some((prefix, local)) = i.split_once(':')
        && PREFIXES.iter().any(|(p, _)| *p == prefix)
        && plain_local(local)
    {
        return i.to_owned();
    }
    let full = PREFIXES
        .iter()
        .find_map(|(p, ns)| {
            i.strip_prefix(&format!("{p}:"))
                .map(|local| format!("{ns}{local}"))
        })
        .unwrap_or_else(|| i.to_owned());
    let escaped: String = full
        .chars()
        .filter(|c| {
            !c.is_control()
                && !matches!(
                    c,
                    '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' | ' '
                )
        })
        .collect();
    format!("<{escaped}>")
}

fn turtle_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn turtle_term(t: &Term) -> String {
    match t {
        Term::Iri(i) => turtle_iri(i),
        Term::Lang(s, l) => format!("{}@{l}", turtle_string(s)),
        Term::Typed(s, d) => format!("{}^^{d}", turtle_string(s)),
        Term::Str(s) => turtle_string(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turtle_escapes_what_would_break_a_literal_or_an_iri() {
        let mut g = Graph::default();
        g.types("https://example.id/s/1", &["cpsv:PublicService"]);
        g.add(
            "https://example.id/s/1",
            "dct:title",
            Term::Lang("A \"quoted\"\nline \\ end".into(), "en"),
        );
        g.add("https://example.id/s/1", "dct:spatial", iri("country:IDN"));
        g.add(
            "https://example.id/s/1",
            "dcat:landingPage",
            iri("https://example.id/a b<c>"),
        );
        let ttl = g.turtle();
        assert!(
            ttl.contains("<https://example.id/s/1>\n    a cpsv:PublicService ;"),
            "{ttl}"
        );
        assert!(ttl.contains(r#""A \"quoted\"\nline \\ end"@en"#), "{ttl}");
        assert!(ttl.contains("dct:spatial country:IDN"), "{ttl}");
        assert!(ttl.contains("<https://example.id/abc>"), "{ttl}");
        let json = g.json_ld();
        assert_eq!(json["@graph"][0]["@type"][0], "cpsv:PublicService");
        assert_eq!(json["@graph"][0]["dct:title"][0]["@language"], "en");
    }
}
