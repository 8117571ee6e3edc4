import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai bootstrap --env E`: the `tenkai-bootstrap` stack (artifacts bucket) in the
/// environment's account and in every region its stacks use.
struct BootstrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Create or update the tenkai-bootstrap stack (the artifacts bucket) per account and region.",
        discussion: """
            For a production environment the stack also pins the gate in the account: the approvers, the \
            required approvals and the plans' validity from the environment file, as the SSM parameter \
            /tenkai/gate, which deploys check the local file against. Run it as the account's administrator. \
            With --github-repository it also creates the planner and executor roles for GitHub OIDC; for \
            another environment, the deploy role tenkai-deploy-<env> that only the repository's jobs in the \
            GitHub environment <env> may assume. Production also gets the approvers' managed policy \
            tenkai-approve-<env> (read plans, create only their own approval file, named by the principal tag \
            tenkai-approver; never execute), to attach to their users. --trust-pipeline-role lets the production \
            pipeline's release role assume tenkai-deploy-<env> too.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var selection: DeploySelection

    @Option(help: ArgumentHelp("owner/name of the GitHub repository whose workflows deploy: creates the roles they assume (production: planner and executor; otherwise tenkai-deploy-<env>).", valueName: "owner/name"))
    var githubRepository: String?

    @Option(help: ArgumentHelp("Outside production, with --github-repository: the production pipeline's release role (an IAM role ARN in the prod account), which may then assume tenkai-deploy-<env>.", valueName: "role-arn"))
    var trustPipelineRole: String?

    @Flag(help: "Print JSON events on stdout (the default outside a terminal).")
    var json = false

    func run() async throws {
        do {
            let setup = try DeploySetup(selection, writeOutput: false)
            let pipelineRole = try trustPipelineRole.map { arn throws(TenkaiError) in try BootstrapStack.PipelineRole(arn: arn) }
            if pipelineRole != nil, setup.isProduction || githubRepository == nil {
                throw TenkaiError(
                    .invalidInput, "--trust-pipeline-role names who may assume tenkai-deploy-<env>, which only a non-production environment with --github-repository has",
                    hint: "run it for dev or stg: tenkai bootstrap --env dev --github-repository OWNER/REPO --trust-pipeline-role ARN")
            }
            try await setup.verifyAccount()
            let regions = Set([setup.environment.region] + setup.systems.flatMap { $0.targets.map(\.region) }).sorted()
            let (reporter, terminal) = DeploySetup.reporter(json: json)
            let gate = setup.isProduction ? GatePolicy(setup.environment) : nil
            let targets = regions.map { BootstrapStack.target(
                region: $0, gate: gate, github: githubRepository, environment: setup.environment.name, iam: $0 == setup.environment.region,
                pipelineRole: pipelineRole)
            }
            terminal?.startTicking()
            let results = try await withThrowingTaskGroup(of: StackResult.self) { group in
                for target in targets {
                    group.addTask {
                        let deployer = StackDeployer(
                            api: setup.aws.cloudFormation(target.region), artifacts: nil, reporter: reporter,
                            options: DeployOptions(isProduction: setup.isProduction))
                        return try await deployer.deploy(target, parameters: [:])
                    }
                }
                var results: [StackResult] = []
                for try await result in group { results.append(result) }
                return results
            }
            terminal?.stopTicking()
            for result in results.sorted(by: { $0.region < $1.region }) {
                do {
                    let bucket = try await BootstrapBucketLookup.name(
                        region: result.region, outputs: result.outputs, api: setup.aws.cloudFormation(result.region),
                        artifacts: setup.aws.artifacts(result.region))
                    Console.error("\(BootstrapStack.stackName) in \(result.region): \(result.outcome.rawValue), artifacts bucket \(bucket)")
                } catch {
                    // The stack is what it should be; only its name for this line is missing.
                    Console.error("\(BootstrapStack.stackName) in \(result.region): \(result.outcome.rawValue)")
                    Console.error("warning: \(error)")
                }
            }
        } catch {
            throw error.deployExitCode()
        }
    }
}
