"""POST /uploads: a presigned POST for one photo, under the caller's own prefix.

The policy pins the key, the content type and the size, so the URL cannot be used to store
anything else or anywhere else; collect-stamp accepts only keys under the caller's prefix.
"""
import os
import uuid

import boto3
from botocore.config import Config

from . import api

EXPIRES_SECONDS = 300
MAX_PHOTO_BYTES = 10 * 1024 * 1024
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}
# Signature version 4: S3 refuses version 2 in newer regions and is retiring it everywhere.
_s3 = boto3.client("s3", config=Config(signature_version="s3v4"))


def upload_url(event):
    user = api.caller(event)
    content_type = api.json_body(event).get("contentType")
    if content_type not in _EXTENSIONS:
        raise api.ApiError(400, f"'contentType' must be one of {sorted(_EXTENSIONS)}, the photo formats Rekognition reads")
    key = f"uploads/{user}/{uuid.uuid4().hex}.{_EXTENSIONS[content_type]}"
    post = _s3.generate_presigned_post(
        Bucket=os.environ["UPLOADS_BUCKET"], Key=key, Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, MAX_PHOTO_BYTES]],
        ExpiresIn=EXPIRES_SECONDS)
    return api.response(201, {
        "photoKey": key, "url": post["url"], "fields": post["fields"],
        "expiresInSeconds": EXPIRES_SECONDS, "maxBytes": MAX_PHOTO_BYTES,
    })


handler = api.handler({("POST", "/uploads"): upload_url})
