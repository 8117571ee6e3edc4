import FoundationEssentials
import TenkaiCore

/// Something that happened during a run, for the live display and the JSON event stream.
///
/// In JSON each event is one line on stdout, e.g.
/// `{"event":"resource","stack":"data","stackName":"fileshare-dev-data","logicalId":"FilesBucket","status":"CREATE_COMPLETE",…}`.
public struct DeployEvent: Sendable, Hashable {
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Work on a stack starts (`message` says what: create, update, delete, wait).
        public static let stackStarted = Kind(rawValue: "stack-started")
        /// A change set is ready (`changes` holds how many resources change).
        public static let changeSet = Kind(rawValue: "change-set")
        /// The stack is already what the template says.
        public static let noChanges = Kind(rawValue: "no-changes")
        /// A resource changed status.
        public static let resource = Kind(rawValue: "resource")
        /// The stack itself changed status.
        public static let stackStatus = Kind(rawValue: "stack-status")
        /// Something the person should know (`message`), like deleting a failed stack first.
        public static let notice = Kind(rawValue: "notice")
        /// The stack reached a final state (`status`).
        public static let stackFinished = Kind(rawValue: "stack-finished")
        /// The stack failed (`message`, with the first failing resource in `logicalId`/`reason`).
        public static let stackFailed = Kind(rawValue: "stack-failed")
        /// The stack was left alone because a stack it depends on failed.
        public static let stackSkipped = Kind(rawValue: "stack-skipped")
        /// A wait with nothing new for a while: still going (`status`, `resourcesDone`, `message`).
        public static let progress = Kind(rawValue: "progress")
        /// An AWS call is retried (`message`: which call, why, which attempt, after how long).
        public static let retry = Kind(rawValue: "retry")
        /// The run stopped on a signal (`message` says what was left running in CloudFormation).
        public static let interrupted = Kind(rawValue: "interrupted")
    }

    public var kind: Kind
    /// The stack's name in the system (`data`).
    public var stack: String
    /// The CloudFormation stack name (`fileshare-dev-data`).
    public var stackName: String
    public var time: Date
    public var status: String?
    public var logicalID: String?
    public var resourceType: String?
    public var componentPath: String?
    public var reason: String?
    public var message: String?
    public var resourcesDone: Int?
    public var resourcesTotal: Int?
    public var changes: Int?
    public var elapsed: Duration?

    public init(
        _ kind: Kind, stack: String, stackName: String, time: Date = Date(), status: String? = nil, logicalID: String? = nil,
        resourceType: String? = nil, componentPath: String? = nil, reason: String? = nil, message: String? = nil,
        resourcesDone: Int? = nil, resourcesTotal: Int? = nil, changes: Int? = nil, elapsed: Duration? = nil
    ) {
        self.kind = kind
        self.stack = stack
        self.stackName = stackName
        self.time = time
        self.status = status
        self.logicalID = logicalID
        self.resourceType = resourceType
        self.componentPath = componentPath
        self.reason = reason
        self.message = message
        self.resourcesDone = resourcesDone
        self.resourcesTotal = resourcesTotal
        self.changes = changes
        self.elapsed = elapsed
    }

    /// The event as one JSON object (fields that are not set are left out).
    public var json: Value {
        var fields: Fields = [
            "event": .string(kind.rawValue), "stack": .string(stack), "stackName": .string(stackName),
            "time": .string(Self.timestamp(time)),
        ]
        if let status { fields["status"] = .string(status) }
        if let logicalID { fields["logicalId"] = .string(logicalID) }
        if let resourceType { fields["resourceType"] = .string(resourceType) }
        if let componentPath { fields["componentPath"] = .string(componentPath) }
        if let reason { fields["reason"] = .string(reason) }
        if let message { fields["message"] = .string(message) }
        if let resourcesDone { fields["resourcesDone"] = .int(resourcesDone) }
        if let resourcesTotal { fields["resourcesTotal"] = .int(resourcesTotal) }
        if let changes { fields["changes"] = .int(changes) }
        if let elapsed { fields["elapsedMilliseconds"] = .int(Int(elapsed / .milliseconds(1))) }
        return .map(fields)
    }

    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}

/// Receives the events of a run: the live terminal display, the JSON line stream, or a test's recorder.
public protocol DeployReporter: Sendable {
    func report(_ event: DeployEvent)
}
