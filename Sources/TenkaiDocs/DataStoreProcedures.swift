import TenkaiCore

/// Backup and restore steps for every data store in the assembly: each RDS instance, DynamoDB
/// table and S3 bucket, with its real name and what this environment keeps (retention, PITR,
/// versioning), as commands an operator can paste.
struct DataStoreProcedures {
    var assembly: CloudAssembly

    private var region: String { assembly.manifest.region }

    /// A name as it will be in the account: account-suffixed names are written out.
    private func physicalName(_ value: Value?) -> String? {
        value?.resolvedName(account: assembly.manifest.account, region: region)
    }

    var markdown: String {
        var sections = ["## Backup and restore"]
        for component in assembly.components.components {
            guard let stack = assembly.stacks.first(where: { $0.entry.name == component.stack }) else { continue }
            for resource in component.resources {
                guard let properties = stack.template.resources[resource.logicalID]?.properties else { continue }
                switch resource.type {
                case "AWS::RDS::DBInstance": sections.append(database(component.path, properties))
                case "AWS::DynamoDB::Table": sections.append(table(component.path, properties))
                case "AWS::S3::Bucket": sections.append(bucket(component.path, properties))
                default: break
                }
            }
        }
        if sections.count == 1 { sections.append("This system keeps no data in RDS, DynamoDB or S3.") }
        return sections.joined(separator: "\n\n")
    }

    private func database(_ path: String, _ p: Fields) -> String {
        let name = physicalName(p["DBInstanceIdentifier"]) ?? "DB_INSTANCE"
        let retention = p["BackupRetentionPeriod"]?.intValue ?? 1
        return """
            ### \(path) (RDS \(p["Engine"]?.stringValue ?? "") `\(name)`)

            Automated backups are kept \(retention) day\(retention == 1 ? "" : "s"); any second in that window can be restored. \
            A restore makes a new instance: check it, then point the service at it (or rename).

            ```sh
            aws rds create-db-snapshot --region \(region) --db-instance-identifier \(name) --db-snapshot-identifier \(name)-manual-$(date +%Y%m%d%H%M)
            aws rds describe-db-snapshots --region \(region) --db-instance-identifier \(name)
            aws rds restore-db-instance-to-point-in-time --region \(region) --source-db-instance-identifier \(name) \\
                --target-db-instance-identifier \(name)-restored --restore-time 2026-01-31T09:00:00Z \\
                --db-subnet-group-name SUBNET_GROUP --vpc-security-group-ids SECURITY_GROUP
            aws rds restore-db-instance-from-db-snapshot --region \(region) --db-instance-identifier \(name)-restored --db-snapshot-identifier SNAPSHOT
            aws rds wait db-instance-available --region \(region) --db-instance-identifier \(name)-restored
            ```
            """
    }

    private func table(_ path: String, _ p: Fields) -> String {
        let name = physicalName(p["TableName"]) ?? "TABLE"
        let pitr = p["PointInTimeRecoverySpecification"]?[path: "PointInTimeRecoveryEnabled"]?.boolValue == true
        return """
            ### \(path) (DynamoDB `\(name)`)

            Point-in-time recovery is \(pitr ? "on: any second of the last 35 days can be restored" : "**off** in this environment: only on-demand backups can be restored"). \
            A restore makes a new table; copy the items back or switch the table name.

            ```sh
            aws dynamodb create-backup --region \(region) --table-name \(name) --backup-name \(name)-$(date +%Y%m%d%H%M)
            \(pitr ? "aws dynamodb describe-continuous-backups --region \(region) --table-name \(name)\naws dynamodb restore-table-to-point-in-time --region \(region) --source-table-name \(name) --target-table-name \(name)-restored --restore-date-time 2026-01-31T09:00:00Z" : "aws dynamodb list-backups --region \(region) --table-name \(name)\naws dynamodb restore-table-from-backup --region \(region) --target-table-name \(name)-restored --backup-arn BACKUP_ARN")
            aws dynamodb wait table-exists --region \(region) --table-name \(name)-restored
            ```
            """
    }

    private func bucket(_ path: String, _ p: Fields) -> String {
        let name = physicalName(p["BucketName"]) ?? "BUCKET"
        let versioned = p["VersioningConfiguration"]?[path: "Status"]?.stringValue == "Enabled"
        let steps = versioned
            ? """
                aws s3api list-object-versions --region \(region) --bucket \(name) --prefix KEY
                aws s3api copy-object --region \(region) --bucket \(name) --key KEY --copy-source "\(name)/KEY?versionId=VERSION_ID"
                """
            : "aws s3 sync s3://\(name) ./\(name)-copy --region \(region)   # versioning is off: keep copies yourself"
        return """
            ### \(path) (S3 `\(name)`)

            Versioning is \(versioned ? "on: an overwritten or deleted object is restored by copying an older version over it" : "off").

            ```sh
            \(steps)
            ```
            """
    }
}
