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
