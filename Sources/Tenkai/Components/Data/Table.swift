import TenkaiCore

/// A DynamoDB table: on-demand, encrypted, with point-in-time recovery, protected in production.
///
/// Defaults: named `<system>-<env>-<name>`; `PAY_PER_REQUEST` billing; server-side encryption
/// (the AWS-owned key, or a KMS key when one is given); point-in-time recovery on; deletion
/// protection and a `Retain` policy in production. Global secondary indexes project all
/// attributes unless told otherwise.
///
/// ```swift
/// let stamps = Table("user-stamps", partitionKey: .string("userId"), sortKey: .string("spotId"))
///     .index("by-spot", partitionKey: .string("spotId"), sortKey: .string("collectedAt"))
///     .alarms(notify: alerts.arn)
/// ```
public struct Table: EscapeHatching, Grantable {
    /// A key attribute: its name and DynamoDB type.
    public struct Key: Sendable, Hashable {
        public var attribute: String
        /// `S`, `N` or `B`.
        public var type: String

        public static func string(_ attribute: String) -> Key { Key(attribute: attribute, type: "S") }
        public static func number(_ attribute: String) -> Key { Key(attribute: attribute, type: "N") }
        public static func binary(_ attribute: String) -> Key { Key(attribute: attribute, type: "B") }
    }

    /// A global secondary index.
    public struct Index: Sendable, Hashable {
        public var name: String
        public var partitionKey: Key
        public var sortKey: Key?
    }

    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Table" }
    public var partitionKey: Key
    public var sortKey: Key?
    public var indexes: [Index] = []
    /// The attribute holding an expiry time (epoch seconds), if items expire.
    public var timeToLiveAttribute: String?
    /// A customer-managed KMS key; nil uses the AWS-owned key.
    public var kmsKey: Reference?
    /// Deletion protection and retention; nil follows the environment (on in production).
    public var protected: Bool?
    /// Where throttling alarms go; nil adds none.
    public var alarmTopic: Reference?

    public init(_ name: String, partitionKey: Key, sortKey: Key? = nil) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }

    public func translate(into stack: inout StackContext) {
        var properties: Fields = [
            "TableName": .string(stack.resourceName(name)),
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": .list(attributeDefinitions.map { ["AttributeName": .string($0.attribute), "AttributeType": .string($0.type)] }),
            "KeySchema": Self.keySchema(partitionKey, sortKey),
        ]
        if !indexes.isEmpty {
            properties["GlobalSecondaryIndexes"] = .list(
                indexes.map { index in
                    [
                        "IndexName": .string(index.name),
                        "KeySchema": Self.keySchema(index.partitionKey, index.sortKey),
                        "Projection": ["ProjectionType": "ALL"],
                    ]
                })
        }
        properties["PointInTimeRecoverySpecification"] = ["PointInTimeRecoveryEnabled": true]
        if let kmsKey {
            properties["SSESpecification"] = ["SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": kmsKey.value]
        } else {
            properties["SSESpecification"] = ["SSEEnabled": true]
        }
        if let timeToLiveAttribute {
            properties["TimeToLiveSpecification"] = ["AttributeName": .string(timeToLiveAttribute), "Enabled": true]
        }
        let isProtected = protected ?? stack.environment.isProduction
        properties["DeletionProtectionEnabled"] = .bool(isProtected)
        let policy: DeletionPolicy = isProtected ? .retain : .delete
        stack.add(
            logicalID,
            Resource(type: "AWS::DynamoDB::Table", properties: properties, deletionPolicy: policy, updateReplacePolicy: policy))

        if let alarmTopic { addOwnAlarms(recommendedAlarms(), notifying: alarmTopic, to: &stack) }
    }

    /// Every key attribute of the table and its indexes, once each, in first-use order.
    var attributeDefinitions: [Key] {
        var keys: [Key] = []
        let used: [Key?] = [partitionKey, sortKey] + indexes.flatMap { [$0.partitionKey, $0.sortKey] as [Key?] }
        for key in used.compactMap({ $0 }) where !keys.contains(where: { $0.attribute == key.attribute }) {
            keys.append(key)
        }
        return keys
    }

    private static func keySchema(_ partition: Key, _ sort: Key?) -> Value {
        var schema: [Value] = [["AttributeName": .string(partition.attribute), "KeyType": "HASH"]]
        if let sort { schema.append(["AttributeName": .string(sort.attribute), "KeyType": "RANGE"]) }
        return .list(schema)
    }

    // MARK: - Access

    public func policyStatements(for access: Access, in stack: StackContext) -> [Value] {
        let read = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem"]
        let write = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"]
        let actions: [String] =
            switch access {
            case .read: read
            case .write: write
            case .readWrite: read + write
            }
        var resources = [arn.value]
        if !indexes.isEmpty { resources.append(.sub("${\(logicalID).Arn}/index/*")) }
        var statements = [IAMPolicy.allow(actions, on: resources)]
        if let kmsKey {
            statements.append(IAMPolicy.allow(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], on: [kmsKey.value]))
        }
        return statements
    }

    // MARK: - References

    /// The table's name (`Ref`).
    public var tableName: Reference { reference(.name) }
    public var arn: Reference { attribute("Arn", .arn) }

    // MARK: - Modifiers

    /// Adds a global secondary index projecting all attributes.
    public func index(_ name: String, partitionKey: Key, sortKey: Key? = nil) -> Table {
        with { $0.indexes.append(Index(name: name, partitionKey: partitionKey, sortKey: sortKey)) }
    }
    /// Expires items when the time (epoch seconds) in `attribute` has passed.
    public func timeToLive(_ attribute: String) -> Table { with { $0.timeToLiveAttribute = attribute } }
    public func encrypted(with key: Reference) -> Table { with { $0.kmsKey = key } }
    /// Deletion protection and retention regardless of the environment.
    public func protected(_ protected: Bool = true) -> Table { with { $0.protected = protected } }
    /// Its ``recommendedAlarms()`` (read and write throttling), added inside the table and sent to `topic`.
    public func alarms(notify topic: Reference) -> Table { with { $0.alarmTopic = topic } }
}
