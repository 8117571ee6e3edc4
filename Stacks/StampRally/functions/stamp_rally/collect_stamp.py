"""POST /stamps: collect the stamp of a spot with a photo the user uploaded.

Rekognition must find one of the spot's expected labels in the photo with at least the
configured confidence. A user gets each spot's stamp once: the write is conditional, so of
many requests at once exactly one succeeds and the others answer 409.
"""
import datetime
import os
import re

import boto3
from botocore.exceptions import ClientError

from . import api, parameters

# Rekognition reads images from S3 up to 15 MB.
MAX_PHOTO_BYTES = 15 * 1024 * 1024
_dynamodb = boto3.resource("dynamodb")
_s3 = boto3.client("s3")
_rekognition = boto3.client("rekognition")


def collect(event):
    user = api.caller(event)
    body = api.json_body(event)
    rally_id = api.identifier(body.get("rallyId"), "rallyId")
    spot_id = api.identifier(body.get("spotId"), "spotId")
    photo_key = _own_photo(body.get("photoKey"), user)

    spot = _dynamodb.Table(os.environ["STAMP_MASTERS_TABLE"]).get_item(
        Key={"rallyId": rally_id, "spotId": spot_id}).get("Item")
    if spot is None:
        raise api.ApiError(404, f"rally '{rally_id}' has no spot '{spot_id}'")
    stamps = _dynamodb.Table(os.environ["USER_STAMPS_TABLE"])
    # Spot IDs name one spot across rallies (the stamps table's key is userId + spotId).
    if "Item" in stamps.get_item(Key={"userId": user, "spotId": spot_id}, ProjectionExpression="spotId"):
        raise api.ApiError(409, f"the stamp of spot '{spot_id}' is already collected")

    label = _matching_label(photo_key, spot)
    stamp = {
        "userId": user, "spotId": spot_id, "rallyId": rally_id, "photoKey": photo_key, "label": label,
        "collectedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
    }
    try:
        stamps.put_item(Item=stamp, ConditionExpression="attribute_not_exists(userId)")
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise api.ApiError(409, f"the stamp of spot '{spot_id}' is already collected")
        raise
    return api.response(201, stamp)


def _own_photo(value, user):
    """A key the caller's upload URL produced: `uploads/<their user ID>/<name>`."""
    if value is None:
        raise api.ApiError(400, "'photoKey' is missing: upload the photo with POST /uploads first")
    if not isinstance(value, str) or not re.fullmatch(r"uploads/[0-9a-fA-F-]{36}/[0-9a-f]{32}\.(jpg|png)", value):
        raise api.ApiError(400, "'photoKey' must be the photoKey POST /uploads answered")
    if not value.startswith(f"uploads/{user}/"):
        raise api.ApiError(403, "'photoKey' is another user's photo")
    return value


def _matching_label(photo_key, spot):
    bucket = os.environ["UPLOADS_BUCKET"]
    try:
        size = _s3.head_object(Bucket=bucket, Key=photo_key)["ContentLength"]
    except ClientError as error:
        if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            raise api.ApiError(400, "'photoKey' names no uploaded photo: upload it to the URL POST /uploads gave first")
        raise
    if size > MAX_PHOTO_BYTES:
        raise api.ApiError(400, f"the photo is {size} bytes; Rekognition reads at most {MAX_PHOTO_BYTES}")
    confidence = float(parameters.value(os.environ["LABEL_MIN_CONFIDENCE_PARAMETER"]))
    found = _rekognition.detect_labels(
        Image={"S3Object": {"Bucket": bucket, "Name": photo_key}}, MaxLabels=50, MinConfidence=confidence)["Labels"]
    names = {
        name.casefold(): name
        for label in found if label["Confidence"] >= confidence
        for name in [label["Name"]] + [alias["Name"] for alias in label.get("Aliases", [])]
    }
    expected = list(spot.get("labels") or [])
    for wanted in expected:
        if wanted.casefold() in names:
            return wanted
    raise api.ApiError(422, f"the photo does not show the spot: none of {sorted(expected)} was found")


handler = api.handler({("POST", "/stamps"): collect})
