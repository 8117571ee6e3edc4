/// The name of a rule of the synth-time rule set, as suppressions and messages use it.
///
/// ```swift
/// RawResource("legacy", type: "AWS::S3::Bucket")
///     .suppress(rule: .encryptionAtRest, reason: "holds only public marketing assets; ticket OPS-142")
/// ```
public struct RuleID: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Data stores (buckets, databases, file systems, caches, queues, volumes) encrypted at rest.
    public static let encryptionAtRest = RuleID("encryption-at-rest")
    /// Buckets block every form of public access and their policies grant nothing to everyone.
    public static let publicBucket = RuleID("public-bucket")
    /// IAM policies name actions and resources: no `*`, except for actions AWS cannot scope.
    public static let iamWildcard = RuleID("iam-wildcard")
    /// Nothing is open to the whole internet but ports 80 and 443 of a load balancer.
    public static let openSecurityGroup = RuleID("open-security-group")
    /// Every log group has a retention period.
    public static let logRetention = RuleID("log-retention")
    /// In production, stateful resources are protected from deletion and kept when removed.
    public static let deletionProtection = RuleID("deletion-protection")
    /// Names that must be unique across every AWS account (S3 buckets) carry the account ID.
    public static let globalName = RuleID("global-name")
    /// No rotation schedule on a master secret that RDS manages and rotates itself.
    public static let managedSecretRotation = RuleID("managed-secret-rotation")
}
