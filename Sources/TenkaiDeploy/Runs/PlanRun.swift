import FoundationEssentials
import TenkaiCore

/// Makes a plan: a change set for every stack that would change, kept (not executed) and
/// recorded with its template hash, parameters and changes.
///
/// ```swift
/// let plan = try await PlanRun(deploy: run, system: "fileshare", environment: "prod", author: "ci").run()
/// ```
public struct PlanRun: Sendable {
    public let deploy: DeployRun
    public let system: String
    public let environment: String
    public let author: String
    /// SHA-256 of the environment file, recorded in the plan.
    public let environmentSHA256: String
    /// How long the plan stays valid.
    public let validity: TimeInterval
    /// The cloud assembly the targets come from, which the plan binds.
    public let assembly: PlannedAssembly?

    public init(
        deploy: DeployRun, system: String, environment: String, author: String, environmentSHA256: String = "",
        validity: TimeInterval = Double(EnvironmentConfig.defaultPlanValidityHours) * 3600, assembly: PlannedAssembly? = nil
    ) {
        self.deploy = deploy
        self.system = system
        self.environment = environment
        self.author = author
        self.environmentSHA256 = environmentSHA256
        self.validity = validity
        self.assembly = assembly
    }

    /// The plan and every stack's reviewed changes (empty for unchanged stacks, which the plan leaves out).
    public func run() async throws -> (plan: DeployPlan, diffs: [DiffRun.StackDiff]) {
        var entries: [DeployPlan.Stack] = []
        var diffs: [DiffRun.StackDiff] = []
        for target in deploy.targets {
            let api = deploy.apis(target.region)
            let deployer = deploy.deployer(for: target.region)
            let existing = try await api.describeStack(named: target.stackName)
            if let existing, existing.status.isInProgress || existing.status.isFailedCreate || existing.status.isUpdateRollbackFailed {
                throw DeployError(.stackBusy, "the stack is in \(existing.status); a plan needs a stable stack", stackName: target.stackName,
                                  hint: "run tenkai deploy on a non-production environment to see how it recovers, or fix the stack first")
            }
            let parameters = try await deploy.parameters(for: target, knownResults: [:])
            if let existing, try await deployer.isUnchanged(target, existing: existing, parameters: parameters) {
                diffs.append(.init(stack: target.name, stackName: target.stackName, exists: true, changes: []))
                continue
            }
            guard let prepared = try await deployer.prepare(target, existing: existing, parameters: parameters) else {
                diffs.append(.init(stack: target.name, stackName: target.stackName, exists: existing != nil, changes: []))
                continue
            }
            diffs.append(.init(stack: target.name, stackName: target.stackName, exists: existing != nil, changes: prepared.changes))
            entries.append(
                DeployPlan.Stack(
                    stack: target.name, stackName: target.stackName, region: target.region, changeSetARN: prepared.arn,
                    kind: prepared.kind.rawValue, templateSHA256: target.templateSHA256, parameters: parameters, tags: target.tags,
                    changes: prepared.changes.map(\.change), state: StackSnapshot.of(existing)))
        }
        let now = Date()
        let plan = DeployPlan(
            system: system, environment: environment, author: author, createdAt: now, expiresAt: now.addingTimeInterval(validity),
            environmentSHA256: environmentSHA256, stacks: entries, assembly: assembly, nonce: UUID().uuidString.lowercased())
        return (plan, diffs)
    }
}
