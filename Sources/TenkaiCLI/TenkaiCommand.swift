import ArgumentParser

/// `tenkai`: describe AWS systems in Swift, render them, and deploy them.
public struct TenkaiCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "tenkai",
        abstract: "Describe whole AWS systems in Swift, render them to CloudFormation, and deploy them.",
        discussion: TenkaiExitCode.helpText,
        version: version,
        subcommands: [ListCommand.self, SynthCommand.self, BenchCommand.self, ImageCommand.self] + deploySubcommands)

    public init() {}
}
