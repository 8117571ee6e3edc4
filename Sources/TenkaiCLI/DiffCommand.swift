import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai diff --env E`: what a deploy would change, from change sets that are never executed.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a deploy would change: add, modify, remove, and loudly the dangerous changes.",
        discussion: """
            Creates a change set per existing stack, reads it and deletes it again (nothing is executed); \
            a stack that does not exist yet is diffed from its template. Replacements and removals of \
            stateful resources and new IAM permissions or ingress rules are called out.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var selection: DeploySelection

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    func run() async throws {
        do {
            let setup = try DeploySetup(selection, writeOutput: false)
            var changes = 0
            var errors = 0
            var documents: [Value] = []
            for system in setup.systems {
                let run = DeployRun(
                    locations: system.locations, targets: system.targets, apis: setup.aws.cloudFormation, artifacts: setup.aws.artifacts,
                    reporter: FanOutReporter([]), options: DeployOptions(isProduction: setup.isProduction))
                let diffs = await DiffRun(deploy: run).run()
                changes += diffs.reduce(0) { $0 + $1.changes.count }
                errors += diffs.filter { $0.error != nil }.count
                if json {
                    documents.append(DeployDiffPrinter.json(diffs, system: system.system, environment: setup.environment.name))
                } else {
                    DeployDiffPrinter.print(diffs, system: system.system, environment: setup.environment.name)
                }
            }
            if json { Console.output(json: documents.count == 1 ? documents[0] : .list(documents)) }
            if errors > 0 { throw TenkaiExitCode.failure }
            if changes > 0 { throw TenkaiExitCode.changes }
        } catch {
            throw error.deployExitCode()
        }
    }
}
