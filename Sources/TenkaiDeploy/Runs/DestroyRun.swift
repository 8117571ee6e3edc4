import FoundationEssentials
import TenkaiCore

/// Deletes stacks in reverse dependency order, following each deletion, and lists what
/// CloudFormation kept (retained resources) so nobody forgets them.
///
/// ```swift
/// let results = try await DestroyRun(targets: targets, apis: apis, reporter: display, options: options, confirmed: false).run()
/// ```
public struct DestroyRun: Sendable {
    /// A resource the deletion left in place.
    public struct Retained: Sendable, Hashable {
        public var stack: String
        public var logicalID: String
        public var physicalID: String?
        public var resourceType: String
    }

    public struct Result: Sendable, Hashable {
        public enum Outcome: String, Sendable { case deleted, absent, failed }
        public var stack: String
        public var stackName: String
        public var outcome: Outcome
        public var retained: [Retained]
        public var error: String?
    }

    public let targets: [DeployTarget]
    public let apis: @Sendable (String) -> any CloudFormationAPI
    public let reporter: any DeployReporter
    public let options: DeployOptions
    /// Whether the person confirmed destroying production (or termination-protected stacks).
    public let confirmed: Bool
    /// Runs before each stack's deletion with the stack as it is (its outputs): removes what was
    /// made outside CloudFormation on top of it (``GreenServiceCleanup``). A throw fails the stack.
    public var beforeDeleting: (@Sendable (DeployTarget, StackDescription) async throws -> Void)?

    public init(
        targets: [DeployTarget], apis: @escaping @Sendable (String) -> any CloudFormationAPI, reporter: any DeployReporter,
        options: DeployOptions, confirmed: Bool
    ) {
        self.targets = targets
        self.apis = apis
        self.reporter = reporter
        self.options = options
        self.confirmed = confirmed
    }

    /// Deletes every target, last-deployed first. Throws before touching anything when production
    /// is not confirmed; a stack that fails to delete stops the stacks it depends on from being deleted.
    public func run() async throws -> [Result] {
        if options.isProduction && !confirmed {
            throw DeployError(
                .refusedProduction, "refusing to destroy a production environment without confirmation",
                hint: "run again with --confirm <environment name> if you really mean it")
        }
        var results: [Result] = []
        var failed = false
        for target in targets.reversed() {
            if failed {
                results.append(Result(stack: target.name, stackName: target.stackName, outcome: .failed, retained: [], error: "not deleted: a stack that uses it could not be deleted"))
                continue
            }
            do {
                results.append(try await destroy(target))
            } catch {
                failed = true
                if (error as? DeployError)?.code != .stackFailed {
                    reporter.report(DeployEvent(.stackFailed, stack: target.name, stackName: target.stackName, message: "\(error)"))
                }
                results.append(Result(stack: target.name, stackName: target.stackName, outcome: .failed, retained: [], error: "\(error)"))
            }
        }
        return results
    }

    private func destroy(_ target: DeployTarget) async throws -> Result {
        let api = apis(target.region)
        guard var existing = try await api.describeStack(named: target.stackName) else {
            reporter.report(DeployEvent(.noChanges, stack: target.name, stackName: target.stackName, message: "not deployed"))
            return Result(stack: target.name, stackName: target.stackName, outcome: .absent, retained: [])
        }
        if existing.status.isInProgress {
            reporter.report(DeployEvent(.notice, stack: target.name, stackName: target.stackName, message: "waiting for the operation already running (\(existing.status)) to finish"))
            guard let after = try await follow(target, api: api, baseline: nil).stack else {
                return Result(stack: target.name, stackName: target.stackName, outcome: .deleted, retained: [])
            }
            existing = after
        }
        if existing.terminationProtection {
            guard confirmed else {
                throw DeployError(
                    .refusedProduction, "termination protection is on", stackName: target.stackName,
                    hint: "run again with --confirm <environment name> to turn it off and delete the stack")
            }
            try await api.updateTerminationProtection(stackName: target.stackName, enabled: false)
        }
        let resources: [StackResourceSummary]
        do {
            resources = try await api.describeStackResources(stackName: target.stackName)
        } catch {
            resources = []
            reporter.report(
                DeployEvent(
                    .notice, stack: target.name, stackName: target.stackName,
                    message: "could not list the stack's resources (\(error)): retained resources are listed without their physical IDs"))
        }
        try await beforeDeleting?(target, existing)
        let baseline = try await StackWatcher.newestEventID(api: api, stackName: target.stackName)
        reporter.report(DeployEvent(.stackStarted, stack: target.name, stackName: target.stackName, message: "deleting"))
        do {
            try await api.deleteStack(named: target.stackName, clientRequestToken: options.token("delete", stack: target.name))
        } catch where AWSErrorKinds.isLostAnswer(error) {
            guard let now = try await api.describeStack(named: target.stackName), !now.status.isInProgress else {
                reporter.report(DeployEvent(.notice, stack: target.name, stackName: target.stackName, message: "the answer to DeleteStack was lost, but the stack is going: following it"))
                return try await finish(target, api: api, baseline: baseline, resources: resources)
            }
            throw error
        }
        return try await finish(target, api: api, baseline: baseline, resources: resources)
    }

    private func finish(_ target: DeployTarget, api: any CloudFormationAPI, baseline: String?, resources: [StackResourceSummary]) async throws -> Result {
        let outcome = try await follow(target, api: api, baseline: baseline)
        if let left = outcome.stack {
            let failure = outcome.firstFailure
            let cause = failure.map { "\($0.logicalResourceID) \($0.status): \($0.statusReason ?? "no reason given")" } ?? left.statusReason ?? "no reason given"
            let message = "deleting ended in \(left.status): \(cause)"
            reporter.report(
                DeployEvent(
                    .stackFailed, stack: target.name, stackName: target.stackName, status: left.status.rawValue,
                    logicalID: failure?.logicalResourceID, resourceType: failure?.resourceType,
                    componentPath: failure.flatMap { target.componentPaths[$0.logicalResourceID] }, reason: failure?.statusReason,
                    message: message))
            throw DeployError(.stackFailed, message, stackName: target.stackName)
        }
        reporter.report(DeployEvent(.stackFinished, stack: target.name, stackName: target.stackName, status: "DELETE_COMPLETE"))
        return Result(stack: target.name, stackName: target.stackName, outcome: .deleted, retained: retained(target, outcome: outcome, resources: resources))
    }

    /// Resources CloudFormation skipped, and those the template retains (emulators write no events).
    private func retained(_ target: DeployTarget, outcome: StackWatcher.Outcome, resources: [StackResourceSummary]) -> [Retained] {
        var retained: [String: Retained] = [:]
        let physical = Dictionary(resources.map { ($0.logicalResourceID, $0.physicalResourceID) }, uniquingKeysWith: { first, _ in first })
        for (id, resource) in target.template.resources where resource.deletionPolicy == .retain || resource.deletionPolicy == .retainExceptOnCreate {
            retained[id] = Retained(stack: target.name, logicalID: id, physicalID: physical[id] ?? nil, resourceType: resource.type)
        }
        for event in outcome.retained {
            retained[event.logicalResourceID] = Retained(stack: target.name, logicalID: event.logicalResourceID, physicalID: event.physicalResourceID, resourceType: event.resourceType)
        }
        return retained.values.sorted { $0.logicalID < $1.logicalID }
    }

    private func follow(_ target: DeployTarget, api: any CloudFormationAPI, baseline: String?) async throws -> StackWatcher.Outcome {
        var watcher = StackWatcher(
            api: api, stack: target.name, stackName: target.stackName, reporter: reporter, polling: options.polling,
            componentPaths: target.componentPaths, resourcesTotal: target.template.resources.count, baselineEventID: baseline)
        return try await watcher.follow()
    }
}
