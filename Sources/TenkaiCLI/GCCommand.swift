import ArgumentParser
import AWSClient
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// `tenkai gc --env E`: what in the bootstrap bucket nothing needs any more, and which resources
/// Tenkai tagged are owned by no stack. A dry run unless `--delete`.
struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Find (and with --delete remove) unused templates in the bootstrap bucket, and report orphaned resources.",
        discussion: """
            A template under templates/ in the bootstrap bucket is kept while its stack runs it, while an open \
            plan (in --plans) sends it, or while it is younger than --keep-days; the rest is garbage. Resources \
            tagged managed-by=tenkai for the environment whose stack is gone or does not own them are listed, \
            never deleted: decide about each one (it may hold data).

            \(TenkaiExitCode.helpText)
            """)

    @Option(name: .customLong("env"), help: "The environment (its account and region).")
    var environment: String

    @Option(help: ArgumentHelp("The folder of environment files.", valueName: "dir"))
    var environments: String = "Environments"

    @Option(help: ArgumentHelp("Where plans are kept.", valueName: "dir"))
    var plans: String = DeployPlanStore.defaultFolder

    @Option(help: "Keep templates younger than this many days (a deploy may be using them).")
    var keepDays: Int = 1

    @Flag(help: "Delete the garbage (default: a dry run that only lists it).")
    var delete = false

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    func run() async throws {
        let config: EnvironmentConfig
        do {
            config = try EnvironmentLoader.load(URL(fileURLWithPath: environments).appendingPathComponent("\(environment).yaml"))
        } catch {
            throw error.report()
        }
        guard keepDays >= 0 else { throw TenkaiError(.usage, "--keep-days must be 0 or more").report() }
        do {
            let session = try AWSSession.fromEnvironment(defaultRegion: config.region)
            let cloudFormation = AWSConnections(session).cloudFormation(config.region)
            let bucket = BootstrapStack.bucketName(account: config.account, region: config.region)
            let collector = ArtifactCollector(cloudFormation: cloudFormation, s3: S3(session))
            let findings = try await collector.scan(
                bucket: bucket, planned: DeployPlanStore(folder: plans).plannedTemplates(environment: config.name),
                keepingNewerThan: Date().addingTimeInterval(-Double(keepDays) * 86_400))
            let deleted = delete ? try await collector.delete(findings, bucket: bucket) : 0
            let orphans = try await OrphanFinder(tagging: ResourceGroupsTagging(session), cloudFormation: cloudFormation)
                .find(environment: config.name)
            if json {
                Console.output(json: [
                    "bucket": .string(bucket), "deleted": .int(deleted), "dryRun": .bool(!delete),
                    "objects": .list(findings.map {
                        ["key": .string($0.key), "bytes": .int(Int($0.bytes)), "garbage": .bool($0.garbage), "reason": .string($0.reason)]
                    }),
                    "orphans": .list(orphans.map { ["arn": .string($0.arn), "stack": .string($0.stackName), "reason": .string($0.reason)] }),
                ])
                return
            }
            let garbage = findings.filter(\.garbage)
            Console.table(
                ["OBJECT", "BYTES", "VERDICT", "WHY"],
                findings.map { [$0.key, String($0.bytes), $0.garbage ? (delete ? "deleted" : "garbage") : "kept", $0.reason] },
                rightAligned: [1], to: Console.output)
            Console.output("\(garbage.count) of \(findings.count) objects in \(bucket) are garbage"
                + (delete ? "; \(deleted) deleted" : "; a dry run: pass --delete to remove them"))
            if orphans.isEmpty {
                Console.output("no resource tagged for \(config.name) is without its stack")
            } else {
                Console.table(["ORPHANED RESOURCE", "STACK", "WHY"], orphans.map { [$0.arn, $0.stackName, $0.reason] }, to: Console.output)
            }
        } catch {
            throw error.deployExitCode()
        }
    }
}
