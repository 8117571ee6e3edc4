import ArgumentParser

/// `tenkai-bench`: the benchmarks README reports, kept out of the user-facing `tenkai` binary.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenkai-bench",
        abstract: "Measure synth, signing and deploy speed on this machine.",
        subcommands: [BenchSynthCommand.self, BenchSignCommand.self, DeployBenchCommand.self])
}
