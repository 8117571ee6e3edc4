import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// The rendered stamp-rally templates deployed to a real CloudFormation emulator (moto, on
/// 127.0.0.1 only), checked through the emulated services' own APIs.
///
/// moto's CloudFormation does not model Cognito user pools or KMS-keyed buckets, and ignores a
/// bucket's versioning and public access block, so this covers what the dev `alerts` and `data`
/// stacks create; the rest is covered by cfn-lint and the property tests.
@Suite("Stamp rally on moto")
struct StampRallyMotoTests {
    struct Report: Decodable {
        struct Table: Decodable {
            var billing: String?
            var keys: [String]
            var indexes: [String]
        }
        var stacks: [String: String]
        var tables: [String: Table]
        var buckets: [String]
    }

    @Test("the dev alerts and data stacks create, with the tables' keys and indexes and the uploads bucket")
    func devDataStacksDeploy() async throws {
        let server = ProjectPaths.venvTool("moto_server")
        guard FileManager.default.isExecutableFile(atPath: server.path) else {
            throw MissingMoto()
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-rally-moto-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let synthesis = try Synthesis(try SystemUnderTest.resolve(stampRally, in: "dev"), format: .json)
        var arguments: [String] = []
        for name in ["alerts", "data"] {
            let stack = try #require(synthesis.stacks.first { $0.stack.name == name })
            let file = folder.appendingPathComponent(stack.fileName)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(stack.bytes).write(to: file)
            arguments.append("\(stack.stack.stackName)=\(file.path)")
        }

        let port = Int.random(in: 20_000...40_000)
        let moto = Process()
        moto.executableURL = server
        moto.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        moto.standardOutput = FileHandle.nullDevice
        moto.standardError = FileHandle.nullDevice
        try moto.run()
        defer {
            // SIGKILL: a child of the test runner inherits its blocked SIGTERM and would never stop.
            kill(moto.processIdentifier, SIGKILL)
            moto.waitUntilExit()
        }

        let result = try await runProcess(
            ProjectPaths.venvTool("python"),
            [ProjectPaths.testData("stamp-rally/deploy_to_moto.py").path, String(port), "ap-northeast-1"] + arguments)
        try #require(result.status == 0, "deploy_to_moto.py failed: \(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))

        #expect(report.stacks == ["stamp-rally-dev-alerts": "CREATE_COMPLETE", "stamp-rally-dev-data": "CREATE_COMPLETE"])
        let stamps = try #require(report.tables["stamp-rally-dev-user-stamps"])
        #expect(stamps.billing == "PAY_PER_REQUEST")
        #expect(stamps.keys == ["userId", "spotId"])
        #expect(stamps.indexes == ["by-spot"])
        #expect(report.tables["stamp-rally-dev-stamp-masters"]?.indexes == ["by-area"])
        #expect(report.tables["stamp-rally-dev-users"]?.indexes == ["by-line-user"])
        // Names carry the account and region (bucket names are global); moto's account is 123456789012.
        #expect(report.buckets == [
            "stamp-rally-dev-access-logs-123456789012-ap-northeast-1", "stamp-rally-dev-uploads-123456789012-ap-northeast-1",
        ])
    }

    struct MissingMoto: Error, CustomStringConvertible {
        var description: String { ".venv/bin/moto_server is missing: run scripts/setup.sh to create .venv" }
    }
}
