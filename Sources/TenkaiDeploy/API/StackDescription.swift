import FoundationEssentials

/// What `DescribeStacks` says about one stack.
public struct StackDescription: Sendable, Hashable {
    public var stackID: String
    public var stackName: String
    public var status: StackState
    public var statusReason: String?
    public var creationTime: Date?
    public var lastUpdatedTime: Date?
    /// `DRIFTED`, `IN_SYNC`, `NOT_CHECKED`, or `nil` when never asked.
    public var driftStatus: String?
    public var terminationProtection: Bool
    public var parameters: [String: String]
    public var tags: [String: String]
    public var outputs: [String: String]

    public init(
        stackID: String, stackName: String, status: StackState, statusReason: String? = nil, creationTime: Date? = nil,
        lastUpdatedTime: Date? = nil, driftStatus: String? = nil, terminationProtection: Bool = false,
        parameters: [String: String] = [:], tags: [String: String] = [:], outputs: [String: String] = [:]
    ) {
        self.stackID = stackID
        self.stackName = stackName
        self.status = status
        self.statusReason = statusReason
        self.creationTime = creationTime
        self.lastUpdatedTime = lastUpdatedTime
        self.driftStatus = driftStatus
        self.terminationProtection = terminationProtection
        self.parameters = parameters
        self.tags = tags
        self.outputs = outputs
    }

    /// When the stack last changed: its last update, or its creation.
    public var lastChange: Date? { lastUpdatedTime ?? creationTime }
}
