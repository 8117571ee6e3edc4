import AWSClient
import Foundation
import TenkaiCore
import TenkaiDeploy
import Testing
import TestSupport

/// CI synthesizes once and deploys the same bytes: `tenkai deploy --assembly DIR` works in a
/// folder that holds nothing but the synthesized assembly (no Swift sources, no Environments/),
/// and refuses an assembly changed after synth.
@Suite("tenkai deploy --assembly against moto", .serialized)
struct DeployAssemblyCommandTests {
    @Test func deploysASynthesizedAssemblyFromAFolderWithoutSources() async throws {
        let handoff = try await AssemblyHandoff.start("assembly-cli")
        defer { handoff.stop() }
        let (moto, deployer) = (handoff.moto, handoff.deployer)
        func tenkai(_ arguments: [String]) async throws -> ProcessResult { try await handoff.tenkai(arguments, in: deployer) }

        // CI: synthesize from the sources.
        let synth = try await handoff.synth("fileshare", out: handoff.ci.appendingPathComponent("cloud.out").path, in: ProjectPaths.root)
        #expect(synth.status == 0, "\(synth.stderr)")

        // The deployer's folder gets the assembly and nothing else.
        try handoff.handOver()
        let stacks = moto.targets.flatMap { ["--stack", $0.name] }
        let selection = AssemblyHandoff.selection("fileshare")

        #expect(try await tenkai(["bootstrap"] + selection).status == 0)

        // Another deploy of the environment holds the lock: this one is refused, naming the holder.
        let s3 = S3(moto.aws.session("ap-northeast-1"))
        let bucket = try await handoff.bootstrapBucket()
        let held = #"{"expires":"2999-01-01T00:00:00Z","expiresAt":32472144000,"holder":"run-1","what":"deploy of fileshare","who":"arn:aws:iam::123456789012:user/ci"}"#
        try await s3.putObject(bucket: bucket, key: "locks/deploy/dev.json", body: .data(Data(held.utf8)), contentType: "application/json")
        let locked = try await tenkai(["deploy"] + selection + stacks)
        #expect(locked.status == 1)
        #expect(locked.stderr.contains("another deploy of environment dev is running: arn:aws:iam::123456789012:user/ci holds it"), "\(locked.stderr)")
        #expect(!locked.stdout.contains("stack-started"))
        try await s3.deleteObject(bucket: bucket, key: "locks/deploy/dev.json")
        let deploy = try await tenkai(["deploy"] + selection + stacks)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        let events = deploy.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(events.filter { $0["event"] as? String == "stack-finished" }.count == moto.targets.count)
        // Outputs land beside the assembly that was deployed.
        let outputs = deployer.appendingPathComponent("artifact/fileshare/dev/outputs.json")
        #expect(FileManager.default.fileExists(atPath: outputs.path))
        #expect(!FileManager.default.fileExists(atPath: deployer.appendingPathComponent("cloud.out").path), "nothing was synthesized")

        // The same bytes again: nothing to do.
        let again = try await tenkai(["deploy"] + selection + stacks)
        #expect(again.status == 0)
        #expect(again.stdout.split(separator: "\n").filter { $0.contains("\"no-changes\"") }.count == moto.targets.count)

        // Credentials of another account than the environment's change nothing, and say both accounts.
        var strict = moto.environment
        strict["TENKAI_ACCOUNT_CHECK"] = "always"
        let wrongAccount = try await runProcess(
            DeployCommandTests.tenkai, ["deploy"] + selection + stacks, environment: strict, currentDirectory: deployer)
        #expect(wrongAccount.status == 1)
        #expect(wrongAccount.stderr.contains("111111111111") && wrongAccount.stderr.contains("123456789012"), "\(wrongAccount.stderr)")
        #expect(!wrongAccount.stdout.contains("stack-started"))

        // An assembly changed after synth is refused before any AWS call.
        let template = deployer.appendingPathComponent("artifact/fileshare/dev/\(moto.targets[0].name).template.json")
        let text = try String(contentsOf: template, encoding: .utf8)
        try text.replacingOccurrences(of: "\"Resources\"", with: "\"Resources\" ").write(to: template, atomically: true, encoding: .utf8)
        let tampered = try await tenkai(["deploy"] + selection + stacks)
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("was changed after synth"), "\(tampered.stderr)")

        // A system the assembly does not hold, and a missing --env, are usage errors.
        #expect(try await tenkai(["deploy", "--assembly", "artifact", "--env", "dev", "--system", "crm"]).status == 64)
        #expect(try await tenkai(["deploy", "--assembly", "artifact"]).status == 64)
        #expect(try await tenkai(["deploy", "--assembly", "artifact", "--env", "dev", "--stack", "data"]).status == 64)
        try? FileManager.default.removeItem(at: template)
    }
}
