import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai status --env E`: every stack's state, last change, drift and outputs.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every stack's state, last update, drift and outputs; exit 1 when a stack failed or drifted.",
        discussion: """
            With --drift, each deployed template is also compared with the assembly's: a stack whose \
            template is not what synth produced (changed by hand, or not yet deployed) counts as drifted.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var selection: DeploySelection

    @Flag(help: "Print JSON on stdout.")
    var json = false

    @Flag(help: "Compare each deployed template with the assembly's.")
    var drift = false

    func run() async throws {
        do {
            let setup = try DeploySetup(selection, writeOutput: false)
            var entries: [Value] = []
            var rows: [[String]] = []
            var unhealthy = false
            var lastReports: [StatusRun.Report] = []
            for system in setup.systems {
                let reports = try await StatusRun(targets: system.targets, apis: setup.aws.cloudFormation, compareTemplates: drift).run()
                unhealthy = unhealthy || reports.contains { $0.isFailed || $0.isDrifted }
                lastReports += reports
                for report in reports {
                    let changed = report.lastChange.map { Date.ISO8601FormatStyle().format($0) } ?? "-"
                    rows.append([
                        system.system, report.stack, report.stackName, report.status ?? "NOT DEPLOYED", changed,
                        report.templateMatches == false ? "TEMPLATE CHANGED" : report.drift ?? "unknown",
                        report.outputs.keys.sorted().map { "\($0)=\(report.outputs[$0]!)" }.joined(separator: " "),
                    ])
                    var fields: Fields = [
                        "system": .string(system.system), "stack": .string(report.stack), "stackName": .string(report.stackName),
                        "region": .string(report.region), "status": report.status.map(Value.string) ?? .string("NOT_DEPLOYED"),
                        "terminationProtection": .bool(report.terminationProtection),
                        "outputs": .map(Fields(report.outputs.keys.sorted().map { ($0, Value.string(report.outputs[$0]!)) })),
                    ]
                    if let date = report.lastChange { fields["lastChange"] = .string(Date.ISO8601FormatStyle().format(date)) }
                    if let drift = report.drift { fields["drift"] = .string(drift) }
                    if let matches = report.templateMatches { fields["templateMatchesAssembly"] = .bool(matches) }
                    if !report.driftedResources.isEmpty { fields["driftedResources"] = .list(report.driftedResources.map(Value.string)) }
                    if let problem = report.driftDetectionProblem { fields["driftDetection"] = .string(problem) }
                    if let reason = report.statusReason { fields["statusReason"] = .string(reason) }
                    entries.append(.map(fields))
                }
            }
            if json {
                Console.output(json: .list(entries))
            } else {
                Console.table(["SYSTEM", "STACK", "CLOUDFORMATION STACK", "STATUS", "LAST CHANGE", "DRIFT", "OUTPUTS"], rows, to: Console.output)
            }
            if !json {
                for report in lastReports {
                    for resource in report.driftedResources { Console.error("drift: \(report.stackName): \(resource)") }
                    if let problem = report.driftDetectionProblem { Console.error("note: \(report.stackName): drift detection did not run: \(problem)") }
                }
            }
            if unhealthy { throw TenkaiExitCode.failure }
        } catch {
            throw error.deployExitCode()
        }
    }
}
