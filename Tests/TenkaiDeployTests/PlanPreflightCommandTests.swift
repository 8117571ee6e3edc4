import AWSClient
import Foundation
import TenkaiDeploy
import TestSupport
import Testing

/// `tenkai plan` refuses what `tenkai deploy` would refuse, before it makes a change set, so no
/// approver signs a plan that cannot run: the real binary against moto (without authentication,
/// as for deploy's checks; `TENKAI_ACCOUNT_CHECK=always` makes the checks run against 127.0.0.1).
@Suite(.serialized) struct PlanPreflightCommandTests {
    typealias Project = MotoProject

    @Test func aPlanThatWouldCreateASingletonTheAccountHasIsRefusedBeforeAnyChangeSet() async throws {
        let project = try await Project.start()
        defer { project.stop() }
        try await SingletonPreflightTests.createDetector(project.session)

        let result = try await project.plan(stack: "security")
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("stack fileshare-dev-security would create AWS::GuardDuty::Detector (BaselineGuardDutyDetector)"), "\(result.stderr)")
        #expect(result.stderr.contains("set systems.fileshare.guardDuty: existing"))
        #expect(try await project.leftNothing(stackName: "fileshare-dev-security"))
    }

    @Test func aPlanWhoseCertificatesValidateInAZoneNobodyDelegatedIsRefused() async throws {
        var project = try await Project.start()
        defer { project.stop() }
        // The environment's zone exists (an earlier deploy made it) but its parent serves no NS records for it.
        _ = try await DelegationPreflightTests.createZone("dev.fileshare.example.com", project.session)
        let dns = try await ZoneFileDNSServer.start(zone: "example.com. 300 IN NS ns1.example.com.\n")
        defer { dns.stop() }
        project.environment["TENKAI_DNS_RESOLVER"] = "127.0.0.1:\(dns.port)"

        let result = try await project.plan(stack: "app")
        #expect(result.status != 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("not creating its certificates: the hosted zone dev.fileshare.example.com is not delegated"), "\(result.stderr)")
        #expect(try await project.leftNothing(stackName: "fileshare-dev-app"))
    }
}

extension MotoProject {
    func plan(stack: String) async throws -> ProcessResult {
        try await runProcess(
            DeployCommandTests.tenkai,
            ["plan", "--env", "dev", "--system", "fileshare", "--stack", stack,
             "--environments", folder.appendingPathComponent("Environments").path,
             "--out", folder.appendingPathComponent("cloud.out").path, "--plans", folder.appendingPathComponent("plans").path],
            environment: environment, currentDirectory: ProjectPaths.root)
    }

    /// Whether tenkai left anything behind: a stack (a change set of a new stack makes one) or a plan.
    func leftNothing(stackName: String) async throws -> Bool {
        let stack = try await AWSConnections(session).cloudFormation("ap-northeast-1").describeStack(named: stackName)
        let plans = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("plans").path)) ?? []
        return stack == nil && plans.isEmpty
    }
}
