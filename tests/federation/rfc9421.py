"""An independent RFC 9421 implementation (PyPI `http-message-signatures`) talking to Gerbang.

    rfc9421.py call URL SEED_B64 KEYID PROVIDER_KEY_B64URL < body.json
        signs a POST of the body with the Ed25519 seed, sends it, checks the signed answer
        with the provider's public key, prints {"status", "body", "answer_verified"}.
    rfc9421.py verify PUBLIC_KEY_B64URL < message.json
        verifies a request Gerbang signed ({"method", "url", "headers", "body_b64"}),
        prints {"ok": true, "nonce": ...} or {"ok": false, "error": ...}.
"""

import base64
import datetime
import json
import secrets
import sys
import urllib.error
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from http_message_signatures import (
    HTTPMessageSigner,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    algorithms,
)


def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class Keys(HTTPSignatureKeyResolver):
    def __init__(self, public=None, private=None):
        self.public, self.private = public, private

    def resolve_public_key(self, key_id):
        return self.public

    def resolve_private_key(self, key_id):
        return self.private


class Headers(dict):
    """Case-insensitive header fields, as the library reads them."""

    def __init__(self, pairs):
        super().__init__()
        for k, v in pairs:
            self[k] = v

    def __setitem__(self, k, v):
        super().__setitem__(k.lower(), v)

    def __getitem__(self, k):
        return super().__getitem__(k.lower())

    def __contains__(self, k):
        return super().__contains__(k.lower())

    def get(self, k, default=None):
        return super().get(k.lower(), default)


class Request:
    def __init__(self, method, url, headers):
        self.method, self.url, self.headers = method, url, Headers(headers)


class Response:
    def __init__(self, status, headers, request):
        self.status_code, self.headers, self.request = status, Headers(headers), request


def call(url, seed, keyid, provider_key):
    body = sys.stdin.buffer.read()
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(seed))
    req = Request("POST", url, [("Content-Type", "application/json")])
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=Keys(private=private))
    signer.sign(
        req,
        key_id=keyid,
        nonce=secrets.token_urlsafe(16),
        label="py",
        body=body,
        covered_component_ids=("@method", "@target-uri", "content-digest", "content-type"),
    )
    http_req = urllib.request.Request(url, data=body, method="POST")
    for k, v in req.headers.items():
        http_req.add_header(k, v)
    # The digest covers the content as sent: no compression.
    http_req.add_header("Accept-Encoding", "identity")
    try:
        with urllib.request.urlopen(http_req) as r:
            status, headers, answer = r.status, list(r.headers.items()), r.read()
    except urllib.error.HTTPError as e:
        status, headers, answer = e.code, list(e.headers.items()), e.read()
    public = Ed25519PublicKey.from_public_bytes(b64url(provider_key))
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=Keys(public=public))
    verified = True
    try:
        verifier.verify(
            Response(status, headers, req),
            body=answer,
            max_age=datetime.timedelta(minutes=5),
            require_components=("@status", "content-digest"),
        )
    except Exception as e:  # noqa: BLE001 - reported to the test
        verified = str(e) or type(e).__name__
    print(json.dumps({"status": status, "body": answer.decode(), "answer_verified": verified}))


def verify(public_key):
    m = json.load(sys.stdin)
    public = Ed25519PublicKey.from_public_bytes(b64url(public_key))
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=Keys(public=public))
    try:
        [result] = verifier.verify(
            Request(m["method"], m["url"], m["headers"]),
            body=base64.b64decode(m["body_b64"]),
            max_age=datetime.timedelta(minutes=5),
            require_components=("@method", "@target-uri", "content-digest"),
        )
        print(json.dumps({"ok": True, "nonce": result.nonce}))
    except Exception as e:  # noqa: BLE001 - reported to the test
        print(json.dumps({"ok": False, "error": str(e) or type(e).__name__}))


if __name__ == "__main__":
    if sys.argv[1] == "call":
        call(*sys.argv[2:6])
    else:
        verify(sys.argv[2])
