import ArgumentParser

/// `tenkai bench`: the benchmarks README reports.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure synth, signing and deploy speed on this machine.",
        subcommands: [BenchSynthCommand.self, BenchSignCommand.self, DeployBenchCommand.self])
}
