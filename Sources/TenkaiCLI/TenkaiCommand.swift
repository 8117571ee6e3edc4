import ArgumentParser
import Tenkai

/// `tenkai`: describe AWS systems in Swift, render them, and deploy them.
///
/// The executable names the systems it knows; anyone's package can build its own `tenkai` the
/// same way:
///
/// ```swift
/// import TenkaiCLI
/// await TenkaiCommand.main(systems: [shop])
/// ```
public struct TenkaiCommand: AsyncParsableCommand {
    public static let version = "0.2.0"

    public static let configuration = CommandConfiguration(
        commandName: "tenkai",
        abstract: "Describe whole AWS systems in Swift, render them to CloudFormation, and deploy them.",
        discussion: TenkaiExitCode.helpText,
        version: version,
        subcommands: [
            ListCommand.self, SynthCommand.self, ImageCommand.self, PipelinesCommand.self, CostCommand.self, DocsCommand.self, GCCommand.self,
        ] + deploySubcommands)

    public init() {}

    /// Runs the command line with these systems.
    public static func main(systems: [System]) async {
        SystemCatalog.register(systems)
        await main()
    }
}
