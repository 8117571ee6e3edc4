import AWSClient
import TenkaiCore

/// Removes what `tenkai release` made outside CloudFormation before `destroy` deletes the stack
/// holding it: the `<service>-green` ECS service, which would otherwise keep the cluster and the
/// green target group busy (the stack's deletion fails on both) and keep running tasks.
///
/// ```swift
/// try await GreenServiceCleanup(ecs: ECS(session), reporter: reporter, stack: "app", stackName: "shop-dev-app")
///     .remove(outputs: stack.outputs)
/// ```
///
/// The services come from the stack's own outputs (``ReleaseOutputs/service(of:)``, ``ReleaseOutputs/cluster(of:)``),
/// so a stack without a released service costs nothing here.
public struct GreenServiceCleanup: Sendable {
    public let ecs: ECS
    public let reporter: any DeployReporter
    public let stack: String
    public let stackName: String
    /// How long to wait for a deleted service's tasks to stop (ECS drains them first).
    public var timeout: Duration = .seconds(900)
    public var pollInterval: Duration = .seconds(5)

    public init(ecs: ECS, reporter: any DeployReporter, stack: String, stackName: String) {
        self.ecs = ecs
        self.reporter = reporter
        self.stack = stack
        self.stackName = stackName
    }

    /// (cluster, green service name) for every released service the outputs name.
    public static func greenServices(in outputs: [String: String]) -> [(cluster: String, service: String)] {
        outputs.keys.sorted().compactMap { key in
            guard let serviceID = ReleaseOutputs.serviceID(fromOutput: key), let name = outputs[key],
                let cluster = outputs[ReleaseOutputs.cluster(of: serviceID)]
            else { return nil }
            return (cluster, name + "-green")
        }
    }

    /// Scales each green service to zero, deletes it and waits until ECS shows it `INACTIVE`.
    public func remove(outputs: [String: String]) async throws {
        for (cluster, service) in Self.greenServices(in: outputs) {
            guard let found = try await describe(cluster: cluster, service: service) else { continue }
            reporter.report(DeployEvent(.notice, stack: stack, stackName: stackName, message: "deleting ECS service \(service), made by tenkai release"))
            if found.status == "ACTIVE" {
                try await ecs.updateService(cluster: cluster, service: service, desiredCount: 0)
                try await ecs.deleteService(cluster: cluster, service: service, force: true)
            }
            let deadline = ContinuousClock.now + timeout
            while let left = try await describe(cluster: cluster, service: service) {
                guard ContinuousClock.now < deadline else {
                    throw DeployError(
                        .stackFailed, "ECS service \(service) is still \(left.status ?? "there") after \(timeout)", stackName: stackName,
                        hint: "aws ecs describe-services --cluster \(cluster) --services \(service); destroy again once it is INACTIVE")
                }
                try await Task.sleep(for: pollInterval)
            }
        }
    }

    /// The service unless it is missing or already `INACTIVE` (deleted); a missing cluster means no service.
    private func describe(cluster: String, service: String) async throws -> ECSService? {
        do {
            return try await ecs.describeServices(cluster: cluster, services: [service]).services.first { $0.status != "INACTIVE" }
        } catch let error as AWSError where error.code.contains("ClusterNotFound") {
            return nil
        }
    }
}
