//! HTTP Message Signatures (RFC 9421) with Ed25519, and the `Content-Digest` field of
//! RFC 9530: what a request between installs, and its answer, carry so that the other side
//! knows who sent it, that nothing changed on the way, and that it is fresh.
//!
//! The cryptography is ed25519-dalek's and sha2's; this module builds the signature base
//! (RFC 9421 §2.5) and reads the two fields. Only what signatures here use is parsed: a
//! dictionary whose members are an inner list of component names (sf-strings, with
//! optional parameters such as `;req`) with parameters, and byte sequences. (The `sfv`
//! crate parses every structured field, but its current release needs a newer Rust than
//! this workspace supports.) The tests cross-check it with the RFC's own example, and the
//! integration tests with an independent implementation (`http-message-signatures`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256, Sha512};

/// `Content-Digest` of a body: `sha-256=:…:`.
pub fn content_digest(body: &[u8]) -> String {
    format!("sha-256=:{}:", STANDARD.encode(Sha256::digest(body)))
}

/// Whether a `Content-Digest` field matches the body: every digest it gives must, and at
/// least one must be SHA-256 or SHA-512 (the others are refused, not ignored).
pub fn digest_matches(field: &str, body: &[u8]) -> bool {
    let mut any = false;
    for member in split_top(field, b',') {
        let Some((alg, value)) = member.trim().split_once('=') else {
            return false;
        };
        let Some(bytes) = byte_sequence(value.trim()) else {
            return false;
        };
        let ok = match alg.trim() {
            "sha-256" => bytes == Sha256::digest(body).as_slice(),
            "sha-512" => bytes == Sha512::digest(body).as_slice(),
            _ => false,
        };
        if !ok {
            return false;
        }
        any = true;
    }
    any
}

/// What a signature is computed over: a request, or a response to one.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    pub method: &'a str,
    /// The absolute URI the request was sent to.
    pub target_uri: &'a str,
    /// For a response: its status.
    pub status: Option<u16>,
    /// The message's header fields (for a response, the response's), by lower-case name.
    pub headers: &'a [(String, String)],
}

impl Message<'_> {
    fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The value of one covered component; `req` takes it from the request a response
    /// answers (its method and target are this message's own).
    fn component(&self, name: &str, req: bool) -> Option<String> {
        let is_response = self.status.is_some();
        match name {
            "@method" if req || !is_response => Some(self.method.to_ascii_uppercase()),
            "@target-uri" if req || !is_response => Some(self.target_uri.to_owned()),
            "@authority" if req || !is_response => authority(self.target_uri),
            "@path" if req || !is_response => path_and_query(self.target_uri).map(|(p, _)| p),
            "@query" if req || !is_response => path_and_query(self.target_uri).map(|(_, q)| q),
            "@status" if is_response && !req => self.status.map(|s| s.to_string()),
            n if !n.starts_with('@') && !req => self.header(n),
            _ => None,
        }
    }
}

fn after_scheme(uri: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = uri.split_once("://")?;
    Some((scheme, rest))
}

fn authority(uri: &str) -> Option<String> {
    let (scheme, rest) = after_scheme(uri)?;
    let host = rest.split(['/', '?']).next()?.to_ascii_lowercase();
    let default = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => "",
    };
    Some(
        host.strip_suffix(default)
            .map_or_else(|| host.clone(), str::to_owned),
    )
}

fn path_and_query(uri: &str) -> Option<(String, String)> {
    let (_, rest) = after_scheme(uri)?;
    let start = rest.find(['/', '?']).unwrap_or(rest.len());
    let tail = &rest[start..];
    let (path, query) = match tail.split_once('?') {
        Some((p, q)) => (p, format!("?{q}")),
        None => (tail, "?".to_owned()),
    };
    Some((
        if path.is_empty() {
            "/".to_owned()
        } else {
            path.to_owned()
        },
        query,
    ))
}

/// The parameters of one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// The covered components as serialized, such as `"@method"` or `"@method";req`.
    pub components: Vec<String>,
    pub created: Option<i64>,
    pub expires: Option<i64>,
    pub keyid: Option<String>,
    pub alg: Option<String>,
    pub nonce: Option<String>,
    pub tag: Option<String>,
}

impl Params {
    /// The serialized inner list: the value of `@signature-params` and of the
    /// `Signature-Input` member.
    pub fn serialize(&self) -> String {
        let mut s = format!("({})", self.components.join(" "));
        if let Some(c) = self.created {
            s.push_str(&format!(";created={c}"));
        }
        if let Some(k) = &self.keyid {
            s.push_str(&format!(";keyid={}", sf_string(k)));
        }
        if let Some(a) = &self.alg {
            s.push_str(&format!(";alg={}", sf_string(a)));
        }
        if let Some(e) = self.expires {
            s.push_str(&format!(";expires={e}"));
        }
        if let Some(n) = &self.nonce {
            s.push_str(&format!(";nonce={}", sf_string(n)));
        }
        if let Some(t) = &self.tag {
            s.push_str(&format!(";tag={}", sf_string(t)));
        }
        s
    }

    /// The component names without their parameters, such as `@method`.
    pub fn covers(&self, name: &str) -> bool {
        self.components
            .iter()
            .filter_map(|c| parse_component(c))
            .any(|(n, req)| n == name && !req)
    }
}

/// A component as written (`"@method";req`): its name and whether it takes the request's.
fn parse_component(raw: &str) -> Option<(String, bool)> {
    let (name, rest) = sf_string_prefix(raw)?;
    let req = match rest {
        "" => false,
        ";req" => true,
        _ => return None,
    };
    Some((name, req))
}

/// The signature base of RFC 9421 §2.5; `None` when a covered component is missing.
pub fn signature_base(msg: &Message<'_>, params: &Params) -> Option<String> {
    let mut lines = Vec::new();
    for c in &params.components {
        let (name, req) = parse_component(c)?;
        let value = msg.component(&name, req)?;
        if value.contains('\n') {
            return None;
        }
        lines.push(format!("{c}: {value}"));
    }
    lines.push(format!("\"@signature-params\": {}", params.serialize()));
    Some(lines.join("\n"))
}

/// Signs `msg` under `label`: the `Signature-Input` and `Signature` field values.
/// `components` are names such as `@method`, `content-digest` or `@target-uri;req`.
pub fn sign(
    msg: &Message<'_>,
    key: &SigningKey,
    keyid: &str,
    created: i64,
    nonce: &str,
    components: &[&str],
    label: &str,
) -> Option<(String, String)> {
    let params = Params {
        components: components
            .iter()
            .map(|c| match c.strip_suffix(";req") {
                Some(n) => format!("{};req", sf_string(n)),
                None => sf_string(c),
            })
            .collect(),
        created: Some(created),
        expires: None,
        keyid: Some(keyid.to_owned()),
        alg: Some("ed25519".to_owned()),
        nonce: Some(nonce.to_owned()),
        tag: None,
    };
    let base = signature_base(msg, &params)?;
    let sig = key.sign(base.as_bytes());
    Some((
        format!("{label}={}", params.serialize()),
        format!("{label}=:{}:", STANDARD.encode(sig.to_bytes())),
    ))
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the message carries no signature, or more than one")]
    Missing,
    #[error("the signature fields cannot be read")]
    Malformed,
    #[error("the signature does not cover {0}")]
    NotCovered(&'static str),
    #[error("the signature lacks created, keyid or nonce")]
    MissingParameter,
    #[error("the algorithm is not ed25519")]
    Algorithm,
    #[error("the key is not trusted")]
    UnknownKey,
    #[error("the signature is too old, or from the future")]
    Stale,
    #[error("the body does not match its Content-Digest")]
    Digest,
    #[error("the signature does not verify")]
    Invalid,
}

/// What a verified signature said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub keyid: String,
    pub nonce: String,
    pub created: i64,
}

/// How fresh a signature must be.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub now: i64,
    /// Oldest accepted `created`, in seconds before now.
    pub max_age: i64,
    /// Clocks may differ by this much: `created` up to this far ahead is accepted.
    pub skew: i64,
}

/// Verifies the one signature of `msg`: it must cover `required` components (and
/// `content-digest` whenever `body` is given, the digest matching it), carry `created`,
/// `keyid` and `nonce`, use Ed25519 under a key `resolve` trusts, and be fresh.
pub fn verify(
    msg: &Message<'_>,
    body: Option<&[u8]>,
    required: &[&'static str],
    window: Window,
    resolve: impl Fn(&str) -> Option<VerifyingKey>,
) -> Result<Verified, SignatureError> {
    let input = msg
        .header("signature-input")
        .ok_or(SignatureError::Missing)?;
    let signature = msg.header("signature").ok_or(SignatureError::Missing)?;
    let inputs = split_top(&input, b',');
    let signatures = split_top(&signature, b',');
    if inputs.len() != 1 || signatures.len() != 1 {
        return Err(SignatureError::Missing);
    }
    let (label, params) = inputs[0]
        .trim()
        .split_once('=')
        .ok_or(SignatureError::Malformed)?;
    let (sig_label, sig_value) = signatures[0]
        .trim()
        .split_once('=')
        .ok_or(SignatureError::Malformed)?;
    if label != sig_label {
        return Err(SignatureError::Missing);
    }
    let params = parse_params(params).ok_or(SignatureError::Malformed)?;
    for r in required {
        if !params.covers(r) {
            return Err(SignatureError::NotCovered(r));
        }
    }
    if let Some(body) = body {
        if !params.covers("content-digest") {
            return Err(SignatureError::NotCovered("content-digest"));
        }
        let field = msg.header("content-digest").ok_or(SignatureError::Digest)?;
        if !digest_matches(&field, body) {
            return Err(SignatureError::Digest);
        }
    }
    let (Some(created), Some(keyid), Some(nonce)) = (params.created, &params.keyid, &params.nonce)
    else {
        return Err(SignatureError::MissingParameter);
    };
    if params.alg.as_deref().is_some_and(|a| a != "ed25519") {
        return Err(SignatureError::Algorithm);
    }
    if created > window.now + window.skew
        || created < window.now - window.max_age
        || params.expires.is_some_and(|e| e < window.now)
    {
        return Err(SignatureError::Stale);
    }
    let key = resolve(keyid).ok_or(SignatureError::UnknownKey)?;
    let bytes = byte_sequence(sig_value.trim()).ok_or(SignatureError::Malformed)?;
    let sig = Signature::from_slice(&bytes).map_err(|_| SignatureError::Malformed)?;
    let base = signature_base(msg, &params).ok_or(SignatureError::Invalid)?;
    key.verify(base.as_bytes(), &sig)
        .map_err(|_| SignatureError::Invalid)?;
    Ok(Verified {
        keyid: keyid.clone(),
        nonce: nonce.clone(),
        created,
    })
}

/// The `keyid` of a message's one signature, read with the same parser [`verify`] uses
/// (to find the key before verifying).
pub fn key_id(headers: &[(String, String)]) -> Option<String> {
    let msg = Message {
        method: "",
        target_uri: "",
        status: None,
        headers,
    };
    let input = msg.header("signature-input")?;
    let members = split_top(&input, b',');
    let [member] = members.as_slice() else {
        return None;
    };
    let (_, params) = member.trim().split_once('=')?;
    parse_params(params)?.keyid
}

/// Splits on `sep` outside strings, byte sequences and parentheses.
fn split_top(s: &str, sep: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_str, mut in_bytes, mut escaped) = (0i32, false, false, false);
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if in_str {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b':' => in_bytes = !in_bytes,
            b'(' if !in_bytes => depth += 1,
            b')' if !in_bytes => depth -= 1,
            _ if b == sep && depth == 0 && !in_bytes => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() || !parts.is_empty() {
        parts.push(&s[start..]);
    }
    parts
}

/// `:base64:` as bytes.
fn byte_sequence(s: &str) -> Option<Vec<u8>> {
    let inner = s.strip_prefix(':')?.strip_suffix(':')?;
    STANDARD.decode(inner).ok()
}

/// An sf-string (RFC 8941 §3.3.3) of printable ASCII.
fn sf_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars().filter(|c| (' '..='~').contains(c)) {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// An sf-string at the start of `s`: its value and the rest of `s`.
fn sf_string_prefix(s: &str) -> Option<(String, &str)> {
    let rest = s.strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e @ ('"' | '\\'))) => value.push(e),
                _ => return None,
            },
            '"' => return Some((value, &rest[i + 1..])),
            c if (' '..='~').contains(&c) => value.push(c),
            _ => return None,
        }
    }
    None
}

/// An inner list of components with its parameters.
fn parse_params(s: &str) -> Option<Params> {
    let s = s.trim();
    let inner_end = {
        let mut in_str = false;
        let mut escaped = false;
        let mut end = None;
        for (i, b) in s.bytes().enumerate().skip(1) {
            if in_str {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_str = false,
                    _ => {}
                }
            } else if b == b'"' {
                in_str = true;
            } else if b == b')' {
                end = Some(i);
                break;
            }
        }
        end?
    };
    let list = s.strip_prefix('(')?.get(..inner_end - 1)?;
    let mut components = Vec::new();
    let mut rest = list.trim_start();
    while !rest.is_empty() {
        let (_, after) = sf_string_prefix(rest)?;
        let item_end = rest.len() - after.len();
        let params_end = after.find(' ').unwrap_or(after.len());
        let item = &rest[..item_end + params_end];
        parse_component(item)?;
        components.push(item.to_owned());
        rest = after[params_end..].trim_start();
    }
    let mut p = Params {
        components,
        created: None,
        expires: None,
        keyid: None,
        alg: None,
        nonce: None,
        tag: None,
    };
    let mut tail = s.get(inner_end + 1..)?;
    while let Some(after) = tail.strip_prefix(';') {
        let eq = after.find('=')?;
        let key = &after[..eq];
        let value_text = &after[eq + 1..];
        let (value, next) = if value_text.starts_with('"') {
            let (v, next) = sf_string_prefix(value_text)?;
            (Param::Str(v), next)
        } else {
            let end = value_text.find(';').unwrap_or(value_text.len());
            let v = value_text[..end].parse::<i64>().ok()?;
            (Param::Int(v), &value_text[end..])
        };
        match (key, value) {
            ("created", Param::Int(v)) => p.created = Some(v),
            ("expires", Param::Int(v)) => p.expires = Some(v),
            ("keyid", Param::Str(v)) => p.keyid = Some(v),
            ("alg", Param::Str(v)) => p.alg = Some(v),
            ("nonce", Param::Str(v)) => p.nonce = Some(v),
            ("tag", Param::Str(v)) => p.tag = Some(v),
            _ => return None,
        }
        tail = next;
    }
    tail.is_empty().then_some(p)
}

enum Param {
    Int(i64),
    Str(String),
}

/// An Ed25519 public key as a JWK (RFC 8037): `{"kty":"OKP","crv":"Ed25519","x":…}`.
pub fn jwk(key: &VerifyingKey, kid: &str) -> serde_json::Value {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    serde_json::json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": URL_SAFE_NO_PAD.encode(key.as_bytes()),
        "kid": kid,
        "use": "sig",
        "alg": "EdDSA",
    })
}

/// The Ed25519 keys of a JWK set, by key id.
pub fn keys_of_jwks(set: &serde_json::Value) -> Vec<(String, VerifyingKey)> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Some(keys) = set.get("keys").and_then(|k| k.as_array()) else {
        return Vec::new();
    };
    keys.iter()
        .filter(|k| k["kty"] == "OKP" && k["crv"] == "Ed25519")
        .filter_map(|k| {
            let kid = k["kid"].as_str()?.to_owned();
            let x = URL_SAFE_NO_PAD.decode(k["x"].as_str()?).ok()?;
            let bytes: [u8; 32] = x.try_into().ok()?;
            Some((kid, VerifyingKey::from_bytes(&bytes).ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9421 Appendix B.1.4: the Ed25519 test key.
    const TEST_KEY_ED25519_PRIV: &str = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU";

    fn key() -> SigningKey {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let bytes: [u8; 32] = URL_SAFE_NO_PAD
            .decode(TEST_KEY_ED25519_PRIV)
            .expect("test data")
            .try_into()
            .expect("test data");
        SigningKey::from_bytes(&bytes)
    }

    fn headers() -> Vec<(String, String)> {
        vec![
            ("Host".into(), "example.com".into()),
            ("Date".into(), "Tue, 20 Apr 2021 02:07:55 GMT".into()),
            ("Content-Type".into(), "application/json".into()),
            (
                "Content-Digest".into(),
                "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:".into(),
            ),
            ("Content-Length".into(), "18".into()),
        ]
    }

    /// RFC 9421 Appendix B.2.6: signing a request with Ed25519 gives the RFC's signature
    /// (Ed25519 is deterministic).
    #[test]
    fn rfc_9421_b_2_6() {
        let h = headers();
        let msg = Message {
            method: "POST",
            target_uri: "https://example.com/foo?param=Value&Pet=dog",
            status: None,
            headers: &h,
        };
        let params = parse_params(
            r#"("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#,
        )
        .expect("test data");
        let base = signature_base(&msg, &params).expect("test data");
        assert_eq!(
            base,
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n\"@method\": POST\n\"@path\": /foo\n\"@authority\": example.com\n\"content-type\": application/json\n\"content-length\": 18\n\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\""
        );
        let sig = key().sign(base.as_bytes());
        assert_eq!(
            STANDARD.encode(sig.to_bytes()),
            "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw=="
        );
        // And the verifier accepts the RFC's fields as sent.
        let mut h = h.clone();
        h.push((
            "Signature-Input".into(),
            format!("sig-b26={}", params.serialize()),
        ));
        h.push((
            "Signature".into(),
            "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:".into(),
        ));
        let msg = Message { headers: &h, ..msg };
        let window = Window {
            now: 1618884473,
            max_age: 300,
            skew: 5,
        };
        let public = key().verifying_key();
        let found = |_: &str| Some(public);
        // The RFC's example has no nonce: refused here, where every request carries one.
        assert_eq!(
            verify(&msg, None, &["@method"], window, found),
            Err(SignatureError::MissingParameter)
        );
    }

    fn signed(body: &[u8], created: i64) -> Vec<(String, String)> {
        let mut h = vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("content-digest".to_owned(), content_digest(body)),
        ];
        let msg = Message {
            method: "POST",
            target_uri: "http://127.0.0.1:8080/federation/v1/x?y=1",
            status: None,
            headers: &h,
        };
        let (input, sig) = sign(
            &msg,
            &key(),
            "k1",
            created,
            "n-1",
            &["@method", "@target-uri", "content-digest", "content-type"],
            "sig1",
        )
        .expect("test data");
        h.push(("signature-input".into(), input));
        h.push(("signature".into(), sig));
        h
    }

    #[test]
    fn a_signed_request_verifies_and_changes_do_not() {
        let body = br#"{"a":1}"#;
        let h = signed(body, 1000);
        let msg = Message {
            method: "POST",
            target_uri: "http://127.0.0.1:8080/federation/v1/x?y=1",
            status: None,
            headers: &h,
        };
        let public = key().verifying_key();
        let trusted = |k: &str| (k == "k1").then_some(public);
        let window = Window {
            now: 1010,
            max_age: 300,
            skew: 5,
        };
        let req = ["@method", "@target-uri"];
        let ok = verify(&msg, Some(body), &req, window, trusted).expect("test data");
        assert_eq!((ok.keyid.as_str(), ok.nonce.as_str()), ("k1", "n-1"));
        assert_eq!(
            verify(&msg, Some(br#"{"a":2}"#), &req, window, trusted),
            Err(SignatureError::Digest)
        );
        let elsewhere = Message {
            target_uri: "http://127.0.0.1:8080/federation/v1/x?y=2",
            ..msg.clone()
        };
        assert_eq!(
            verify(&elsewhere, Some(body), &req, window, trusted),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify(
                &msg,
                Some(body),
                &req,
                Window {
                    now: 1400,
                    ..window
                },
                trusted
            ),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(
                &msg,
                Some(body),
                &req,
                Window { now: 900, ..window },
                trusted
            ),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(&msg, Some(body), &req, window, |_| None),
            Err(SignatureError::UnknownKey)
        );
        let other = SigningKey::from_bytes(&[7; 32]).verifying_key();
        assert_eq!(
            verify(&msg, Some(body), &req, window, |_| Some(other)),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify(&msg, Some(body), &["@status"], window, trusted),
            Err(SignatureError::NotCovered("@status"))
        );
    }

    #[test]
    fn digests_are_checked_whole() {
        let body = b"hello";
        assert!(digest_matches(&content_digest(body), body));
        assert!(!digest_matches(&content_digest(body), b"hellO"));
        let with_md5 = format!("{}, md5=:XUFAKrxLKna5cZ2REBfFkg==:", content_digest(body));
        assert!(!digest_matches(&with_md5, body));
        assert!(!digest_matches("", body));
    }

    #[test]
    fn parameters_round_trip_in_any_order() {
        let p = parse_params(
            r#"("@method" "@target-uri";req);keyid="a\"b";nonce="n";alg="ed25519";created=5"#,
        )
        .expect("test data");
        assert_eq!(p.keyid.as_deref(), Some("a\"b"));
        assert!(p.covers("@method"));
        assert!(!p.covers("@target-uri"));
        assert_eq!(parse_params(&p.serialize()), Some(p));
        assert_eq!(parse_params(r#"("@method");created=5;foo=1"#), None);
        assert_eq!(parse_params(r#"("@method";bogus);created=5"#), None);
    }
}
