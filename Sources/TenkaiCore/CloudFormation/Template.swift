/// A CloudFormation template: the plain, checked output of translating one stack.
///
/// It is data only. ``Template/value`` turns it into the ``Value`` tree the JSON and YAML
/// renderers write; sections are sorted by logical ID there, so moving a component in a stack
/// body never reorders a rendered template.
public struct Template: Sendable, Hashable {
    public var description: String?
    public var parameters: [String: Parameter] = [:]
    public var conditions: [String: Value] = [:]
    public var resources: [String: Resource] = [:]
    public var outputs: [String: Output] = [:]

    public init(description: String? = nil) {
        self.description = description
    }

    /// The template as a value ready to render, in CloudFormation's usual section order.
    public var value: Value {
        var root = Fields()
        root["AWSTemplateFormatVersion"] = "2010-09-09"
        if let description { root["Description"] = .string(description) }
        if !parameters.isEmpty { root["Parameters"] = .map(Self.sorted(parameters) { $0.value }) }
        if !conditions.isEmpty { root["Conditions"] = .map(Self.sorted(conditions) { $0 }) }
        root["Resources"] = .map(Self.sorted(resources) { $0.value })
        if !outputs.isEmpty { root["Outputs"] = .map(Self.sorted(outputs) { $0.rendered }) }
        return .map(root)
    }

    private static func sorted<T>(_ section: [String: T], _ render: (T) -> Value) -> Fields {
        Fields(section.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, render(section[$0]!)) })
    }
}

/// `DeletionPolicy` and `UpdateReplacePolicy` values.
public enum DeletionPolicy: String, Sendable, Hashable, Codable {
    case delete = "Delete", retain = "Retain", snapshot = "Snapshot", retainExceptOnCreate = "RetainExceptOnCreate"
}

/// One resource of a template.
public struct Resource: Sendable, Hashable {
    public var type: String
    public var properties: Fields
    public var dependsOn: [String] = []
    public var condition: String?
    public var deletionPolicy: DeletionPolicy?
    public var updateReplacePolicy: DeletionPolicy?
    public var metadata: Fields = [:]
    /// `UpdatePolicy` (Auto Scaling groups: what an update may change).
    public var updatePolicy: Fields = [:]

    public init(
        type: String, properties: Fields = [:], dependsOn: [String] = [], condition: String? = nil,
        deletionPolicy: DeletionPolicy? = nil, updateReplacePolicy: DeletionPolicy? = nil
    ) {
        self.type = type
        self.properties = properties
        self.dependsOn = dependsOn
        self.condition = condition
        self.deletionPolicy = deletionPolicy
        self.updateReplacePolicy = updateReplacePolicy
    }

    public var value: Value {
        var fields = Fields()
        fields["Type"] = .string(type)
        if let condition { fields["Condition"] = .string(condition) }
        if !dependsOn.isEmpty { fields["DependsOn"] = .list(dependsOn.sorted().map(Value.string)) }
        if !metadata.isEmpty { fields["Metadata"] = .map(metadata) }
        if !properties.isEmpty { fields["Properties"] = .map(properties) }
        if let deletionPolicy { fields["DeletionPolicy"] = .string(deletionPolicy.rawValue) }
        if let updateReplacePolicy { fields["UpdateReplacePolicy"] = .string(updateReplacePolicy.rawValue) }
        if !updatePolicy.isEmpty { fields["UpdatePolicy"] = .map(updatePolicy) }
        return .map(fields)
    }
}

/// A template parameter.
public struct Parameter: Sendable, Hashable {
    public var type: String
    public var description: String?
    public var defaultValue: Value?
    public var noEcho: Bool

    public init(type: String = "String", description: String? = nil, defaultValue: Value? = nil, noEcho: Bool = false) {
        self.type = type
        self.description = description
        self.defaultValue = defaultValue
        self.noEcho = noEcho
    }

    public var value: Value {
        var fields = Fields()
        fields["Type"] = .string(type)
        if let description { fields["Description"] = .string(description) }
        if let defaultValue { fields["Default"] = defaultValue }
        if noEcho { fields["NoEcho"] = true }
        return .map(fields)
    }
}

/// A stack output, optionally exported for other stacks in the same region.
public struct Output: Sendable, Hashable {
    public var value: Value
    public var description: String?
    public var exportName: String?

    public init(value: Value, description: String? = nil, exportName: String? = nil) {
        self.value = value
        self.description = description
        self.exportName = exportName
    }

    public var rendered: Value {
        var fields = Fields()
        if let description { fields["Description"] = .string(description) }
        fields["Value"] = value
        if let exportName { fields["Export"] = ["Name": .string(exportName)] }
        return .map(fields)
    }
}
