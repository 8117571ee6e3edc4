import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiCost
import TenkaiDocs

/// `tenkai docs --env E`: the operator's manual of each system, written from its assembly.
struct DocsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Write the operator's manual (Markdown) of each system in one environment.",
        discussion: """
            From the cloud assembly (synthesized now, or read with --assembly): the stacks, components and \
            outputs deployed, a diagram, the cost estimate, the deploy, release, rollback and configuration \
            procedures with the exact commands, troubleshooting, and backup and restore steps for every \
            RDS instance, DynamoDB table and S3 bucket. Written to <out>/<system>/docs/<env>.md.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var project: ProjectOptions

    @Option(help: ArgumentHelp("Read this cloud assembly instead of synthesizing.", valueName: "dir"))
    var assembly: String?

    @Option(help: ArgumentHelp("The price sheet to use instead of pricing/<region>.json.", valueName: "file"))
    var prices: String?

    @Option(help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out: String = "cloud.out"

    @Flag(help: "Print the document on stdout instead of writing files.")
    var stdout = false

    func run() async throws {
        do throws(TenkaiError) {
            guard project.environmentNames.count == 1, let environment = project.environmentNames.first else {
                throw TenkaiError(.usage, "name one environment with --env", hint: "tenkai docs --env prod --system fileshare")
            }
            var inputs = CostInputs(systems: project.systemNames, environmentsFolder: project.environments, pricesFile: prices)
            for assembly in try inputs.assemblies(environment: environment, from: assembly) {
                // A manual without its estimate is still a manual: a missing price sheet is a warning here.
                var cost: SystemCost?
                do {
                    cost = try inputs.estimate([assembly])[0]
                } catch {
                    Console.error("warning: no cost estimate in the manual of \(assembly.system): \(error.message)")
                }
                let markdown = OperatorDocument(assembly: assembly, cost: cost, outputs: DeployedOutputs.read(assembly.folder)).markdown
                if stdout {
                    Console.output(markdown)
                    continue
                }
                let folder = URL(fileURLWithPath: out).appendingPathComponent(assembly.system).appendingPathComponent("docs")
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    try Data(markdown.utf8).write(to: folder.appendingPathComponent("\(environment).md"))
                } catch {
                    throw TenkaiError(.io, "cannot write \(folder.path)/\(environment).md", hint: "check that the folder is writable")
                }
                Console.error("wrote \(out)/\(assembly.system)/docs/\(environment).md")
            }
        } catch {
            throw error.report()
        }
    }
}
