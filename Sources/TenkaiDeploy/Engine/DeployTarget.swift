import FoundationEssentials
import Hashing
import TenkaiCore

/// One stack ready to deploy: what the engine needs of a resolved stack, and its rendered template.
public struct DeployTarget: Sendable {
    /// The stack's name in the system (`data`).
    public var name: String
    /// The CloudFormation stack name (`fileshare-dev-data`).
    public var stackName: String
    public var region: String
    public var template: Template
    /// Names of the stacks this one needs first.
    public var dependencies: [String]
    public var parameterSources: [String: OutputSource]
    public var tags: [String: String]
    /// The rendered template, exactly as `synth` wrote it.
    public var templateBody: [UInt8]
    public var templateSHA256: String
    /// Files from the assembly to upload to the bootstrap bucket before the stack deploys.
    public var assets: [StagedAsset] = []

    public init(
        name: String, stackName: String, region: String, template: Template, dependencies: [String] = [],
        parameterSources: [String: OutputSource] = [:], tags: [String: String] = [:], templateBody: [UInt8]
    ) {
        self.name = name
        self.stackName = stackName
        self.region = region
        self.template = template
        self.dependencies = dependencies
        self.parameterSources = parameterSources
        self.tags = tags
        self.templateBody = templateBody
        self.templateSHA256 = SHA256.hex(templateBody)
    }

    /// A stack of a cloud assembly, with the exact bytes synth wrote.
    public init(_ stack: CloudAssembly.Stack) {
        let entry = stack.entry
        self.init(
            name: entry.name, stackName: entry.stackName, region: entry.region, template: stack.template,
            dependencies: entry.dependsOn, parameterSources: entry.parameterSources, tags: entry.tags, templateBody: stack.body)
        self.assets = stack.assets
    }

    /// Logical ID → component path, from each resource's `tenkai:path` metadata.
    public var componentPaths: [String: String] {
        template.resources.compactMapValues { $0.metadata["tenkai:path"]?.stringValue }
    }
}

/// What a run may do, and how it waits.
public struct DeployOptions: Sendable {
    /// How stacks change: through a reviewed change set (always in production), or directly.
    public enum Method: String, Sendable, CaseIterable {
        /// `CreateChangeSet`, review, `ExecuteChangeSet`.
        case changeSet = "change-set"
        /// `CreateStack`/`UpdateStack`: for emulators whose change sets lose outputs and exports (moto).
        case direct
    }

    public var method: Method
    /// Production: stateful replacements need `allowReplacement`, termination protection goes on.
    public var isProduction: Bool
    /// Logical IDs whose replacement or removal is accepted in production.
    public var allowReplacement: Set<String>
    /// How many stacks deploy at the same time.
    public var concurrency: Int
    public var polling: PollingPolicy
    /// Always create a change set, even when the deployed template, parameters and tags are the same.
    public var force: Bool
    /// Wait for an operation already running on a stack (otherwise refuse).
    public var waitForRunningOperations: Bool
    /// Distinguishes this run's idempotency tokens and change set names from other runs'.
    public var runID: String

    public init(
        isProduction: Bool = false, allowReplacement: Set<String> = [], concurrency: Int = 4,
        polling: PollingPolicy = .standard, force: Bool = false, waitForRunningOperations: Bool = true,
        runID: String = DeployOptions.newRunID(), method: Method = .changeSet
    ) {
        self.method = method
        self.isProduction = isProduction
        self.allowReplacement = allowReplacement
        self.concurrency = concurrency
        self.polling = polling
        self.force = force
        self.waitForRunningOperations = waitForRunningOperations
        self.runID = runID
    }

    /// A token fragment that fits CloudFormation's name rules (`[a-zA-Z][-a-zA-Z0-9]*`).
    public static func newRunID() -> String {
        let time = Int(Date().timeIntervalSince1970)
        let random = UInt32.random(in: 0...UInt32.max)
        return "\(time)-\(String(random, radix: 16))"
    }

    /// A change set name or client token for one step of this run on one stack.
    func token(_ step: String, stack: String) -> String {
        String("tenkai-\(step)-\(stack)-\(runID)".prefix(128))
    }
}
