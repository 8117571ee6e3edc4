import FoundationEssentials

extension DeployPlanStore {
    /// Every readable plan in the folder (one whose content no longer hashes to its ID is skipped).
    public func allPlans() -> [DeployPlan] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { try? plan($0) }
    }

    /// `<stack name>/<template SHA-256>` of every template the plans would send: what
    /// `tenkai gc` must keep.
    public func plannedTemplates(environment: String) -> Set<String> {
        Set(allPlans().filter { $0.environment == environment }.flatMap { $0.stacks.map { "\($0.stackName)/\($0.templateSHA256)" } })
    }
}
