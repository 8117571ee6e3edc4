import Foundation
import Testing
import TestSupport
@testable import TenkaiDeploy

/// `tenkai bootstrap --trust-pipeline-role`: refused, before any AWS call, wherever there is no
/// deploy role to trust it with, and for anything but an IAM role ARN.
@Suite("tenkai bootstrap --trust-pipeline-role")
struct BootstrapPipelineTrustCommandTests {
    @Test func theTrustIsRefusedWithoutADeployRoleOrARoleARN() async throws {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TENKAI_") }
        // A closed loopback port: the refusals come before any AWS call.
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
        environment["AWS_ACCESS_KEY_ID"] = "AKIABOOTSTRAPTRUST"
        environment["AWS_SECRET_ACCESS_KEY"] = "not-a-secret"
        environment["AWS_REGION"] = "ap-northeast-1"
        let environments = ProjectPaths.root.appendingPathComponent("Environments").path
        let role = BootstrapRolesTests.pipelineRoleARN
        let cases: [([String], String)] = [
            (["--env", "prod", "--github-repository", "example/tenkai", "--trust-pipeline-role", role], "which only a non-production environment with --github-repository has"),
            (["--env", "dev", "--trust-pipeline-role", role], "which only a non-production environment with --github-repository has"),
            (["--env", "dev", "--github-repository", "example/tenkai", "--trust-pipeline-role", "arn:aws:iam::333333333333:user/ci"], "'arn:aws:iam::333333333333:user/ci' is not an IAM role ARN"),
        ]
        for (arguments, message) in cases {
            let result = try await runProcess(
                DeployCommandTests.tenkai, ["bootstrap", "--system", "fileshare", "--environments", environments] + arguments, environment: environment)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
