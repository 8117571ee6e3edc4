import Synchronization
import TenkaiDeploy

/// Counts the calls that reach a real CloudFormation API (to check how many a no-op deploy makes).
final class CountingCloudFormation: CloudFormationAPI {
    let wrapped: any CloudFormationAPI
    private let counted = Mutex<[String]>([])

    init(_ wrapped: any CloudFormationAPI) {
        self.wrapped = wrapped
    }

    var calls: [String] { counted.withLock { $0 } }
    func reset() { counted.withLock { $0 = [] } }
    private func count(_ name: String) { counted.withLock { $0.append(name) } }

    var region: String { wrapped.region }

    func describeStack(named name: String) async throws -> StackDescription? {
        count("DescribeStacks"); return try await wrapped.describeStack(named: name)
    }
    func getTemplate(stackName: String) async throws -> String {
        count("GetTemplate"); return try await wrapped.getTemplate(stackName: stackName)
    }
    func createChangeSet(_ request: ChangeSetRequest) async throws -> String {
        count("CreateChangeSet"); return try await wrapped.createChangeSet(request)
    }
    func describeChangeSet(_ changeSet: String, stackName: String) async throws -> DescribedChangeSet {
        count("DescribeChangeSet"); return try await wrapped.describeChangeSet(changeSet, stackName: stackName)
    }
    func createStack(_ request: StackRequest) async throws { count("CreateStack"); try await wrapped.createStack(request) }
    func updateStack(_ request: StackRequest) async throws { count("UpdateStack"); try await wrapped.updateStack(request) }
    func executeChangeSet(_ changeSetARN: String, stackName: String, clientRequestToken: String) async throws {
        count("ExecuteChangeSet"); try await wrapped.executeChangeSet(changeSetARN, stackName: stackName, clientRequestToken: clientRequestToken)
    }
    func deleteChangeSet(_ changeSetARN: String, stackName: String) async throws {
        count("DeleteChangeSet"); try await wrapped.deleteChangeSet(changeSetARN, stackName: stackName)
    }
    func deleteStack(named name: String, clientRequestToken: String) async throws {
        count("DeleteStack"); try await wrapped.deleteStack(named: name, clientRequestToken: clientRequestToken)
    }
    func describeStackEvents(stackName: String, nextToken: String?) async throws -> StackActivityPage {
        count("DescribeStackEvents"); return try await wrapped.describeStackEvents(stackName: stackName, nextToken: nextToken)
    }
    func updateTerminationProtection(stackName: String, enabled: Bool) async throws {
        count("UpdateTerminationProtection"); try await wrapped.updateTerminationProtection(stackName: stackName, enabled: enabled)
    }
    func describeStackResources(stackName: String) async throws -> [StackResourceSummary] {
        count("DescribeStackResources"); return try await wrapped.describeStackResources(stackName: stackName)
    }
}
