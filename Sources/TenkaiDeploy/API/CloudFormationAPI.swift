import FoundationEssentials

/// The CloudFormation operations the deploy engine calls, and nothing more.
///
/// The engine talks to this protocol, not to the HTTP client, so its state machine can be tested
/// with scripted answers; ``CloudFormationClientAdapter`` makes the real `AWSClient` client
/// conform. Errors are the client's `AWSError`s (or transport errors when an answer was lost).
///
/// ```swift
/// let api: any CloudFormationAPI = CloudFormationClientAdapter(CloudFormation(session))
/// let stack = try await api.describeStack(named: "fileshare-dev-data")
/// ```
public protocol CloudFormationAPI: Sendable {
    /// The region the calls go to (for messages and console commands).
    var region: String { get }

    /// The stack, or `nil` when there is no stack of that name (CloudFormation's
    /// `ValidationError … does not exist`).
    func describeStack(named name: String) async throws -> StackDescription?

    /// The template the stack runs now, as it was submitted.
    func getTemplate(stackName: String) async throws -> String

    /// Creates a change set and returns its ARN.
    func createChangeSet(_ request: ChangeSetRequest) async throws -> String

    /// A change set with every page of its changes. `changeSet` is an ARN or a name.
    func describeChangeSet(_ changeSet: String, stackName: String) async throws -> DescribedChangeSet

    /// Creates a stack directly, without a change set (``DeployOptions/Method/direct``).
    func createStack(_ request: StackRequest) async throws

    /// Updates a stack directly, without a change set (``DeployOptions/Method/direct``).
    func updateStack(_ request: StackRequest) async throws

    func executeChangeSet(_ changeSetARN: String, stackName: String, clientRequestToken: String) async throws

    func deleteChangeSet(_ changeSetARN: String, stackName: String) async throws

    func deleteStack(named name: String, clientRequestToken: String) async throws

    /// One page of the stack's events, newest first.
    func describeStackEvents(stackName: String, nextToken: String?) async throws -> StackActivityPage

    func updateTerminationProtection(stackName: String, enabled: Bool) async throws

    /// The resources of a stack as CloudFormation knows them now.
    func describeStackResources(stackName: String) async throws -> [StackResourceSummary]

    /// Runs CloudFormation's drift detection on a stack and waits for its answer.
    func detectDrift(stackName: String, timeout: Duration) async throws -> StackDriftReport
}

/// One resource of a deployed stack.
public struct StackResourceSummary: Sendable, Hashable {
    public var logicalResourceID: String
    public var physicalResourceID: String?
    public var resourceType: String
    public var status: String

    public init(logicalResourceID: String, physicalResourceID: String? = nil, resourceType: String, status: String) {
        self.logicalResourceID = logicalResourceID
        self.physicalResourceID = physicalResourceID
        self.resourceType = resourceType
        self.status = status
    }
}

/// Where templates too large to send inline go: the bootstrap stack's artifacts bucket.
public protocol ArtifactStore: Sendable {
    /// Stores `bytes` under `key` in `bucket` and returns the https URL CloudFormation reads it from.
    func store(_ bytes: [UInt8], bucket: String, key: String) async throws -> String

    /// The bootstrap bucket's name in this account and region (``BootstrapStack/bucketName(account:region:)``),
    /// for when the bootstrap stack reports no outputs (emulators).
    func bootstrapBucketName() async throws -> String
}
