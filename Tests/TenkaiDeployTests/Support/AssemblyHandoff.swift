import AWSClient
import Foundation
import TenkaiDeploy
import Testing
import TestSupport

/// CI's hand-over of a synthesized assembly, for the `tenkai deploy --assembly` suites: a moto,
/// and a scratch folder with `ci/` (where synth runs) and `deployer/` (which receives nothing but
/// the synthesized folder, as `artifact/`), and the real `tenkai` binary pointed at the moto.
struct AssemblyHandoff {
    let moto: MotoDeployment
    let folder: URL
    var ci: URL { folder.appendingPathComponent("ci") }
    var deployer: URL { folder.appendingPathComponent("deployer") }

    /// The flags that pick a system's dev environment from the handed-over assembly.
    static func selection(_ system: String) -> [String] { ["--assembly", "artifact", "--env", "dev", "--system", system] }

    /// Starts moto (with `scripts/moto-server.py`'s additions when `cloudFormationAdditions`) and
    /// makes the folders; call ``stop()`` when done.
    static func start(_ name: String, cloudFormationAdditions: Bool = false) async throws -> AssemblyHandoff {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-\(name)-\(UUID().uuidString)")
        let handoff = AssemblyHandoff(moto: try await MotoDeployment.start(cloudFormationAdditions: cloudFormationAdditions), folder: folder)
        try FileManager.default.createDirectory(at: handoff.ci, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: handoff.deployer, withIntermediateDirectories: true)
        return handoff
    }

    func stop() {
        moto.moto.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    func tenkai(_ arguments: [String], in directory: URL) async throws -> ProcessResult {
        try await runProcess(DeployCommandTests.tenkai, arguments, environment: moto.environment, currentDirectory: directory)
    }

    /// `tenkai synth` of a system's dev environment from the repository's Environments/, run in
    /// `directory`, writing to `out` (relative to `directory`, or absolute).
    func synth(_ system: String, out: String, in directory: URL) async throws -> ProcessResult {
        try await tenkai(
            ["synth", "--system", system, "--env", "dev", "--environments", ProjectPaths.root.appendingPathComponent("Environments").path, "--out", out],
            in: directory)
    }

    /// Copies `ci/cloud.out` to `deployer/artifact`, and checks the deployer's folder holds nothing else.
    func handOver() throws {
        try FileManager.default.copyItem(at: ci.appendingPathComponent("cloud.out"), to: deployer.appendingPathComponent("artifact"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: deployer.path) == ["artifact"])
    }

    /// The bootstrap bucket of moto's account in ap-northeast-1.
    func bootstrapBucket() async throws -> String {
        let account = try await STS(moto.aws.session("ap-northeast-1")).getCallerIdentity().account
        return BootstrapStack.bucketName(account: account, region: "ap-northeast-1")
    }
}
