import FoundationEssentials
import TenkaiCore

/// Decides whether a plan may run: enough distinct approvers from the environment's list, each
/// with a valid, unexpired signature on this plan, none of them its author.
///
/// ```swift
/// try ApprovalCheck(environment: prod).check(plan, approvals: approvals)
/// ```
public struct ApprovalCheck: Sendable {
    public let environment: EnvironmentConfig
    public let now: Date

    public init(environment: EnvironmentConfig, now: Date = Date()) {
        self.environment = environment
        self.now = now
    }

    /// The approvers whose approvals count, or an `approvalRequired` error saying what is missing.
    @discardableResult
    public func check(_ plan: DeployPlan, approvals: [PlanApproval]) throws(DeployError) -> [String] {
        var accepted: Set<String> = []
        var rejected: [String] = []
        for approval in approvals {
            guard let approver = environment.approvers.first(where: { $0.name == approval.approver }) else {
                rejected.append("\(approval.approver): not an approver of \(environment.name)")
                continue
            }
            if approval.planID != plan.id { rejected.append("\(approver.name): approves another plan"); continue }
            if approval.approver == plan.author { rejected.append("\(approver.name): is the plan's author"); continue }
            if approval.author != plan.author { rejected.append("\(approver.name): approved a plan by \(approval.author), not \(plan.author)"); continue }
            if approval.expiresAt <= now { rejected.append("\(approver.name): expired"); continue }
            if !approval.isValid(publicKey: approver.publicKey) { rejected.append("\(approver.name): signature does not verify"); continue }
            accepted.insert(approver.name)
        }
        guard accepted.count >= environment.requiredApprovals else {
            let detail = rejected.isEmpty ? "" : " (not counted: \(rejected.joined(separator: "; ")))"
            throw DeployError(
                .approvalRequired,
                "plan \(plan.id) has \(accepted.count) of \(environment.requiredApprovals) required approvals\(detail)",
                hint: "approvers run `tenkai approve \(plan.id) --env \(environment.name) --key <private-key-file>`")
        }
        return accepted.sorted()
    }
}
