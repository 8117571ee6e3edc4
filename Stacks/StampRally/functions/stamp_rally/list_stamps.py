"""GET /stamps[?rallyId=…]: the signed-in user's stamps, oldest first."""
import os

import boto3
from boto3.dynamodb.conditions import Attr, Key

from . import api

_dynamodb = boto3.resource("dynamodb")


def list_stamps(event):
    user = api.caller(event)
    rally_id = api.query_parameter(event, "rallyId")
    query = {"KeyConditionExpression": Key("userId").eq(user)}
    if rally_id is not None:
        query["FilterExpression"] = Attr("rallyId").eq(rally_id)
    table = _dynamodb.Table(os.environ["USER_STAMPS_TABLE"])
    stamps = []
    while True:
        page = table.query(**query)
        stamps += page["Items"]
        if "LastEvaluatedKey" not in page:
            break
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    stamps.sort(key=lambda stamp: stamp.get("collectedAt", ""))
    return api.response(200, {"stamps": stamps})


handler = api.handler({("GET", "/stamps"): list_stamps})
