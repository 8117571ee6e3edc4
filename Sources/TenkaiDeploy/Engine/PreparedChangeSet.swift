/// A change set that is ready to execute, with its reviewed changes.
public struct PreparedChangeSet: Sendable, Hashable {
    public var stack: String
    public var stackName: String
    public var arn: String
    public var kind: ChangeSetRequest.Kind
    public var parameters: [String: String]
    public var changes: [ReviewedChange]

    /// The changes production refuses without `--allow-replacement`.
    public var guardedChanges: [ReviewedChange] {
        changes.filter { $0.warnings.contains(where: \.needsExplicitAllowance) }
    }
}
