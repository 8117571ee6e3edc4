import AWSClient
import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai plan release --env prod --system S --service web --image REF@sha256:…`: an image
/// release recorded as a plan for approvers, like a deploy plan.
struct PlanReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Record an image release as a plan for approval (production releases run only approved plans).",
        discussion: """
            Nothing changes in AWS. The plan records the service and its resources (the deployed stacks' outputs, as \
            `tenkai release` reads them), the image by digest, the strategy (the environment's, or --strategy) \
            and any --bake override, and each stack's state; its ID covers all of it, the environment file's \
            SHA-256, the author (your AWS identity) and the expiry. Approvers read it with `tenkai plan show` \
            and sign it with `tenkai approve`; `tenkai release ... --plan PLAN-ID` runs it once, with the same \
            image, service, strategy and bake.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var project: ProjectOptions

    @OptionGroup var release: ReleaseSelection

    @Option(help: ArgumentHelp("A local folder that keeps a copy of plans and approvals.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    // `--json` is parsed by `tenkai plan` itself, so this command prints JSON whenever stdout is
    // not a terminal (CI), like deploy and release.

    func validate() throws {
        guard project.environmentNames.count == 1, project.systemNames.count == 1 else {
            throw ValidationError("a release plan is of one system in one environment: pass --env E and --system S once each")
        }
    }

    func run() async throws {
        do {
            let setup = try await ReleaseSetup.prepare(project, release)
            let (environment, image) = (setup.environment, release.image)
            let gated = GatedPlans(context: try await setup.gateContext(), local: DeployPlanStore(folder: plans))
            let cloudFormation = setup.aws.cloudFormation(setup.target.region)
            let plan = try await gated.releasePlan(target: setup.target, image: image, options: setup.options, api: cloudFormation)
            let locations = try await gated.publish(plan, targets: [], apis: { _ in cloudFormation })
            if DeploySetup.usesJSON(false) {
                Console.output(json: [
                    "planId": .string(plan.id), "author": .string(plan.author), "expiresAt": .string(plan.expiresAt.formatted(.iso8601)),
                    "stored": .list(locations.map(Value.string)), "image": .string(plan.release?.image ?? image),
                    "containerImages": .map(Fields((plan.release?.containerImages ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) })),
                ])
            } else {
                Console.output(PlanReport(plan: plan, templates: .init()).lines.joined(separator: "\n"))
                Console.output("release plan \(plan.id) by \(plan.author), stored in \(locations.joined(separator: " and "))")
                Console.output("approve with: tenkai approve \(plan.id) --env \(environment.name) --key <private-key-file>")
            }
        } catch let error as ReleaseError {
            Console.error("error: \(error)")
            throw TenkaiExitCode.failure
        } catch {
            throw error.deployExitCode()
        }
    }
}
