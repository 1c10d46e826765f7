//! The seal that ties a PDF file to its document: a JWS, signed by the issuing agency,
//! over the SHA-256 of every byte of the PDF before it, appended to the file as a PDF
//! incremental update (ISO 32000-1 §7.5.6, the mechanism PDF signatures use). Any PDF
//! reader opens the sealed file as before; anyone can recompute the digest with nothing but
//! SHA-256: hash the first `len` bytes, compare with the signed `sha256`.
//!
//! The document's own token (in its QR code) cannot carry the digest of a file that
//! contains it; the seal can, because it comes after the bytes it covers.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The dictionary key under which the seal's JWS sits in the appended object.
pub const SEAL_KEY: &str = "/GerbangSeal";

/// The JOSE header type of a seal.
pub const SEAL_TYP: &str = "gerbang-pdf-seal+jwt";

/// What a seal signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealClaims {
    /// The document number (the `jti` of the document's token).
    pub jti: String,
    /// How many bytes from the start of the file the digest covers.
    pub len: u64,
    /// SHA-256 (hex) of those bytes.
    pub sha256: String,
}

impl SealClaims {
    /// The claims sealing `pdf` (the whole file as it is now) for document `jti`.
    pub fn of(jti: &str, pdf: &[u8]) -> SealClaims {
        SealClaims {
            jti: jti.to_owned(),
            len: pdf.len() as u64,
            sha256: hex(&Sha256::digest(pdf)),
        }
    }

    /// True when the first `len` bytes of `file` have the sealed digest.
    pub fn covers(&self, file: &[u8]) -> bool {
        usize::try_from(self.len)
            .ok()
            .and_then(|n| file.get(..n))
            .is_some_and(|prefix| hex(&Sha256::digest(prefix)) == self.sha256)
    }

    /// The claims from a verified payload.
    pub fn from_json(bytes: &[u8]) -> Option<SealClaims> {
        serde_json::from_slice(bytes).ok()
    }

    /// The claims as JSON (the JWS payload).
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a seal could not be appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot seal the PDF: {0}")]
pub struct SealError(&'static str);

/// Appends `jws` to `pdf` as an incremental update: one new object holding the seal, its
/// cross-reference section, and a trailer repeating the file's `/Root`, `/Info` and `/ID`
/// with `/Prev` pointing at the previous cross-reference table.
pub fn append(pdf: &[u8], jws: &str) -> Result<Vec<u8>, SealError> {
    if !jws
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(SealError("the seal is not a compact JWS"));
    }
    let text = std::str::from_utf8(tail(pdf)).map_err(|_| SealError("trailer is not text"))?;
    let trailer_at = text.rfind("trailer").ok_or(SealError("no trailer"))?;
    let trailer = &text[trailer_at..];
    let size: u64 = entry(trailer, "/Size")
        .and_then(|v| v.parse().ok())
        .ok_or(SealError("no /Size"))?;
    let root = entry(trailer, "/Root").ok_or(SealError("no /Root"))?;
    let info = entry(trailer, "/Info");
    let id = trailer
        .find("/ID")
        .and_then(|at| {
            let rest = &trailer[at + 3..];
            let open = rest.find('[')?;
            let close = rest.find(']')?;
            Some(rest[open..=close].to_owned())
        })
        .ok_or(SealError("no /ID"))?;
    let prev: u64 = text
        .rfind("startxref")
        .and_then(|at| text[at + "startxref".len()..].split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or(SealError("no startxref"))?;
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let object_at = out.len();
    out.extend_from_slice(format!("{size} 0 obj\n<< {SEAL_KEY} ({jws}) >>\nendobj\n").as_bytes());
    let xref_at = out.len();
    let info = info.map(|i| format!(" /Info {i}")).unwrap_or_default();
    out.extend_from_slice(
        format!(
            "xref\n{size} 1\n{object_at:010} 00000 n\r\ntrailer\n<< /Size {} /Root {root}{info} /ID {id} /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
            size + 1
        )
        .as_bytes(),
    );
    Ok(out)
}

/// The last part of a PDF, where its trailer is.
fn tail(pdf: &[u8]) -> &[u8] {
    &pdf[pdf.len().saturating_sub(4096)..]
}

/// The value after `key` in a trailer dictionary: a number, or an `n g R` reference.
fn entry(trailer: &str, key: &str) -> Option<String> {
    let at = trailer.find(key)? + key.len();
    let words: Vec<&str> = trailer[at..].split_whitespace().take(3).collect();
    match words.as_slice() {
        [n, g, "R", ..] => Some(format!("{n} {g} R")),
        [n, ..] => Some(n.trim_end_matches(">>").to_owned()),
        [] => None,
    }
}

/// The seal's JWS in a sealed PDF (the last one, if the file was sealed twice).
pub fn find(pdf: &[u8]) -> Option<String> {
    let key = format!("{SEAL_KEY} (");
    let at = tail(pdf)
        .windows(key.len())
        .rposition(|w| w == key.as_bytes())?;
    let start = pdf.len().saturating_sub(4096) + at + key.len();
    crate::jws::read_compact(&pdf[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<<\n  /Size 2\n  /Root 1 0 R\n  /Info 1 0 R\n  /ID [(abc) (def)]\n>>\nstartxref\n47\n%%EOF";

    #[test]
    fn the_seal_is_an_incremental_update_that_covers_every_byte_before_it() {
        let claims = SealClaims::of("DOC-1", PDF);
        let sealed = append(PDF, "aGVhZA.cGF5bG9hZA.c2ln").expect("seal");
        assert!(sealed.starts_with(PDF));
        let added = String::from_utf8_lossy(&sealed[PDF.len()..]).into_owned();
        assert!(
            added.contains("2 0 obj\n<< /GerbangSeal (aGVhZA.cGF5bG9hZA.c2ln) >>"),
            "{added}"
        );
        assert!(
            added.contains("/Size 3 /Root 1 0 R /Info 1 0 R /ID [(abc) (def)] /Prev 47"),
            "{added}"
        );
        assert!(added.ends_with("%%EOF\n"));
        // The new xref entry points at the new object.
        let object_at = PDF.len() + 1;
        assert!(
            added.contains(&format!("2 1\n{object_at:010} 00000 n")),
            "{added}"
        );
        assert_eq!(&sealed[object_at..object_at + 7], b"2 0 obj");
        assert_eq!(find(&sealed).as_deref(), Some("aGVhZA.cGF5bG9hZA.c2ln"));
        assert!(claims.covers(&sealed));
        let mut tampered = sealed;
        tampered[12] ^= 1;
        assert!(!claims.covers(&tampered));
        assert!(!claims.covers(&PDF[..10]));
    }

    #[test]
    fn refuses_what_is_not_a_pdf_or_not_a_jws() {
        assert!(append(b"hello", "a.b.c").is_err());
        assert!(append(PDF, "a) >> evil (").is_err());
        assert_eq!(find(PDF), None);
    }
}
