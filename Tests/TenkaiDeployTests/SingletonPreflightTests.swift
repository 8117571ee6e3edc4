import AWSClient
import Foundation
import Tenkai
import TenkaiCore
import TenkaiDeploy
import TenkaiStacks
import TestSupport
import Testing

/// Deploy's singleton check against moto in server mode (without authentication: moto 5.2
/// rejects every signed GET, and GuardDuty's ListDetectors is one): the real GuardDuty and
/// Config calls decide, and CloudFormation says which stacks exist and what they hold.
@Suite(.serialized) struct SingletonPreflightTests {
    static let guardDuty = AWSService(
        name: "GuardDuty", environmentID: "GUARDDUTY", endpointPrefix: "guardduty", signingName: "guardduty",
        apiVersion: "2017-11-28", wireProtocol: .json(version: "1.1", targetPrefix: ""))
    static let config = AWSService(
        name: "Config", environmentID: "CONFIG_SERVICE", endpointPrefix: "config", signingName: "config",
        apiVersion: "2014-11-12", wireProtocol: .json(version: "1.1", targetPrefix: "StarlingDoveService"))

    /// What the organization's delegated administrator did: a detector in the region.
    static func createDetector(_ session: AWSSession) async throws {
        _ = try await session.send(AWSRequest(
            service: guardDuty, operation: "CreateDetector", method: "POST", path: "/detector",
            headers: ["Content-Type": "application/json"], body: .data(Data(#"{"enable": true}"#.utf8)), isRetrySafe: false))
    }

    static func config(_ operation: String, _ body: String, _ session: AWSSession) async throws {
        _ = try await session.send(AWSRequest(
            service: config, operation: operation, method: "POST",
            headers: ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "StarlingDoveService.\(operation)"],
            body: .data(Data(body.utf8)), isRetrySafe: false))
    }

    static func preflight(_ session: AWSSession) -> SingletonPreflight {
        let aws = AWSConnections(session)
        return SingletonPreflight(
            system: "fileshare", environmentFile: "Environments/dev.yaml", account: "123456789012",
            apis: aws.cloudFormation, probes: { AccountSingletonProbe(aws.session($0)) })
    }

    /// The dev security stack as synth renders it.
    static func securityTarget() throws -> DeployTarget {
        let config = try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/dev.yaml"))
        let synthesis = try Synthesis(try Resolver.resolve(fileShare, in: config), format: .json)
        let assembly = try CloudAssembly(folder: URL(fileURLWithPath: "cloud.out/fileshare/dev"), files: synthesis.files)
        return DeployTarget(try #require(assembly.stacks.first { $0.entry.name == "security" }))
    }

    static func target(_ stackName: String, _ resources: [String: String]) -> DeployTarget {
        var template = Template()
        for (id, type) in resources { template.resources[id] = Resource(type: type) }
        let body = "{\"Resources\":{" + resources.sorted { $0.key < $1.key }.map { "\"\($0.key)\":{\"Type\":\"\($0.value)\"}" }.joined(separator: ",") + "}}"
        return DeployTarget(name: "security", stackName: stackName, region: "ap-northeast-1", template: template, templateBody: Array(body.utf8))
    }

    @Test func aNewStackIsRefusedForTheDetectorTheAccountHasWithWhereAndWhichSetting() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        let session = try AccountSingletonCheckTests.session(moto)
        let security = try Self.securityTarget()
        #expect(try await Self.preflight(session).wouldCreate(security) == [.guardDutyDetector, .securityHub, .configRecorder, .configDeliveryChannel])
        #expect(try await Self.preflight(session).problems([security]).isEmpty)

        try await Self.createDetector(session)
        let problems = try await Self.preflight(session).problems([security])
        #expect(problems == [
            "stack \(security.stackName) would create AWS::GuardDuty::Detector (BaselineGuardDutyDetector), but account 123456789012 already has one in ap-northeast-1 "
                + "(GuardDuty ListDetectors lists it); set systems.fileshare.guardDuty: existing in Environments/dev.yaml to use the account's"
        ])
    }

    @Test func aRedeployDoesNotFindItsOwnDetectorButAnUpdateAddingARecorderIsChecked() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        let session = try AccountSingletonCheckTests.session(moto)
        // The stack made the detector on its first deploy (moto's CloudFormation skips GuardDuty, so the API makes it).
        let first = Self.target("singleton-test-security", ["Detector": "AWS::GuardDuty::Detector", "Handle": "AWS::CloudFormation::WaitConditionHandle"])
        try await AWSConnections(session).cloudFormation("ap-northeast-1").createStack(StackRequest(
            stackName: first.stackName, templateBody: String(decoding: first.templateBody, as: UTF8.self), templateURL: nil, parameters: [:], tags: [:],
            clientRequestToken: "singleton-test"))
        try await Self.createDetector(session)
        #expect(try await Self.preflight(session).wouldCreate(first).isEmpty)
        #expect(try await Self.preflight(session).problems([first]).isEmpty)

        // The next version adds a Config recorder, and the account already records.
        try await Self.config(
            "PutConfigurationRecorder",
            #"{"ConfigurationRecorder": {"name": "org", "roleARN": "arn:aws:iam::123456789012:role/config", "recordingGroup": {"allSupported": true, "includeGlobalResourceTypes": true}}}"#,
            session)
        let second = Self.target(
            "singleton-test-security",
            ["Detector": "AWS::GuardDuty::Detector", "Handle": "AWS::CloudFormation::WaitConditionHandle", "Recorder": "AWS::Config::ConfigurationRecorder"])
        #expect(try await Self.preflight(session).wouldCreate(second) == [.configRecorder])
        let problems = try await Self.preflight(session).problems([second])
        #expect(problems.count == 1)
        #expect(problems.first?.contains("would create AWS::Config::ConfigurationRecorder (Recorder)") == true)
        #expect(problems.first?.contains("fileshare.configRecorder: existing") == true)
    }

    @Test func aDeliveryChannelIsSeen() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        let session = try AccountSingletonCheckTests.session(moto)
        let probe = AccountSingletonProbe(session)
        #expect(try await probe.exists(.configDeliveryChannel) == false)
        try await Self.config(
            "PutConfigurationRecorder",
            #"{"ConfigurationRecorder": {"name": "org", "roleARN": "arn:aws:iam::123456789012:role/config", "recordingGroup": {"allSupported": true, "includeGlobalResourceTypes": true}}}"#,
            session)
        try await Self.config("PutDeliveryChannel", #"{"DeliveryChannel": {"name": "org", "s3BucketName": "org-config"}}"#, session)
        #expect(try await probe.exists(.configDeliveryChannel) == true)
    }

    @Test func apiGatewaysLoggingRoleSetInTheRegionIsFound() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        let session = try AccountSingletonCheckTests.session(moto)
        let api = Self.target("singleton-test-api", ["Logging": "AWS::ApiGateway::Account"])
        #expect(try await Self.preflight(session).problems([api]).isEmpty)
        // Another stack (or the console) already pointed API Gateway's logging at a role in this region.
        _ = try await session.send(AWSRequest(
            service: AWSService(
                name: "APIGateway", environmentID: "API_GATEWAY", endpointPrefix: "apigateway", signingName: "apigateway",
                apiVersion: "2015-07-09", wireProtocol: .json(version: "1.1", targetPrefix: "")),
            operation: "UpdateAccount", method: "PATCH", path: "/account", headers: ["Content-Type": "application/json"],
            body: .data(Data(#"{"patchOperations": [{"op": "replace", "path": "/cloudwatchRoleArn", "value": "arn:aws:iam::123456789012:role/apigw"}]}"#.utf8)),
            isRetrySafe: false))
        let problems = try await Self.preflight(session).problems([api])
        #expect(problems.count == 1)
        #expect(problems.first?.contains("would create AWS::ApiGateway::Account (Logging)") == true)
        #expect(problems.first?.contains("(API Gateway GetAccount lists it); set systems.fileshare.apiGatewayAccount: existing") == true)
    }
}
