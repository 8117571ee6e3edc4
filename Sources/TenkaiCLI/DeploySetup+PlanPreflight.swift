import FoundationEssentials
import TenkaiDeploy

extension DeploySetup {
    /// The checks deploy would refuse on, run before a plan makes change sets, so approvers never
    /// sign a plan that deploy then refuses: account singletons, no release in flight, and DNS delegation of every zone
    /// a selected stack validates certificates in. A zone the plan's own stacks have yet to create
    /// cannot be checked now; deploy checks it again before that stack's change set runs.
    func verifyPlannable(environmentsFolder: String) async throws {
        try await verifySingletons(environmentsFolder: environmentsFolder)
        try await refuseDuringRelease()
        guard let check = delegationCheck else { return }
        for system in systems {
            for target in system.targets { try await check(target) }
        }
    }
}
