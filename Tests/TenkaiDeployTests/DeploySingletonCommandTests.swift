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
        let project = try await MotoProject.start()
        defer { project.stop() }
        let (folder, environments, session, environment) = (project.folder, project.environments, project.session, project.environment)
        try await SingletonPreflightTests.createDetector(session)

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
