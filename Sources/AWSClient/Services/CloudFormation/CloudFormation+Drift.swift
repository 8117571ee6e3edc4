import FoundationEssentials

/// Drift detection: whether the deployed resources still match their stack's template.
///
/// Detection runs asynchronously in CloudFormation: start it, poll its status until it is no
/// longer `DETECTION_IN_PROGRESS`, then read the resources that drifted.
///
/// ```swift
/// let id = try await cfn.detectStackDrift(stackName: "app")
/// var status = try await cfn.describeStackDriftDetectionStatus(id)
/// while status.detectionStatus == "DETECTION_IN_PROGRESS" {
///     try await Task.sleep(for: .seconds(2))
///     status = try await cfn.describeStackDriftDetectionStatus(id)
/// }
/// let drifted = try await cfn.describeStackResourceDriftsAllPages(stackName: "app", statuses: ["MODIFIED", "DELETED"])
/// ```
extension CloudFormation {
    /// Starts drift detection on a stack (or only on `logicalResourceIds`); returns the detection's ID.
    public func detectStackDrift(stackName: String, logicalResourceIds: [String] = []) async throws -> String {
        try await session.query(
            .cloudFormation, "DetectStackDrift", DetectStackDriftInput(stackName: stackName, logicalResourceIds: logicalResourceIds),
            as: DetectStackDriftOutput.self
        ).stackDriftDetectionId
    }

    /// Where a drift detection stands, and its verdict once complete.
    public func describeStackDriftDetectionStatus(_ detectionID: String) async throws -> StackDriftDetectionStatus {
        try await session.query(
            .cloudFormation, "DescribeStackDriftDetectionStatus", DriftDetectionIDInput(stackDriftDetectionId: detectionID),
            as: StackDriftDetectionStatus.self
        )
    }

    /// One page of the stack's resources as last checked for drift, optionally only those in `statuses`
    /// (`IN_SYNC`, `MODIFIED`, `DELETED`, `NOT_CHECKED`, `UNKNOWN`).
    public func describeStackResourceDrifts(
        stackName: String, statuses: [String] = [], nextToken: String? = nil
    ) async throws -> StackResourceDriftsPage {
        try await session.query(
            .cloudFormation, "DescribeStackResourceDrifts",
            StackResourceDriftsInput(stackName: stackName, stackResourceDriftStatusFilters: statuses, nextToken: nextToken),
            as: StackResourceDriftsPage.self
        )
    }

    /// Every page of ``describeStackResourceDrifts(stackName:statuses:nextToken:)``.
    public func describeStackResourceDriftsAllPages(stackName: String, statuses: [String] = []) async throws -> [StackResourceDrift] {
        var drifts: [StackResourceDrift] = []
        var token: String?
        repeat {
            let page = try await describeStackResourceDrifts(stackName: stackName, statuses: statuses, nextToken: token)
            drifts += page.stackResourceDrifts
            token = page.nextToken
        } while token != nil
        return drifts
    }
}

/// The answer of `DescribeStackDriftDetectionStatus`.
public struct StackDriftDetectionStatus: Decodable, Sendable, Equatable {
    public var stackId: String
    public var stackDriftDetectionId: String
    /// `DRIFTED`, `IN_SYNC`, `UNKNOWN` or `NOT_CHECKED`; absent while detection runs.
    public var stackDriftStatus: String?
    /// `DETECTION_IN_PROGRESS`, `DETECTION_FAILED` or `DETECTION_COMPLETE`.
    public var detectionStatus: String
    public var detectionStatusReason: String?
    public var driftedStackResourceCount: Int?
    public var timestamp: Date
}

/// One resource as drift detection last saw it.
public struct StackResourceDrift: Decodable, Sendable, Equatable {
    public var stackId: String
    public var logicalResourceId: String
    public var physicalResourceId: String?
    public var resourceType: String
    /// `IN_SYNC`, `MODIFIED`, `DELETED`, `NOT_CHECKED` or `UNKNOWN`.
    public var stackResourceDriftStatus: String
    /// The properties the template sets, as JSON text.
    public var expectedProperties: String?
    /// The properties the resource has, as JSON text.
    public var actualProperties: String?
    public var propertyDifferences: [PropertyDifference]?
    public var timestamp: Date
}

/// One property that differs from the template.
public struct PropertyDifference: Decodable, Sendable, Equatable {
    /// A JSON pointer into the properties (`/Tags/0/Value`).
    public var propertyPath: String
    public var expectedValue: String
    public var actualValue: String
    /// `ADD`, `REMOVE` or `NOT_EQUAL`.
    public var differenceType: String
}

/// One page of `DescribeStackResourceDrifts`.
public struct StackResourceDriftsPage: Decodable, Sendable {
    public var stackResourceDrifts: [StackResourceDrift]
    public var nextToken: String?
}

struct DetectStackDriftInput: Encodable {
    var stackName: String
    var logicalResourceIds: [String]
}

struct DetectStackDriftOutput: Decodable {
    var stackDriftDetectionId: String
}

struct DriftDetectionIDInput: Encodable {
    var stackDriftDetectionId: String
}

struct StackResourceDriftsInput: Encodable {
    var stackName: String
    var stackResourceDriftStatusFilters: [String]
    var nextToken: String?
}
