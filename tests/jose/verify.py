#!/usr/bin/env python3
"""Independent verifier: checks a Gerbang document token with PyJWT, reading only the
server's published JWKS (RFC 8037 OKP keys). No Gerbang code is involved.

    python3 tests/jose/verify.py BASE_URL TOKEN

Prints the verified claims as JSON and exits 0, or prints why and exits 1.
"""

import json
import sys
import urllib.request

import jwt  # PyJWT, with its `crypto` extra for EdDSA


def main() -> int:
    base, token = sys.argv[1].rstrip("/"), sys.argv[2].strip()
    with urllib.request.urlopen(f"{base}/.well-known/jwks.json", timeout=10) as res:
        jwks = json.load(res)
    try:
        header = jwt.get_unverified_header(token)
        candidates = [k for k in jwks["keys"] if k.get("kid") == header.get("kid")]
        if not candidates:
            print("unknown kid", file=sys.stderr)
            return 1
        jwk = candidates[0]
        key = jwt.PyJWK(jwk).key
        claims = jwt.decode(
            token,
            key,
            algorithms=["EdDSA"],
            options={"require": ["iss", "jti", "iat"]},
        )
    except jwt.PyJWTError as e:
        print(f"rejected: {e}", file=sys.stderr)
        return 1
    if claims["iss"] != jwk.get("agency"):
        print("issuer does not own the key", file=sys.stderr)
        return 1
    print(json.dumps(claims, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
