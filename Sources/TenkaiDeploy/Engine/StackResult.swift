/// How one stack's deploy ended.
public struct StackResult: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case unchanged, created, updated, failed, skipped
        /// Its state could not be read: neither done nor failed as far as this run can tell.
        case unknown
        /// The run was interrupted (a signal) before or while the stack deployed.
        case interrupted

        /// Whether the stack is known to be what the template says.
        public var succeeded: Bool { self == .unchanged || self == .created || self == .updated }
    }

    public var stack: String
    public var stackName: String
    public var region: String
    public var outcome: Outcome
    public var outputs: [String: String]
    /// Why it failed (or was skipped).
    public var error: String?
    public var elapsed: Duration

    public init(stack: String, stackName: String, region: String, outcome: Outcome, outputs: [String: String] = [:], error: String? = nil, elapsed: Duration = .zero) {
        self.stack = stack
        self.stackName = stackName
        self.region = region
        self.outcome = outcome
        self.outputs = outputs
        self.error = error
        self.elapsed = elapsed
    }
}
