import TenkaiCore

/// A piece of infrastructure a stack author declares: a bucket, a network, a service.
///
/// Components are plain values; modifiers return changed copies. Each one translates itself
/// into CloudFormation resources whose logical IDs start with ``logicalID``, so two
/// components never collide unless they share a name and kind — which is an error.
///
/// ```swift
/// struct Topic: Component {
///     let name: String
///     var kind: String { "Topic" }
///     func translate(into stack: inout StackContext) {
///         stack.add(logicalID, Resource(type: "AWS::SNS::Topic", properties: [
///             "TopicName": .string(stack.resourceName(name)),
///         ]))
///     }
/// }
/// ```
public protocol Component: Sendable {
    /// The name the author gave it; logical IDs and physical names derive from it.
    var name: String { get }
    /// What kind of thing this is, as the last word of its logical ID (`Bucket`, `Service`).
    var kind: String { get }
    /// Adds this component's resources (and outputs) to the stack being built.
    func translate(into stack: inout StackContext)
    /// Raw changes and suppressions the resolver applies after ``translate(into:)`` (none
    /// unless the component is ``EscapeHatching``).
    var escapeHatches: EscapeHatches { get }
    /// The metrics the component tree records for it: ``Monitorable/metrics``, none for other
    /// components. A requirement rather than an `as? any Monitorable` cast, which searches every
    /// conformance record of the binary the first time it meets each component type.
    var exposedMetrics: [Metric] { get }
}

extension Component {
    public var exposedMetrics: [Metric] { [] }

    /// The logical ID of the component's main resource: its name in PascalCase plus its kind.
    public var logicalID: String { LogicalID.make(name, kind: kind) }

    /// A reference to this component's main resource (`Ref`).
    public func reference(_ kind: Reference.Kind = .name) -> Reference { resourceID.reference(kind) }

    /// A reference to an attribute of this component's main resource (`Fn::GetAtt`).
    public func attribute(_ attribute: String, _ kind: Reference.Kind) -> Reference {
        resourceID.attribute(attribute, kind)
    }
}

extension Component {
    /// A changed copy: the one-line body of every modifier (`func retained() -> Self { with { $0.retain = true } }`).
    public func with(_ change: (inout Self) -> Void) -> Self {
        var copy = self
        change(&copy)
        return copy
    }
}
