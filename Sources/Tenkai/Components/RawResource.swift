import TenkaiCore

/// Any CloudFormation resource, written out by hand: for what no component covers yet.
///
/// Its logical ID is the name in PascalCase (no kind suffix), and it gets the usual tags and
/// path metadata. References to other components work as anywhere else.
///
/// ```swift
/// RawResource("release-queue", type: "AWS::SQS::Queue", properties: [
///     "SqsManagedSseEnabled": true,
/// ])
/// ```
public struct RawResource: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var type: String
    public var properties: Fields
    public var deletionPolicy: DeletionPolicy?
    public var kind: String { "" }

    public init(_ name: String, type: String, properties: Fields = [:], deletionPolicy: DeletionPolicy? = nil) {
        self.name = name
        self.type = type
        self.properties = properties
        self.deletionPolicy = deletionPolicy
    }

    public func translate(into stack: inout StackContext) {
        stack.add(
            logicalID,
            Resource(type: type, properties: properties, deletionPolicy: deletionPolicy, updateReplacePolicy: deletionPolicy))
    }

    /// `Ref` of the resource.
    public var ref: Reference { reference(.other) }
}
