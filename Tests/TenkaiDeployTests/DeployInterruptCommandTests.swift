import Foundation
import Testing
import TestSupport
@testable import TenkaiDeploy

/// Ctrl-C in the middle of `tenkai deploy`: the run stops starting stacks, writes outputs.json
/// and its summary, and ends the JSON stream with an `interrupted` event (exit 130).
@Suite("tenkai deploy interrupted by SIGINT", .serialized)
struct DeployInterruptCommandTests {
    @Test func sigintEndsTheStreamWithAnInterruptedEventAfterTheSummary() async throws {
        let moto = try await MotoDeployment.start()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-interrupt-\(UUID().uuidString)")
        defer { moto.moto.stop(); try? FileManager.default.removeItem(at: out) }

        let process = Process()
        process.executableURL = DeployCommandTests.tenkai
        process.arguments = ["deploy", "--env", "dev", "--system", "fileshare", "--concurrency", "1", "--out", out.path]
            + moto.targets.flatMap { ["--stack", $0.name] }
        process.environment = moto.environment
        process.currentDirectoryURL = ProjectPaths.root
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Wait for the first stack to start, then interrupt. The reads block, so they run on a
        // thread of their own: the test run's two cooperative threads serve everyone else.
        let reader = stdout.fileHandleForReading
        let text = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            Thread.detachNewThread {
                var text = ""
                while !text.contains("\"stack-started\"") {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                process.interrupt()
                text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                continuation.resume(returning: text)
            }
        }

        #expect(process.terminationStatus == 130, "\(text)")
        let lines = text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.last?["event"] as? String == "interrupted")
        let summary = try #require(lines.first { $0["event"] as? String == "summary" })
        let outcomes = (summary["stacks"] as? [[String: Any]] ?? []).compactMap { $0["outcome"] as? String }
        #expect(outcomes.count == moto.targets.count)
        #expect(outcomes.contains("interrupted"), "the stack under way says it was interrupted")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("fileshare/dev/outputs.json").path))
    }
}
