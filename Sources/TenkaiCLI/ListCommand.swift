import ArgumentParser
import Tenkai
import TenkaiCore

/// `tenkai list`: what there is to synthesize and deploy.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the systems, their stacks per environment, and the environments.",
        discussion: TenkaiExitCode.helpText)

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() throws {
        do {
            let systems = try project.systems()
            let environments = try project.environmentConfigs()
            var rows: [[String]] = []
            var entries: [Value] = []
            for system in systems {
                for environment in environments {
                    let resolved = try Resolver.resolve(system, in: environment)
                    let stacks = resolved.stacks.map(\.name)
                    rows.append([system.name, environment.name, environment.tier.rawValue, environment.region, stacks.joined(separator: " ")])
                    entries.append([
                        "system": .string(system.name), "environment": .string(environment.name),
                        "tier": .string(environment.tier.rawValue), "region": .string(environment.region),
                        "account": .string(environment.account), "stacks": .list(stacks.map(Value.string)),
                    ])
                }
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
