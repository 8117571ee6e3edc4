import TenkaiCore

extension IAMPolicy {
    /// A managed policy ARN of AWS itself (`service-role/AWSBackupServiceRolePolicyForBackup`).
    public static func awsManaged(_ path: String) -> Value {
        .sub("arn:${AWS::Partition}:iam::aws:policy/\(path)")
    }

    /// Image-analysis actions IAM cannot scope to a resource: besides the rule set's own list,
    /// the only actions a function may be allowed on `*`.
    static let unscopedImageAnalysisActions: Set<String> = [
        "rekognition:DetectLabels", "rekognition:DetectModerationLabels", "rekognition:DetectText",
    ]

    /// Every action a function may be allowed on `*` (see ``Function/allowingUnscoped(_:)``).
    static var actionsWithoutResourceTypes: Set<String> { Rule.unscopedActions.union(unscopedImageAnalysisActions) }
}
