import Tenkai
import TenkaiCore
import Testing

/// Bucket, Table, Database and BackupPlan: defaults per environment, what each modifier
/// renders, their references, and the rules their bad settings trip.
@Suite struct StorageComponentTests {
    // MARK: Bucket

    @Test func aBucketsDefaultsInDevelopment() throws {
        let resources = try Components.resources { Bucket("files") }
        let bucket = try #require(resources["FilesBucket"])
        #expect(bucket.properties["BucketName"] == .sub("shop-dev-files-${AWS::AccountId}-${AWS::Region}"))
        #expect(bucket.properties["BucketEncryption"]?[path: "ServerSideEncryptionConfiguration"]?.listValue?.first?[path: "ServerSideEncryptionByDefault"]
            == ["SSEAlgorithm": "AES256"])
        #expect(bucket.properties["VersioningConfiguration"] == ["Status": "Enabled"])
        #expect(bucket.properties["OwnershipControls"] == ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]])
        #expect(bucket.deletionPolicy == .delete)
        let rules = bucket.properties["LifecycleConfiguration"]?[path: "Rules"]?.listValue ?? []
        #expect(rules.compactMap { $0[path: "Id"]?.stringValue } == ["abort-incomplete-uploads", "expire-old-versions"])
        #expect(rules.last?[path: "NoncurrentVersionExpiration.NoncurrentDays"] == 90)
        let policy = try #require(resources["FilesBucketPolicy"])
        let statements = policy.properties["PolicyDocument"]?[path: "Statement"]?.listValue ?? []
        #expect(statements.count == 1)
        #expect(statements.first?[path: "Sid"] == "DenyInsecureTransport")
        #expect(resources.count == 2, "no key outside production: \(resources.keys.sorted())")
    }

    @Test func aProductionBucketHasItsOwnRotatedKeyAndIsRetained() throws {
        let resources = try Components.resources(Fixtures.prod) { Bucket("files") }
        let bucket = try #require(resources["FilesBucket"])
        let key = try #require(resources["FilesBucketKey"])
        #expect(key.type == "AWS::KMS::Key" && key.properties["EnableKeyRotation"] == true)
        #expect(bucket.properties["BucketEncryption"]?[path: "ServerSideEncryptionConfiguration"]?.listValue?.first?[path: "ServerSideEncryptionByDefault"]
            == ["SSEAlgorithm": "aws:kms", "KMSMasterKeyID": .getAtt("FilesBucketKey", "Arn")])
        #expect(bucket.deletionPolicy == .retain && bucket.updateReplacePolicy == .retain)
    }

    @Test func bucketModifiersRenderWhatTheySay() throws {
        let resources = try Components.resources {
            let logs = Bucket("logs").encryption(.s3Managed).versioned(false).expireObjects(after: 30)
                .acceptingLogs(from: .s3ServerAccessLogs, .cloudTrail)
            logs
            Bucket("uploads").cors(allowedOrigins: ["https://shop.example.com"]).accessLogs(to: logs.bucketName)
                .abortIncompleteUploads(afterDays: 2).expireNoncurrentVersions(after: nil).retained()
        }
        let logs = try #require(resources["LogsBucket"])
        #expect(logs.properties["VersioningConfiguration"] == nil)
        #expect(logs.properties["LifecycleConfiguration"]?[path: "Rules"]?.listValue?.compactMap { $0[path: "Id"]?.stringValue }
            == ["abort-incomplete-uploads", "expire-objects"])
        let sids = resources["LogsBucketPolicy"]?.properties["PolicyDocument"]?[path: "Statement"]?.listValue?.compactMap { $0[path: "Sid"]?.stringValue }
        #expect(sids == ["DenyInsecureTransport", "AllowS3ServerAccessLogs", "AllowCloudTrailDelivery"])
        let uploads = try #require(resources["UploadsBucket"])
        #expect(uploads.properties["CorsConfiguration"]?[path: "CorsRules"]?.listValue?.first?[path: "AllowedOrigins"] == ["https://shop.example.com"])
        #expect(uploads.properties["LoggingConfiguration"] == ["DestinationBucketName": .ref("LogsBucket"), "LogFilePrefix": "uploads/"])
        let rules = uploads.properties["LifecycleConfiguration"]?[path: "Rules"]?.listValue ?? []
        #expect(rules.count == 1 && rules[0][path: "AbortIncompleteMultipartUpload.DaysAfterInitiation"] == 2)
        #expect(uploads.deletionPolicy == .retain, "retained() in development too")
    }

    @Test func aBucketWithAKeyOfTheSystemUsesIt() throws {
        let resources = try Components.resources {
            let key = EncryptionKey("data")
            key
            Bucket("files").encrypted(with: key)
        }
        #expect(resources["FilesBucket"]?.properties["BucketEncryption"]?[path: "ServerSideEncryptionConfiguration"]?.listValue?.first?[path: "ServerSideEncryptionByDefault.KMSMasterKeyID"]
            == .getAtt("DataKey", "Arn"))
        #expect(resources["FilesBucketKey"] == nil)
    }

    @Test func bucketReferences() {
        let bucket = Bucket("files")
        #expect(bucket.bucketName.value == .ref("FilesBucket"))
        #expect(bucket.arn.value == .getAtt("FilesBucket", "Arn"))
        #expect(bucket.regionalDomainName.value == .getAtt("FilesBucket", "RegionalDomainName"))
        #expect(bucket.domainName.value == .getAtt("FilesBucket", "DomainName"))
    }

    @Test func aBucketNameTooLongForS3IsAnError() {
        let errors = Components.errors { Bucket(String(repeating: "a", count: 40)) }
        #expect(errors.contains { $0.hasPrefix("bucket name 'shop-dev-\(String(repeating: "a", count: 40))' with the account and region suffix may exceed S3's 63 characters") })
    }

    @Test func rulesCatchABucketMadePublicOrUnencryptedOrUnretained() {
        let open = Components.errors { Bucket("files").override("Properties.PublicAccessBlockConfiguration.BlockPublicPolicy", false) }
        #expect(open.contains("[public-bucket] FilesBucket does not block public access (BlockPublicPolicy not true)"), "\(open)")
        let plain = Components.errors { Bucket("files").override("Properties.BucketEncryption", nil) }
        #expect(plain.contains("[encryption-at-rest] FilesBucket (AWS::S3::Bucket) has no BucketEncryption"), "\(plain)")
        let deletable = Components.errors(Fixtures.prod) { Bucket("files").retained(false) }
        #expect(deletable.contains("[deletion-protection] FilesBucket (AWS::S3::Bucket) needs DeletionPolicy Retain or RetainExceptOnCreate in production"), "\(deletable)")
    }

    // MARK: Table

    @Test func aTablesDefaultsAndIndexes() throws {
        let resources = try Components.resources {
            Table("orders", partitionKey: .string("id"), sortKey: .number("placedAt"))
                .index("by-customer", partitionKey: .string("customerId"), sortKey: .number("placedAt"))
                .timeToLive("expiresAt")
        }
        let table = try #require(resources["OrdersTable"])
        #expect(table.properties["TableName"] == "shop-dev-orders")
        #expect(table.properties["BillingMode"] == "PAY_PER_REQUEST")
        #expect(table.properties["AttributeDefinitions"] == [
            ["AttributeName": "id", "AttributeType": "S"], ["AttributeName": "placedAt", "AttributeType": "N"],
            ["AttributeName": "customerId", "AttributeType": "S"],
        ], "each key attribute once, in first-use order")
        #expect(table.properties["KeySchema"] == [["AttributeName": "id", "KeyType": "HASH"], ["AttributeName": "placedAt", "KeyType": "RANGE"]])
        #expect(table.properties["GlobalSecondaryIndexes"]?.listValue?.first?[path: "IndexName"] == "by-customer")
        #expect(table.properties["GlobalSecondaryIndexes"]?.listValue?.first?[path: "Projection.ProjectionType"] == "ALL")
        #expect(table.properties["PointInTimeRecoverySpecification"] == ["PointInTimeRecoveryEnabled": true])
        #expect(table.properties["SSESpecification"] == ["SSEEnabled": true])
        #expect(table.properties["TimeToLiveSpecification"] == ["AttributeName": "expiresAt", "Enabled": true])
        #expect(table.properties["DeletionProtectionEnabled"] == false && table.deletionPolicy == .delete)
        #expect(resources.count == 1)
    }

    @Test func aTableIsProtectedInProductionAndEncryptsWithAGivenKey() throws {
        let production = try Components.resources(Fixtures.prod) {
            let key = EncryptionKey("tables")
            key
            Table("orders", partitionKey: .string("id")).encrypted(with: key.arn)
        }
        let table = try #require(production["OrdersTable"])
        #expect(table.properties["DeletionProtectionEnabled"] == true && table.deletionPolicy == .retain)
        #expect(table.properties["SSESpecification"] == ["SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": .getAtt("TablesKey", "Arn")])
        let protectedInDev = try Components.resources { Table("orders", partitionKey: .string("id")).protected() }
        #expect(protectedInDev["OrdersTable"]?.properties["DeletionProtectionEnabled"] == true)
    }

    @Test func anUnprotectedProductionTableTripsTheDeletionRule() {
        let errors = Components.errors(Fixtures.prod) { Table("orders", partitionKey: .string("id")).protected(false) }
        #expect(errors.contains("[deletion-protection] OrdersTable (AWS::DynamoDB::Table) needs DeletionProtectionEnabled true in production"), "\(errors)")
        #expect(errors.contains("[deletion-protection] OrdersTable (AWS::DynamoDB::Table) needs DeletionPolicy Retain or RetainExceptOnCreate in production"))
    }

    @Test func tableReferences() {
        let table = Table("user-stamps", partitionKey: .string("id"))
        #expect(table.tableName.value == .ref("UserStampsTable"))
        #expect(table.arn.value == .getAtt("UserStampsTable", "Arn"))
    }

    // MARK: Database

    @Test func aDatabasesDefaultsInDevelopment() throws {
        let resources = try Components.resources {
            let network = Network("main", availabilityZones: 2)
            network
            Database("orders", engine: .postgres("16.9"), in: network)
        }
        let db = try Components.only("AWS::RDS::DBInstance", in: resources)
        #expect(db.properties["DBInstanceIdentifier"] == "shop-dev-orders")
        #expect(db.properties["Engine"] == "postgres" && db.properties["EngineVersion"] == "16.9")
        #expect(db.properties["DBInstanceClass"] == "db.t4g.micro")
        #expect(db.properties["DBName"] == "orders")
        #expect(db.properties["Port"] == "5432")
        #expect(db.properties["AllocatedStorage"] == "20" && db.properties["MaxAllocatedStorage"] == 40)
        #expect(db.properties["StorageEncrypted"] == true && db.properties["ManageMasterUserPassword"] == true)
        #expect(db.properties["MasterUserPassword"] == nil, "the password never is in the template")
        #expect(db.properties["PubliclyAccessible"] == false)
        #expect(db.properties["MultiAZ"] == false, "the development fixture is single-AZ")
        #expect(db.properties["BackupRetentionPeriod"] == 7 && db.properties["DeletionProtection"] == false)
        #expect(db.properties["DBSubnetGroupName"] == .ref("OrdersDatabaseSubnetGroup"))
        #expect(db.properties["MonitoringInterval"] == 60)
        #expect(db.deletionPolicy == .delete)
        #expect(db.dependsOn == ["OrdersDatabasePostgresqlLogGroup"])
        #expect(resources["OrdersDatabaseSubnetGroup"]?.properties["SubnetIds"] == [.ref("MainVpcIsolatedSubnet1"), .ref("MainVpcIsolatedSubnet2")])
        #expect(resources["OrdersDatabaseParameterGroup"]?.properties["Parameters"] == ["rds.force_ssl": "1"])
        #expect(resources["OrdersDatabaseParameterGroup"]?.properties["Family"] == "postgres16")
        #expect(resources["OrdersDatabasePostgresqlLogGroup"]?.properties["RetentionInDays"] == 30)
        #expect(resources["OrdersDatabaseSecurityGroup"]?.properties["SecurityGroupIngress"] == nil, "no one is admitted until connected")
    }

    @Test func aProductionMySQLDatabaseWithItsModifiers() throws {
        let resources = try Components.resources(Fixtures.prod) {
            let network = Network("main", availabilityZones: 2)
            let key = EncryptionKey("data")
            network
            key
            Database("orders", engine: .mysql("8.0.39"), in: network, databaseName: "shop")
                .instanceClass("db.r7g.large").storage(gibibytes: 100).encrypted(with: key)
                .backupRetention(days: 14).performanceInsights(false).masterUsername("owner").logRetention(days: 90)
        }
        let db = try Components.only("AWS::RDS::DBInstance", in: resources)
        #expect(db.properties["Port"] == "3306" && db.properties["DBName"] == "shop")
        #expect(db.properties["DBInstanceClass"] == "db.r7g.large")
        #expect(db.properties["AllocatedStorage"] == "100" && db.properties["MaxAllocatedStorage"] == 200)
        #expect(db.properties["KmsKeyId"] == .getAtt("DataKey", "Arn"))
        #expect(db.properties["MasterUserSecret"] == ["KmsKeyId": .getAtt("DataKey", "Arn")])
        #expect(db.properties["BackupRetentionPeriod"] == 14)
        #expect(db.properties["EnablePerformanceInsights"] == nil)
        #expect(db.properties["MasterUsername"] == "owner")
        #expect(db.properties["MultiAZ"] == true && db.properties["DeletionProtection"] == true)
        #expect(db.deletionPolicy == .snapshot)
        #expect(db.properties["EnableCloudwatchLogsExports"] == ["error", "slowquery"])
        #expect(resources["OrdersDatabaseParameterGroup"]?.properties["Parameters"] == ["require_secure_transport": "ON"])
        #expect(resources["OrdersDatabaseParameterGroup"]?.properties["Family"] == "mysql8.0")
        #expect(resources["OrdersDatabaseSlowqueryLogGroup"]?.properties["RetentionInDays"] == 90)
    }

    @Test func databaseReferences() {
        let db = Database("orders", engine: .postgres("16.9"), in: Network("main", availabilityZones: 2))
        #expect(db.endpoint.value == .getAtt("OrdersDatabase", "Endpoint.Address"))
        #expect(db.endpointPort.value == .getAtt("OrdersDatabase", "Endpoint.Port"))
        #expect(db.securityGroupID.value == .getAtt("OrdersDatabaseSecurityGroup", "GroupId"))
        #expect(db.masterSecretArn.value == .getAtt("OrdersDatabase", "MasterUserSecret.SecretArn"))
    }

    @Test func badDatabaseSettingsAndUnprotectedProductionDatabasesAreErrors() {
        let small = Components.errors {
            Database("orders", engine: .postgres("16.9"), in: Network("main", availabilityZones: 2)).storage(gibibytes: 10)
        }
        #expect(small.contains("storage must be 20 to 65536 GiB, not 10"), "\(small)")
        let unprotected = Components.errors(Fixtures.prod) {
            let network = Network("main", availabilityZones: 2)
            network
            Database("orders", engine: .postgres("16.9"), in: network).deletionProtection(false)
        }
        #expect(unprotected.contains("[deletion-protection] OrdersDatabase (AWS::RDS::DBInstance) needs DeletionProtection true in production"), "\(unprotected)")
    }

    // MARK: BackupPlan

    @Test func aBackupPlanCopiesDailyIntoItsOwnVault() throws {
        let resources = try Components.resources(Fixtures.prod) {
            let table = Table("orders", partitionKey: .string("id"))
            table
            BackupPlan("tables", retentionDays: 35).including(table.arn)
        }
        let vault = try #require(resources["TablesBackupPlanVault"])
        #expect(vault.properties["BackupVaultName"] == "shop-prod-tables" && vault.deletionPolicy == .retain)
        let plan = try #require(resources["TablesBackupPlan"])
        let rule = plan.properties["BackupPlan"]?[path: "BackupPlanRule"]?.listValue?.first
        #expect(rule?[path: "ScheduleExpression"] == "cron(0 18 * * ? *)")
        #expect(rule?[path: "Lifecycle.DeleteAfterDays"] == 35)
        #expect(rule?[path: "TargetBackupVault"] == .ref("TablesBackupPlanVault"))
        let selection = try #require(resources["TablesBackupPlanSelection"])
        #expect(selection.properties["BackupSelection"]?[path: "Resources"] == [.getAtt("OrdersTable", "Arn")])
        #expect(selection.properties["BackupSelection"]?[path: "IamRoleArn"] == .getAtt("TablesBackupPlanRole", "Arn"))
        #expect(resources["TablesBackupPlanRole"]?.properties["ManagedPolicyArns"]?.listValue?.count == 2)
    }

    @Test func aBackupPlanWithoutResourcesOrRetentionIsAnError() {
        let errors = Components.errors { BackupPlan("tables", retentionDays: 0) }
        #expect(errors.contains("the backup plan selects no resources"))
        #expect(errors.contains("backups must be kept at least 1 day, not 0"))
    }
}
