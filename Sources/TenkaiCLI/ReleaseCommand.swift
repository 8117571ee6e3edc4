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
            Reads the deployed stacks' outputs from CloudFormation (DescribeStacks), so it needs no earlier deploy in the same folder. \
            Preflight checks that the stacks are stable, the image exists, no other release of the service holds \
            the lock in the bootstrap bucket and the service's alarms are not firing. Then the migration (if the \
            service declares one) runs once as a task of the new task definition and must exit 0; green starts \
            and must become healthy; traffic moves by listener weights (allAtOnce, blueGreen, canary P% for D, \
            linear P% every D) with bakes that watch the alarms and green's targets. Any alarm, unhealthy target, \
            failed step, Ctrl-C or SIGTERM puts all traffic back on blue with one listener call and exits 1. \
            After the final bake the stack's service (blue) takes the image (UpdateStack, waited for) and all traffic \
            returns to it; if that fails, green keeps serving the released image and a rerun with it finishes. \
            A rerun after an interruption finishes the release (same image) or rolls it back. \
            A version of several images (--image REF for the released container, --image CONTAINER=REF for others of the \
            service) is one release: one revision, one migration, one shift, one stack update setting every image parameter. \
            App servers on EC2 (compute: ec2) get a launch template version instead of a task definition, and the listener rule's weights move. \
            A production environment (or one that requires approvals) releases only an approved release plan, once: \
            `tenkai plan release`, `tenkai approve`, then this command with the plan's image, service and \
            strategy and --plan PLAN-ID.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var project: ProjectOptions

    @OptionGroup var release: ReleaseSelection

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
            let setup = try await ReleaseSetup.prepare(project, release)
            let gated = try await ReleaseGate.admit(plan: plan, plans: plans, setup: setup, image: release.image)
            let (chosen, terminal) = DeploySetup.reporter(json: json)
            let reporter: any DeployReporter = terminal.map(ReleaseTerminalReporter.init) ?? chosen
            terminal?.startTicking()
            defer { terminal?.stopTicking() }
            let interruption = ReleaseInterruption()
            // Ctrl-C and SIGTERM roll the release back instead of killing it mid-shift.
            let signals = SignalWatcher { name in interruption.interrupt(name) }
            defer { signals.stop() }
            let session = setup.aws.session(setup.target.region)
            let bucket = try await S3ArtifactStore(S3(session), identity: setup.aws.callerIdentity).bootstrapBucketName()
            do {
                try await ReleaseEngine(
                    target: setup.target, options: setup.options, session: session, bucket: bucket, reporter: reporter, interruption: interruption,
                    identity: setup.aws.callerIdentity
                ).run(image: release.image)
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
}
