import AWSClient
import ArgumentParser
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai destroy --env E`: deletes the stacks, last-deployed first.
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Delete an environment's stacks in reverse dependency order and list what was retained.",
        discussion: """
            Production (and any stack with termination protection) is only destroyed with --confirm \
            naming the environment. Resources kept by their DeletionPolicy are listed at the end: they \
            still exist and still cost money.

            \(TenkaiExitCode.helpText)
            """)

    @OptionGroup var selection: DeploySelection

    @Option(help: ArgumentHelp("Confirm destroying production or protected stacks: the environment's name.", valueName: "env"))
    var confirm: String?

    @Flag(help: "Print JSON events on stdout (the default outside a terminal).")
    var json = false

    func run() async throws {
        do {
            var setup = try DeploySetup(selection, writeOutput: false)
            let (reporter, terminal) = DeploySetup.reporter(json: json)
            setup.reportRetries(to: reporter)
            try await setup.verifyAccount()
            if let confirm, confirm != setup.environment.name {
                throw DeployError(.refusedProduction, "--confirm \(confirm) does not name the environment \(setup.environment.name)")
            }
            terminal?.startTicking()
            var failed = false
            var retained: [DestroyRun.Retained] = []
            for system in setup.systems {
                var run = DestroyRun(
                    targets: system.targets, apis: setup.aws.cloudFormation, reporter: reporter,
                    options: DeployOptions(isProduction: setup.isProduction), confirmed: confirm == setup.environment.name)
                run.beforeDeleting = { [aws = setup.aws] target, stack in
                    try await GreenServiceCleanup(ecs: ECS(aws.session(target.region)), reporter: reporter, stack: target.name, stackName: target.stackName)
                        .remove(outputs: stack.outputs)
                }
                let results = try await run.run()
                failed = failed || results.contains { $0.outcome == .failed }
                retained += results.flatMap(\.retained)
                try OutputsFile.remove(
                    results.filter { $0.outcome != .failed }.map(\.stack), system: system.system, environment: setup.environment.name,
                    from: system.outputsFile)
            }
            terminal?.stopTicking()
            if DeploySetup.usesJSON(json) {
                let list: [Value] = retained.map {
                    ["stack": .string($0.stack), "logicalId": .string($0.logicalID), "physicalId": $0.physicalID.map(Value.string) ?? .string(""), "resourceType": .string($0.resourceType)]
                }
                // One object per line, like every other event of the stream.
                StandardStream.output.write(
                    JSONRenderer.renderCompact(["event": "summary", "retained": .list(list), "failed": .bool(failed)]) + [UInt8(ascii: "\n")])
            } else if !retained.isEmpty {
                Console.error("retained (still exist, delete by hand when no longer needed):")
                for resource in retained {
                    Console.error("  \(resource.stack): \(resource.logicalID) \(resource.resourceType) \(resource.physicalID ?? "")")
                }
            }
            if failed { throw TenkaiExitCode.failure }
        } catch {
            throw error.deployExitCode()
        }
    }
}
