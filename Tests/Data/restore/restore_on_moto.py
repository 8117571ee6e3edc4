"""Deploys CloudFormation templates to a moto server on 127.0.0.1, then runs the backup and
restore steps of the operator manual (`tenkai docs`) against what came up, and reports what the
restored copies hold, as JSON on stdout.

Usage: restore_on_moto.py PORT REGION TABLE BUCKET DB_INSTANCE STACK_NAME=TEMPLATE_FILE ...
Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (moto checks signatures).

moto copies a table's items as they are at the call for RestoreTableToPointInTime, whatever the
restore time; on-demand backups keep the items of their moment, so the backup restore is the one
that shows time: an item written after the backup must not come back.
"""
import datetime
import json
import sys
import time

import boto3


def main():
    port, region, table, bucket, instance, stacks = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
    settings = dict(endpoint_url=f"http://127.0.0.1:{port}", region_name=region)
    cloudformation = boto3.client("cloudformation", **settings)
    report = {"stacks": {}}
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

    # DynamoDB: items, an on-demand backup, later changes, then both kinds of restore.
    dynamodb = boto3.client("dynamodb", **settings)
    key_names = [key["AttributeName"] for key in dynamodb.describe_table(TableName=table)["Table"]["KeySchema"]]

    def item(number):
        fields = {name: {"S": f"{name}-{number}"} for name in key_names}
        fields["payload"] = {"S": f"written {number}"}
        return fields

    for number in (1, 2, 3):
        dynamodb.put_item(TableName=table, Item=item(number))
    backup = dynamodb.create_backup(TableName=table, BackupName=f"{table}-manual")["BackupDetails"]["BackupArn"]
    dynamodb.put_item(TableName=table, Item=item(4))
    dynamodb.delete_item(TableName=table, Key={name: item(1)[name] for name in key_names})
    dynamodb.restore_table_from_backup(TargetTableName=f"{table}-restored", BackupArn=backup)
    dynamodb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    pitr = dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    dynamodb.restore_table_to_point_in_time(
        SourceTableName=table, TargetTableName=f"{table}-pitr",
        RestoreDateTime=datetime.datetime.now(datetime.timezone.utc))

    def payloads(name):
        return sorted(entry["payload"]["S"] for entry in dynamodb.scan(TableName=name)["Items"])

    report["table"] = {
        "source": payloads(table),
        "fromBackup": payloads(f"{table}-restored"),
        "pitrStatus": pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"],
        "pointInTime": payloads(f"{table}-pitr"),
    }

    # S3: two versions and a delete, then the old version copied back over the key.
    s3 = boto3.client("s3", **settings)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=bucket, Key="stamps/photo.jpg", Body=b"first version")["VersionId"]
    s3.put_object(Bucket=bucket, Key="stamps/photo.jpg", Body=b"second version")
    s3.delete_object(Bucket=bucket, Key="stamps/photo.jpg")
    # No Prefix: moto answers SignatureDoesNotMatch to ListObjectVersions with this prefix (a/b), so filter here.
    listing = s3.list_object_versions(Bucket=bucket)
    versions = {kind: [entry for entry in listing.get(kind, []) if entry["Key"] == "stamps/photo.jpg"]
                for kind in ("Versions", "DeleteMarkers")}
    s3.copy_object(Bucket=bucket, Key="stamps/photo.jpg",
                   CopySource={"Bucket": bucket, "Key": "stamps/photo.jpg", "VersionId": first})
    report["bucket"] = {
        "versions": len(versions.get("Versions", [])),
        "deleteMarkers": len(versions.get("DeleteMarkers", [])),
        "restored": s3.get_object(Bucket=bucket, Key="stamps/photo.jpg")["Body"].read().decode(),
    }

    # RDS: what moto models of the snapshot restore (the instance's metadata, not its data).
    rds = boto3.client("rds", **settings)
    rds.create_db_instance(DBInstanceIdentifier=instance, Engine="postgres", DBInstanceClass="db.t4g.micro",
                           AllocatedStorage=20, MasterUsername="tenkai_admin", MasterUserPassword="not-a-real-secret-1")
    rds.create_db_snapshot(DBInstanceIdentifier=instance, DBSnapshotIdentifier=f"{instance}-manual")
    rds.restore_db_instance_from_db_snapshot(DBInstanceIdentifier=f"{instance}-restored", DBSnapshotIdentifier=f"{instance}-manual")
    restored = rds.describe_db_instances(DBInstanceIdentifier=f"{instance}-restored")["DBInstances"][0]
    report["database"] = {"status": restored["DBInstanceStatus"], "engine": restored["Engine"],
                          "snapshots": [s["DBSnapshotIdentifier"] for s in rds.describe_db_snapshots(DBInstanceIdentifier=instance)["DBSnapshots"]]}
    print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
