import AWSClient
import FoundationEssentials

/// Resource drift: what CloudFormation finds when it compares a stack's resources with their
/// actual configuration (changes made by hand in the console, say).
public struct StackDriftReport: Sendable, Hashable {
    /// `IN_SYNC` or `DRIFTED`.
    public var status: String
    /// `logical ID (type): MODIFIED|DELETED` for every drifted resource.
    public var drifted: [String]
}

extension CloudFormationAPI {
    /// Runs drift detection on a stack and waits for it (at most `timeout`). The default answers
    /// that the API offers none; ``CloudFormationClientAdapter`` runs it for real.
    public func detectDrift(stackName: String, timeout: Duration) async throws -> StackDriftReport {
        throw DeployError(.aws, "drift detection is not available through this connection", stackName: stackName)
    }
}

extension CloudFormationClientAdapter {
    public func detectDrift(stackName: String, timeout: Duration) async throws -> StackDriftReport {
        let detection = try await client.detectStackDrift(stackName: stackName)
        let started = ContinuousClock.now
        var status = try await client.describeStackDriftDetectionStatus(detection)
        while status.detectionStatus == "DETECTION_IN_PROGRESS" {
            guard started.duration(to: .now) < timeout else {
                throw DeployError(.timedOut, "drift detection did not finish within \(Int(timeout / .seconds(1))) s", stackName: stackName)
            }
            try await Task.sleep(for: .seconds(2))
            status = try await client.describeStackDriftDetectionStatus(detection)
        }
        guard status.detectionStatus == "DETECTION_COMPLETE" else {
            throw DeployError(.aws, "drift detection failed: \(status.detectionStatusReason ?? status.detectionStatus)", stackName: stackName)
        }
        let drifts = try await client.describeStackResourceDriftsAllPages(stackName: stackName, statuses: ["MODIFIED", "DELETED"])
        return StackDriftReport(
            status: status.stackDriftStatus ?? (drifts.isEmpty ? "IN_SYNC" : "DRIFTED"),
            drifted: drifts.map { "\($0.logicalResourceId) (\($0.resourceType)): \($0.stackResourceDriftStatus)" })
    }
}
