import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai plan show PLAN-ID --env prod`: what an approver reads before signing.
struct PlanShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a plan from the bootstrap bucket: its changes, values before and after, security-relevant changes, approvals.",
        discussion: TenkaiExitCode.helpText)

    @Argument(help: "The plan's ID, as `tenkai plan` printed it.")
    var planID: String

    /// `--env` and `--environments`, shared with `tenkai plan` (which parses them first).
    @OptionGroup var project: ProjectOptions

    @Option(help: ArgumentHelp("A local folder of plans, read when the bucket has none.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    func run() async throws {
        do {
            guard project.environmentNames.count == 1, let name = project.environmentNames.first else {
                throw TenkaiError(.invalidInput, "plan show needs exactly one environment", hint: "pass --env prod")
            }
            let environment = try GateCommandSupport.environment(name, in: project.environments)
            let session = try GateCommandSupport.session(for: environment)
            let local = DeployPlanStore(folder: plans)
            let context = try await GateContext.load(session: session, environment: environment)
            let stored = try await GatedPlans(context: context, local: local).fetch(planID)
            Console.output(stored.report.lines.joined(separator: "\n"))
        } catch {
            throw error.deployExitCode()
        }
    }
}
