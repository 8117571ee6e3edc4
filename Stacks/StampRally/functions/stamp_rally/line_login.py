"""Verifies a LINE Login ID token (an HS256 JWT signed with the channel secret) without a
network call: signature, issuer, audience (the channel ID) and expiry."""
import base64
import hashlib
import hmac
import json
import re
import time

from . import api

ISSUER = "https://access.line.me"
_LINE_USER = re.compile(r"U[0-9a-f]{32}")


def line_user_id(token, channel_id, channel_secret, now=None):
    """The LINE user ID (`sub`) of a valid token; a 400 for a malformed one, a 403 for a forged,
    expired or foreign one."""
    if not isinstance(token, str) or token.count(".") != 2 or len(token) > 4096:
        raise api.ApiError(400, "'lineIdToken' must be the ID token LIFF gave (liff.getIDToken())")
    header_part, payload_part, signature_part = token.split(".")
    try:
        header = json.loads(_decode(header_part))
        payload = json.loads(_decode(payload_part))
        signature = _decode(signature_part)
    except ValueError:
        raise api.ApiError(400, "'lineIdToken' is not a JSON web token")
    if not isinstance(header, dict) or not isinstance(payload, dict) or header.get("alg") != "HS256":
        raise api.ApiError(400, "'lineIdToken' must be an HS256 ID token of LINE Login")
    expected = hmac.new(channel_secret.encode(), f"{header_part}.{payload_part}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise api.ApiError(403, "'lineIdToken' is not signed by this LINE channel")
    if payload.get("iss") != ISSUER or payload.get("aud") != channel_id:
        raise api.ApiError(403, "'lineIdToken' was issued for another LINE channel")
    expiry = payload.get("exp")
    if not isinstance(expiry, int) or expiry <= (time.time() if now is None else now):
        raise api.ApiError(403, "'lineIdToken' has expired: get a new one from LIFF")
    subject = payload.get("sub")
    if not isinstance(subject, str) or not _LINE_USER.fullmatch(subject):
        raise api.ApiError(403, "'lineIdToken' names no LINE user")
    return subject


def _decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
