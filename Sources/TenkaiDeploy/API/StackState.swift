/// A CloudFormation stack status (`CREATE_COMPLETE`, `UPDATE_ROLLBACK_FAILED`, …) and what it
/// means for the next deploy.
public struct StackState: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// An operation is running; starting another one would fail (or queue behind it).
    public var isInProgress: Bool { rawValue.hasSuffix("_IN_PROGRESS") && rawValue != "REVIEW_IN_PROGRESS" }

    /// Created by a change set that was never executed: the stack has no resources yet and the
    /// next change set must be of type `CREATE`.
    public var isReviewInProgress: Bool { rawValue == "REVIEW_IN_PROGRESS" }

    /// The first create failed and rolled back: the stack cannot be updated, only deleted.
    public var isFailedCreate: Bool { rawValue == "ROLLBACK_COMPLETE" || rawValue == "ROLLBACK_FAILED" }

    /// An update failed and so did its rollback: `ContinueUpdateRollback` must run first.
    public var isUpdateRollbackFailed: Bool { rawValue == "UPDATE_ROLLBACK_FAILED" }

    public var isDeleted: Bool { rawValue == "DELETE_COMPLETE" }

    /// A final state that means the last operation did what was asked.
    public var isSuccess: Bool {
        ["CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "IMPORT_COMPLETE"].contains(rawValue)
    }
}
