import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore

/// Options every command shares: where the environments are, and which systems and
/// environments to work on.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("system"), help: "Only this system (repeatable). Default: every system.")
    var systemNames: [String] = []

    @Option(name: .customLong("env"), help: "Only this environment (repeatable). Default: every environment.")
    var environmentNames: [String] = []

    @Option(help: ArgumentHelp("The folder of environment files.", valueName: "dir"))
    var environments: String = "Environments"

    /// The systems the executable was built with, and the selected systems and environments.
    func project() throws(TenkaiError) -> Project {
        try Project.load(systems: SystemCatalog.systems, environmentsFolder: EnvironmentsFolder.locate(environments))
            .selecting(systems: systemNames, environments: environmentNames)
    }
}

extension TenkaiError {
    /// Prints the error and its diagnostics, and gives the exit code it stands for.
    package func report() -> ExitCode {
        Console.error("error: \(description)")
        switch code {
        case .io: return TenkaiExitCode.ioError
        case .usage: return TenkaiExitCode.usage
        default: return TenkaiExitCode.failure
        }
    }
}
