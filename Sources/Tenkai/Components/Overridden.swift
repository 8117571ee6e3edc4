import TenkaiCore

/// A component with raw CloudFormation changes applied after it translates: the escape hatch
/// for a property the DSL does not model yet.
///
/// ```swift
/// Bucket("files")
///     .override("Properties.ObjectLockEnabled", true)
///     .override("Properties.Tags", nil, on: "FilesBucketPolicy")   // nil removes
/// ```
public struct Overridden<Base: Component>: Component {
    public struct Change: Sendable {
        /// The resource to change; nil means the component's main resource.
        public var logicalID: String?
        /// `Properties.A.B`, `DeletionPolicy`, `UpdateReplacePolicy` or `Condition`.
        public var path: String
        public var value: Value?
    }

    public var base: Base
    public var changes: [Change]

    public var name: String { base.name }
    public var kind: String { base.kind }

    public func translate(into stack: inout StackContext) {
        base.translate(into: &stack)
        for change in changes {
            let target = change.logicalID ?? base.logicalID
            guard stack.addedByCurrentComponent.contains(target) else {
                let created = stack.addedByCurrentComponent.joined(separator: ", ")
                stack.report(
                    .error(
                        "an override targets '\(target)', which this component does not create",
                        hint: "it creates: \(created)"))
                continue
            }
            var problem: String?
            stack.update(target) { resource in problem = resource.apply(change) }
            if let problem { stack.report(.error("override '\(change.path)' on \(target): \(problem)")) }
        }
    }
}

extension Component {
    /// Sets (or with `nil` removes) a raw CloudFormation value on one of this component's resources.
    public func override(_ path: String, _ value: Value?, on logicalID: String? = nil) -> Overridden<Self> {
        Overridden(base: self, changes: [.init(logicalID: logicalID, path: path, value: value)])
    }
}

extension Overridden {
    /// Further overrides stay one wrapper deep.
    public func override(_ path: String, _ value: Value?, on logicalID: String? = nil) -> Overridden<Base> {
        var copy = self
        copy.changes.append(.init(logicalID: logicalID, path: path, value: value))
        return copy
    }
}

extension Resource {
    /// Applies one override; returns a problem description when the path is not one it can set.
    fileprivate mutating func apply(_ change: Overridden<some Component>.Change) -> String? {
        let parts = change.path.split(separator: ".").map(String.init)
        switch parts.first {
        case "Properties" where parts.count > 1:
            properties = Self.setting(Array(parts.dropFirst()), to: change.value, in: properties)
        case "DeletionPolicy", "UpdateReplacePolicy":
            let policy = change.value?.stringValue.flatMap(DeletionPolicy.init(rawValue:))
            if change.value != nil && policy == nil { return "must be Delete, Retain, Snapshot or RetainExceptOnCreate" }
            if parts[0] == "DeletionPolicy" { deletionPolicy = policy } else { updateReplacePolicy = policy }
        case "Condition":
            condition = change.value?.stringValue
        default:
            return "the path must start with Properties., or be DeletionPolicy, UpdateReplacePolicy or Condition"
        }
        return nil
    }

    private static func setting(_ path: [String], to value: Value?, in fields: Fields) -> Fields {
        var fields = fields
        if path.count == 1 {
            fields[path[0]] = value
        } else {
            let nested = fields[path[0]]?.fieldsValue ?? Fields()
            fields[path[0]] = .map(setting(Array(path.dropFirst()), to: value, in: nested))
        }
        return fields
    }
}
