"""Deploys CloudFormation templates, in order, to a moto server on 127.0.0.1 and reports what
came up, as JSON on stdout.

Usage: deploy_to_moto.py PORT REGION STACK_NAME=TEMPLATE_FILE ...
(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, when set, sign for a moto that checks signatures.)

The report holds each stack's final status, and the tables and buckets as the emulated
services describe them (not as the templates say), so a test can check what a deploy creates.
"""
import json
import os
import sys
import time
import urllib.request

import boto3


def wait_for(port):
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"moto did not answer on 127.0.0.1:{port}")


def main():
    port, region, stacks = sys.argv[1], sys.argv[2], sys.argv[3:]
    wait_for(port)
    settings = dict(endpoint_url=f"http://127.0.0.1:{port}", region_name=region,
                    aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
                    aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"))
    cloudformation = boto3.client("cloudformation", **settings)
    report = {"stacks": {}, "tables": {}, "buckets": []}
    for entry in stacks:
        name, _, path = entry.partition("=")
        with open(path) as template:
            cloudformation.create_stack(StackName=name, TemplateBody=template.read(), Capabilities=["CAPABILITY_IAM"])
        status = "CREATE_IN_PROGRESS"
        for _ in range(120):
            status = cloudformation.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
            if not status.endswith("IN_PROGRESS"):
                break
            time.sleep(0.25)
        report["stacks"][name] = status
    dynamodb = boto3.client("dynamodb", **settings)
    for table in dynamodb.list_tables()["TableNames"]:
        description = dynamodb.describe_table(TableName=table)["Table"]
        report["tables"][table] = {
            "billing": description.get("BillingModeSummary", {}).get("BillingMode"),
            "keys": [key["AttributeName"] for key in description["KeySchema"]],
            "indexes": sorted(index["IndexName"] for index in description.get("GlobalSecondaryIndexes", [])),
        }
    s3 = boto3.client("s3", **settings)
    report["buckets"] = sorted(bucket["Name"] for bucket in s3.list_buckets()["Buckets"])
    print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
