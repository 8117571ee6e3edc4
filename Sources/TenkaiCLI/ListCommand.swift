import ArgumentParser
import Tenkai
import TenkaiCore

/// `tenkai list`: what there is to synthesize and deploy.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the systems, their stacks per environment, and the environments.",
        discussion: TenkaiExitCode.helpText)

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() async throws {
        do {
            var rows: [[String]] = []
            var entries: [Value] = []
            for resolved in try project.project().resolveAll() {
                let system = resolved.systemName, environment = resolved.environment
                let stacks = resolved.stacks.map(\.name)
                rows.append([system, environment.name, environment.tier.rawValue, environment.region, stacks.joined(separator: " ")])
                entries.append([
                    "system": .string(system), "environment": .string(environment.name),
                    "tier": .string(environment.tier.rawValue), "region": .string(environment.region),
                    "account": .string(environment.account), "stacks": .list(stacks.map(Value.string)),
                ])
            }
            if json {
                Console.output(json: .list(entries))
            } else {
                Console.table(["SYSTEM", "ENV", "TIER", "REGION", "STACKS (deploy order)"], rows, to: Console.output)
            }
        } catch {
            throw error.report()
        }
    }
}
