import TenkaiCore

/// The logical ID of one resource a component declares, and every way to point at it.
///
/// A component names each of its resources once (`var role: ResourceID { part("Role") }`), adds
/// the resource under that value and makes its references from the same value, so a rename
/// cannot leave a `Ref` pointing at a resource that no longer exists:
///
/// ```swift
/// let role = part("Role")                             // FilesFunctionRole
/// stack.add(role, IAMPolicy.role(…))
/// properties["Role"] = role.arn                       // {"Fn::GetAtt": ["FilesFunctionRole", "Arn"]}
/// public var roleArn: Reference { role.attribute("Arn", .arn) }
/// ```
public struct ResourceID: Sendable, Hashable, CustomStringConvertible {
    public let logicalID: String
    /// The name of the component that declares the resource (for messages and compose).
    public let component: String

    public init(_ logicalID: String, component: String) {
        self.logicalID = logicalID
        self.component = component
    }

    /// `Ref` of the resource.
    public var ref: Value { .ref(logicalID) }
    /// `Fn::GetAtt` of one of the resource's attributes.
    public func getAtt(_ attribute: String) -> Value { .getAtt(logicalID, attribute) }
    /// `Fn::GetAtt …Arn`.
    public var arn: Value { getAtt("Arn") }

    /// A typed `Ref` other components can hold, in this stack or another.
    public func reference(_ kind: Reference.Kind) -> Reference { Reference(logicalID, kind: kind, component: component) }
    /// A typed `Fn::GetAtt` other components can hold, in this stack or another.
    public func attribute(_ attribute: String, _ kind: Reference.Kind) -> Reference {
        Reference(logicalID, attribute: attribute, kind: kind, component: component)
    }

    /// Another resource of the same component, named after this one (`FilesBucketPolicy` after `FilesBucket`).
    public func part(_ suffix: String) -> ResourceID { ResourceID(logicalID + suffix, component: component) }

    public var description: String { logicalID }
}

extension Component {
    /// The component's main resource.
    public var resourceID: ResourceID { ResourceID(logicalID, component: name) }

    /// One of the component's other resources: its logical ID is the component's plus `suffix`.
    public func part(_ suffix: String) -> ResourceID { resourceID.part(suffix) }
}

extension StackContext {
    /// Adds a resource under the ID its component declared it with.
    public mutating func add(_ id: ResourceID, _ resource: Resource) { add(id.logicalID, resource) }

    /// Changes a resource this stack already has.
    public mutating func update(_ id: ResourceID, _ change: (inout Resource) -> Void) { update(id.logicalID, change) }
}
