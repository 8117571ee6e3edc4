import FoundationEssentials
import TenkaiCore

extension PlannedAssembly {
    /// A system's assembly as a deploy would deploy it.
    public struct Named: Sendable {
        public var system: String
        public var assembly: PlannedAssembly

        public init(system: String, assembly: PlannedAssembly) {
            self.system = system
            self.assembly = assembly
        }

        public init(_ assembly: CloudAssembly) {
            self.init(system: assembly.system, assembly: PlannedAssembly(assembly))
        }
    }
}

/// The checks that keep each kind of plan to its own command, and a deploy plan to its assembly.
extension PlanGate {
    /// `deploy --plan` runs change sets; a release plan has none and runs only through `tenkai release`.
    public static func requireDeployPlan(_ plan: DeployPlan) throws(DeployError) {
        guard let release = plan.release else { return }
        throw DeployError(
            .invalidPlan, "plan \(plan.id) is a release of \(plan.system)/\(release.service), not a deploy",
            hint: "run it with `tenkai release --env \(plan.environment) --system \(plan.system) --service \(release.service) \(ImageArguments.of(release.image, release.containerImages)) --plan \(plan.id)`")
    }

    /// `release --plan` runs release plans only.
    public static func requireReleasePlan(_ plan: DeployPlan) throws(DeployError) -> ReleaseIntent {
        guard let release = plan.release else {
            throw DeployError(
                .invalidPlan, "plan \(plan.id) is a deploy of \(plan.system), not a release",
                hint: "make a release plan with `tenkai plan release --env \(plan.environment) --system \(plan.system) --service NAME --image REF@sha256:…`")
        }
        return release
    }

    /// The assembly this deploy would deploy must be the one the plan was made from, byte for byte
    /// (manifest.json's SHA-256); otherwise the refusal names what differs.
    public static func requireAssembly(of plan: DeployPlan, among assemblies: [PlannedAssembly.Named]) throws(DeployError) {
        guard let planned = plan.assembly else {
            throw DeployError(
                .invalidPlan, "plan \(plan.id) records no cloud assembly digest (made by an older tenkai), so what it deploys cannot be checked",
                hint: "make a new plan with this tenkai")
        }
        guard let current = assemblies.first(where: { $0.system == plan.system }) else {
            throw DeployError(
                .invalidPlan, "plan \(plan.id) is for system \(plan.system), which this deploy does not select",
                hint: "pass --system \(plan.system)")
        }
        let differences = planned.differences(from: current.assembly)
        guard differences.isEmpty else {
            throw DeployError(
                .invalidPlan,
                "the cloud assembly of \(plan.system) is not the one plan \(plan.id) was made from (manifest.json SHA-256 \(planned.manifestSHA256) planned, \(current.assembly.manifestSHA256) now); it differs in: \(differences.joined(separator: "; "))",
                hint: "deploy the assembly the plan was made from (the same commit, or `--assembly` with CI's synth output), or make a new plan")
        }
    }
}
