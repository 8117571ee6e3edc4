import FoundationEssentials
import TenkaiCore

/// The checks between an approved plan and its execution, all made before anything runs: the plan
/// is for this environment and environment file, has not expired, has enough valid approvals
/// under the gate's policy, and every stack is still as it was when planned, with its change set
/// still executable and unchanged.
///
/// ```swift
/// let gate = PlanGate(policy: context.policy, environmentSHA256: context.environmentSHA256)
/// try gate.admit(plan, approvals: approvals)
/// let prepared = try await gate.preflight(plan, targets: targets, api: aws.cloudFormation)
/// ```
public struct PlanGate: Sendable {
    public let policy: GatePolicy
    public let environmentSHA256: String
    public let now: Date

    public init(policy: GatePolicy, environmentSHA256: String, now: Date = Date()) {
        self.policy = policy
        self.environmentSHA256 = environmentSHA256
        self.now = now
    }

    /// Whether the plan itself may run: environment, environment file, expiry, approvals.
    /// Returns the approvers who counted.
    @discardableResult
    public func admit(_ plan: DeployPlan, approvals: [PlanApproval]) throws(DeployError) -> [String] {
        guard plan.environment == policy.environment else {
            throw DeployError(.invalidPlan, "plan \(plan.id) is for environment \(plan.environment), not \(policy.environment)")
        }
        guard plan.environmentSHA256 == environmentSHA256 else {
            throw DeployError(
                .invalidPlan, "plan \(plan.id) was made with a different environment file (SHA-256 \(plan.environmentSHA256), now \(environmentSHA256))",
                hint: "deploy from the commit the plan was made from, or make a new plan")
        }
        guard plan.expiresAt > now else {
            throw DeployError(.invalidPlan, "plan \(plan.id) expired at \(plan.expiresAt.formatted(.iso8601))", hint: "make a new plan and have it approved")
        }
        guard plan.expiresAt.timeIntervalSince(now) <= policy.planValidity + 60 else {
            throw DeployError(
                .invalidPlan, "plan \(plan.id) claims to be valid until \(plan.expiresAt.formatted(.iso8601)), longer than the gate's \(policy.planValidityHours) h",
                hint: "make a new plan with `tenkai plan`")
        }
        return try ApprovalCheck(policy: policy, now: now).check(plan, approvals: approvals)
    }

    /// Checks every planned stack against the account and the templates rendered now, before any
    /// of them runs; returns the change sets ready to execute, in the plan's order.
    public func preflight(
        _ plan: DeployPlan, targets: [DeployTarget], api: @Sendable (String) -> any CloudFormationAPI
    ) async throws -> [(DeployTarget, PreparedChangeSet)] {
        var ready: [(DeployTarget, PreparedChangeSet)] = []
        for entry in plan.stacks {
            guard let target = targets.first(where: { $0.stackName == entry.stackName }) else {
                throw DeployError(
                    .invalidPlan, "the plan changes a stack this deploy does not render", stackName: entry.stackName,
                    hint: "deploy with the same --system and --stack selection the plan was made with")
            }
            let client = api(entry.region)
            let current = StackSnapshot.of(try await client.describeStack(named: entry.stackName))
            guard current == entry.state else {
                throw DeployError(
                    .invalidPlan,
                    "the stack changed since the plan was made: it was \(entry.state?.description ?? "not deployed"), it is \(current?.description ?? "not deployed")",
                    stackName: entry.stackName, hint: "make a new plan against the stack as it is now")
            }
            do {
                ready.append((target, try await PlanExecution.verify(entry, target: target, api: client)))
            } catch let error as DeployError {
                throw error
            } catch {
                throw DeployError(
                    .invalidPlan, "the planned change set \(entry.changeSetARN) cannot be read (deleted, or executed already): \(error)",
                    stackName: entry.stackName, hint: "make a new plan")
            }
        }
        return ready
    }
}
