"""Issues a LINE Login ID token as LINE would for a LIFF app (HS256 with the channel secret),
for tests of the profile handler: LINE has no emulator, so this stands in for its token only.

Usage: line_id_token.py CHANNEL_SECRET CHANNEL_ID LINE_USER_ID EXPIRY_UNIX_TIME → the token on stdout
"""
import base64
import hashlib
import hmac
import json
import sys


def part(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    secret, channel, user, expiry = sys.argv[1:5]
    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = part(json.dumps({"iss": "https://access.line.me", "aud": channel, "sub": user, "exp": int(expiry)}).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    print(f"{header}.{payload}.{part(signature)}")


if __name__ == "__main__":
    main()
