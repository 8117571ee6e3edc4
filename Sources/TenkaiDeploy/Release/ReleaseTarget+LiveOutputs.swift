import FoundationEssentials
import TenkaiCore

extension ReleaseTarget {
    /// What a release needs to know of one of the system's stacks before asking CloudFormation:
    /// where it is and which outputs its template declares.
    public struct DeclaredStack: Sendable, Hashable {
        /// The stack's name in the system (`app`).
        public var name: String
        /// The CloudFormation stack name (`fileshare-dev-app`).
        public var stackName: String
        public var region: String
        public var outputNames: [String]

        public init(name: String, stackName: String, region: String, outputNames: [String]) {
            self.name = name
            self.stackName = stackName
            self.region = region
            self.outputNames = outputNames
        }
    }

    /// The target of `service` from the outputs the deployed stacks publish now (`DescribeStacks`),
    /// so a release needs nothing but the sources and credentials: a fresh CI folder has no
    /// `outputs.json`. Of the system's stacks, those in the environment's region are read and,
    /// elsewhere, those whose template publishes release outputs (``ReleaseOutputs``), which must be
    /// deployed, else the error names them.
    ///
    /// ```swift
    /// let target = try await ReleaseTarget.live(
    ///     system: "fileshare", environment: dev, stacks: declared, components: tree, service: "web"
    /// ) {
    ///     aws.cloudFormation($0)
    /// }
    /// ```
    public static func live(
        system: String, environment: EnvironmentConfig, stacks declared: [DeclaredStack], components: ComponentTree, service: String?,
        api: (String) -> any CloudFormationAPI
    ) async throws -> ReleaseTarget {
        let name = try service ?? onlyService(of: system, declaredBy: declared, components: components)
        var stacks: [String: StackOutputs] = [:]
        var missing: [DeclaredStack] = []
        for stack in declared {
            let publishesRelease = stack.outputNames.contains(where: ReleaseOutputs.isReleaseOutput)
            // Stacks elsewhere matter only for what they publish (the roles that plan and release may
            // read the environment's region only, where the service's stacks are).
            guard publishesRelease || stack.region == environment.region else { continue }
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
                .preflight, "\(system)/\(environment.name) is not deployed: no stack \(names), whose outputs a release reads",
                hint: "deploy it first: tenkai deploy --env \(environment.name) --system \(system)")
        }
        return try fromOutputs(system: system, environment: environment.name, service: name, outputs: stacks)
    }

    /// The one service the system's templates declare a release for (``ReleaseOutputs/service(of:)``),
    /// by its component's own name from the tree: `file-share`, which the output's logical ID
    /// (`FileShareService`) cannot spell back.
    public static func onlyService(
        of system: String, declaredBy stacks: [DeclaredStack], components: ComponentTree
    ) throws(ReleaseError) -> String {
        let released = Set(stacks.flatMap(\.outputNames).compactMap(ReleaseOutputs.serviceID(fromOutput:)))
        let names = Set(components.components.compactMap { component in
            component.resources.contains { released.contains($0.logicalID) } ? component.path.split(separator: "/").last.map(String.init) : nil
        })
        guard names.count == 1, let only = names.first else {
            throw ReleaseError(
                .preflight,
                names.isEmpty ? "\(system) declares no released service (no Service with a LoadBalancer)" : "\(system) has several services",
                hint: names.isEmpty ? "declare a Service fronted by a LoadBalancer" : "pass --service (one of: \(names.sorted().joined(separator: ", ")))")
        }
        return only
    }
}
