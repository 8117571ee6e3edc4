import AWSClient
import Foundation
import Tenkai
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// A deploy never reverts what a release set: template parameters deploy does not fill go out as
/// `UsePreviousValue`, against moto with signature checks, with and without change sets.
@Suite struct DeployKeepsReleasedImageTests {
    static func target(version: Int) -> DeployTarget {
        var template = Template(description: "release parameter test")
        template.parameters["WebServiceAppImage"] = Parameter(defaultValue: "")
        template.parameters["WebServiceAppImageTag"] = Parameter(defaultValue: "latest")
        template.resources["Logs"] = Resource(type: "AWS::Logs::LogGroup", properties: ["RetentionInDays": .int(version == 1 ? 7 : 14)])
        template.outputs["Image"] = Output(value: .ref("WebServiceAppImage"))
        return DeployTarget(
            name: "app", stackName: "release-param-test", region: "us-east-1", template: template, tags: ["tenkai:stack": "app"],
            templateBody: JSONRenderer.render(template.value))
    }

    @Test(arguments: DeployOptions.Method.allCases)
    func aDeployAfterAReleaseKeepsTheReleasedImage(method: DeployOptions.Method) async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let keys = try #require(moto.credentials)
        let session = AWSSession(
            region: "us-east-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString]))
        let api = CloudFormationClientAdapter(CloudFormation(session))
        let options = DeployOptions(polling: Fixtures.fastPolling, runID: "keep", method: method)
        let deployer = StackDeployer(api: api, artifacts: nil, reporter: RecordingReporter(), options: options)
        _ = try await deployer.deploy(Self.target(version: 1), parameters: [:])

        // What a release does: the image parameter set, template and other parameters unchanged.
        let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare@sha256:" + String(repeating: "c", count: 64)
        var update = UpdateStackInput(stackName: "release-param-test")
        update.usePreviousTemplate = true
        update.parameters = [
            CloudFormationParameter(parameterKey: "WebServiceAppImage", parameterValue: image),
            CloudFormationParameter(parameterKey: "WebServiceAppImageTag", parameterValue: "latest"),
        ]
        _ = try await CloudFormation(session).updateStack(update)
        #expect(try await api.describeStack(named: "release-param-test")?.parameters["WebServiceAppImage"] == image)

        // An unchanged template is still "no changes", not a revert.
        let unchanged = try await deployer.deploy(Self.target(version: 1), parameters: [:])
        #expect(unchanged.outcome == .unchanged)
        // A changed template deploys and keeps the image.
        let changed = try await deployer.deploy(Self.target(version: 2), parameters: [:])
        #expect(changed.outcome == .updated)
        let after = try #require(try await api.describeStack(named: "release-param-test"))
        #expect(after.parameters["WebServiceAppImage"] == image)
        #expect(after.parameters["WebServiceAppImageTag"] == "latest")
    }

    @Test func onlyParametersTheStackAlreadyHasAndDeployDoesNotSetAreKept() {
        let target = Self.target(version: 1)
        let existing = StackDescription(
            stackID: "id", stackName: "release-param-test", status: StackState("UPDATE_COMPLETE"), statusReason: nil, creationTime: nil,
            lastUpdatedTime: nil, terminationProtection: false,
            parameters: ["WebServiceAppImage": "x", "WebServiceAppImageTag": "latest", "Removed": "y"], tags: [:], outputs: [:])
        #expect(StackDeployer.keptParameters(target, existing: existing, setting: [:]) == ["WebServiceAppImage"], "the tag is at its default")
        #expect(StackDeployer.keptParameters(target, existing: existing, setting: ["WebServiceAppImage": "z"]) == [])
        #expect(StackDeployer.keptParameters(target, existing: nil, setting: [:]) == [])
    }
}
