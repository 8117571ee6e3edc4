import FoundationEssentials

/// One entry of a stack's event log (`DescribeStackEvents`).
public struct StackEvent: Decodable, Sendable, Equatable {
    public var eventId: String
    public var stackId: String
    public var stackName: String
    public var logicalResourceId: String?
    public var physicalResourceId: String?
    public var resourceType: String?
    public var timestamp: Date
    public var resourceStatus: String?
    public var resourceStatusReason: String?
    public var clientRequestToken: String?
}

/// One page of `DescribeStackEvents`, newest events first.
public struct StackEventsPage: Decodable, Sendable {
    public var stackEvents: [StackEvent]
    public var nextToken: String?
}

/// A resource of a stack (`DescribeStackResources`).
public struct StackResource: Decodable, Sendable, Equatable {
    public var logicalResourceId: String
    public var physicalResourceId: String?
    /// Optional so one resource an emulator describes partly does not hide the others.
    public var resourceType: String?
    public var resourceStatus: String?
    public var resourceStatusReason: String?
    public var timestamp: Date?
}
