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
        discussion: TenkaiExitCode.helpText)

    @OptionGroup var selection: DeploySelection

    @Flag(help: "Print JSON events on stdout (the default outside a terminal).")
    var json = false

    func run() async throws {
        do {
            let setup = try DeploySetup(selection, writeOutput: false)
            let regions = Set([setup.environment.region] + setup.systems.flatMap { $0.targets.map(\.region) }).sorted()
            let (reporter, terminal) = DeploySetup.reporter(json: json)
            let targets = regions.map { BootstrapStack.target(region: $0) }
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
                var bucket = result.outputs[BootstrapStack.bucketOutput]
                if bucket == nil { bucket = try await setup.aws.artifacts(result.region)?.bootstrapBucketName() }
                Console.error("\(BootstrapStack.stackName) in \(result.region): \(result.outcome.rawValue), artifacts bucket \(bucket ?? "?")")
            }
        } catch {
            throw error.deployExitCode()
        }
    }
}
