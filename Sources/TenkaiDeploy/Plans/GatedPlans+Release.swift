import AWSClient
import FoundationEssentials
import TenkaiCore

/// An image release to a gated environment is a plan too: CI records it (image digest, service,
/// strategy, the stacks' states), approvers sign it with the same `approve`, and the release job
/// runs exactly it, once.
extension GatedPlans {
    /// The release plan for this target and image, against the stacks as they are now.
    public func releasePlan(
        target: ReleaseTarget, image: String, options: ReleaseOptions, api: any CloudFormationAPI, now: Date = Date()
    ) async throws -> DeployPlan {
        var stacks: [String: StackSnapshot] = [:]
        for name in target.stackNames {
            guard let snapshot = StackSnapshot.of(try await api.describeStack(named: name)) else {
                throw DeployError(.invalidPlan, "stack \(name) is not deployed, so there is nothing to release into", stackName: name, hint: "deploy it first")
            }
            guard StackDeployer.comparableStates.contains(snapshot.status) else {
                throw DeployError(.stackBusy, "stack \(name) is \(snapshot.status); a release plan needs a stable stack", stackName: name)
            }
            stacks[name] = snapshot
        }
        let intent = try ReleaseIntent(target: target, image: image, options: options, stacks: stacks)
        return DeployPlan(
            system: target.system, environment: context.environment.name, author: context.identity.arn, createdAt: now,
            expiresAt: now.addingTimeInterval(context.policy.planValidity), environmentSHA256: context.environmentSHA256, stacks: [],
            release: intent, nonce: UUID().uuidString.lowercased())
    }

    /// The release plan `id`, once it passed every check: it is a release plan, approved under the
    /// pinned policy, for this environment file, unexpired; this run releases the planned image of
    /// the planned service with the planned strategy to the planned resources; every stack is as
    /// planned; and nobody used the plan before (claimed now, so it runs once). Refusals are audited.
    public func admitRelease(
        _ id: String, image: String, options: ReleaseOptions, target: ReleaseTarget, api: any CloudFormationAPI, now: Date = Date()
    ) async throws -> DeployPlan {
        do {
            let stored = try await fetch(id)
            let release = try PlanGate.requireReleasePlan(stored.plan)
            let gate = PlanGate(policy: context.policy, environmentSHA256: context.environmentSHA256, now: now)
            let approvers = try gate.admit(stored.plan, approvals: stored.approvals)
            let differences = release.differences(service: target.service, image: image, options: options, target: target)
            guard differences.isEmpty else {
                throw DeployError(
                    .invalidPlan, "this release is not the one plan \(id) approves: \(differences.joined(separator: "; "))",
                    hint: "run the plan as approved, or make a release plan for this one and have it approved")
            }
            if try await context.bucket.isUsed(id) { throw Self.alreadyUsed(id, in: context.bucket.location) }
            for (name, planned) in release.stacks.sorted(by: { $0.key < $1.key }) {
                let current = StackSnapshot.of(try await api.describeStack(named: name))
                guard current == planned else {
                    throw DeployError(
                        .invalidPlan, "the stack changed since the plan was made: it was \(planned), it is \(current?.description ?? "not deployed")",
                        stackName: name, hint: "make a new release plan against the stacks as they are now")
                }
            }
            guard try await context.bucket.claim(id, by: context.identity.arn, at: now) else { throw Self.alreadyUsed(id, in: context.bucket.location) }
            try await requireAudit(.execute, planID: id, result: "release of \(release.image) started, approved by \(approvers.joined(separator: ", "))")
            return stored.plan
        } catch {
            _ = await context.audit(.refuse, planID: id, result: "release refused: \(error)")
            throw error
        }
    }

    static func alreadyUsed(_ id: String, in location: String) -> DeployError {
        DeployError(
            .invalidPlan, "plan \(id) was already used (\(location)/plans/\(id)/used.json); a plan runs once",
            hint: "make a new release plan and have it approved")
    }
}
