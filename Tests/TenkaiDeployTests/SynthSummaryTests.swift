import Foundation
import Testing
import TestSupport

/// The summary `tenkai synth` prints: every suppression is listed, and one that all environments
/// share is one row naming them, not one row per environment.
@Suite("tenkai synth's summary")
struct SynthSummaryTests {
    @Test func suppressionSharedByEveryEnvironmentIsOneRow() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-synth-summary-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let synth = try await runProcess(
            DeployCommandTests.tenkai, ["synth", "--system", "fileshare", "--out", out.path], currentDirectory: ProjectPaths.root)
        #expect(synth.status == 0, "\(synth.stderr)")
        let rows = synth.stderr.split(separator: "\n").filter { $0.contains("fileshare/data/logs") && $0.contains("checkov:CKV_AWS_18") }
        #expect(rows.count == 1, "\(rows)")
        #expect(rows.first?.hasPrefix("dev,stg,prod ") == true, "\(rows)")
        // The prod-only pipeline's exception names prod alone.
        let pipeline = synth.stderr.split(separator: "\n").filter { $0.contains("fileshare/pipeline/release") }
        #expect(!pipeline.isEmpty && pipeline.allSatisfy { $0.hasPrefix("prod ") }, "\(pipeline)")
    }
}
