"""Puts what an operator or the LIFF app would put into a deployed stamp rally (parameters, a
rally's spots, uploaded photos) into moto, and reports the stacks' exports.

Usage: seed_moto.py < {"parameters": [{"Name", "Value", "Type"}], "items": {TABLE: [ITEM]},
                       "objects": [{"Bucket", "Key", "Size"}]}
Prints {"exports": {NAME: VALUE}}. Credentials, region and AWS_ENDPOINT_URL come from the environment.
"""
import decimal
import json
import sys

import boto3


def main():
    seed = json.load(sys.stdin, parse_float=decimal.Decimal)
    ssm = boto3.client("ssm")
    for parameter in seed.get("parameters", []):
        ssm.put_parameter(Overwrite=True, **parameter)
    dynamodb = boto3.resource("dynamodb")
    for table, items in seed.get("items", {}).items():
        for item in items:
            dynamodb.Table(table).put_item(Item=item)
    s3 = boto3.client("s3")
    for entry in seed.get("objects", []):
        s3.put_object(Bucket=entry["Bucket"], Key=entry["Key"], Body=b"\xff\xd8" + b"\0" * (entry["Size"] - 2))
    exports = {}
    for page in boto3.client("cloudformation").get_paginator("list_exports").paginate():
        exports.update({export["Name"]: export["Value"] for export in page["Exports"]})
    json.dump({"exports": exports}, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
