import AWSClient
import FoundationEssentials
import TenkaiCore
import TenkaiDeploy

/// The prod gate in front of `tenkai release`: a production-tier environment (or one that
/// requires approvals) releases only an approved release plan, exactly as planned, once.
struct ReleaseGate {
    let gated: GatedPlans
    let planID: String

    /// The admitted plan's gate, `nil` for an ungated environment released without a plan;
    /// throws (and audits) every refusal.
    static func admit(plan: String?, plans: String, setup: ReleaseSetup, image: String) async throws -> ReleaseGate? {
        let (environment, target) = (setup.environment, setup.target)
        let context = try await setup.gateContext()
        let gated = GatedPlans(context: context, local: DeployPlanStore(folder: plans))
        guard let plan else {
            guard environment.tier != .production, !context.requiresApprovals else {
                _ = await context.audit(.refuse, planID: nil, result: "release of \(image) without a plan refused")
                throw DeployError(
                    .approvalRequired, "environment \(environment.name) releases only an approved release plan",
                    hint: "run `tenkai plan release --env \(environment.name) --system \(target.system) --service \(target.service) "
                        + "\(ImageArguments.of(image, setup.options.containerImages))`, "
                        + "have it approved with `tenkai approve PLAN-ID`, then rerun this with --plan PLAN-ID")
            }
            return nil
        }
        _ = try await gated.admitRelease(
            plan, image: image, options: setup.options, target: target, api: setup.aws.cloudFormation(target.region))
        return ReleaseGate(gated: gated, planID: plan)
    }

    /// Records how the release ended in the audit trail.
    func finished(failed: Bool) async {
        if let error = await gated.finished(planID, failed: failed) { Console.error("warning: the audit record was not written: \(error)") }
    }
}
