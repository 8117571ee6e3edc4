import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai plan --env prod`: change sets for review, recorded as a plan whose ID approvers sign.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Create change sets (not executed) and write a plan for approval.",
        discussion: """
            The plan ID is the SHA-256 of what will run: change set ARNs, template hashes, parameters, \
            tags and the change sets' changes. Approvers sign it with `tenkai approve PLAN-ID`; \
            `tenkai deploy --env E --plan PLAN-ID` then executes exactly those change sets.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var selection: DeploySelection

    @Option(help: ArgumentHelp("Who makes the plan (may not approve it). Default: $TENKAI_USER, then $USER.", valueName: "name"))
    var author: String?

    @Option(help: ArgumentHelp("Where plans and approvals are kept.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func validate() throws {
        guard selection.project.systemNames.count == 1 else { throw ValidationError("a plan covers one system: pass --system NAME") }
    }

    func run() async throws {
        do {
            let setup = try DeploySetup(selection, writeOutput: true)
            guard setup.systems.count == 1, let system = setup.systems.first else {
                throw TenkaiError(.invalidInput, "a plan covers one system", hint: "pass --system NAME")
            }
            let environment = ProcessInfo.processInfo.environment
            let author = self.author ?? environment["TENKAI_USER"] ?? environment["USER"] ?? "unknown"
            let run = DeployRun(
                locations: system.locations, targets: system.targets, apis: setup.aws.cloudFormation, artifacts: setup.aws.artifacts,
                reporter: FanOutReporter([]), options: DeployOptions(isProduction: setup.isProduction))
            let planRun = PlanRun(deploy: run, system: system.system, environment: setup.environment.name, author: author)
            let (plan, diffs) = try await planRun.run()
            let file = try DeployPlanStore(folder: plans).save(plan)
            if json {
                Console.output(json: [
                    "planId": .string(plan.id), "file": .string(file.path), "author": .string(author),
                    "diff": DeployDiffPrinter.json(diffs, system: system.system, environment: setup.environment.name),
                ])
            } else {
                DeployDiffPrinter.print(diffs, system: system.system, environment: setup.environment.name)
                Console.output("plan \(plan.id) (\(plan.stacks.count) change set(s)) written to \(file.path)")
                Console.output("approve with: tenkai approve \(plan.id) --env \(setup.environment.name) --key <private-key-file>")
            }
        } catch {
            throw error.deployExitCode()
        }
    }
}
