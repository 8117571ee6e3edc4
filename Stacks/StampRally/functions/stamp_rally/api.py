"""What every handler shares: API Gateway proxy events in, JSON responses out, bad input as a
clear 4xx that says what is wrong, where, and how to fix it."""
import base64
import decimal
import json
import os
import re

# A request body larger than this is refused before it is parsed (API Gateway allows 10 MB).
MAX_BODY_BYTES = 16 * 1024
_IDENTIFIER = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Cognito's `sub` claim: a UUID.
_SUBJECT = re.compile(r"[0-9a-fA-F-]{36}")


class ApiError(Exception):
    """A request the handler refuses, with the HTTP status and a message for the caller."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def handler(routes):
    """A Lambda handler that dispatches on (method, resource path) to `routes`.

    The routes are kept on the handler (`handler.routes`) so a test can compare them with the
    routes the stack's REST API sends to the function.
    """

    def handle(event, context):
        action = routes.get((event.get("httpMethod"), event.get("resource")))
        if action is None:
            return response(405, {"error": f"{event.get('httpMethod')} {event.get('resource')} is not served by this function"})
        try:
            return action(event)
        except ApiError as error:
            return response(error.status, {"error": error.message})

    handle.routes = sorted(routes)
    return handle


def response(status, body):
    """A proxy-integration response; CORS headers let the LIFF app's origin read it."""
    return {
        "statusCode": status,
        "headers": {
            "Content-Type": "application/json",
            "Access-Control-Allow-Origin": os.environ["FRONTEND_ORIGIN"],
            "Vary": "Origin",
        },
        "body": json.dumps(body, default=_json_number, ensure_ascii=False, sort_keys=True),
    }


def _json_number(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def caller(event):
    """The signed-in user's ID (`sub`) from the claims API Gateway's Cognito authorizer passed.

    The authorizer already refused unsigned requests; this refuses an event without claims too,
    so a route wired without the authorizer by mistake answers 401 instead of serving anyone.
    """
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    subject = claims.get("sub")
    if not isinstance(subject, str) or not _SUBJECT.fullmatch(subject):
        raise ApiError(401, "sign in first: the request carries no Cognito user (send the ID token in Authorization)")
    return subject


def json_body(event):
    """The request body as a JSON object; anything else is a 400 that says what was wrong."""
    body = event.get("body")
    if body is None or body == "":
        raise ApiError(400, "the request has no body: send a JSON object")
    if event.get("isBase64Encoded"):
        try:
            body = base64.b64decode(body, validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "the request body is not UTF-8 JSON")
    if len(body.encode("utf-8")) > MAX_BODY_BYTES:
        raise ApiError(400, f"the request body is larger than {MAX_BODY_BYTES} bytes")
    try:
        value = json.loads(body)
    except ValueError as error:
        raise ApiError(400, f"the request body is not JSON ({error.msg} at line {error.lineno}, column {error.colno})")
    if not isinstance(value, dict):
        raise ApiError(400, "the request body must be a JSON object, like {\"spotId\": \"...\"}")
    return value


def identifier(value, field):
    """A rally or spot ID: 1 to 64 letters, digits, '-' or '_'."""
    if value is None:
        raise ApiError(400, f"'{field}' is missing")
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
        raise ApiError(400, f"'{field}' must be 1 to 64 letters, digits, '-' or '_'")
    return value


def path_parameter(event, name):
    return identifier((event.get("pathParameters") or {}).get(name), name)


def query_parameter(event, name):
    """An optional query-string ID, checked like any other."""
    value = (event.get("queryStringParameters") or {}).get(name)
    return None if value is None else identifier(value, name)
