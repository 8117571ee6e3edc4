import TenkaiCore

/// Elastic IP addresses per account and region, summed over every system: the quota is the
/// account's, not a stack's, so no single template shows the problem.
///
/// AWS's default is five Elastic IPs per region (EC2 quota "EC2-VPC Elastic IPs", L-0263D0A3);
/// each NAT gateway holds one. An environment whose quota was raised says so in its file:
///
/// ```yaml
/// quotas:
///   elasticIPs: 10
/// ```
///
/// The check runs at synth over the systems synthesized together, so `tenkai synth` (all
/// systems) sees the whole account; allocations made outside Tenkai are not counted.
public enum ElasticIPQuota {
    /// AWS's default number of Elastic IPs per account and region.
    public static let defaultQuota = 5
    /// The environment-file key that overrides it.
    public static let quotaKey = "elasticIPs"

    /// Elastic IPs each account and region would hold, per system, for one or more environments.
    public static func usage(_ systems: [ResolvedSystem]) -> [Placement: [String: Int]] {
        var usage: [Placement: [String: Int]] = [:]
        for system in systems {
            for stack in system.stacks {
                let addresses = stack.template.resources.values.filter { $0.type == "AWS::EC2::EIP" }.count
                guard addresses > 0 else { continue }
                let placement = Placement(account: system.environment.account, region: stack.region)
                usage[placement, default: [:]][system.systemName, default: 0] += addresses
            }
        }
        return usage
    }

    /// One error for each account and region where the systems together exceed the quota.
    public static func check(_ systems: [ResolvedSystem]) -> [Diagnostic] {
        var quotas: [Placement: (quota: Int, file: String)] = [:]
        for system in systems {
            for stack in system.stacks {
                let placement = Placement(account: system.environment.account, region: stack.region)
                quotas[placement] = (system.environment.quotas[quotaKey] ?? defaultQuota, system.environment.file)
            }
        }
        var problems: [Diagnostic] = []
        for (placement, bySystem) in usage(systems).sorted(by: { ($0.key.account, $0.key.region) < ($1.key.account, $1.key.region) }) {
            let total = bySystem.values.reduce(0, +)
            let quota = quotas[placement]?.quota ?? defaultQuota
            guard total > quota else { continue }
            let parts = bySystem.keys.sorted().map { "\($0) \(bySystem[$0]!)" }.joined(separator: ", ")
            problems.append(.error(
                "account \(placement.account) in \(placement.region) would need \(total) Elastic IPs (\(parts)); its quota is \(quota)",
                hint: "use fewer NAT gateways (systems.<system>.natGateways: single or a number), or raise the quota "
                    + "in Service Quotas and write it in \(quotas[placement]?.file ?? "the environment file") as quotas: { \(quotaKey): N }"))
        }
        return problems
    }

    /// An account and a region.
    public struct Placement: Sendable, Hashable {
        public var account: String
        public var region: String

        public init(account: String, region: String) {
            self.account = account
            self.region = region
        }
    }
}
