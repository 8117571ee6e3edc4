import TenkaiCore

/// Daily AWS Backup copies of the given resources into a vault of the system's own.
///
/// The plan runs at 03:00 in Japan (18:00 UTC), keeps each copy `retentionDays`, and uses a
/// role with only AWS's backup and restore service policies. The vault is retained in
/// production, so deleting the stack never deletes the backups.
///
/// ```swift
/// BackupPlan("tables", retentionDays: settings.backupRetentionDays)
///     .including(userStamps.arn, stampMasters.arn)
/// ```
public struct BackupPlan: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "BackupPlan" }
    /// How long each daily copy is kept.
    public var retentionDays: Int
    /// ARNs of what is backed up (tables, file systems, databases).
    public var resources: [Reference] = []
    /// A cron expression in UTC.
    public var schedule = "cron(0 18 * * ? *)"

    public init(_ name: String, retentionDays: Int) {
        self.name = name
        self.retentionDays = retentionDays
    }

    public func translate(into stack: inout StackContext) {
        if resources.isEmpty { stack.report(.error("the backup plan selects no resources", hint: "add .including(table.arn)")) }
        if retentionDays < 1 { stack.report(.error("backups must be kept at least 1 day, not \(retentionDays)")) }
        let vault = part("Vault")
        let role = part("Role")
        let policy: DeletionPolicy = stack.environment.isProduction ? .retain : .delete
        let tags = Fields(
            Resolver.tags(system: stack.systemName, environment: stack.environment.config, stack: stack.stackName)
                .map { ($0.0, .string($0.1)) })
        stack.add(
            vault,
            Resource(
                type: "AWS::Backup::BackupVault",
                properties: ["BackupVaultName": .string(stack.resourceName(name)), "BackupVaultTags": .map(tags)],
                deletionPolicy: policy, updateReplacePolicy: policy))
        stack.add(
            role,
            Resource(
                type: "AWS::IAM::Role",
                properties: [
                    "Description": .string("Lets AWS Backup copy and restore the resources of plan \(stack.resourceName(name))"),
                    "AssumeRolePolicyDocument": IAMPolicy.trust("backup.amazonaws.com"),
                    "ManagedPolicyArns": [
                        IAMPolicy.awsManaged("service-role/AWSBackupServiceRolePolicyForBackup"),
                        IAMPolicy.awsManaged("service-role/AWSBackupServiceRolePolicyForRestores"),
                    ],
                ]))
        stack.add(
            logicalID,
            Resource(
                type: "AWS::Backup::BackupPlan",
                properties: [
                    "BackupPlan": [
                        "BackupPlanName": .string(stack.resourceName(name)),
                        "BackupPlanRule": [
                            [
                                "RuleName": "daily", "TargetBackupVault": vault.ref,
                                "ScheduleExpression": .string(schedule), "StartWindowMinutes": 60,
                                "CompletionWindowMinutes": 180, "Lifecycle": ["DeleteAfterDays": .int(retentionDays)],
                            ]
                        ],
                    ],
                    "BackupPlanTags": .map(tags),
                ]))
        stack.add(
            part("Selection"),
            Resource(
                type: "AWS::Backup::BackupSelection",
                properties: [
                    "BackupPlanId": resourceID.ref,
                    "BackupSelection": [
                        "SelectionName": .string(stack.resourceName(name)), "IamRoleArn": role.arn,
                        "Resources": .list(resources.map(\.value)),
                    ],
                ]))
    }

    /// Adds resources (by ARN) to the plan.
    public func including(_ arns: Reference...) -> BackupPlan { with { $0.resources += arns } }
}
