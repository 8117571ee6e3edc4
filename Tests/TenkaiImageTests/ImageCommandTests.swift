import Foundation
import TestSupport
import Testing

/// `tenkai image build` and `tenkai image push` as CI runs them: the real binary, the digest
/// on stdout, progress and errors on stderr, exit code 1 on bad input.
@Suite struct ImageCommandTests {
    /// The `tenkai` executable `swift build --build-tests` put next to the test bundle.
    static var tenkai: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenkai")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return ProjectPaths.root.appendingPathComponent(".build/debug/tenkai")
    }

    @Test func buildPrintsTheSameDigestForTheSameInputsAndPushPrintsThePinnedReference() async throws {
        let registry = try await DockerRegistry.start()
        defer { registry.stop() }
        let folder = try ImageFixtures.temporaryFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = try ImageFixtures.probeBinary()
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = "1700000000"
        func build(_ name: String) async throws -> ProcessResult {
            try await runProcess(Self.tenkai, [
                "image", "build", "--product", "probe", "--binary", probe, "--output", folder.appendingPathComponent(name).path,
                "--user", "1000:1000", "--writable", "/tmp", "--argument", "serve",
            ], environment: environment)
        }
        let first = try await build("a")
        let second = try await build("b")
        #expect(first.status == 0, "\(first.stderr)")
        let digest = first.stdout.trimmingCharacters(in: .newlines)
        #expect(digest.hasPrefix("sha256:") && digest.count == 71)
        #expect(second.stdout == first.stdout)
        let index = try String(contentsOf: folder.appendingPathComponent("a/index.json"), encoding: .utf8)
        #expect(index.contains(digest))

        let push = try await runProcess(Self.tenkai, [
            "image", "push", "--image", folder.appendingPathComponent("a").path, "--to", "\(registry.host)/probe:cli",
        ])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout == "\(registry.host)/probe@\(digest)\n")
        #expect(push.stderr.contains("3 blobs uploaded, 0 already there"))
    }

    @Test func badInputExitsWithOneAndSaysWhatToFix() async throws {
        let probe = try ImageFixtures.probeBinary()
        let output = try ImageFixtures.temporaryFolder("cli-bad").appendingPathComponent("image").path
        let root = try await runProcess(Self.tenkai, ["image", "build", "--product", "probe", "--binary", probe, "--output", output, "--user", "0:0"])
        #expect(root.status == 1)
        #expect(root.stderr.contains("non-root"))
        let epoch = try await runProcess(
            Self.tenkai, ["image", "build", "--product", "probe", "--binary", probe, "--output", output],
            environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        #expect(epoch.status == 1)
        #expect(epoch.stderr.contains("SOURCE_DATE_EPOCH 'yesterday'"))
        let reference = try await runProcess(Self.tenkai, ["image", "push", "--image", output, "--to", "probe:1"])
        #expect(reference.status == 1)
        #expect(reference.stderr.contains("names no registry"))
    }
}
