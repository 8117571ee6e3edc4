import TenkaiCore

/// How much of a data store a function may touch: the grant is always scoped to that one store.
///
/// ```swift
/// Function("list-stamps", …).granting(.read, on: userStamps)
/// ```
public enum DataAccess: String, Sendable, Hashable {
    case read, write, readWrite
}

/// A component a function can be granted access to; it writes the IAM statements itself, so
/// they name its own ARNs and nothing wider.
public protocol DataAccessGranting: Component {
    /// The least-privilege IAM statements that allow `access` to this component's data.
    func policyStatements(for access: DataAccess) -> [Value]
}

/// Small builders for IAM policy documents, so every role reads the same way.
public enum IAMPolicy {
    /// One `Allow` statement.
    public static func allow(_ actions: [String], on resources: [Value], sid: String? = nil) -> Value {
        var fields: Fields = [:]
        if let sid { fields["Sid"] = .string(sid) }
        fields["Effect"] = "Allow"
        fields["Action"] = .list(actions.map(Value.string))
        fields["Resource"] = .list(resources)
        return .map(fields)
    }

    /// A policy document around `statements`.
    public static func document(_ statements: [Value]) -> Value {
        ["Version": "2012-10-17", "Statement": .list(statements)]
    }

    /// The trust policy that lets one AWS service assume a role, only on behalf of this account.
    public static func trust(service: String) -> Value {
        document([
            [
                "Effect": "Allow", "Principal": ["Service": .string(service)], "Action": "sts:AssumeRole",
                "Condition": ["StringEquals": ["aws:SourceAccount": .accountID]],
            ]
        ])
    }

    /// Actions IAM cannot scope to a resource: the only ones a statement may grant on `*`.
    public static let actionsWithoutResourceTypes: Set<String> = [
        "rekognition:DetectLabels", "rekognition:DetectModerationLabels", "rekognition:DetectText",
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "cloudwatch:PutMetricData", "ecr:GetAuthorizationToken",
    ]

    /// A managed policy ARN of AWS itself (`service-role/AWSBackupServiceRolePolicyForBackup`).
    public static func awsManaged(_ path: String) -> Value {
        .sub("arn:${AWS::Partition}:iam::aws:policy/\(path)")
    }
}
