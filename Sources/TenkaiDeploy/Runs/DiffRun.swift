import FoundationEssentials

/// Shows what a deploy would change, without changing anything: a change set per existing
/// stack (created, read, deleted again), a template-level diff for stacks that do not exist yet.
///
/// ```swift
/// let diffs = await DiffRun(deploy: run).run()
/// let anyChanges = diffs.contains { !$0.changes.isEmpty }
/// ```
public struct DiffRun: Sendable {
    public struct StackDiff: Sendable, Hashable {
        public var stack: String
        public var stackName: String
        /// Whether the stack exists (otherwise the diff is the template's resources, all added).
        public var exists: Bool
        public var changes: [ReviewedChange]
        /// Why the diff could not be made for this stack.
        public var error: String?

        public var warnings: [ChangeWarning] { changes.flatMap(\.warnings) }
    }

    public let deploy: DeployRun

    public init(deploy: DeployRun) {
        self.deploy = deploy
    }

    /// One diff per target, in deploy order.
    public func run() async -> [StackDiff] {
        await withTaskGroup(of: (Int, StackDiff).self) { group in
            for (index, target) in deploy.targets.enumerated() {
                group.addTask { (index, await diff(target)) }
            }
            var diffs: [(Int, StackDiff)] = []
            for await diff in group { diffs.append(diff) }
            return diffs.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func diff(_ target: DeployTarget) async -> StackDiff {
        let api = deploy.apis(target.region)
        let deployer = deploy.deployer(for: target.region)
        do {
            guard let existing = try await api.describeStack(named: target.stackName), !existing.status.isReviewInProgress else {
                let changes = ChangeReview(newTemplate: target.template, deployedTemplate: nil).reviewNewStack()
                return StackDiff(stack: target.name, stackName: target.stackName, exists: false, changes: changes)
            }
            if existing.status.isInProgress || existing.status.isFailedCreate || existing.status.isUpdateRollbackFailed {
                return StackDiff(stack: target.name, stackName: target.stackName, exists: true, changes: [], error: "the stack is in \(existing.status); diff needs a stable stack")
            }
            let parameters = try await deploy.parameters(for: target, knownResults: [:])
            if try await deployer.isUnchanged(target, existing: existing, parameters: parameters) {
                return StackDiff(stack: target.name, stackName: target.stackName, exists: true, changes: [])
            }
            guard let prepared = try await deployer.prepare(target, existing: existing, parameters: parameters) else {
                return StackDiff(stack: target.name, stackName: target.stackName, exists: true, changes: [])
            }
            try? await api.deleteChangeSet(prepared.arn, stackName: target.stackName)
            return StackDiff(stack: target.name, stackName: target.stackName, exists: true, changes: prepared.changes)
        } catch {
            return StackDiff(stack: target.name, stackName: target.stackName, exists: true, changes: [], error: "\(error)")
        }
    }
}
