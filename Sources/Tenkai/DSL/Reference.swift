import TenkaiCore

/// A typed reference to an attribute of another component: its ARN, name, endpoint, URL.
///
/// A reference is resolved where it is used. Inside one stack it renders as `Ref`/`Fn::GetAtt`;
/// across stacks of one region it becomes an Export plus `Fn::ImportValue` and a dependency
/// edge; across regions, a stack parameter that deploy fills from the other stack's output.
///
/// ```swift
/// Function(…).environment("FILES_BUCKET", files.bucketName)   // a Reference
/// ```
public struct Reference: Sendable, Hashable, CustomStringConvertible {
    /// What the referenced value is, so each translator can use it its own way (compose turns
    /// a hostname into a service name, CloudFormation into `GetAtt`).
    public enum Kind: String, Sendable, Hashable {
        case name, arn, id, hostname, port, url, secret, other
    }

    /// The logical ID of the referenced resource.
    public var logicalID: String
    /// The `Fn::GetAtt` attribute, or nil for `Ref`.
    public var attribute: String?
    public var kind: Kind
    /// The name of the component that owns the resource (for messages and compose).
    public var component: String

    public init(_ logicalID: String, attribute: String? = nil, kind: Kind, component: String) {
        self.logicalID = logicalID
        self.attribute = attribute
        self.kind = kind
        self.component = component
    }

    /// The CloudFormation value; the resolver rewrites it when it crosses a stack.
    public var value: Value {
        if let attribute { .getAtt(logicalID, attribute) } else { .ref(logicalID) }
    }

    public var description: String { attribute.map { "\(logicalID).\($0)" } ?? logicalID }
}
