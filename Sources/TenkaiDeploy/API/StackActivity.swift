import FoundationEssentials

/// One event of a stack: a resource (or the stack itself) changing status.
public struct StackActivity: Sendable, Hashable {
    public var eventID: String
    public var logicalResourceID: String
    public var physicalResourceID: String?
    public var resourceType: String
    public var status: String
    public var statusReason: String?
    public var timestamp: Date
    public var clientRequestToken: String?

    public init(
        eventID: String, logicalResourceID: String, physicalResourceID: String? = nil, resourceType: String,
        status: String, statusReason: String? = nil, timestamp: Date, clientRequestToken: String? = nil
    ) {
        self.eventID = eventID
        self.logicalResourceID = logicalResourceID
        self.physicalResourceID = physicalResourceID
        self.resourceType = resourceType
        self.status = status
        self.statusReason = statusReason
        self.timestamp = timestamp
        self.clientRequestToken = clientRequestToken
    }

    /// Whether this event is about the stack itself rather than one of its resources.
    public var isStackEvent: Bool { resourceType == "AWS::CloudFormation::Stack" }
}

/// A page of `DescribeStackEvents`, newest first.
public struct StackActivityPage: Sendable, Hashable {
    public var events: [StackActivity]
    public var nextToken: String?

    public init(events: [StackActivity], nextToken: String? = nil) {
        self.events = events
        self.nextToken = nextToken
    }
}
