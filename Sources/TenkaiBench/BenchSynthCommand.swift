import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCLI
import TenkaiCore
import TenkaiStacks

#if canImport(Glibc)
import Glibc
#endif

/// `tenkai bench synth`: in-process synth time of the real systems, and of generated systems
/// of growing size (to show the cost grows linearly), with peak memory.
///
/// Whole-process time (start to exit) is measured from outside: `scripts/bench-synth.sh`.
struct BenchSynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Measure resolving and rendering: the real systems, and generated ones up to 10,000 resources.")

    @Option(help: ArgumentHelp("The folder of environment files.", valueName: "dir"))
    var environments: String = "Environments"

    @Option(help: "Timed runs per measurement (the median is reported).")
    var runs = 21

    @Option(help: "Sizes of the generated systems, in resources.")
    var generated: [Int] = [1_000, 5_000, 10_000]

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() async throws {
        do {
            let project = try Project.load(systems: allSystems, environmentsFolder: URL(fileURLWithPath: self.environments))
            let environments = project.environments
            var results: [(String, Int, Double)] = []
            for system in project.systems {
                let (resources, median) = try measure { () throws(TenkaiError) -> Int in
                    var count = 0
                    for environment in environments {
                        count += try Synthesis(try Resolver.resolve(system, in: environment, projectRoot: project.root), format: .json).totalResources
                    }
                    return count
                }
                results.append(("\(system.name) (\(environments.count) environments)", resources, median))
            }
            for size in generated {
                let system = GeneratedSystem.make(resources: size)
                let environment = environments[0]
                let (resources, median) = try measure { () throws(TenkaiError) -> Int in
                    try Synthesis(try Resolver.resolve(system, in: environment), format: .json).totalResources
                }
                results.append(("generated", resources, median))
            }
            report(results)
        } catch {
            throw error.report()
        }
    }

    private func measure(_ body: () throws(TenkaiError) -> Int) throws(TenkaiError) -> (Int, Double) {
        var resources = try body()  // warm-up
        var samples: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = ContinuousClock.now
            resources = try body()
            let elapsed = start.duration(to: .now)
            samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        return (resources, samples.sorted()[samples.count / 2])
    }

    private func report(_ results: [(String, Int, Double)]) {
        let peakMB = Double(PeakMemory.residentBytes()) / 1_048_576
        if json {
            let entries: [Value] = results.map { name, resources, ms in
                ["name": .string(name), "resources": .int(resources), "medianMicroseconds": .int(Int(ms * 1000))]
            }
            Console.output(json: ["results": .list(entries), "peakResidentMegabytes": .int(Int(peakMB.rounded()))])
            return
        }
        let rows = results.map { name, resources, ms in
            [name, String(resources), ms.fixed(2), (ms * 1000 / Double(max(resources, 1))).fixed(2)]
        }
        Console.table(["SYSTEM", "RESOURCES", "MEDIAN MS", "µS/RESOURCE"], rows, rightAligned: [1, 2, 3], to: Console.output)
        Console.output("peak resident memory: \(peakMB.fixed(1)) MB")
    }
}

/// Peak resident memory of this process so far.
enum PeakMemory {
    static func residentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024  // kilobytes on Linux
    }
}

/// A synthetic system for scaling measurements: stacks of at most 500 resources, each queue
/// with a dead-letter reference to the previous one, so cross-stack links are exercised too.
enum GeneratedSystem {
    static func make(resources: Int) -> System {
        let perStack = 500
        let stackCount = (resources + perStack - 1) / perStack
        return System("generated") { _ in
            for stackIndex in 0..<stackCount {
                Stack("stack-\(stackIndex)") {
                    for index in 0..<min(perStack, resources - stackIndex * perStack) {
                        queue(stackIndex * perStack + index)
                    }
                }
            }
        }
    }

    private static func queue(_ number: Int) -> RawResource {
        var properties: Fields = ["SqsManagedSseEnabled": true, "MessageRetentionPeriod": 345_600]
        if number > 0 {
            properties["RedrivePolicy"] = [
                "deadLetterTargetArn": .getAtt(LogicalID.pascalCase("queue-\(number - 1)"), "Arn"), "maxReceiveCount": 5,
            ]
        }
        return RawResource("queue-\(number)", type: "AWS::SQS::Queue", properties: properties)
    }
}
