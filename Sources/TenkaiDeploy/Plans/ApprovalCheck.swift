import FoundationEssentials
import TenkaiCore

/// Decides whether a plan may run: enough distinct approvers from the gate's list, each with a
/// valid, unexpired signature on this plan for this environment, none of them its author.
///
/// ```swift
/// try ApprovalCheck(policy: pinned).check(plan, approvals: approvals)
/// ```
public struct ApprovalCheck: Sendable {
    public let policy: GatePolicy
    public let now: Date

    public init(policy: GatePolicy, now: Date = Date()) {
        self.policy = policy
        self.now = now
    }

    /// The environment file's own values (tests, and environments without a pinned gate).
    public init(environment: EnvironmentConfig, now: Date = Date()) {
        self.init(policy: GatePolicy(environment), now: now)
    }

    /// The approvers whose approvals count, or an `approvalRequired` error saying what is missing.
    @discardableResult
    public func check(_ plan: DeployPlan, approvals: [PlanApproval]) throws(DeployError) -> [String] {
        var accepted: Set<String> = []
        var rejected: [String] = []
        for approval in approvals {
            if let reason = rejection(of: approval, for: plan) {
                rejected.append("\(approval.approver): \(reason)")
            } else if !accepted.insert(approval.approver).inserted {
                rejected.append("\(approval.approver): approved twice, counted once")
            }
        }
        guard accepted.count >= policy.requiredApprovals else {
            let detail = rejected.isEmpty ? "" : " (not counted: \(rejected.joined(separator: "; ")))"
            throw DeployError(
                .approvalRequired,
                "plan \(plan.id) has \(accepted.count) of \(policy.requiredApprovals) required approvals\(detail)",
                hint: "approvers run `tenkai approve \(plan.id) --env \(policy.environment) --key <private-key-file>`")
        }
        return accepted.sorted()
    }

    /// Why an approval does not count, or `nil` when it does.
    func rejection(of approval: PlanApproval, for plan: DeployPlan) -> String? {
        guard let approver = policy.approvers.first(where: { $0.name == approval.approver }) else {
            return "not an approver of \(policy.environment)"
        }
        if approval.planID != plan.id { return "approves another plan" }
        if approval.environment != plan.environment { return "approves for environment \(approval.environment), not \(plan.environment)" }
        if approval.principal == plan.author { return "is the plan's author (\(plan.author))" }
        if approval.author != plan.author { return "approved a plan by \(approval.author), not \(plan.author)" }
        if approval.expiresAt <= now { return "expired" }
        if approval.expiresAt.timeIntervalSince(now) > policy.planValidity + 60 { return "valid for longer than the gate allows" }
        if !approval.isValid(publicKey: approver.publicKey) { return "signature does not verify" }
        return nil
    }
}
