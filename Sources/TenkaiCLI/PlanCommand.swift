import AWSClient
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
            The plan ID is the SHA-256 of what will run and what it was made against: change set ARNs, \
            template hashes, parameters, tags, the change sets' changes, each stack's state, the environment \
            file's SHA-256, the cloud assembly's digest (manifest.json's SHA-256), the author (the AWS identity of your credentials) and the expiry. The plan and its \
            templates go to the environment's bootstrap bucket and to --plans. Approvers read it with \
            `tenkai plan show PLAN-ID` and sign it with `tenkai approve PLAN-ID`; \
            `tenkai deploy --env E --plan PLAN-ID` then executes exactly those change sets.

            \(TenkaiExitCode.helpText)
            """,
        subcommands: [PlanShowCommand.self, PlanReleaseCommand.self])

    @OptionGroup var selection: DeploySelection

    @Option(help: ArgumentHelp("A local folder that keeps a copy of plans and approvals.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    @Flag(help: "Print JSON on stdout.")
    var json = false

    func run() async throws {
        do {
            // Checked here, not in validate(): `plan show` passes through this command's options.
            guard selection.project.systemNames.count == 1 else {
                throw TenkaiError(.usage, "a plan covers one system", hint: "pass --system NAME")
            }
            let setup = try DeploySetup(selection, writeOutput: true)
            try await setup.verifyAccount()
            try await setup.verifyPlannable(environmentsFolder: selection.project.environments)
            guard let system = setup.systems.first else { throw TenkaiError(.usage, "a plan covers one system", hint: "pass --system NAME") }
            let environment = setup.environment
            let run = DeployRun(
                locations: system.locations, targets: system.targets, apis: setup.aws.cloudFormation, artifacts: setup.aws.artifacts,
                reporter: FanOutReporter([]), options: DeployOptions(isProduction: setup.isProduction))
            let aws = setup.aws
            let local = DeployPlanStore(folder: plans)
            let context = try await GateContext.load(
                session: aws.session(environment.region), environment: environment, identity: try await aws.callerIdentity())
            let planRun = PlanRun(
                deploy: run, system: system.system, environment: environment.name, author: context.identity.arn,
                environmentSHA256: context.environmentSHA256, validity: context.policy.planValidity, assembly: PlannedAssembly(system.assembly))
            let (plan, diffs) = try await planRun.run()
            let locations = try await GatedPlans(context: context, local: local).publish(plan, targets: system.targets, apis: aws.cloudFormation)
            if json {
                Console.output(json: [
                    "planId": .string(plan.id), "author": .string(plan.author), "expiresAt": .string(plan.expiresAt.formatted(.iso8601)),
                    "stored": .list(locations.map(Value.string)),
                    "diff": DeployDiffPrinter.json(diffs, system: system.system, environment: environment.name),
                ])
            } else {
                DeployDiffPrinter.print(diffs, system: system.system, environment: environment.name)
                Console.output("plan \(plan.id) (\(plan.stacks.count) change set(s)) by \(plan.author), stored in \(locations.joined(separator: " and "))")
                Console.output("review with:  tenkai plan show \(plan.id) --env \(environment.name)")
                Console.output("approve with: tenkai approve \(plan.id) --env \(environment.name) --key <private-key-file>")
            }
        } catch {
            throw error.deployExitCode()
        }
    }
}
