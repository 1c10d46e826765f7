//! Reading catalogue files from a directory or from the copy embedded in the binary.

use std::path::Path;

use anyhow::{Context, bail};
use gerbang_domain::catalog::{CatalogFile, parse_catalog_file};
use rust_embed::RustEmbed;

/// The demo catalogue (`catalog/` at the repository root), embedded so that `demo` works
/// from any directory.
#[derive(RustEmbed)]
#[folder = "../../catalog/"]
#[include = "*.yaml"]
struct DemoCatalog;

/// Parses every `*.yaml` file of `dir`; reports every problem of every file at once.
pub fn read_dir(dir: &Path) -> anyhow::Result<Vec<(String, CatalogFile)>> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read catalogue directory {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    names.sort();
    if names.is_empty() {
        bail!("no *.yaml files in {}", dir.display());
    }
    let mut texts = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        texts.push((path.display().to_string(), text));
    }
    parse_all(texts)
}

/// Parses the embedded demo catalogue.
pub fn demo() -> anyhow::Result<Vec<(String, CatalogFile)>> {
    let mut names: Vec<_> = DemoCatalog::iter().collect();
    names.sort();
    let mut texts = Vec::new();
    for name in names {
        let file = DemoCatalog::get(&name)
            .with_context(|| format!("embedded catalogue file {name} vanished"))?;
        let text = String::from_utf8(file.data.into_owned())
            .with_context(|| format!("catalog/{name} is not UTF-8"))?;
        texts.push((format!("catalog/{name}"), text));
    }
    parse_all(texts)
}

fn parse_all(texts: Vec<(String, String)>) -> anyhow::Result<Vec<(String, CatalogFile)>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in texts {
        match parse_catalog_file(&name, &text) {
            Ok(f) => files.push((name, f)),
            Err(errors) => problems.extend(errors.into_iter().map(|e| e.to_string())),
        }
    }
    if !problems.is_empty() {
        bail!(
            "the catalogue has {} problem(s); nothing was imported:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(files)
}
