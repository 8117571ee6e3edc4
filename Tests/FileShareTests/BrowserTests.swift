import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Testing
import TestSupport
@testable import FileShare

@Suite("Browser")
struct BrowserTests {
    /// Runs the service on a free 127.0.0.1 port and drives the web UI's main flow in headless
    /// Chromium with Selenium (Tests/FileShareTests/Browser/main_flow.py).
    @Test("log in, create a project, upload, share, open the link logged out, download")
    func mainFlow() async throws {
        let harness = try await TestHarness.make(.sqlite, configure: { $0.publicURL = nil })
        _ = try await harness.user("owner@example.com")
        let result = try await Self.drive(harness, script: "main_flow.py", arguments: ["owner@example.com", "password-123"])
        await harness.close()
        #expect(result.status == 0, "browser flow failed:\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("browser flow passed"))
    }

    /// Serves `harness` on a free 127.0.0.1 port and runs `script` (in Browser/) with the base URL,
    /// `arguments` and a scratch directory; the server shuts down gracefully afterwards.
    static func drive(_ harness: TestHarness, script name: String, arguments: [String]) async throws -> ProcessResult {
        let python = ProjectPaths.venvTool("python")
        try #require(FileManager.default.isExecutableFile(atPath: python.path),
                     "Missing \(python.path): run scripts/setup.sh (make test does) to create .venv with selenium.")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
                     "Missing chromium-driver: run scripts/setup.sh.")
        var logger = Logger(label: "browser-test")
        logger.logLevel = .warning
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: FileShareApp.makeRouter(services: harness.services),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("fileshare-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let result: ProcessResult = try await withThrowingTaskGroup(of: ProcessResult?.self) { tasks in
            tasks.addTask { try await group.run(); return nil }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            let script = ProjectPaths.root.appendingPathComponent("Tests/FileShareTests/Browser/" + name)
            let outcome: Result<ProcessResult, any Error>
            do {
                outcome = .success(try await runProcess(
                    python, [script.path, "http://127.0.0.1:\(port)"] + arguments + [work.path],
                    environment: ProcessInfo.processInfo.environment.merging(["SE_AVOID_STATS": "true"]) { $1 }))
            } catch {
                outcome = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try outcome.get()
        }
        try? FileManager.default.removeItem(at: work)
        return result
    }
}
