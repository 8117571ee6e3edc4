import FoundationEssentials
import Tenkai
import TenkaiCore

extension ReleaseTarget {
    /// The target of `service` from the outputs the deployed stacks publish now (`DescribeStacks`),
    /// so a release needs nothing but the sources and credentials: a fresh CI folder has no
    /// `outputs.json`. The system's stacks come from `resolved`: those in the environment's region
    /// and, elsewhere, those whose template publishes release outputs (`…Release…`), which must
    /// be deployed, else the error names them.
    ///
    /// ```swift
    /// let target = try await ReleaseTarget.live(resolved, service: "web") { aws.cloudFormation($0) }
    /// ```
    public static func live(
        _ resolved: ResolvedSystem, service: String?, api: (String) -> any CloudFormationAPI
    ) async throws -> ReleaseTarget {
        let name = try service ?? onlyService(declaredBy: resolved)
        var stacks: [String: StackOutputs] = [:]
        var missing: [ResolvedStack] = []
        for stack in resolved.stacks {
            let publishesRelease = stack.template.outputs.keys.contains { $0.contains("Release") }
            // Stacks elsewhere matter only for what they publish (the roles that plan and release may
            // read the environment's region only, where the service's stacks are).
            guard publishesRelease || stack.region == resolved.environment.region else { continue }
            let described = try await api(stack.region).describeStack(named: stack.stackName)
            guard let described, !described.status.isReviewInProgress else {
                if publishesRelease { missing.append(stack) }
                continue
            }
            stacks[stack.name] = StackOutputs(stackName: stack.stackName, region: stack.region, outputs: described.outputs)
        }
        if !missing.isEmpty {
            let names = missing.map { "\($0.stackName) (\($0.region))" }.joined(separator: ", ")
            throw ReleaseError(
                .preflight, "\(resolved.systemName)/\(resolved.environment.name) is not deployed: no stack \(names), whose outputs a release reads",
                hint: "deploy it first: tenkai deploy --env \(resolved.environment.name) --system \(resolved.systemName)")
        }
        return try fromOutputs(system: resolved.systemName, environment: resolved.environment.name, service: name, outputs: stacks)
    }

    /// The one service the system's templates declare a release for (`…ServiceReleaseService`).
    public static func onlyService(declaredBy resolved: ResolvedSystem) throws(ReleaseError) -> String {
        let suffix = "ServiceReleaseService"
        let outputs = resolved.stacks.flatMap(\.template.outputs.keys)
        let names = Set(outputs.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)).lowercased() })
        guard names.count == 1, let only = names.first else {
            throw ReleaseError(
                .preflight,
                names.isEmpty ? "\(resolved.systemName) declares no released service (no Service with a LoadBalancer)" : "\(resolved.systemName) has several services",
                hint: names.isEmpty ? "declare a Service fronted by a LoadBalancer" : "pass --service (one of: \(names.sorted().joined(separator: ", ")))")
        }
        return only
    }
}
