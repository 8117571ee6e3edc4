/// Reading a rendered template back: what deploy does with a cloud assembly, which holds
/// templates and no Swift. `Template(reading:)` of a rendered template renders the same bytes.
extension Template {
    /// Reads a template from its JSON value (as ``JSONReader`` gives it); `file` names it in errors.
    public init(reading value: Value, file: String) throws(TenkaiError) {
        guard let root = value.fieldsValue else { throw Self.error("a template must be a JSON object", file) }
        self.init(description: root["Description"]?.stringValue)
        for (id, parameter) in try Self.section("Parameters", of: root, file) {
            guard let fields = parameter.fieldsValue, let type = fields["Type"]?.stringValue else {
                throw Self.error("parameter '\(id)' has no Type", file)
            }
            parameters[id] = Parameter(
                type: type, description: fields["Description"]?.stringValue, defaultValue: fields["Default"],
                noEcho: fields["NoEcho"]?.boolValue ?? false)
        }
        for (id, condition) in try Self.section("Conditions", of: root, file) { conditions[id] = condition }
        for (id, resource) in try Self.section("Resources", of: root, file) {
            resources[id] = try Resource(reading: resource, logicalID: id, file: file)
        }
        for (id, output) in try Self.section("Outputs", of: root, file) {
            guard let fields = output.fieldsValue, let value = fields["Value"] else {
                throw Self.error("output '\(id)' has no Value", file)
            }
            outputs[id] = Output(
                value: value, description: fields["Description"]?.stringValue,
                exportName: fields["Export"]?.fieldsValue?["Name"]?.stringValue)
        }
    }

    private static func section(_ name: String, of root: Fields, _ file: String) throws(TenkaiError) -> Fields {
        guard let value = root[name] else { return [:] }
        guard let fields = value.fieldsValue else { throw error("'\(name)' must be an object", file) }
        return fields
    }

    static func error(_ message: String, _ file: String) -> TenkaiError {
        TenkaiError(.invalidInput, "\(file): \(message)", hint: "synthesize the assembly again with `tenkai synth`")
    }
}

extension Resource {
    init(reading value: Value, logicalID: String, file: String) throws(TenkaiError) {
        guard let fields = value.fieldsValue, let type = fields["Type"]?.stringValue else {
            throw Template.error("resource '\(logicalID)' has no Type", file)
        }
        func policy(_ key: String) throws(TenkaiError) -> DeletionPolicy? {
            guard let text = fields[key]?.stringValue else { return nil }
            guard let policy = DeletionPolicy(rawValue: text) else {
                throw Template.error("resource '\(logicalID)' has an unknown \(key) '\(text)'", file)
            }
            return policy
        }
        let dependsOn: [String] = switch fields["DependsOn"] {
        case .string(let id)?: [id]
        case .list(let ids)?: ids.compactMap(\.stringValue)
        default: []
        }
        self.init(
            type: type, properties: fields["Properties"]?.fieldsValue ?? [:], dependsOn: dependsOn,
            condition: fields["Condition"]?.stringValue, deletionPolicy: try policy("DeletionPolicy"),
            updateReplacePolicy: try policy("UpdateReplacePolicy"))
        metadata = fields["Metadata"]?.fieldsValue ?? [:]
        updatePolicy = fields["UpdatePolicy"]?.fieldsValue ?? [:]
    }
}
