#!/usr/bin/env python3
"""Independent verifier: checks Gerbang documents with PyJWT and the standard library,
reading only what the server publishes (its JWKS, RFC 8037 OKP keys, and the agencies'
status lists). No Gerbang code is involved.

    python3 tests/jose/verify.py BASE_URL TOKEN
        Verifies a document token (or the address its QR code holds), then reads the
        status list the token names. Prints {"claims": ..., "revoked": bool} and exits 0,
        or prints why and exits 1.

    python3 tests/jose/verify.py BASE_URL --pdf FILE
        Ties a PDF file to its document: verifies the seal appended to the file and that
        its SHA-256 covers every byte before it. Prints {"jti": ..., "len": ...} and
        exits 0, or prints why and exits 1.
"""

import base64
import hashlib
import json
import re
import sys
import urllib.parse
import urllib.request
import zlib

import jwt  # PyJWT, with its `crypto` extra for EdDSA


def fetch(url: str, accept: str) -> bytes:
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=10) as res:
        return res.read()


def verify(jwks: dict, token: str, typ: str | None = None) -> tuple[dict, dict]:
    header = jwt.get_unverified_header(token)
    if typ is not None and header.get("typ") != typ:
        raise ValueError(f"typ {header.get('typ')!r}, expected {typ!r}")
    candidates = [k for k in jwks["keys"] if k.get("kid") == header.get("kid")]
    if not candidates:
        raise ValueError("unknown kid")
    jwk = candidates[0]
    claims = jwt.decode(
        token,
        jwt.PyJWK(jwk).key,
        algorithms=["EdDSA"],
        options={"verify_aud": False, "verify_sub": False, "verify_iat": False},
    )
    return jwk, claims


def revoked(jwks: dict, status: dict) -> bool:
    ref = status["status_list"]
    token = fetch(ref["uri"], "application/statuslist+jwt").decode()
    _, claims = verify(jwks, token, "statuslist+jwt")
    if claims["sub"] != ref["uri"]:
        raise ValueError("the status list is for another address")
    lst = claims["status_list"]
    if lst["bits"] != 1:
        raise ValueError("unexpected bits")
    raw = zlib.decompress(base64.urlsafe_b64decode(lst["lst"] + "=" * (-len(lst["lst"]) % 4)))
    idx = ref["idx"]
    return bool(raw[idx // 8] >> (idx % 8) & 1)


def main() -> int:
    base = sys.argv[1].rstrip("/")
    jwks = json.loads(fetch(f"{base}/.well-known/jwks.json", "application/jwk-set+json"))
    try:
        if sys.argv[2] == "--pdf":
            data = open(sys.argv[3], "rb").read()
            found = re.findall(rb"/GerbangSeal \(([A-Za-z0-9_.-]+)\)", data)
            if not found:
                raise ValueError("no seal")
            _, seal = verify(jwks, found[-1].decode(), "gerbang-pdf-seal+jwt")
            if hashlib.sha256(data[: seal["len"]]).hexdigest() != seal["sha256"]:
                raise ValueError("the file differs from the one sealed")
            print(json.dumps({"jti": seal["jti"], "len": seal["len"]}))
            return 0
        token = sys.argv[2].strip()
        if "token=" in token:
            token = urllib.parse.parse_qs(urllib.parse.urlsplit(token).query)["token"][0]
        jwk, claims = verify(jwks, token)
        for name in ("iss", "jti", "iat"):
            if name not in claims:
                raise ValueError(f"no {name}")
        if claims["iss"] != jwk.get("agency"):
            raise ValueError("issuer does not own the key")
        print(json.dumps({"claims": claims, "revoked": revoked(jwks, claims["status"])}, ensure_ascii=False))
        return 0
    except (jwt.PyJWTError, ValueError, KeyError, IndexError, zlib.error) as e:
        print(f"rejected: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
