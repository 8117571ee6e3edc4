import AWSClient
import Foundation
import Testing
import TenkaiCore
@testable import TenkaiDeploy

/// What a deploy does when CloudFormation is slow, unreadable or the run is interrupted: it never
/// reports a state the account does not hold, and never waits forever in silence.
@Suite("Deploys under slow, unreadable and interrupted waits")
struct DeployFaultTests {
    let api = FakeCloudFormation()
    let events = RecordingReporter()

    static let serverError = AWSError(
        service: "cloudformation", operation: "DescribeStacks", status: 500, code: "InternalFailure", message: "try again", requestID: nil)

    func options(deadline: Duration = .seconds(60), heartbeat: Duration = .seconds(30)) -> DeployOptions {
        var options = Fixtures.options()
        options.polling.deadline = deadline
        options.polling.heartbeat = heartbeat
        return options
    }

    @Test func aStackThatCompletedIsNotFailedBecauseReadingItFailedForAWhile() async throws {
        _ = try await StackDeployer(api: api, artifacts: nil, reporter: events, options: options()).deploy(Fixtures.target(version: 1), parameters: [:])
        api.script("test-dev-data", [.init(status: "UPDATE_IN_PROGRESS"), .init(status: "UPDATE_COMPLETE")])
        api.failWhileFollowing("DescribeStacks", with: [Self.serverError, Self.serverError, Self.serverError])
        let result = try await StackDeployer(api: api, artifacts: nil, reporter: events, options: options())
            .deploy(Fixtures.target(version: 2), parameters: [:])
        #expect(result.outcome == .updated)
        #expect(events.events.filter { $0.message?.contains("could not read the stack's state") == true }.count == 3)
    }

    @Test func aStackThatCannotBeReadIsUnknownNotFailedAndItsDependentsWait() async throws {
        let data = Fixtures.target(version: 1), app = Fixtures.target("app", dependencies: ["data"])
        api.script(data.stackName, [.init(status: "CREATE_IN_PROGRESS"), .init(status: "CREATE_COMPLETE")])
        api.failWhileFollowing("DescribeStacks", with: Array(repeating: Self.serverError, count: StackWatcher.unreadableLimit))
        let results = await Fixtures.run([data, app], api: api, reporter: events, options: options()).run()
        #expect(results.map(\.outcome) == [.unknown, .skipped])
        #expect(results[0].error?.contains("whether it deployed is not known") == true)
        #expect(!events.events.contains { $0.kind == .stackFailed && $0.stack == "data" }, "never reported failed")
    }

    @Test func aStuckStackReportsProgressThenGivesUpAtTheDeadline() async throws {
        let target = Fixtures.target()
        api.script(target.stackName, Array(repeating: .init(status: "CREATE_IN_PROGRESS"), count: 100_000))
        let error = await #expect(throws: DeployError.self) {
            try await StackDeployer(api: api, artifacts: nil, reporter: events, options: options(deadline: .seconds(2), heartbeat: .milliseconds(50)))
                .deploy(target, parameters: [:])
        }
        #expect(error?.code == .timedOut)
        #expect(error?.message.contains("still CREATE_IN_PROGRESS") == true)
        let heartbeats = events.events.filter { $0.kind == .progress }
        #expect(!heartbeats.isEmpty, "a heartbeat while nothing changes")
        #expect(heartbeats.allSatisfy { $0.status == "CREATE_IN_PROGRESS" })
    }

    @Test func anInterruptedRunStartsNothingMoreAndSaysWhatWasRunning() async throws {
        let data = Fixtures.target(), app = Fixtures.target("app", dependencies: ["data"])
        api.script(data.stackName, Array(repeating: .init(status: "CREATE_IN_PROGRESS"), count: 100_000))
        let run = Fixtures.run([data, app], api: api, reporter: events, options: options())
        let work = Task { await run.run() }
        while api.calls("ExecuteChangeSet") == 0 { try await Task.sleep(for: .milliseconds(5)) }
        work.cancel()
        let results = await work.value
        #expect(results.map(\.outcome) == [.interrupted, .interrupted])
        #expect(results[0].error?.contains("CloudFormation may still be working on it") == true)
        #expect(results[1].error?.contains("not started") == true)
        #expect(api.calls("CreateChangeSet") == 1, "the dependent stack never started")
    }
}
