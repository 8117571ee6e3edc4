import Foundation

/// What `DescribeStacks` says about one stack.
public struct StackDescription: Sendable, Hashable {
    public var stackID: String
    public var stackName: String
    public var status: StackStatus
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
        stackID: String, stackName: String, status: StackStatus, statusReason: String? = nil, creationTime: Date? = nil,
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

/// One event of a stack: a resource (or the stack itself) changing status.
public struct StackEvent: Sendable, Hashable {
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
public struct StackEventPage: Sendable, Hashable {
    public var events: [StackEvent]
    public var nextToken: String?

    public init(events: [StackEvent], nextToken: String? = nil) {
        self.events = events
        self.nextToken = nextToken
    }
}
