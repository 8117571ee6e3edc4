import FoundationEssentials

extension CloudFormation {
    /// Cancels the stack's `UPDATE_IN_PROGRESS` update: CloudFormation rolls every resource back
    /// (`UPDATE_ROLLBACK_IN_PROGRESS` → `UPDATE_ROLLBACK_COMPLETE`). Only valid while the update
    /// runs; the idempotency token makes a retried call safe.
    public func cancelUpdateStack(stackName: String, clientRequestToken: String? = nil) async throws {
        _ = try await session.query(
            .cloudFormation, "CancelUpdateStack",
            CancelUpdateStackInput(stackName: stackName, clientRequestToken: clientRequestToken ?? UUID().uuidString), as: Nothing.self)
    }
}

private struct CancelUpdateStackInput: Encodable {
    var stackName: String
    var clientRequestToken: String
}
