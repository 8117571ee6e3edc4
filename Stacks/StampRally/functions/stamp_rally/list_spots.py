"""GET /rallies/{rallyId}/spots: a rally's spots, public so the LIFF app shows them before sign-in.

The labels a photo must show stay out of the answer: they are what the check compares against.
"""
import os

import boto3
from boto3.dynamodb.conditions import Key

from . import api

_PUBLIC_FIELDS = ("spotId", "name", "area", "latitude", "longitude", "hint")
_dynamodb = boto3.resource("dynamodb")


def list_spots(event):
    rally_id = api.path_parameter(event, "rallyId")
    table = _dynamodb.Table(os.environ["STAMP_MASTERS_TABLE"])
    query = {"KeyConditionExpression": Key("rallyId").eq(rally_id)}
    spots = []
    while True:
        page = table.query(**query)
        spots += [{field: item[field] for field in _PUBLIC_FIELDS if field in item} for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    if not spots:
        raise api.ApiError(404, f"there is no rally '{rally_id}'")
    return api.response(200, {"rallyId": rally_id, "spots": spots})


handler = api.handler({("GET", "/rallies/{rallyId}/spots"): list_spots})
