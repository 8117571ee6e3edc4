import AWSClient
import Foundation
import Tenkai
import TenkaiCore
import TenkaiDeploy
import TenkaiStacks
import TestSupport
import Testing

/// The account-singleton check against moto in server mode: the real read-only calls (GuardDuty
/// ListDetectors, Security Hub DescribeHub, Config DescribeConfigurationRecorders, API Gateway
/// GetAccount) decide, not a fake. Config's POST runs with moto's signature checks on; moto 5.2's
/// signature check rejects every signed GET (docs/notes: "GET fails its check"), so the REST
/// probes run against a moto without authentication.
@Suite(.serialized) struct AccountSingletonCheckTests {
    static func session(_ moto: MotoServer) throws -> AWSSession {
        let keys = moto.credentials ?? MotoServer.Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "unchecked")
        return AWSSession(
            region: "ap-northeast-1",
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey)),
            endpoints: EndpointResolver(environment: ["AWS_ENDPOINT_URL": moto.endpoint.absoluteString]),
            retryPolicy: RetryPolicy(maximumAttempts: 1))
    }

    static func securityTemplates(guardDuty: String) throws -> [Template] {
        var config = try EnvironmentLoader.load(ProjectPaths.root.appendingPathComponent("Environments/prod.yaml"))
        config.systems["fileshare"]?["guardDuty"] = .plain(guardDuty)
        return try Resolver.resolve(fileShare, in: config).stacks.map(\.template)
    }

    static func problems(_ templates: [Template], _ session: AWSSession) async throws -> [String] {
        try await AccountSingletonCheck.problems(
            templates: templates, system: "fileshare", environmentFile: "Environments/prod.yaml", region: "ap-northeast-1",
            probe: AccountSingletonProbe(session))
    }

    @Test func anAccountWithoutThemMayCreateThemAndOneWithADetectorIsRefusedByName() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        let session = try Self.session(moto)
        let templates = try Self.securityTemplates(guardDuty: "create")
        #expect(AccountSingletonCheck.created(by: templates) == [.guardDutyDetector, .securityHub, .configRecorder, .configDeliveryChannel])
        #expect(try await Self.problems(templates, session).isEmpty)

        // The organization's administrator enabled GuardDuty here.
        let create = AWSRequest(
            service: AWSService(
                name: "GuardDuty", environmentID: "GUARDDUTY", endpointPrefix: "guardduty", signingName: "guardduty",
                apiVersion: "2017-11-28", wireProtocol: .json(version: "1.1", targetPrefix: "")),
            operation: "CreateDetector", method: "POST", path: "/detector",
            headers: ["Content-Type": "application/json"], body: .data(Data(#"{"enable": true}"#.utf8)), isRetrySafe: false)
        _ = try await session.send(create)

        let problems = try await Self.problems(templates, session)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("AWS::GuardDuty::Detector") == true)
        #expect(problems.first?.contains("systems.fileshare.guardDuty: existing in Environments/prod.yaml") == true)

        // With the setting changed, the system leaves the detector alone and the check passes.
        let adopting = try Self.securityTemplates(guardDuty: "existing")
        #expect(!AccountSingletonCheck.created(by: adopting).contains(.guardDutyDetector))
        #expect(try await Self.problems(adopting, session).isEmpty)
    }

    @Test func aConfigRecorderIsSeenWithSignatureChecksOn() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let session = try Self.session(moto)
        let probe = AccountSingletonProbe(session)
        #expect(try await probe.exists(.configRecorder) == false)
        let recorder = AWSRequest(
            service: AWSService(
                name: "Config", environmentID: "CONFIG_SERVICE", endpointPrefix: "config", signingName: "config",
                apiVersion: "2014-11-12", wireProtocol: .json(version: "1.1", targetPrefix: "StarlingDoveService")),
            operation: "PutConfigurationRecorder", method: "POST",
            headers: ["Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "StarlingDoveService.PutConfigurationRecorder"],
            body: .data(Data(#"{"ConfigurationRecorder": {"name": "org", "roleARN": "arn:aws:iam::123456789012:role/config", "recordingGroup": {"allSupported": true, "includeGlobalResourceTypes": true}}}"#.utf8)),
            isRetrySafe: false)
        _ = try await session.send(recorder)
        #expect(try await probe.exists(.configRecorder) == true)
    }

    @Test func anAPIGatewayAccountWithoutARoleHasNoSingleton() async throws {
        let moto = try await MotoServer.start(authentication: false)
        defer { moto.stop() }
        #expect(try await AccountSingletonProbe(try Self.session(moto)).exists(.apiGatewayAccount) == false)
    }
}
