import AWSClient
import ArgumentParser
import FoundationEssentials
import TenkaiCLI
import TenkaiCore
import TenkaiDeploy

/// `tenkai bench deploy`: deploy speed against whatever endpoint the environment points at
/// (`scripts/bench-deploy.sh` starts moto on 127.0.0.1 for it): independent stacks one at a time
/// and all at once, then no-op deploys with their API calls per stack. Cleans up after itself.
struct DeployBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Measure deploys against an emulator: sequential vs parallel stacks, no-op time and calls per stack.",
        discussion: "Needs AWS_ENDPOINT_URL (an emulator); refuses to run without one, so it never creates stacks in a real account.")

    @Option(help: "Independent stacks per run.")
    var stacks = 6

    @Option(help: "SQS queues per stack.")
    var queues = 20

    @Option(help: "No-op deploys to time (the median is reported).")
    var runs = 5

    @Option(help: ArgumentHelp("Milliseconds added to every request, like the round trip to a real region.", valueName: "ms"))
    var latency = 0

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() async throws {
        guard let endpoint = ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"], endpoint.contains("127.0.0.1") || endpoint.contains("localhost") else {
            Console.error("error: bench deploy creates and deletes stacks; point AWS_ENDPOINT_URL at a local emulator (scripts/bench-deploy.sh does)")
            throw TenkaiExitCode.failure
        }
        do {
            let transport: any HTTPTransport = latency > 0 ? DeployBenchLatency(wrapped: CurlTransport.shared, delay: .milliseconds(latency)) : CurlTransport.shared
            let aws = AWSConnections(try AWSSession.fromEnvironment(defaultRegion: "ap-northeast-1", transport: transport))
            let region = aws.base.region
            let counter = DeployBenchCallCounter(aws.cloudFormation(region))
            let options = DeployOptions(polling: PollingPolicy(initial: .milliseconds(100), maximum: .seconds(2)))
            let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let sequential = (0..<stacks).map { target("bench-\(tag)-seq-\($0)", region: region) }
            let parallel = (0..<stacks).map { target("bench-\(tag)-par-\($0)", region: region) }
            func run(_ targets: [DeployTarget], concurrency: Int) async throws -> (Duration, [StackResult]) {
                var options = options
                options.concurrency = concurrency
                let run = DeployRun(
                    locations: [:], targets: targets, apis: { _ in counter }, artifacts: { _ in nil }, reporter: FanOutReporter([]), options: options)
                let started = ContinuousClock.now
                let results = await run.run()
                if let failure = results.first(where: { $0.outcome == .failed }) {
                    throw DeployError(.stackFailed, failure.error ?? "failed", stackName: failure.stackName)
                }
                return (started.duration(to: .now), results)
            }
            // The emulator loads each service's code on first use: keep that out of the numbers.
            let warmUp = [target("bench-\(tag)-warm-up", region: region)]
            _ = try await run(warmUp, concurrency: 1)
            let (sequentialTime, sequentialResults) = try await run(sequential, concurrency: 1)
            let (parallelTime, parallelResults) = try await run(parallel, concurrency: stacks)
            _ = counter.takeCount()
            var noOpTimes: [Duration] = []
            var calls = 0
            for _ in 0..<max(1, runs) {
                let (time, results) = try await run(parallel, concurrency: stacks)
                guard results.allSatisfy({ $0.outcome == .unchanged }) else { throw DeployError(.stackFailed, "a no-op deploy changed something") }
                noOpTimes.append(time)
                calls += counter.takeCount()
            }
            let cleanup = DestroyRun(targets: warmUp + sequential + parallel, apis: { _ in counter }, reporter: FanOutReporter([]), options: options, confirmed: false)
            _ = try await cleanup.run()

            let slowestSequential = sequentialResults.map(\.elapsed).max() ?? .zero
            let slowestParallel = parallelResults.map(\.elapsed).max() ?? .zero
            let medianNoOp = noOpTimes.sorted()[noOpTimes.count / 2]
            let callsPerStack = Double(calls) / Double(max(1, runs) * stacks)
            let milliseconds = { (duration: Duration) in Int(duration / .milliseconds(1)) }
            if json {
                Console.output(json: [
                    "stacks": .int(stacks), "queuesPerStack": .int(queues), "latencyMilliseconds": .int(latency),
                    "sequentialMilliseconds": .int(milliseconds(sequentialTime)), "slowestSequentialStackMilliseconds": .int(milliseconds(slowestSequential)),
                    "parallelMilliseconds": .int(milliseconds(parallelTime)), "slowestParallelStackMilliseconds": .int(milliseconds(slowestParallel)),
                    "noOpMedianMilliseconds": .int(milliseconds(medianNoOp)), "noOpCallsPerStack": .double(callsPerStack),
                ])
            } else {
                Console.output("\(stacks) independent stacks of \(queues) queues each, against \(endpoint), \(latency) ms added per request:")
                Console.output("  one at a time: \(milliseconds(sequentialTime)) ms (slowest stack \(milliseconds(slowestSequential)) ms)")
                Console.output("  all at once:   \(milliseconds(parallelTime)) ms (slowest stack \(milliseconds(slowestParallel)) ms)")
                Console.output("  no-op deploy:  \(milliseconds(medianNoOp)) ms median of \(noOpTimes.count), \(callsPerStack.fixed(1)) API calls per stack")
            }
        } catch {
            throw error.deployExitCode()
        }
    }

    private func target(_ name: String, region: String) -> DeployTarget {
        var template = Template(description: "tenkai bench deploy")
        for index in 0..<queues {
            template.resources["Queue\(index)"] = Resource(type: "AWS::SQS::Queue", properties: ["MessageRetentionPeriod": .int(345_600 + index)])
        }
        return DeployTarget(name: name, stackName: name, region: region, template: template, tags: ["managed-by": "tenkai"], templateBody: JSONRenderer.render(template.value))
    }
}
