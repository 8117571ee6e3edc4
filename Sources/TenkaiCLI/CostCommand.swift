import ArgumentParser
import TenkaiCore
import TenkaiCost

extension CostFormat: ExpressibleByArgument {}

/// `tenkai cost --env E`: what the synthesized systems cost a month, per component, stack and
/// environment, with every usage figure assumed and every price's source.
struct CostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Estimate the monthly cost of each system, per component, stack and environment.",
        discussion: """
            Prices the resources of the cloud assembly (synthesized now, or read with --assembly) with \
            the price sheet for the environment's region (pricing/<region>.json, or --prices FILE). \
            Traffic and storage come from the environment file's systems.<name>.usage figures, or \
            defaults; each one used is printed. List prices: no free tier, discount or tax.

            --compare dev,stg,prod puts environments side by side; --compare-assembly DIR shows the \
            change from an earlier assembly (the same system and environment) to this one.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "table, csv (one row per priced line), markdown or json.")
    var format: CostFormat = .table

    @Option(help: ArgumentHelp("Read this cloud assembly (the folder `tenkai synth` wrote) instead of synthesizing.", valueName: "dir"))
    var assembly: String?

    @Option(help: ArgumentHelp("The price sheet to use instead of pricing/<region>.json.", valueName: "file"))
    var prices: String?

    @Option(help: ArgumentHelp("Environments to put side by side, comma-separated.", valueName: "envs"))
    var compare: String?

    @Option(help: ArgumentHelp("An earlier assembly to compare with (before → after).", valueName: "dir"))
    var compareAssembly: String?

    @Flag(help: "With table or markdown, also list every priced line.")
    var details = false

    func run() async throws {
        do throws(TenkaiError) {
            var inputs = CostInputs(systems: project.systemNames, environmentsFolder: project.environments, pricesFile: prices)
            if let compare {
                let names = compare.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
                guard names.count >= 2, compareAssembly == nil else {
                    throw TenkaiError(.usage, "--compare needs two or more environments (and no --compare-assembly)", hint: "tenkai cost --compare dev,stg,prod")
                }
                var byEnvironment: [[SystemCost]] = []
                for name in names { byEnvironment.append(try inputs.estimate(try inputs.assemblies(environment: name, from: assembly))) }
                let bySystem = byEnvironment[0].indices.map { index in byEnvironment.map { $0[index] } }
                if format == .json {
                    Console.output(json: .list(bySystem.map { .list($0.map(CostReport.json)) }))
                } else {
                    Console.output(CostDocument.environments(bySystem, format: format))
                }
                return
            }
            guard project.environmentNames.count == 1, let environment = project.environmentNames.first else {
                throw TenkaiError(.usage, "name one environment with --env (or several with --compare)", hint: "tenkai cost --env dev")
            }
            let after = try inputs.estimate(try inputs.assemblies(environment: environment, from: assembly))
            if let compareAssembly {
                let before = try inputs.estimate(try inputs.assemblies(environment: environment, from: compareAssembly))
                let pairs = after.compactMap { cost in before.first { $0.system == cost.system }.map { (before: $0, after: cost) } }
                guard !pairs.isEmpty else {
                    throw TenkaiError(.usage, "\(compareAssembly) holds none of the systems estimated", hint: "pass --system to choose one")
                }
                if format == .json {
                    Console.output(json: .list(pairs.map { CostComparison.diffJSON(before: $0.before, after: $0.after) }))
                } else {
                    Console.output(CostDocument.diffs(pairs, format: format))
                }
                return
            }
            if format == .json {
                Console.output(json: after.count == 1 ? CostReport.json(after[0]) : .list(after.map(CostReport.json)))
            } else {
                Console.output(CostDocument.estimates(after, format: format, details: details))
            }
        } catch {
            throw error.report()
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
