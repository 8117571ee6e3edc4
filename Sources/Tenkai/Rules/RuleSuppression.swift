import TenkaiCore

/// A rule switched off for one component, with the reason someone wrote down.
///
/// Suppressions travel with the resources (as `tenkai:suppressions` metadata in the template),
/// so a reviewer reading a template sees them, and `tenkai synth` lists them all.
public struct RuleSuppression: Sendable, Hashable {
    public var rule: RuleID
    public var reason: String
    /// The component it applies to (`system/stack/component`).
    public var componentPath: String

    public init(rule: RuleID, reason: String, componentPath: String) {
        self.rule = rule
        self.reason = reason
        self.componentPath = componentPath
    }

    static let metadataKey = "tenkai:suppressions"

    /// The suppressions recorded on a resource.
    static func recorded(on resource: Resource) -> [RuleSuppression] {
        let path = resource.metadata["tenkai:path"]?.stringValue ?? ""
        return (resource.metadata[metadataKey]?.listValue ?? []).compactMap { entry in
            guard let rule = entry[path: "rule"]?.stringValue, let reason = entry[path: "reason"]?.stringValue else { return nil }
            return RuleSuppression(rule: RuleID(rule), reason: reason, componentPath: path)
        }
    }
}
