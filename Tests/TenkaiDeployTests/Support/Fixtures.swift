import Foundation
import Tenkai
import TenkaiCore
import TenkaiDeploy

/// Small stacks and options for the engine's tests.
enum Fixtures {
    /// Polling in milliseconds, so state-machine tests take no time.
    static let fastPolling = PollingPolicy(initial: .milliseconds(1), maximum: .milliseconds(8))

    static func options(production: Bool = false, allow: Set<String> = [], concurrency: Int = 4) -> DeployOptions {
        DeployOptions(isProduction: production, allowReplacement: allow, concurrency: concurrency, polling: fastPolling, runID: "test")
    }

    /// A stack of buckets (stateful) with component paths, optionally with an extra property to force an update.
    static func target(
        _ name: String = "data", buckets: [String] = ["FilesBucket", "LogsBucket"], version: Int = 1, dependencies: [String] = [],
        parameterSources: [String: OutputSource] = [:], padding: Int = 0
    ) -> DeployTarget {
        var template = Template(description: "test \(name)")
        for id in buckets {
            var properties: Fields = ["Tags": [["Key": "version", "Value": .string(String(version))]]]
            if padding > 0 { properties["Padding"] = .string(String(repeating: "x", count: padding)) }
            var resource = Resource(type: "AWS::S3::Bucket", properties: properties)
            resource.metadata["tenkai:path"] = .string("test/\(name)/\(id.lowercased())")
            template.resources[id] = resource
        }
        for parameter in parameterSources.keys { template.parameters[parameter] = Parameter() }
        return DeployTarget(
            name: name, stackName: "test-dev-\(name)", region: "ap-northeast-1", template: template, dependencies: dependencies,
            parameterSources: parameterSources, tags: ["tenkai:stack": name], templateBody: JSONRenderer.render(template.value))
    }

    static func run(_ targets: [DeployTarget], api: FakeCloudFormation, reporter: any DeployReporter = RecordingReporter(), options: DeployOptions = options(), artifacts: (any ArtifactStore)? = nil) -> DeployRun {
        DeployRun(
            locations: Dictionary(uniqueKeysWithValues: targets.map { ($0.name, StackLocation(stackName: $0.stackName, region: $0.region)) }),
            targets: targets, apis: { _ in api }, artifacts: { _ in artifacts }, reporter: reporter, options: options)
    }
}

/// Remembers what was stored, as the artifacts bucket would.
final class MemoryArtifactStore: ArtifactStore, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: [UInt8]] = [:]

    func store(_ bytes: [UInt8], bucket: String, key: String) async throws -> String {
        lock.withLock { stored["\(bucket)/\(key)"] = bytes }
        return "https://\(bucket).s3.ap-northeast-1.amazonaws.com/\(key)"
    }

    var keys: [String] { lock.withLock { stored.keys.sorted() } }

    func bootstrapBucketName() async throws -> String { BootstrapStack.bucketName(account: "123456789012", region: "ap-northeast-1") }
}
