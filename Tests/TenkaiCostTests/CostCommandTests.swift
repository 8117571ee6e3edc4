import Foundation
import TenkaiCore
import TenkaiCost
import TestSupport
import Testing

/// `tenkai cost` and `tenkai docs` as a person or CI runs them: the real binary, its output and
/// exit codes.
@Suite struct CostCommandTests {
    /// The `tenkai` executable `swift build --build-tests` put next to the test bundle.
    static var tenkai: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tenkai")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return ProjectPaths.root.appendingPathComponent(".build/debug/tenkai")
    }

    static func tenkai(_ arguments: [String]) async throws -> ProcessResult {
        try #require(FileManager.default.isExecutableFile(atPath: tenkai.path), "build tenkai first: swift build --build-tests")
        return try await runProcess(tenkai, arguments, currentDirectory: ProjectPaths.root)
    }

    @Test func jsonCarriesTheSameTotalAsTheLibrary() async throws {
        let result = try await Self.tenkai(["cost", "--env", "dev", "--system", "fileshare", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let expected = try RepositorySystemsCostTests.estimate("fileshare", "dev").monthly
        #expect((json["monthly"] as? Double).map { abs($0 - expected) < 0.006 } == true)
        #expect((json["assumptions"] as? [Any])?.isEmpty == false)
    }

    @Test func compareAsCSVHasAColumnPerEnvironment() async throws {
        let result = try await Self.tenkai(["cost", "--compare", "dev,prod", "--system", "crm", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("STACK,DEV,PROD\n"))
        #expect(result.stdout.contains("\nTOTAL,"))
    }

    @Test func anAssemblyComparedWithItselfChangesNothing() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-cost-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let synth = try await Self.tenkai(["synth", "--env", "stg", "--system", "stamp-rally", "--out", out.path])
        #expect(synth.status == 0, "\(synth.stderr)")
        let result = try await Self.tenkai(["cost", "--env", "stg", "--assembly", out.path, "--compare-assembly", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("stamp-rally · stg: monthly cost change 0.00 USD (0.0%)"))
    }

    @Test func usageMistakesExitWith64AndSayWhatToDo() async throws {
        let noEnvironment = try await Self.tenkai(["cost", "--system", "fileshare"])
        #expect(noEnvironment.status == 64)
        #expect(noEnvironment.stderr.contains("name one environment with --env"))
        let oneToCompare = try await Self.tenkai(["cost", "--compare", "dev"])
        #expect(oneToCompare.status == 64)
        let unknown = try await Self.tenkai(["cost", "--env", "qa"])
        #expect(unknown.status == 64 && unknown.stderr.contains("there is no environment named 'qa'"))
        let missingSheet = try await Self.tenkai(["cost", "--env", "dev", "--prices", "/nonexistent/prices.json"])
        #expect(missingSheet.status != 0 && missingSheet.stderr.contains("cannot read the price sheet"))
    }

    @Test func docsWritesTheManualIntoTheOutputFolder() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-docs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await Self.tenkai(["docs", "--env", "dev", "--system", "fileshare", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let manual = try String(contentsOf: out.appendingPathComponent("fileshare/docs/dev.md"), encoding: .utf8)
        #expect(manual.hasPrefix("# fileshare · dev: operator manual"))
        #expect(manual.contains("## Backup and restore"))
    }
}
