import Foundation
import Testing
import TestSupport
@testable import TenkaiDeploy

/// What CloudFormation cannot do is said after the deploy: the stamp rally's budget filters on a
/// cost allocation tag that someone must activate once in the billing console.
@Suite("tenkai deploy names the manual steps", .serialized)
struct DeployManualStepsTests {
    @Test func aBudgetOnATagSaysToActivateTheTag() async throws {
        let moto = try await MotoDeployment.start()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-manual-\(UUID().uuidString)")
        defer { moto.moto.stop(); try? FileManager.default.removeItem(at: out) }
        let result = try await runProcess(
            DeployCommandTests.tenkai, ["deploy", "--env", "dev", "--system", "stamp-rally", "--stack", "alerts", "--out", out.path],
            environment: moto.environment, currentDirectory: ProjectPaths.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let notices = result.stdout.split(separator: "\n").filter { $0.contains("manual step:") }
        #expect(notices.count == 1, "\(result.stdout)")
        #expect(notices.first?.contains("tenkai:system") == true)
    }
}
