transparency-title = Audit log transparency
transparency-intro = Every change made on this platform, and every time staff read someone's data, is written to the audit log in the same transaction as the change. The log is a Merkle tree in the manner of Certificate Transparency: once an entry is sealed into it, nobody can change, remove or reorder it without the signed tree heads below showing it.
transparency-how-title = How it works
transparency-how-append = New entries are sealed into the tree every few seconds, and each seal signs a tree head: the number of entries and the root hash, signed with the platform's log key.
transparency-how-public = Published entries carry no personal data: only the time, the action, the kind of subject with an opaque id, and a salted digest of the full entry. Full entries are for authorised auditors, whose reads are logged in turn.
transparency-how-proof = Anyone can ask for a proof that an entry is in the tree (an inclusion proof) and that a later tree still contains an earlier one (a consistency proof). An applicant can download the proof that the decision on their case is in the log from the case page.
transparency-how-verify = The operators check the whole log with the command gerbang audit verify, which recomputes the tree from the database and names every entry changed, deleted, inserted or moved.
transparency-heads-title = Latest signed tree heads
transparency-no-heads = No tree head has been signed yet.
transparency-size = Entries
transparency-signed = Signed
transparency-root = Root hash (base64)
transparency-pending = { $n ->
    [one] One entry is waiting to be sealed.
   *[other] { $n } entries are waiting to be sealed.
}
transparency-api-title = For checking by software
transparency-api-sth = The newest signed tree head (JSON)
transparency-api-keys = The log's public keys (JWK set)
transparency-api-entries = The first published entries (JSON)
transparency-api-doc = The API document, with the proof endpoints (OpenAPI)
transparency-proof-not-yet = The decision on this case is not sealed into the audit log yet. Try again in a minute.
transparency-proof-link = Proof that this decision is in the public audit log (JSON)
error-proof-range = No signed tree head has this size, or the leaf is not in that tree
footer-transparency = Audit log
