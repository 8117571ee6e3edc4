import AWSClient
import Foundation
import TenkaiCore
import Testing
import TestSupport
@testable import TenkaiDeploy

/// The release numbers README reports, measured against moto with the engine's default polling
/// (`scripts/bench-release.sh` runs this and prints the `release-bench:` lines): a default canary's
/// wall time with every bake shortened to one second, the API calls of each step, and the time
/// from an alarm entering ALARM to all traffic on blue over several rollbacks. Opt-in
/// (`TENKAI_BENCHMARKS=1`): wall-time bounds belong on a quiet machine, not in every test run.
@Suite("Release benchmark against moto", .enabled(if: ProcessInfo.processInfo.environment["TENKAI_BENCHMARKS"] == "1"))
struct ReleaseBenchmarkTests {
    static let rollbacks = 5

    @Test func aDefaultCanaryAndAlarmRollbacksMeetTheirTargets() async throws {
        let fixture = try await ReleaseFixture.start()
        let options = { (runID: String) in
            ReleaseOptions(strategy: .defaultCanary, bakeOverride: .seconds(1), healthTimeout: .seconds(30), runID: runID)
        }

        // 1. A default canary (10 % for 5 min, then 100 % baked 5 min), bakes shortened to 1 s.
        let reporter = RecordingReporter()
        let started = Date()
        let clock = ContinuousClock.now
        try await ReleaseEngine(target: fixture.target, options: options("bench-canary"), session: fixture.session, bucket: fixture.bucket, reporter: reporter)
            .run(image: fixture.images[0])
        let wall = clock.duration(to: .now)
        let steps = reporter.events.filter { $0.kind == .releaseStep || $0.kind == .releaseFinished }
        var lines: [String] = []
        for (index, event) in steps.enumerated() {
            let end = index + 1 < steps.count ? steps[index + 1].time : Date.distantFuture
            let calls = fixture.proxy.calls.filter { $0.time >= (index == 0 ? started : event.time) && $0.time < end }
            guard event.kind == .releaseStep else { break }
            let operations = Dictionary(grouping: calls, by: \.operation).mapValues(\.count)
            lines.append("\(event.status ?? "?")=\(calls.count) (\(operations.keys.sorted().map { "\($0) \(operations[$0]!)" }.joined(separator: ", ")))")
        }
        print("release-bench: default canary, bakes 1 s: \(Self.milliseconds(wall)) ms wall, \(fixture.proxy.calls.filter { $0.time >= started }.count) API calls")
        for line in lines { print("release-bench: calls in step \(line)") }
        #expect(wall < .seconds(30))

        // 2. Rollbacks: the alarm flips during the first bake; the time until the listener call
        //    that put all traffic on blue returned.
        var times: [Double] = []
        for run in 0..<Self.rollbacks {
            try await fixture.setAlarm("OK")
            let watcher = RecordingReporter()
            let engine = ReleaseEngine(
                target: fixture.target,
                options: ReleaseOptions(strategy: .defaultCanary, bakeOverride: .seconds(60), healthTimeout: .seconds(30), runID: "bench-rollback-\(run)"),
                session: fixture.session, bucket: fixture.bucket, reporter: watcher)
            let release = Task { try await engine.run(image: fixture.images[1]) }
            let serving = try await fixture.weights().first { $0.value > 0 }?.key ?? "blue"
            try await fixture.waitForWeights([serving: 90, serving == "blue" ? "green" : "blue": 10], timeout: .seconds(30))
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<2000)))
            try await fixture.setAlarm("ALARM")
            let visible = Date()
            await #expect(throws: ReleaseError.self) { try await release.value }
            let rollback = try #require(watcher.events.first { $0.kind == .rolledBack })
            times.append(rollback.time.timeIntervalSince(visible))
            #expect(fixture.proxy.count("ModifyListener", since: visible) == 1)
            #expect(try await fixture.weights()[serving] == 100)
        }
        let sorted = times.sorted()
        print("release-bench: alarm in ALARM to all traffic on blue, \(Self.rollbacks) rollbacks, polling every 2 s: "
            + "median \(Int(sorted[sorted.count / 2] * 1000)) ms, max \(Int(sorted.last! * 1000)) ms, one ModifyListener each")
        #expect(sorted.last! < 5)
    }

    static func milliseconds(_ duration: Duration) -> Int { Int(duration / .milliseconds(1)) }
}
