import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The `tenkai` commands as CI runs them: real binary, moto in server mode, JSON on stdout,
/// exit codes that mean something (0 done / no changes, 1 failed, 2 diff found changes,
/// 3 approval required).
@Suite("tenkai bootstrap/diff/deploy/plan/approve/status/destroy against moto", .serialized)
struct DeployCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-cli-\(UUID().uuidString)")

    /// The `tenkai` executable `swift build --build-tests` put next to the test bundle.
    static var tenkai: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenkai")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return ProjectPaths.root.appendingPathComponent(".build/debug/tenkai")
    }

    func tenkai(_ arguments: [String], _ moto: MotoDeployment) async throws -> ProcessResult {
        let executable = Self.tenkai
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw MissingToolError(description: "no tenkai executable at \(executable.path): build with `swift build --build-tests`")
        }
        return try await runProcess(executable, arguments, environment: moto.environment, currentDirectory: ProjectPaths.root)
    }

    /// Every stdout line of a deploy is one JSON object.
    func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    /// The project's environments, with prod's approvers replaced by freshly generated test keys.
    func environments(approvers: [String: Ed25519.PrivateKey]) throws -> URL {
        let directory = folder.appendingPathComponent("Environments")
        try TestEnvironments.write(to: directory, approvers: approvers)
        return directory
    }

    @Test func theCommandsTellWhatHappenedByExitCodeAndJSON() async throws {
        let moto = try await MotoDeployment.start()
        defer { moto.moto.stop(); try? FileManager.default.removeItem(at: folder) }
        let pdm = try Ed25519.PrivateKey.generate(), pl = try Ed25519.PrivateKey.generate()
        let environments = try environments(approvers: ["pdm": pdm, "pl": pl]).path
        let out = folder.appendingPathComponent("cloud.out").path
        let common = ["--environments", environments, "--system", "fileshare"]
        let stacks = moto.targets.flatMap { ["--stack", $0.name] }
        #expect(!stacks.isEmpty)

        let bootstrap = try await tenkai(["bootstrap", "--env", "dev"] + common, moto)
        #expect(bootstrap.status == 0, "\(bootstrap.stderr)")

        // diff before the first deploy: changes (2), as one JSON document.
        let diff = try await tenkai(["diff", "--env", "dev", "--json", "--out", out] + stacks + common, moto)
        #expect(diff.status == 2, "\(diff.stderr)")
        let diffDocument = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
        #expect((diffDocument["changes"] as? Int ?? 0) > 0)

        // deploy: JSON lines on stdout (not a terminal), outputs written.
        let deploy = try await tenkai(["deploy", "--env", "dev", "--out", out] + stacks + common, moto)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        let events = try jsonLines(deploy.stdout)
        #expect(events.contains { $0["event"] as? String == "stack-finished" && $0["status"] as? String == "CREATE_COMPLETE" })
        let summary = try #require(events.last)
        #expect(summary["event"] as? String == "summary")
        let outputsFile = URL(fileURLWithPath: out).appendingPathComponent("fileshare/dev/outputs.json")
        let outputs = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: outputsFile)) as? [String: Any])
        #expect(outputs["environment"] as? String == "dev")
        #expect(((outputs["stacks"] as? [String: Any])?.count ?? 0) > 0)

        // Nothing changed since: diff says so with 0, deploy reports no-changes for every stack.
        let again = try await tenkai(["diff", "--env", "dev", "--out", out] + stacks + common, moto)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("no changes"))
        let noOp = try await tenkai(["deploy", "--env", "dev", "--out", out] + stacks + common, moto)
        #expect(noOp.status == 0)
        #expect(try jsonLines(noOp.stdout).filter { $0["event"] as? String == "no-changes" }.count == moto.targets.count)

        let status = try await tenkai(["status", "--env", "dev", "--json"] + common, moto)
        #expect(status.status == 0)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        let deployed = Set(moto.targets.map(\.name))
        #expect(reports.filter { deployed.contains($0["stack"] as? String ?? "") }.allSatisfy { $0["status"] as? String == "CREATE_COMPLETE" })
        #expect(reports.filter { !deployed.contains($0["stack"] as? String ?? "") }.allSatisfy { $0["status"] as? String == "NOT_DEPLOYED" })
        let drift = try await tenkai(["status", "--env", "dev", "--json", "--drift", "--out", out] + common, moto)
        #expect(drift.status == 0, "\(drift.stdout)\(drift.stderr)")
        let driftReports = try #require(try JSONSerialization.jsonObject(with: Data(drift.stdout.utf8)) as? [[String: Any]])
        #expect(driftReports.filter { deployed.contains($0["stack"] as? String ?? "") }.allSatisfy { $0["templateMatchesAssembly"] as? Bool == true })

        // Production: no deploy without an approved plan (3).
        let unplanned = try await tenkai(["deploy", "--env", "prod", "--out", out] + common, moto)
        #expect(unplanned.status == 3, "\(unplanned.stderr)")
        #expect(unplanned.stderr.contains("no pinned gate"), "an account without the pinned gate refuses production")
        // Plans, approvals and deploys across machines: GateTests.

        // Destroying production needs the environment's name; dev does not.
        let refused = try await tenkai(["destroy", "--env", "prod"] + common, moto)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--confirm"))
        let confirmed = try await tenkai(["destroy", "--env", "prod", "--confirm", "prod"] + stacks + common, moto)
        #expect(confirmed.status == 0, "\(confirmed.stdout)\(confirmed.stderr)")
        let destroy = try await tenkai(["destroy", "--env", "dev", "--out", out] + stacks + common, moto)
        #expect(destroy.status == 0, "\(destroy.stdout)\(destroy.stderr)")
        // One JSON object per line, and the deleted stacks are gone from outputs.json.
        #expect(try jsonLines(destroy.stdout).last?["event"] as? String == "summary")
        let afterDestroy = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: outputsFile)) as? [String: Any])
        #expect((afterDestroy["stacks"] as? [String: Any])?.keys.contains { deployed.contains($0) } == false)
    }
}

struct MissingToolError: Error, CustomStringConvertible {
    var description: String
}
