import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiDeploy

/// `tenkai synth`: renders CloudFormation templates and a manifest for each system and environment.
struct SynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Render CloudFormation templates for every system and environment.",
        discussion: """
            Writes cloud.out/<system>/<env>/<stack>.template.json|yaml and manifest.json. Every \
            system and environment is resolved and rendered before anything is written, and each \
            output folder is replaced at once: a failed synth leaves the previous output intact.

            With --target compose, writes cloud.out/<system>/local/compose.yaml instead: the \
            system as containers for `docker compose up`, built from the development environment \
            (or the first --env given).

            With --target diagram, writes cloud.out/<system>/diagram/<env>.mmd instead: a Mermaid \
            drawing of the stacks, their components and which component uses which; and the same as \
            <env>.dot and, when Graphviz's dot is installed, <env>.svg.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The template format.")
    var format: TemplateFormat = .json

    @Option(help: "What to render: CloudFormation templates, a docker compose file per system (cloud.out/<system>/local/compose.yaml), or a diagram per system and environment (cloud.out/<system>/diagram/<env>.mmd, .dot, .svg).")
    var target: SynthTarget = .cloudformation

    @Option(help: ArgumentHelp("The output folder.", valueName: "dir"))
    var out: String = "cloud.out"

    @Flag(help: "Print a JSON summary on stdout instead of the table on stderr.")
    var json = false

    func run() async throws {
        switch target {
        case .compose: return try runCompose()
        case .diagram: return try runDiagram()
        case .cloudformation: break
        }
        let started = ContinuousClock.now
        let syntheses: [Synthesis]
        do {
            syntheses = try project.project().synthesize(format: format)
            try Project.write(syntheses, to: URL(fileURLWithPath: out))
        } catch {
            throw error.report()
        }
        let elapsed = started.duration(to: .now)
        for synthesis in syntheses { Console.report(synthesis.system.diagnostics) }
        if json {
            Console.output(json: summary(syntheses, elapsed: elapsed))
        } else {
            printTable(syntheses, elapsed: elapsed)
        }
        ProcessLifetime.keepUntilExit(syntheses)
    }

    private func printTable(_ syntheses: [Synthesis], elapsed: Duration) {
        var rows: [[String]] = []
        for synthesis in syntheses {
            for stack in synthesis.stacks {
                rows.append([
                    synthesis.system.systemName, synthesis.system.environment.name, stack.stack.name,
                    String(stack.resourceCount), String(stack.bytes.count),
                    stack.stack.dependencies.joined(separator: ","),
                ])
            }
        }
        Console.table(
            ["SYSTEM", "ENV", "STACK", "RESOURCES", "BYTES", "DEPENDS ON"], rows, rightAligned: [3, 4], to: Console.error)
        let suppressions = suppressionRows(syntheses)
        if !suppressions.isEmpty {
            Console.error("")
            Console.table(["ENVS", "COMPONENT", "SUPPRESSED RULE", "REASON"], suppressions, to: Console.error)
            Console.error("")
        }
        let resources = syntheses.reduce(0) { $0 + $1.totalResources }
        let bytes = syntheses.reduce(0) { $0 + $1.totalBytes }
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        Console.error(
            "synthesized \(rows.count) stacks, \(resources) resources, \(bytes) bytes in "
                + "\(milliseconds.fixed(1)) ms → \(out)/")
    }

    /// One row per suppression, naming every environment that has it: the same exception in dev,
    /// stg and prod is one decision, so it is listed once.
    private func suppressionRows(_ syntheses: [Synthesis]) -> [[String]] {
        var environments: [[String]: [String]] = [:]
        var order: [[String]] = []
        for synthesis in syntheses {
            for suppression in synthesis.suppressions {
                let key = [suppression.componentPath, suppression.rule.rawValue, suppression.reason]
                if environments[key] == nil { order.append(key) }
                environments[key, default: []].append(synthesis.system.environment.name)
            }
        }
        return order.map { [environments[$0]!.joined(separator: ",")] + $0 }
    }

    private func summary(_ syntheses: [Synthesis], elapsed: Duration) -> Value {
        let stacks: [Value] = syntheses.flatMap { synthesis in
            synthesis.stacks.map { stack in
                [
                    "system": .string(synthesis.system.systemName),
                    "environment": .string(synthesis.system.environment.name),
                    "stack": .string(stack.stack.name),
                    "file": .string("\(out)/\(synthesis.system.systemName)/\(synthesis.system.environment.name)/\(stack.fileName)"),
                    "resources": .int(stack.resourceCount),
                    "bytes": .int(stack.bytes.count),
                    "sha256": .string(stack.sha256),
                ] as Value
            }
        }
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let suppressions: [Value] = syntheses.flatMap { synthesis in
            synthesis.suppressions.map { suppression in
                [
                    "environment": .string(synthesis.system.environment.name),
                    "component": .string(suppression.componentPath),
                    "rule": .string(suppression.rule.rawValue), "reason": .string(suppression.reason),
                ] as Value
            }
        }
        return [
            "stacks": .list(stacks), "suppressions": .list(suppressions), "elapsedMicroseconds": .int(Int(microseconds)),
        ]
    }
}

extension TemplateFormat: ExpressibleByArgument {}
