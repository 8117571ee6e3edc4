/// How one stack's deploy ended.
public struct StackResult: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case unchanged, created, updated, failed, skipped
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
