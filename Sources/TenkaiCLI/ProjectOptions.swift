import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiStacks

/// Options every command shares: where the environments are, and which systems and
/// environments to work on.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("system"), help: "Only this system (repeatable). Default: every system.")
    var systemNames: [String] = []

    @Option(name: .customLong("env"), help: "Only this environment (repeatable). Default: every environment.")
    var environmentNames: [String] = []

    @Option(help: ArgumentHelp("The folder of environment files.", valueName: "dir"))
    var environments: String = "Environments"

    /// The selected systems; an unknown name is an error listing the known ones.
    func systems() throws(TenkaiError) -> [System] {
        guard !systemNames.isEmpty else { return allSystems }
        return try systemNames.map { (name) throws(TenkaiError) -> System in
            guard let system = allSystems.first(where: { $0.name == name }) else {
                throw TenkaiError(
                    .notFound, "there is no system named '\(name)'",
                    hint: "known systems: \(allSystems.map(\.name).joined(separator: ", "))")
            }
            return system
        }
    }

    /// The selected environments, read strictly from their files.
    func environmentConfigs() throws(TenkaiError) -> [EnvironmentConfig] {
        let all = try EnvironmentLoader.loadAll(from: URL(fileURLWithPath: environments))
        guard !environmentNames.isEmpty else { return all }
        return try environmentNames.map { (name) throws(TenkaiError) -> EnvironmentConfig in
            guard let config = all.first(where: { $0.name == name }) else {
                throw TenkaiError(
                    .notFound, "there is no environment named '\(name)' in \(environments)/",
                    hint: "known environments: \(all.map(\.name).joined(separator: ", "))")
            }
            return config
        }
    }
}

extension TenkaiError {
    /// Prints the error and its diagnostics, and gives the exit code it stands for.
    func report() -> ExitCode {
        Console.error("error: \(description)")
        return code == .io ? TenkaiExitCode.ioError : TenkaiExitCode.failure
    }
}
