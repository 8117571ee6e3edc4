import AWSClient
import ArgumentParser
import FoundationEssentials
import Tenkai
import TenkaiCore
import TenkaiDeploy

/// `tenkai release --env E --system S --image REF`: a new image of a service, blue/green by the
/// environment's `release:` strategy, with automatic rollback.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release a new image of a service: migrate, start green, shift traffic by the environment's strategy, roll back on alarms.",
        discussion: """
            Reads the deployed stacks' outputs (cloud.out/<system>/<env>/outputs.json, written by tenkai deploy). \
            Preflight checks that the stacks are stable, the image exists, no other release of the service holds \
            the lock in the bootstrap bucket and the service's alarms are not firing. Then the migration (if the \
            service declares one) runs once as a task of the new task definition and must exit 0; green starts \
            and must become healthy; traffic moves by listener weights (allAtOnce, blueGreen, canary P% for D, \
            linear P% every D) with bakes that watch the alarms and green's targets. Any alarm, unhealthy target, \
            failed step, Ctrl-C or SIGTERM puts all traffic back on blue with one listener call and exits 1. \
            A rerun after an interruption finishes the release (same image) or rolls it back. App servers on EC2 \
            (compute: ec2) get a launch template version instead of a task definition, and the listener rule's weights move. \
            A production environment (or one that requires approvals) releases only an approved release plan, once: \
            `tenkai plan release`, `tenkai approve`, then this command with the plan's image, service and \
            strategy and --plan PLAN-ID.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The service's component name (default: the system's only released service).")
    var service: String?

    @Option(help: ArgumentHelp("The image: host/repository@sha256:… (or host/repository:tag).", valueName: "ref"))
    var image: String

    @Option(help: ArgumentHelp("Instead of the environment's release strategy.", valueName: "strategy"))
    var strategy: String?

    @Option(help: ArgumentHelp("Every bake this long (30s, 5m) instead of the strategy's: for emulators and trials.", valueName: "duration"))
    var bake: String?

    @Option(help: ArgumentHelp("The output folder holding outputs.json.", valueName: "dir"))
    var out: String = "cloud.out"

    @Option(help: ArgumentHelp("Run this approved release plan (production).", valueName: "plan-id"))
    var plan: String?

    @Option(help: ArgumentHelp("A local folder of plans and approvals, read besides the bootstrap bucket.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    @Flag(help: "Print JSON events on stdout (the default outside a terminal).")
    var json = false

    func validate() throws {
        guard project.environmentNames.count == 1, project.systemNames.count == 1 else {
            throw ValidationError("a release is of one system in one environment: pass --env E and --system S once each")
        }
    }

    func run() async throws {
        do {
            let (environment, target, options) = try ReleaseCommand.prepare(project, service: service, strategy: strategy, bake: bake, out: out)
            let session: AWSSession
            do {
                session = try AWSSession.fromEnvironment(defaultRegion: target.region)
            } catch {
                throw TenkaiError(.invalidInput, "cannot set up AWS access: \(error)", hint: "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and AWS_REGION")
            }
            let gated = try await ReleaseGate.admit(
                plan: plan, plans: plans, environment: environment, session: session, image: image, options: options, target: target)
            let (chosen, terminal) = DeploySetup.reporter(json: json)
            let reporter: any DeployReporter = terminal.map(ReleaseTerminalReporter.init) ?? chosen
            terminal?.startTicking()
            defer { terminal?.stopTicking() }
            let interruption = ReleaseInterruption()
            // Ctrl-C and SIGTERM roll the release back instead of killing it mid-shift.
            let signals = SignalWatcher { name in interruption.interrupt(name) }
            defer { signals.stop() }
            let image = self.image
            let bucket = try await S3ArtifactStore(S3(session)).bootstrapBucketName()
            do {
                try await ReleaseEngine(
                    target: target, options: options, session: session, bucket: bucket, reporter: reporter, interruption: interruption
                ).run(image: image)
            } catch {
                await gated?.finished(failed: true)
                throw error
            }
            await gated?.finished(failed: false)
        } catch let error as ReleaseError {
            Console.error("error: \(error)")
            throw TenkaiExitCode.failure
        } catch {
            throw error.deployExitCode()
        }
    }

    /// The environment, the target from outputs.json and the options from the environment and the flags.
    static func prepare(
        _ project: ProjectOptions, service: String?, strategy text: String?, bake: String?, out: String
    ) throws -> (EnvironmentConfig, ReleaseTarget, ReleaseOptions) {
        let selected = try project.project()
        let environment = selected.environments[0]
        let system = selected.systems[0].name
        var strategy = environment.release
        do {
            if let text { strategy = try ReleaseStrategy(parsing: text) }
            var options = ReleaseOptions(strategy: strategy)
            if let bake { options.bakeOverride = try ReleaseStrategy.duration(bake) }
            let variables = ProcessInfo.processInfo.environment
            if let username = variables["TENKAI_REGISTRY_USERNAME"], let password = variables["TENKAI_REGISTRY_PASSWORD"] {
                options.registryLogin = .init(username: username, password: password)
            }
            let file = OutputsFile.url(outputFolder: URL(fileURLWithPath: out), system: system, environment: environment.name)
            let stacks = try ReleaseTarget.stackOutputs(fromFile: file)
            let name = try service ?? Self.onlyService(in: stacks)
            return (environment, try ReleaseTarget.fromOutputs(system: system, environment: environment.name, service: name, outputs: stacks), options)
        } catch let error as ReleaseStrategy.ParseError {
            throw TenkaiError(.invalidInput, error.message, hint: error.hint)
        }
    }

    private static func onlyService(in stacks: [String: ReleaseTarget.StackOutputs]) throws -> String {
        let suffix = "ServiceReleaseService"
        let names = Set(stacks.values.flatMap(\.outputs.keys).filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) })
        guard names.count == 1, let only = names.first else {
            throw TenkaiError(
                .invalidInput, names.isEmpty ? "the system has no released service in outputs.json" : "the system has several services",
                hint: names.isEmpty ? "deploy it first" : "pass --service (one of: \(names.sorted().map { $0.lowercased() }.joined(separator: ", ")))")
        }
        return only.lowercased()
    }
}
