import AWSClient
import Foundation
import TenkaiDeploy
import TestSupport
import Testing

/// `tenkai deploy` refuses, before any change, a stack that would create a GuardDuty detector
/// the account already has: the real binary against moto (without authentication, since moto
/// 5.2 rejects signed GETs; `TENKAI_ACCOUNT_CHECK=always` makes the account checks run against
/// an emulator on 127.0.0.1).
@Suite(.serialized) struct DeploySingletonCommandTests {
    @Test func deployRefusesBeforeAnyChangeAndNamesTheSetting() async throws {
        let moto = try await MotoServer.start(authentication: false)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-singleton-\(UUID().uuidString)")
        defer { moto.stop(); try? FileManager.default.removeItem(at: folder) }
        // The project's environments, with dev in moto's account.
        let environments = folder.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: environments, withIntermediateDirectories: true)
        for name in ["dev", "stg", "prod"] {
            var text = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/\(name).yaml"), encoding: .utf8)
            if name == "dev" { text = text.replacingOccurrences(of: "account: \"111111111111\"", with: "account: \"123456789012\"") }
            try text.write(to: environments.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let session = try AccountSingletonCheckTests.session(moto)
        try await SingletonPreflightTests.createDetector(session)

        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = moto.endpoint.absoluteString
        environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE"
        environment["AWS_SECRET_ACCESS_KEY"] = "unchecked"
        environment["AWS_REGION"] = "ap-northeast-1"
        environment["AWS_PROFILE"] = nil
        environment["AWS_MAX_ATTEMPTS"] = "1"
        environment["TENKAI_ACCOUNT_CHECK"] = "always"
        let executable = DeployCommandTests.tenkai
        let result = try await runProcess(
            executable,
            ["deploy", "--env", "dev", "--system", "fileshare", "--stack", "security", "--environments", environments.path,
             "--out", folder.appendingPathComponent("cloud.out").path, "--method", "direct"],
            environment: environment, currentDirectory: ProjectPaths.root)

        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("nothing was changed: stack fileshare-dev-security would create AWS::GuardDuty::Detector (BaselineGuardDutyDetector)"), "\(result.stderr)")
        #expect(result.stderr.contains("account 123456789012 already has one in ap-northeast-1"))
        #expect(result.stderr.contains("set systems.fileshare.guardDuty: existing in \(environments.path)/dev.yaml"))
        #expect(try await AWSConnections(session).cloudFormation("ap-northeast-1").describeStack(named: "fileshare-dev-security") == nil)
    }
}
