import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiDeploy

/// `tenkai pipelines render`: the CI definitions in `pipelines/`, generated from the environments
/// and the systems the executable was built with (the production workflow's system choice).
struct PipelinesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipelines",
        abstract: "Generate the CI definitions in pipelines/ from the environment files.",
        subcommands: [Render.self])

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Write pipelines/github/*.yml and pipelines/codebuild/buildspec.yml from Environments/.",
            discussion: """
                Accounts, regions and approvers come from the environment files, so they are written once. \
                With --check nothing is written; the exit code is 1 when a file differs from the rendering.

                \(TenkaiExitCode.helpText)
                """)

        @Option(help: ArgumentHelp("The folder of environment files.", valueName: "dir"))
        var environments: String = "Environments"

        @Option(help: ArgumentHelp("The repository root the files go under.", valueName: "dir"))
        var root: String = "."

        @Flag(help: "Only compare: exit 1 when a checked-in file differs from the rendering.")
        var check = false

        func run() async throws {
            do {
                let configs = try EnvironmentLoader.loadAll(from: URL(fileURLWithPath: environments))
                var stale: [String] = []
                for file in PipelineFiles.render(environments: configs, systems: SystemCatalog.systems.map(\.name)) {
                    let url = URL(fileURLWithPath: root).appendingPathComponent(file.path)
                    let current = try? String(contentsOf: url, encoding: .utf8)
                    guard current != file.text else { continue }
                    if check {
                        stale.append(file.path)
                        continue
                    }
                    do {
                        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                        try Data(file.text.utf8).write(to: url, options: .atomic)
                    } catch {
                        throw TenkaiError(.io, "could not write \(url.path): \(error)")
                    }
                    Console.error("wrote \(file.path)")
                }
                if !stale.isEmpty {
                    Console.error("error: not what `tenkai pipelines render` makes of \(environments)/: \(stale.joined(separator: ", "))")
                    throw TenkaiExitCode.failure
                }
            } catch let error as TenkaiError {
                throw error.report()
            }
        }
    }
}
