import Synchronization
import TenkaiDeploy

/// Counts the CloudFormation calls a benchmark run makes, passing every call on unchanged.
final class DeployBenchCallCounter: CloudFormationAPI {
    let wrapped: any CloudFormationAPI
    private let count = Mutex(0)

    init(_ wrapped: any CloudFormationAPI) {
        self.wrapped = wrapped
    }

    /// The calls so far, and starts counting from zero again.
    func takeCount() -> Int {
        count.withLock { value in
            defer { value = 0 }
            return value
        }
    }
    private func counted() { count.withLock { $0 += 1 } }

    var region: String { wrapped.region }

    func describeStack(named name: String) async throws -> StackDescription? { counted(); return try await wrapped.describeStack(named: name) }
    func getTemplate(stackName: String) async throws -> String { counted(); return try await wrapped.getTemplate(stackName: stackName) }
    func createChangeSet(_ request: ChangeSetRequest) async throws -> String { counted(); return try await wrapped.createChangeSet(request) }
    func describeChangeSet(_ changeSet: String, stackName: String) async throws -> DescribedChangeSet {
        counted(); return try await wrapped.describeChangeSet(changeSet, stackName: stackName)
    }
    func createStack(_ request: StackRequest) async throws { counted(); try await wrapped.createStack(request) }
    func updateStack(_ request: StackRequest) async throws { counted(); try await wrapped.updateStack(request) }
    func executeChangeSet(_ changeSetARN: String, stackName: String, clientRequestToken: String) async throws {
        counted(); try await wrapped.executeChangeSet(changeSetARN, stackName: stackName, clientRequestToken: clientRequestToken)
    }
    func deleteChangeSet(_ changeSetARN: String, stackName: String) async throws { counted(); try await wrapped.deleteChangeSet(changeSetARN, stackName: stackName) }
    func deleteStack(named name: String, clientRequestToken: String) async throws { counted(); try await wrapped.deleteStack(named: name, clientRequestToken: clientRequestToken) }
    func describeStackEvents(stackName: String, nextToken: String?) async throws -> StackActivityPage {
        counted(); return try await wrapped.describeStackEvents(stackName: stackName, nextToken: nextToken)
    }
    func updateTerminationProtection(stackName: String, enabled: Bool) async throws { counted(); try await wrapped.updateTerminationProtection(stackName: stackName, enabled: enabled) }
    func describeStackResources(stackName: String) async throws -> [StackResourceSummary] { counted(); return try await wrapped.describeStackResources(stackName: stackName) }
}
