import TenkaiCore

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
