import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// `tenkai release` as CI runs it: the real binary against moto (through the release proxy), from
/// a folder holding nothing but the environment file (the target comes from the deployed stacks'
/// outputs), JSON events on stdout, exit codes, and Ctrl-C rolling back.
@Suite("tenkai release against moto", .serialized)
struct ReleaseCommandTests {
    /// A project folder: dev.yaml moved to the fixture's region with a canary release, and the
    /// account's bootstrap bucket. No outputs.json: a fresh CI checkout has none.
    static func project(for fixture: ReleaseFixture) async throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-release-cli-\(UUID().uuidString)")
        let environments = folder.appendingPathComponent("Environments")
        try FileManager.default.createDirectory(at: environments, withIntermediateDirectories: true)
        var dev = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/dev.yaml"), encoding: .utf8)
        dev = dev.replacing(/region: [a-z0-9-]+/, with: "region: us-east-1").replacing(/release: [a-zA-Z]+/, with: "release: canary 10% for 5m")
        try dev.write(to: environments.appendingPathComponent("dev.yaml"), atomically: true, encoding: .utf8)
        let account = try await STS(fixture.session).getCallerIdentity().account
        try await S3(fixture.session).createBucket(BootstrapStack.bucketName(account: account, region: "us-east-1"))
        return folder
    }

    static func environment(_ fixture: ReleaseFixture) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = fixture.proxy.url.absoluteString
        environment["AWS_ACCESS_KEY_ID"] = fixture.moto.credentials?.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = fixture.moto.credentials?.secretAccessKey
        environment["AWS_REGION"] = "us-east-1"
        environment["AWS_PROFILE"] = nil
        environment["AWS_SESSION_TOKEN"] = nil
        return environment
    }

    static func arguments(_ folder: URL, image: String) -> [String] {
        [
            "release", "--env", "dev", "--system", "fileshare", "--image", image, "--bake", "1s", "--json",
            "--environments", folder.appendingPathComponent("Environments").path,
        ]
    }

    @Test func aReleaseFromTheCommandLineReportsJSONEventsAndExitsZero() async throws {
        let fixture = try await ReleaseFixture.start(environment: "dev")
        let folder = try await Self.project(for: fixture)
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = Date()
        let result = try await runProcess(
            DeployCommandTests.tenkai, Self.arguments(folder, image: fixture.images[0]), environment: Self.environment(fixture))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cloud.out").path), "nothing read or written there")
        #expect(fixture.proxy.count("GetCallerIdentity", since: started) == 1, "one identity for the gate and the bootstrap bucket")
        let events = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        // 10 % and 100 % to green, then the hand-back: all traffic on blue, the stack's service.
        #expect(events.filter { $0["event"] as? String == "traffic-shifted" }.compactMap { $0["status"] as? String } == ["10", "100", "0"])
        #expect(events.last?["event"] as? String == "release-finished")
        #expect(events.allSatisfy { $0["componentPath"] as? String == "fileshare/web" })
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])

        let refused = try await runProcess(
            DeployCommandTests.tenkai, Self.arguments(folder, image: "fileshare:latest"), environment: Self.environment(fixture))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("image 'fileshare:latest' names no registry host"))
    }

    @Test func ctrlCDuringTheBakeRollsBackAndExitsOne() async throws {
        let fixture = try await ReleaseFixture.start(environment: "dev")
        let folder = try await Self.project(for: fixture)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = DeployCommandTests.tenkai
        process.arguments = Self.arguments(folder, image: fixture.images[0]).filter { $0 != "--bake" && $0 != "1s" } + ["--bake", "5m"]
        process.environment = Self.environment(fixture)
        let output = folder.appendingPathComponent("stdout.jsonl")
        #expect(FileManager.default.createFile(atPath: output.path, contents: nil))
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await fixture.waitForWeights(["blue": 90, "green": 10], timeout: .seconds(60))
        process.interrupt()
        let status = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
        #expect(status == 1)
        #expect(try await fixture.weights() == ["blue": 100, "green": 0])
        let lines = try String(contentsOf: output, encoding: .utf8)
        #expect(lines.contains(#""event":"rolled-back""#))
        #expect(lines.contains("interrupted: SIGINT"))
        #expect(try await fixture.object("lock.json") == nil)
    }

    @Test func aReleaseOfStacksNotDeployedNamesTheStacksToDeployFirst() async throws {
        let moto = try await MotoServer.start(authentication: true)
        defer { moto.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-release-undeployed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Environments"), withIntermediateDirectories: true)
        let dev = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Environments/dev.yaml"), encoding: .utf8)
            .replacing(/region: [a-z0-9-]+/, with: "region: us-east-1")
        try dev.write(to: folder.appendingPathComponent("Environments/dev.yaml"), atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = moto.endpoint.absoluteString
        environment["AWS_ACCESS_KEY_ID"] = moto.credentials?.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = moto.credentials?.secretAccessKey
        environment["AWS_REGION"] = "us-east-1"
        environment["AWS_PROFILE"] = nil
        environment["AWS_SESSION_TOKEN"] = nil
        let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fileshare@sha256:" + String(repeating: "a", count: 64)
        for arguments in [Self.arguments(folder, image: image), ["plan"] + Self.arguments(folder, image: image).filter { $0 != "--json" }] {
            let refused = try await runProcess(DeployCommandTests.tenkai, arguments, environment: environment)
            #expect(refused.status == 1, "\(arguments[0]): \(refused.stderr)")
            #expect(
                refused.stderr.contains("fileshare/dev is not deployed: no stack fileshare-dev-app (us-east-1), fileshare-dev-monitoring (us-east-1)")
                    && refused.stderr.contains("tenkai deploy --env dev --system fileshare"), "\(arguments[0]): \(refused.stderr)")
        }
    }
}
