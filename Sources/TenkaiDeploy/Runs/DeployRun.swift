import FoundationEssentials
import TenkaiCore

/// Deploys a set of stacks in dependency order: a stack starts once every stack it depends on
/// has deployed; independent stacks run in parallel, at most ``DeployOptions/concurrency`` at once.
/// A failure stops the stacks that depend on it, not the independent ones.
///
/// ```swift
/// let run = DeployRun(locations: StackLocation.all(in: resolved), targets: targets, apis: apis, artifacts: s3, reporter: display, options: options)
/// let results = await run.run()
/// ```
public struct DeployRun: Sendable {
    /// Where every stack of the system lives, to read outputs of stacks not deployed in this run.
    public let locations: [String: StackLocation]
    public let targets: [DeployTarget]
    /// The CloudFormation client for a region.
    public let apis: @Sendable (String) -> any CloudFormationAPI
    public let artifacts: @Sendable (String) -> (any ArtifactStore)?
    public let reporter: any DeployReporter
    public let options: DeployOptions
    /// Runs before each stack changes, once the stacks it depends on have deployed; throwing
    /// stops that stack (and those that depend on it) with the error (the DNS delegation check).
    public var beforeStack: (@Sendable (DeployTarget) async throws -> Void)?

    public init(
        locations: [String: StackLocation], targets: [DeployTarget], apis: @escaping @Sendable (String) -> any CloudFormationAPI,
        artifacts: @escaping @Sendable (String) -> (any ArtifactStore)?, reporter: any DeployReporter, options: DeployOptions
    ) {
        self.locations = locations
        self.targets = targets
        self.apis = apis
        self.artifacts = artifacts
        self.reporter = reporter
        self.options = options
    }

    func deployer(for region: String) -> StackDeployer {
        StackDeployer(api: apis(region), artifacts: artifacts(region), reporter: reporter, options: options)
    }

    /// Deploys every target; returns one result per target, in the targets' order.
    public func run() async -> [StackResult] {
        let selected = Set(targets.map(\.name))
        var results: [String: StackResult] = [:]
        var pending = targets
        var running = 0
        await withTaskGroup(of: StackResult.self) { group in
            while !pending.isEmpty || running > 0 {
                if Task.isCancelled {
                    // Interrupted: start nothing more; the stacks already running report themselves.
                    for target in pending {
                        results[target.name] = StackResult(
                            stack: target.name, stackName: target.stackName, region: target.region, outcome: .interrupted,
                            error: "not started: the run was interrupted")
                    }
                    pending = []
                }
                var index = 0
                while index < pending.count && running < max(1, options.concurrency) {
                    let target = pending[index]
                    let dependencies = target.dependencies.filter(selected.contains)
                    if let failed = dependencies.first(where: { results[$0].map { !$0.outcome.succeeded } ?? false }) {
                        pending.remove(at: index)
                        let message = "not deployed: the stack it depends on, \(failed), did not deploy"
                        reporter.report(DeployEvent(.stackSkipped, stack: target.name, stackName: target.stackName, message: message))
                        results[target.name] = StackResult(stack: target.name, stackName: target.stackName, region: target.region, outcome: .skipped, error: message)
                        continue
                    }
                    guard dependencies.allSatisfy({ results[$0] != nil }) else {
                        index += 1
                        continue
                    }
                    pending.remove(at: index)
                    running += 1
                    let known = results
                    group.addTask { await deployOne(target, knownResults: known) }
                }
                guard running > 0 else {
                    // Nothing runs and nothing can start: a dependency outside the order. Report, do not spin.
                    for target in pending {
                        let message = "not deployed: its dependencies never finished"
                        reporter.report(DeployEvent(.stackSkipped, stack: target.name, stackName: target.stackName, message: message))
                        results[target.name] = StackResult(stack: target.name, stackName: target.stackName, region: target.region, outcome: .skipped, error: message)
                    }
                    pending = []
                    continue
                }
                if let result = await group.next() {
                    running -= 1
                    results[result.stack] = result
                }
            }
        }
        return targets.map { results[$0.name]! }
    }

    private func deployOne(_ target: DeployTarget, knownResults: [String: StackResult]) async -> StackResult {
        let started = ContinuousClock.now
        do {
            let parameters = try await parameters(for: target, knownResults: knownResults)
            try await beforeStack?(target)
            if let store = artifacts(target.region) as? S3ArtifactStore {
                try await FunctionCodeUploader(store.client, identity: store.identity).upload(target)
            }
            return try await deployer(for: target.region).deploy(target, parameters: parameters)
        } catch {
            let elapsed = started.duration(to: .now)
            if error is CancellationError || Task.isCancelled {
                return StackResult(
                    stack: target.name, stackName: target.stackName, region: target.region, outcome: .interrupted,
                    error: "interrupted while deploying: CloudFormation may still be working on it; rerun the deploy to pick it up",
                    elapsed: elapsed)
            }
            let message = "\(error)"
            if (error as? DeployError)?.code == .stateUnknown {
                reporter.report(DeployEvent(.notice, stack: target.name, stackName: target.stackName, message: message))
                return StackResult(
                    stack: target.name, stackName: target.stackName, region: target.region, outcome: .unknown, error: message, elapsed: elapsed)
            }
            if !(error is DeployError) || (error as? DeployError)?.code != .stackFailed {
                reporter.report(DeployEvent(.stackFailed, stack: target.name, stackName: target.stackName, message: message))
            }
            return StackResult(
                stack: target.name, stackName: target.stackName, region: target.region, outcome: .failed, error: message, elapsed: elapsed)
        }
    }

    /// Fills cross-region parameters from the producing stacks' outputs: from this run when the
    /// producer deployed in it, from CloudFormation otherwise.
    func parameters(for target: DeployTarget, knownResults: [String: StackResult]) async throws -> [String: String] {
        var values: [String: String] = [:]
        for (parameter, source) in target.parameterSources.sorted(by: { $0.key < $1.key }) {
            var outputs = knownResults[source.stack]?.outputs
            if outputs == nil, let producer = locations[source.stack] {
                outputs = try await apis(producer.region).describeStack(named: producer.stackName)?.outputs
            }
            guard let value = outputs?[source.output] else {
                throw DeployError(
                    .missingParameter, "parameter \(parameter) needs output \(source.output) of stack \(source.stack), which it does not have",
                    stackName: target.stackName, hint: "deploy the stack \(source.stack) first")
            }
            values[parameter] = value
        }
        return values
    }
}

/// Where a stack lives: its CloudFormation name and region.
public struct StackLocation: Sendable, Hashable {
    public var stackName: String
    public var region: String

    public init(stackName: String, region: String) {
        self.stackName = stackName
        self.region = region
    }

    /// Every stack of a resolved system, by its name in the system.
    public static func all(in assembly: CloudAssembly) -> [String: StackLocation] {
        Dictionary(uniqueKeysWithValues: assembly.manifest.stacks.map { ($0.name, StackLocation(stackName: $0.stackName, region: $0.region)) })
    }
}
