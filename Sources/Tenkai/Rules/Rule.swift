import TenkaiCore

/// One check of the secure-defaults rule set, run on every rendered resource at synth time.
///
/// A check returns a sentence per problem it sees; the rule set turns each into an error naming
/// the component, unless the component suppressed the rule with a reason.
///
/// ```swift
/// let noPublicIPs = Rule(.init("no-public-ip"), summary: "Subnets do not assign public IPs") { subject in
///     subject.resource.type == "AWS::EC2::Subnet" && subject.properties["MapPublicIpOnLaunch"]?.isTrue == true
///         ? ["\(subject.logicalID) assigns public IPs on launch"] : []
/// }
/// ```
public struct Rule: Sendable {
    public let id: RuleID
    public let summary: String
    /// How to comply, shown with every violation.
    public let hint: String
    private let check: @Sendable (RuleSubject) -> [String]

    public init(_ id: RuleID, summary: String, hint: String, check: @escaping @Sendable (RuleSubject) -> [String]) {
        self.id = id
        self.summary = summary
        self.hint = hint
        self.check = check
    }

    /// The problems this rule finds in one resource.
    public func violations(in subject: RuleSubject) -> [String] { check(subject) }
}

/// What a rule looks at: one resource, with the template around it and the environment's tier.
public struct RuleSubject: Sendable {
    public let logicalID: String
    public let resource: Resource
    public let template: Template
    public let isProduction: Bool

    public var properties: Fields { resource.properties }
}

extension Value {
    /// Whether the value is literally true (`true` or `"true"`); intrinsic functions are not.
    public var isTrue: Bool {
        switch self {
        case .bool(let value): value
        case .string(let text): text.lowercased() == "true"
        default: false
        }
    }

    /// Whether the value is computed at deploy time, so a rule cannot judge it.
    var isIntrinsic: Bool { if case .function = self { true } else { false } }

    /// A string or the strings of a list (IAM's `Action` and `Resource` take either).
    var stringsOfOneOrMany: [Value] {
        if case .list(let items) = self { items } else { [self] }
    }
}
