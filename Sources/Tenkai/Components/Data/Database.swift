import TenkaiCore

/// An RDS database instance (PostgreSQL or MySQL) in the isolated subnets.
///
/// Defaults: encrypted at rest (with ``encrypted(with:)`` a customer-managed key); not publicly
/// accessible; TLS required by its parameter group; the master password generated and kept by
/// RDS in Secrets Manager (`ManageMasterUserPassword`), never in the template; gp3 storage that
/// grows up to twice its size; backups kept 7 days, 30 in production; multi-AZ as the
/// environment says; deletion protection and a final snapshot in production; Performance
/// Insights on; enhanced monitoring every 60 seconds (OS metrics, through a role of its own);
/// engine logs exported to CloudWatch Logs kept ``logRetentionDays``; a security
/// group that admits no one until a service is connected with ``Service/connecting(to:)``.
///
/// ```swift
/// let db = Database("main", engine: .postgres("16.9"), in: net)
///     .instanceClass(settings.database)
///     .storage(gibibytes: settings.databaseStorageGiB)
/// ```
public struct Database: EscapeHatching, Connectable {
    /// The engine and its version.
    public enum Engine: Sendable, Hashable {
        case postgres(String)
        case mysql(String)

        var name: String {
            switch self {
            case .postgres: "postgres"
            case .mysql: "mysql"
            }
        }
        var version: String {
            switch self {
            case .postgres(let version), .mysql(let version): version
            }
        }
        /// The parameter group family: `postgres16`, `mysql8.0`.
        var family: String {
            switch self {
            case .postgres(let version): "postgres" + (version.split(separator: ".").first.map(String.init) ?? version)
            case .mysql(let version): "mysql" + version.split(separator: ".").prefix(2).joined(separator: ".")
            }
        }
        var defaultPort: Int {
            switch self {
            case .postgres: 5432
            case .mysql: 3306
            }
        }
        var logExports: [String] {
            switch self {
            case .postgres: ["postgresql"]
            case .mysql: ["error", "slowquery"]
            }
        }
        var tlsParameter: (String, String) {
            switch self {
            case .postgres: ("rds.force_ssl", "1")
            case .mysql: ("require_secure_transport", "ON")
            }
        }
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Database" }
    public var engine: Engine
    public var subnets: [Reference]
    public var vpcID: Reference
    public var instanceClass = "db.t4g.micro"
    public var storageGiB = 20
    public var databaseName: String
    public var masterUsername = "tenkai_admin"
    public var key: EncryptionKey?
    /// nil follows the environment's `multiAZ`.
    public var multiAZ: Bool?
    /// nil: 30 days in production, 7 elsewhere.
    public var backupRetentionDays: Int?
    /// nil: on in production.
    public var deletionProtection: Bool?
    public var performanceInsights = true
    public var logRetentionDays = 30

    public init(_ name: String, engine: Engine, in network: Network, databaseName: String? = nil) {
        self.name = name
        self.engine = engine
        self.subnets = network.isolatedSubnets
        self.vpcID = network.vpcID
        self.databaseName = databaseName ?? LogicalID.pascalCase(name).lowercased()
    }

    // MARK: - References

    public var port: Int { engine.defaultPort }
    public var endpoint: Reference { attribute("Endpoint.Address", .hostname) }
    public var endpointPort: Reference { attribute("Endpoint.Port", .port) }
    public var identifier: Reference { reference(.name) }
    public var securityGroupID: Reference { securityGroup.attribute("GroupId", .id) }

    // MARK: - Resources

    private var subnetGroup: ResourceID { part("SubnetGroup") }
    private var securityGroup: ResourceID { part("SecurityGroup") }
    private var parameterGroup: ResourceID { part("ParameterGroup") }
    private var monitoringRole: ResourceID { part("MonitoringRole") }
    /// The log group of one exported log (`postgresql`, `error`).
    private func logGroup(_ log: String) -> ResourceID { part(LogicalID.pascalCase(log) + "LogGroup") }
    /// The Secrets Manager secret RDS manages for the master user.
    public var masterSecretArn: Reference { attribute("MasterUserSecret.SecretArn", .arn) }
    /// The master password, for ``Secret``.
    public var masterPassword: SecretSource {
        SecretSource(store: .secretsManager, arn: masterSecretArn.value, jsonKey: "password", keyArn: key?.arn.value)
    }

    // MARK: - Modifiers

    public func instanceClass(_ instanceClass: String) -> Database { with { $0.instanceClass = instanceClass } }
    public func storage(gibibytes: Int) -> Database { with { $0.storageGiB = gibibytes } }
    public func encrypted(with key: EncryptionKey?) -> Database { with { $0.key = key } }
    public func multiAZ(_ multiAZ: Bool) -> Database { with { $0.multiAZ = multiAZ } }
    public func backupRetention(days: Int) -> Database { with { $0.backupRetentionDays = days } }
    public func deletionProtection(_ on: Bool) -> Database { with { $0.deletionProtection = on } }
    public func performanceInsights(_ on: Bool) -> Database { with { $0.performanceInsights = on } }
    public func masterUsername(_ username: String) -> Database { with { $0.masterUsername = username } }
    public func logRetention(days: Int) -> Database { with { $0.logRetentionDays = days } }

    // MARK: - Translation

    public func translate(into stack: inout StackContext) {
        let production = stack.environment.isProduction
        let identifier = stack.resourceName(name)
        guard (20...65536).contains(storageGiB) else {
            stack.report(.error("storage must be 20 to 65536 GiB, not \(storageGiB)"))
            return
        }
        guard LogRetention.check(logRetentionDays, in: &stack) else { return }
        stack.add(subnetGroup, Resource(type: "AWS::RDS::DBSubnetGroup", properties: [
            "DBSubnetGroupDescription": .string("Isolated subnets of \(identifier)"),
            "SubnetIds": .list(subnets.map(\.value)),
        ]))
        stack.add(securityGroup, Resource(type: "AWS::EC2::SecurityGroup", properties: [
            "GroupDescription": .string("\(identifier): open only to connected services"),
            "VpcId": vpcID.value,
            "SecurityGroupEgress": [SecurityGroupRules.noEgress],
        ]))
        let (tlsKey, tlsValue) = engine.tlsParameter
        stack.add(parameterGroup, Resource(type: "AWS::RDS::DBParameterGroup", properties: [
            "Description": .string("\(identifier): TLS required"),
            "Family": .string(engine.family),
            "Parameters": [tlsKey: .string(tlsValue)],
        ]))
        for log in engine.logExports {
            stack.add(logGroup(log), LogRetention.logGroup([
                "LogGroupName": .string("/aws/rds/instance/\(identifier)/\(log)"),
                "RetentionInDays": .int(logRetentionDays),
            ], in: stack))
        }
        var properties: Fields = [
            "DBInstanceIdentifier": .string(identifier),
            "Engine": .string(engine.name), "EngineVersion": .string(engine.version),
            "DBInstanceClass": .string(instanceClass),
            "DBName": .string(databaseName),
            "Port": .string(String(port)),
            "AllocatedStorage": .string(String(storageGiB)), "MaxAllocatedStorage": .int(storageGiB * 2),
            "StorageType": "gp3", "StorageEncrypted": true,
            "MasterUsername": .string(masterUsername), "ManageMasterUserPassword": true,
            "DBSubnetGroupName": subnetGroup.ref,
            "DBParameterGroupName": parameterGroup.ref,
            "VPCSecurityGroups": [securityGroup.getAtt("GroupId")],
            "PubliclyAccessible": false,
            "MultiAZ": .bool(multiAZ ?? stack.environment.multiAZ),
            "BackupRetentionPeriod": .int(backupRetentionDays ?? (production ? 30 : 7)),
            "PreferredBackupWindow": "17:00-18:00", "PreferredMaintenanceWindow": "sun:18:30-sun:19:30",
            "DeletionProtection": .bool(deletionProtection ?? production),
            "AutoMinorVersionUpgrade": true, "CopyTagsToSnapshot": true,
            // IAM database authentication on: apps may sign in with short-lived IAM tokens
            // instead of the rotating master secret (password sign-in keeps working).
            "EnableIAMDatabaseAuthentication": true,
            "EnableCloudwatchLogsExports": .list(engine.logExports.map(Value.string)),
        ]
        if let key {
            properties["KmsKeyId"] = key.arn.value
            properties["MasterUserSecret"] = ["KmsKeyId": key.arn.value]
        }
        if performanceInsights {
            properties["EnablePerformanceInsights"] = true
            properties["PerformanceInsightsRetentionPeriod"] = 7
            if let key { properties["PerformanceInsightsKMSKeyId"] = key.arn.value }
        }
        stack.add(monitoringRole, Resource(type: "AWS::IAM::Role", properties: [
            "Description": .string("Lets RDS enhanced monitoring of \(identifier) publish OS metrics"),
            "AssumeRolePolicyDocument": IAMPolicy.trust("monitoring.rds.amazonaws.com"),
            "ManagedPolicyArns": [IAMPolicy.awsManaged("service-role/AmazonRDSEnhancedMonitoringRole")],
        ]))
        properties["MonitoringInterval"] = 60
        properties["MonitoringRoleArn"] = monitoringRole.arn
        let policy: DeletionPolicy = production ? .snapshot : .delete
        var instance = Resource(type: "AWS::RDS::DBInstance", properties: properties,
                                deletionPolicy: policy, updateReplacePolicy: policy)
        instance.dependsOn = engine.logExports.map { logGroup($0).logicalID }
        stack.add(resourceID, instance)
    }
}
