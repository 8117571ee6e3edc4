import AWSClient

extension ReleaseEngine {
    /// One poll of a stack the release waits on: described, its status reported when it changed
    /// since `shown`, and `missing` thrown when the stack is gone (each wait says so its own way).
    func pollStack(_ stackName: String, shown: inout String, missing: @autoclosure () -> ReleaseError) async throws -> CloudFormationStack {
        guard let stack = try await CloudFormation(session).describeStack(stackName) else { throw missing() }
        let status = stack.stackStatus.rawValue
        if status != shown {
            progress("stack \(stackName): \(status)")
            shown = status
        }
        return stack
    }
}
