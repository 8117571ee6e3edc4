import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiDeploy

/// `tenkai deploy --env E`: synth, then every stack in dependency order (independent ones in
/// parallel) through a change set, followed live to its final state.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy an environment: change sets per stack, in dependency order, followed live.",
        discussion: """
            Stacks whose template, parameters and tags are unchanged are skipped without a change set. \
            A stack left in ROLLBACK_COMPLETE by a failed create is deleted and created again; a stack with \
            an operation in progress is waited for. Production refuses to replace or remove stateful \
            resources unless --allow-replacement names them, turns termination protection on, and runs \
            only an approved plan (tenkai plan, tenkai approve, then deploy --plan).

            In a terminal the progress is a live display on stderr; otherwise (or with --json) every \
            event is one JSON object per line on stdout. Outputs go to cloud.out/<system>/<env>/outputs.json.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var selection: DeploySelection

    @Option(name: .customLong("allow-replacement"), help: ArgumentHelp("Accept replacing or removing this stateful resource (repeatable).", valueName: "logical-id"))
    var allowReplacement: [String] = []

    @Option(help: ArgumentHelp("Execute this approved plan (production).", valueName: "plan-id"))
    var plan: String?

    @Option(help: "How many stacks deploy at the same time.")
    var concurrency = 4

    @Flag(help: "Create change sets even for stacks whose template, parameters and tags are unchanged.")
    var force = false

    @Option(help: ArgumentHelp(
        "change-set (reviewed, the default and the only one allowed in production) or direct (CreateStack/UpdateStack, for emulators whose change sets lose outputs; default from $TENKAI_DEPLOY_METHOD).",
        valueName: "method"))
    var method: DeployOptions.Method?

    @Flag(name: .customLong("no-wait"), help: "Refuse stacks with an operation in progress instead of waiting for it.")
    var noWait = false

    @Option(name: .customLong("wait-timeout"), help: ArgumentHelp("How long to wait for one stack operation before giving up (CloudFormation goes on).", valueName: "minutes"))
    var waitTimeout = 120

    @Option(help: ArgumentHelp("A local folder of plans and approvals, read besides the bootstrap bucket.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    @Flag(help: "Print JSON events on stdout (the default outside a terminal).")
    var json = false

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be 1 or more, not \(concurrency)") }
        guard (1...1440).contains(waitTimeout) else { throw ValidationError("--wait-timeout must be 1 to 1440 minutes, not \(waitTimeout)") }
    }

    func run() async throws {
        do {
            var setup = try DeploySetup(selection, writeOutput: true)
            let (reporter, terminal) = DeploySetup.reporter(json: json)
            setup.reportRetries(to: reporter)
            try await setup.verifyAccount()
            try await setup.verifySingletons(environmentsFolder: selection.project.environments)
            try await setup.refuseDuringRelease()
            var polling = PollingPolicy.standard
            polling.deadline = .seconds(waitTimeout * 60)
            let options = DeployOptions(
                isProduction: setup.isProduction, allowReplacement: Set(allowReplacement), concurrency: concurrency, polling: polling,
                force: force, waitForRunningOperations: !noWait, method: try resolvedMethod())
            // One deploy of an environment at a time (the lock lives in the bootstrap bucket).
            let lock = try await EnvironmentLock.take(setup: setup, runID: options.runID, reporter: reporter)
            do {
                try await deploy(setup: setup, reporter: reporter, terminal: terminal, options: options)
            } catch {
                await lock?.end()
                throw error
            }
            await lock?.end()
        } catch {
            throw error.deployExitCode()
        }
    }

    /// The deploy itself: an approved plan's change sets, or every selected stack.
    private func deploy(setup: DeploySetup, reporter: any DeployReporter, terminal: TerminalProgressReporter?, options: DeployOptions) async throws {
        let gate = try await GateContext.load(
            session: setup.aws.session(setup.environment.region), environment: setup.environment, identity: try await setup.aws.callerIdentity())
        if let plan {
            let gated = GatedPlans(context: gate, local: DeployPlanStore(folder: plans))
            let targets = setup.systems.flatMap(\.targets)
            let approved = try await gated.admit(
                plan, targets: targets, assemblies: setup.systems.map { PlannedAssembly.Named($0.assembly) }, apis: setup.aws.cloudFormation)
            guard targets.contains(where: { target in approved.stacks.contains { $0.stackName == target.stackName } }) else {
                throw DeployError(
                    .invalidPlan, "plan \(plan) changes none of the selected stacks, so it would run nothing",
                    hint: "pass the --system and --stack the plan was made for: \(approved.stacks.map(\.stackName).joined(separator: ", "))")
            }
            let failed = try await DeployCommand.execute(approved, setup: setup, reporter: reporter, options: options, json: DeploySetup.usesJSON(json))
            if let error = await gated.finished(plan, failed: failed) { Console.error("warning: the audit record was not written: \(error)") }
            if failed { throw TenkaiExitCode.failure }
            return
        }
        if gate.requiresApprovals {
            _ = await gate.audit(.refuse, planID: nil, result: "deploy without a plan refused")
            throw DeployError(
                .approvalRequired,
                "environment \(setup.environment.name) needs \(gate.policy.requiredApprovals) approval(s) before a deploy",
                hint: "run `tenkai plan --env \(setup.environment.name)`, have it approved with `tenkai approve PLAN-ID`, then `tenkai deploy --env \(setup.environment.name) --plan PLAN-ID`")
        }
        var failed = false
        for system in setup.systems {
            var run = DeployRun(
                locations: system.locations, targets: system.targets, apis: setup.aws.cloudFormation, artifacts: setup.aws.artifacts,
                reporter: reporter, options: options)
            run.beforeStack = setup.delegationCheck
            terminal?.startTicking()
            let work = Task { await run.run() }
            let signals = SignalWatcher { _ in work.cancel() }
            let results = await work.value
            signals.stop()
            terminal?.stopTicking()
            try OutputsFile.write(results, system: system.system, environment: setup.environment.name, to: system.outputsFile)
            failed = failed || results.contains { !$0.outcome.succeeded }
            DeploySummary.print(results, outputsFile: system.outputsFile, json: DeploySetup.usesJSON(json))
            if work.isCancelled {
                DeploySummary.interrupted(results, system: system.system, reporter: reporter)
                throw TenkaiExitCode.interrupted
            }
        }
        if failed { throw TenkaiExitCode.failure }
        // What CloudFormation cannot do for the resources just deployed (a cost allocation tag to activate).
        for step in ManualSteps.collect(from: setup.systems.flatMap { $0.targets.map(\.template) }) {
            reporter.report(DeployEvent(.notice, stack: "", stackName: "", message: "manual step: \(step)"))
        }
    }

    private func resolvedMethod() throws -> DeployOptions.Method {
        if let method { return method }
        guard let text = ProcessInfo.processInfo.environment["TENKAI_DEPLOY_METHOD"], !text.isEmpty else { return .changeSet }
        guard let method = DeployOptions.Method(rawValue: text) else {
            throw TenkaiError(.invalidInput, "TENKAI_DEPLOY_METHOD=\(text) is not a deploy method", hint: "use change-set or direct")
        }
        return method
    }

    /// Executes an approved plan's change sets in order; returns whether anything failed.
    static func execute(_ plan: DeployPlan, setup: DeploySetup, reporter: any DeployReporter, options: DeployOptions, json: Bool) async throws -> Bool {
        var failed = false
        for system in setup.systems {
            var results: [StackResult] = []
            for target in system.targets {
                guard let entry = plan.stacks.first(where: { $0.stackName == target.stackName }) else { continue }
                let deployer = StackDeployer(api: setup.aws.cloudFormation(target.region), artifacts: setup.aws.artifacts(target.region), reporter: reporter, options: options)
                do {
                    try await setup.delegationCheck?(target)
                    let prepared = try await PlanExecution.verify(entry, target: target, api: setup.aws.cloudFormation(target.region))
                    try deployer.refuseGuardedChanges(prepared, target: target)
                    results.append(try await deployer.execute(prepared, target: target))
                } catch {
                    reporter.report(DeployEvent(.stackFailed, stack: target.name, stackName: target.stackName, message: "\(error)"))
                    results.append(StackResult(stack: target.name, stackName: target.stackName, region: target.region, outcome: .failed, error: "\(error)"))
                    failed = true
                    break
                }
            }
            try OutputsFile.write(results, system: system.system, environment: setup.environment.name, to: system.outputsFile)
            DeploySummary.print(results, outputsFile: system.outputsFile, json: json)
        }
        return failed
    }
}

extension DeployOptions.Method: ExpressibleByArgument {}
