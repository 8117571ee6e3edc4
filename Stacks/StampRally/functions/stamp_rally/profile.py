"""GET /me and PUT /me: the signed-in user's profile, optionally linked to their LINE account.

A LINE account links to one user only. The check reads the `by-line-user` index, which is
eventually consistent, so two users linking the same LINE account within a second could both
succeed; the ID token proves each of them holds that account, so nothing leaks.
"""
import datetime
import os

import boto3
from boto3.dynamodb.conditions import Key

from . import api, line_login, parameters

MAX_NAME_LENGTH = 50
_dynamodb = boto3.resource("dynamodb")


def get_profile(event):
    user = api.caller(event)
    item = _table().get_item(Key={"userId": user}).get("Item")
    if item is None:
        raise api.ApiError(404, "there is no profile yet: PUT /me creates it")
    return api.response(200, item)


def put_profile(event):
    user = api.caller(event)
    body = api.json_body(event)
    name = body.get("displayName")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise api.ApiError(400, f"'displayName' must be 1 to {MAX_NAME_LENGTH} printable characters")
    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    update = "SET displayName = :name, updatedAt = :now, createdAt = if_not_exists(createdAt, :now)"
    values = {":name": name.strip(), ":now": now}
    if "lineIdToken" in body:
        line_user = line_login.line_user_id(
            body["lineIdToken"],
            channel_id=parameters.value(os.environ["LINE_CHANNEL_ID_PARAMETER"]),
            channel_secret=parameters.value(os.environ["LINE_CHANNEL_SECRET_PARAMETER"], decrypt=True))
        linked = _table().query(IndexName="by-line-user", KeyConditionExpression=Key("lineUserId").eq(line_user))["Items"]
        if any(item["userId"] != user for item in linked):
            raise api.ApiError(409, "this LINE account is linked to another user")
        update += ", lineUserId = :line"
        values[":line"] = line_user
    item = _table().update_item(
        Key={"userId": user}, UpdateExpression=update, ExpressionAttributeValues=values, ReturnValues="ALL_NEW")
    return api.response(200, item["Attributes"])


def _table():
    return _dynamodb.Table(os.environ["USERS_TABLE"])


handler = api.handler({("GET", "/me"): get_profile, ("PUT", "/me"): put_profile})
