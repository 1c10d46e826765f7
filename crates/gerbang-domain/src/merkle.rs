//! The Merkle tree of the audit transparency log, hashed as RFC 9162 (Certificate
//! Transparency 2.0) §2.1 says: a leaf is `SHA-256(0x00 || data)`, an inner node
//! `SHA-256(0x01 || left || right)`, and a tree of `n` leaves splits at the largest power
//! of two below `n`.
//!
//! The log stores the hash of every *perfect, aligned* subtree: node `(level, index)`
//! covers leaves `index·2^level .. (index+1)·2^level`. Any hash a proof needs is built
//! from `O(log n)` of them, so neither the sealer nor a proof reads the whole log.
//! Functions here take a lookup for those nodes; [`needed`] lists which ones a
//! computation will ask for, so a caller can fetch them in one query first.

use sha2::{Digest, Sha256};

/// A SHA-256 value.
pub type Hash = [u8; 32];

/// A stored node: `(level, index)`.
pub type NodeId = (u32, u64);

/// `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The hash of the empty tree: `SHA-256()` of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The largest power of two strictly below `n` (`n >= 2`).
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// Why a hash could not be computed: a node the lookup did not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("tree node ({0}, {1}) is missing")]
pub struct Missing(pub u32, pub u64);

/// `MTH(D[start..end])`, from the stored perfect subtrees.
pub fn range_hash(
    start: u64,
    end: u64,
    node: &mut (impl FnMut(NodeId) -> Option<Hash> + ?Sized),
) -> Result<Hash, Missing> {
    let n = end - start;
    if n == 0 {
        return Ok(empty_root());
    }
    if n.is_power_of_two() && start.is_multiple_of(n) {
        let id = (n.trailing_zeros(), start / n);
        return node(id).ok_or(Missing(id.0, id.1));
    }
    let k = split(n);
    let left = range_hash(start, start + k, node)?;
    let right = range_hash(start + k, end, node)?;
    Ok(node_hash(&left, &right))
}

/// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162
/// §2.1.3.1), nearest sibling first.
pub fn inclusion_proof(
    index: u64,
    size: u64,
    node: &mut (impl FnMut(NodeId) -> Option<Hash> + ?Sized),
) -> Result<Vec<Hash>, Missing> {
    fn path(
        m: u64,
        start: u64,
        end: u64,
        node: &mut (impl FnMut(NodeId) -> Option<Hash> + ?Sized),
        out: &mut Vec<Hash>,
    ) -> Result<(), Missing> {
        let n = end - start;
        if n <= 1 {
            return Ok(());
        }
        let k = split(n);
        if m < k {
            path(m, start, start + k, node, out)?;
            out.push(range_hash(start + k, end, node)?);
        } else {
            path(m - k, start + k, end, node, out)?;
            out.push(range_hash(start, start + k, node)?);
        }
        Ok(())
    }
    let mut out = Vec::new();
    if index < size {
        path(index, 0, size, node, &mut out)?;
    }
    Ok(out)
}

/// The proof that the tree of `first` leaves is a prefix of the tree of `second` leaves
/// (RFC 9162 §2.1.4.1).
pub fn consistency_proof(
    first: u64,
    second: u64,
    node: &mut (impl FnMut(NodeId) -> Option<Hash> + ?Sized),
) -> Result<Vec<Hash>, Missing> {
    fn sub(
        m: u64,
        start: u64,
        end: u64,
        whole: bool,
        node: &mut (impl FnMut(NodeId) -> Option<Hash> + ?Sized),
        out: &mut Vec<Hash>,
    ) -> Result<(), Missing> {
        let n = end - start;
        if m == n {
            if !whole {
                out.push(range_hash(start, end, node)?);
            }
            return Ok(());
        }
        let k = split(n);
        if m <= k {
            sub(m, start, start + k, whole, node, out)?;
            out.push(range_hash(start + k, end, node)?);
        } else {
            sub(m - k, start + k, end, false, node, out)?;
            out.push(range_hash(start, start + k, node)?);
        }
        Ok(())
    }
    let mut out = Vec::new();
    if 0 < first && first < second {
        sub(first, 0, second, true, node, &mut out)?;
    }
    Ok(out)
}

/// The nodes `compute` will look up, in the order it asks: run it once with this to know
/// what to fetch.
pub fn needed<T>(
    compute: impl FnOnce(&mut dyn FnMut(NodeId) -> Option<Hash>) -> Result<T, Missing>,
) -> Vec<NodeId> {
    let mut ids = Vec::new();
    let mut record = |id: NodeId| {
        ids.push(id);
        Some([0u8; 32])
    };
    let _ = compute(&mut record);
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Checks an audit path (RFC 9162 §2.1.3.2): leaf `index` with hash `leaf` is in the tree
/// of `size` leaves whose root is `root`.
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, path: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in path {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Checks a consistency proof (RFC 9162 §2.1.4.2): the tree of `first` leaves with root
/// `first_root` is a prefix of the tree of `second` leaves with root `second_root`.
pub fn verify_consistency(
    first: u64,
    second: u64,
    first_root: &Hash,
    second_root: &Hash,
    proof: &[Hash],
) -> bool {
    if first > second {
        return false;
    }
    if first == second {
        return proof.is_empty() && first_root == second_root;
    }
    if first == 0 {
        return proof.is_empty();
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let Some((head, rest)) = path.split_first() else {
        return false;
    };
    let (mut f, mut s) = (first - 1, second - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*head, *head);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *first_root && sr == *second_root && s == 0
}

/// The right edge of a tree: the roots of its perfect subtrees, largest (leftmost)
/// first. Appending a leaf yields the stored nodes it completes; the root folds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    /// `(level, hash)`, levels strictly decreasing.
    edge: Vec<(u32, Hash)>,
}

impl Frontier {
    /// The frontier of a tree of `size` leaves, from its stored perfect subtrees.
    pub fn load(
        size: u64,
        node: &mut (impl FnMut(NodeId) -> Option<Hash> + ?Sized),
    ) -> Result<Frontier, Missing> {
        let mut edge = Vec::new();
        let mut offset = 0u64;
        for level in (0..64u32).rev() {
            let width = 1u64 << level;
            if size & width != 0 {
                let id = (level, offset >> level);
                edge.push((level, node(id).ok_or(Missing(id.0, id.1))?));
                offset += width;
            }
        }
        Ok(Frontier { size, edge })
    }

    /// The nodes [`Frontier::load`] reads for `size`.
    pub fn ids(size: u64) -> Vec<NodeId> {
        needed(|node| Frontier::load(size, node))
    }

    /// How many leaves the tree has.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf's hash; returns the nodes to store: the leaf itself at level 0 and
    /// each perfect subtree it completes.
    pub fn push(&mut self, leaf: Hash) -> Vec<(NodeId, Hash)> {
        let index = self.size;
        let mut stored = vec![((0, index), leaf)];
        let mut current = (0u32, leaf);
        while let Some(&(level, left)) = self.edge.last() {
            if level != current.0 {
                break;
            }
            self.edge.pop();
            let up = level + 1;
            let hash = node_hash(&left, &current.1);
            stored.push(((up, index >> up), hash));
            current = (up, hash);
        }
        self.edge.push(current);
        self.size += 1;
        stored
    }

    /// The tree's root hash (RFC 9162's `MTH`).
    pub fn root(&self) -> Hash {
        let mut iter = self.edge.iter().rev();
        let Some(&(_, mut acc)) = iter.next() else {
            return empty_root();
        };
        for (_, left) in iter {
            acc = node_hash(left, &acc);
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;

    /// RFC 9162's recursive definition, straight from the text.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = usize::try_from(split(n as u64)).unwrap_or(usize::MAX);
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn build(n: u64) -> (Vec<Hash>, HashMap<NodeId, Hash>, Frontier) {
        let mut f = Frontier::default();
        let mut nodes = HashMap::new();
        let mut leaves = Vec::new();
        for i in 0..n {
            let leaf = leaf_hash(format!("entry {i}").as_bytes());
            leaves.push(leaf);
            nodes.extend(f.push(leaf));
        }
        (leaves, nodes, f)
    }

    #[test]
    fn the_empty_tree_and_a_single_leaf_hash_as_the_rfc_says() {
        // SHA-256 of the empty string.
        assert_eq!(
            hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // RFC 9162 leaf of the empty string: SHA-256(0x00).
        assert_eq!(
            hex(&leaf_hash(b"")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
    }

    fn hex(h: &Hash) -> String {
        h.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn a_frontier_reloads_from_the_stored_nodes() {
        let (_, nodes, f) = build(13);
        let mut get = |id: NodeId| nodes.get(&id).copied();
        let loaded = Frontier::load(13, &mut get).expect("load");
        assert_eq!(loaded, f);
        assert_eq!(Frontier::ids(13), vec![(0, 12), (2, 2), (3, 0)]);
    }

    proptest! {
        #[test]
        fn the_frontier_root_and_every_range_match_the_definition(n in 0u64..300) {
            let (leaves, nodes, f) = build(n);
            prop_assert_eq!(f.root(), mth(&leaves));
            let mut get = |id: NodeId| nodes.get(&id).copied();
            for size in 0..=n {
                let expect = mth(&leaves[..usize::try_from(size).unwrap_or(0)]);
                prop_assert_eq!(range_hash(0, size, &mut get).expect("range"), expect);
            }
        }

        #[test]
        fn every_inclusion_proof_verifies_and_no_other_leaf_does(
            n in 1u64..300, pick in any::<u64>(), other in any::<u64>()
        ) {
            let (leaves, nodes, _) = build(n);
            let size = 1 + pick % n;
            let index = other % size;
            let mut get = |id: NodeId| nodes.get(&id).copied();
            let root = range_hash(0, size, &mut get).expect("root");
            let proof = inclusion_proof(index, size, &mut get).expect("proof");
            let leaf = leaves[usize::try_from(index).unwrap_or(0)];
            prop_assert!(verify_inclusion(index, size, &leaf, &proof, &root));
            // The same path does not prove a different leaf, position or size.
            prop_assert!(!verify_inclusion(index, size, &leaf_hash(b"forged"), &proof, &root));
            if size > 1 {
                let moved = (index + 1) % size;
                prop_assert!(!verify_inclusion(moved, size, &leaf, &proof, &root)
                    || leaves[usize::try_from(moved).unwrap_or(0)] == leaf);
            }
            // Nor the leaf under another root (the tree size itself is bound by the signed
            // tree head, not by the path).
            prop_assert!(!verify_inclusion(index, size, &leaf, &proof, &leaf_hash(b"other root")));
            // Needed lists exactly what the proof reads.
            let ids = needed(|node| inclusion_proof(index, size, node));
            let mut only = |id: NodeId| ids.contains(&id).then(|| nodes[&id]);
            prop_assert_eq!(inclusion_proof(index, size, &mut only).expect("again"), proof);
        }

        #[test]
        fn every_consistency_proof_verifies_and_a_changed_history_does_not(
            n in 1u64..300, a in any::<u64>(), b in any::<u64>()
        ) {
            let (_, nodes, _) = build(n);
            let (mut first, mut second) = (a % (n + 1), b % (n + 1));
            if first > second {
                std::mem::swap(&mut first, &mut second);
            }
            let mut get = |id: NodeId| nodes.get(&id).copied();
            let r1 = range_hash(0, first, &mut get).expect("r1");
            let r2 = range_hash(0, second, &mut get).expect("r2");
            let proof = consistency_proof(first, second, &mut get).expect("proof");
            prop_assert!(verify_consistency(first, second, &r1, &r2, &proof));
            if 0 < first && first < second {
                let forged = leaf_hash(b"another history");
                prop_assert!(!verify_consistency(first, second, &forged, &r2, &proof));
                prop_assert!(!verify_consistency(first, second, &r1, &forged, &proof));
                let mut cut = proof;
                cut.pop();
                prop_assert!(!verify_consistency(first, second, &r1, &r2, &cut));
            }
        }
    }
}
