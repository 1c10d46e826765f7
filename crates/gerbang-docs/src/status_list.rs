//! Revocation for offline verifiers: a Token Status List (IETF OAuth working group,
//! draft-ietf-oauth-status-list). Each document's token names its list (`uri`) and its
//! place in it (`idx`); the list is one bit per document (1: revoked), compressed with
//! DEFLATE in the zlib format and signed by the agency as a JWT of type `statuslist+jwt`.
//! A verifier caches the list (`ttl`) and checks the bit without asking anyone.

use std::io::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde::{Deserialize, Serialize};

/// The JOSE header type of a status list token.
pub const TYP: &str = "statuslist+jwt";

/// Where a document's status is: the `status` claim of its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub status_list: Reference,
}

/// A list and an index in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub idx: u64,
    pub uri: String,
}

/// The list itself, as the token carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct List {
    /// Bits per document: 1 (valid or revoked).
    pub bits: u8,
    /// The bytes of the list, zlib-compressed, base64url without padding.
    pub lst: String,
}

/// The claims of a status list token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListClaims {
    /// The list's own URI (what documents name in `uri`).
    pub sub: String,
    pub iat: i64,
    /// After this the list must be fetched again.
    pub exp: i64,
    /// Seconds a verifier may keep the list before fetching it again.
    pub ttl: i64,
    pub status_list: List,
}

/// The list for `len` documents of which those at `revoked` are revoked. Bit `i` is the
/// bit `i % 8` (least significant first) of byte `i / 8`.
pub fn encode(len: u64, revoked: &[u64]) -> List {
    let bytes = usize::try_from(len.div_ceil(8)).unwrap_or(0).max(1);
    let mut raw = vec![0u8; bytes];
    for &i in revoked {
        if let Some(b) = usize::try_from(i / 8).ok().and_then(|at| raw.get_mut(at)) {
            *b |= 1 << (i % 8);
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let compressed = z
        .write_all(&raw)
        .and_then(|()| z.finish())
        .unwrap_or_default();
    List {
        bits: 1,
        lst: B64.encode(compressed),
    }
}

/// Whether the document at `idx` is revoked in `list`; `None` when the list cannot be read
/// or does not reach `idx`.
pub fn is_revoked(list: &List, idx: u64) -> Option<bool> {
    if list.bits != 1 {
        return None;
    }
    let compressed = B64.decode(&list.lst).ok()?;
    let mut raw = Vec::new();
    let mut z = flate2::write::ZlibDecoder::new(&mut raw);
    z.write_all(&compressed).ok()?;
    z.finish().ok()?;
    let byte = raw.get(usize::try_from(idx / 8).ok()?)?;
    Some(byte & (1 << (idx % 8)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn matches_the_drafts_example() {
        // draft-ietf-oauth-status-list, "Status List" example: bits 0, 3, 4, 5, 7, 8, 9,
        // 13, 15 set in a list of 16 gives bytes 0xB9 0xA3.
        let list = encode(16, &[0, 3, 4, 5, 7, 8, 9, 13, 15]);
        let compressed = B64.decode(&list.lst).expect("b64");
        let mut raw = Vec::new();
        let mut z = flate2::write::ZlibDecoder::new(&mut raw);
        z.write_all(&compressed).expect("inflate");
        z.finish().expect("inflate");
        assert_eq!(raw, vec![0xB9, 0xA3]);
    }

    proptest! {
        #[test]
        fn every_bit_reads_back(len in 1u64..5000, picks in proptest::collection::vec(any::<u64>(), 0..50)) {
            let revoked: Vec<u64> = picks.iter().map(|p| p % len).collect();
            let list = encode(len, &revoked);
            for i in 0..len {
                prop_assert_eq!(is_revoked(&list, i), Some(revoked.contains(&i)));
            }
            prop_assert_eq!(is_revoked(&list, len.div_ceil(8) * 8), None);
        }
    }
}
