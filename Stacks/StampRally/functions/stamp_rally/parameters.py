"""Values from SSM Parameter Store, read at run time (never from the environment or the code) and
kept for a few minutes so a warm function does not call SSM on every request."""
import time

import boto3

CACHE_SECONDS = 300
_cache = {}
_client = None


def value(name, decrypt=False):
    global _client
    now = time.monotonic()
    cached = _cache.get(name)
    if cached and now - cached[1] < CACHE_SECONDS:
        return cached[0]
    if _client is None:
        _client = boto3.client("ssm")
    text = _client.get_parameter(Name=name, WithDecryption=decrypt)["Parameter"]["Value"]
    _cache[name] = (text, now)
    return text
