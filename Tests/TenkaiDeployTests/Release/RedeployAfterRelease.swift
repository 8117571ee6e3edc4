import AWSClient
import Foundation
import TenkaiCore
@testable import TenkaiDeploy
import Testing
import TestSupport

/// What a release owes the next deploy: the same template, deployed again right after the
/// release, finds the stack unchanged and writes nothing (no stack update, and none of `writes`,
/// the calls that would move the service or its traffic).
func expectRedeployChangesNothing(
    stackName: String, templateBody: String, parameters: [String: String], session: AWSSession, proxy: ReleaseEmulatorProxy, writes: [String]
) async throws {
    var model = Template(description: "app")
    for (name, value) in parameters { model.parameters[name] = Parameter(defaultValue: .string(value)) }
    let deployTarget = DeployTarget(name: "app", stackName: stackName, region: "us-east-1", template: model, templateBody: Array(templateBody.utf8))
    let beforeDeploy = Date()
    let deployed = try await StackDeployer(
        api: CloudFormationClientAdapter(CloudFormation(session)), artifacts: nil, reporter: RecordingReporter(),
        options: DeployOptions(polling: Fixtures.fastPolling, runID: "after-release")
    ).deploy(deployTarget, parameters: [:])
    #expect(deployed.outcome == .unchanged)
    for write in ["UpdateStack", "CreateChangeSet", "ExecuteChangeSet"] + writes {
        #expect(proxy.count(write, since: beforeDeploy) == 0, "\(write)")
    }
}
