import TenkaiCore

/// A template's resources as values, to compare a deployed template with a new one.
struct TemplateDocument {
    let resources: Fields

    /// Reads a deployed template's JSON text; `nil` when it is not JSON (a template deployed from
    /// YAML by another tool).
    init?(json text: String) {
        guard let document = try? JSONReader.read(Array(text.utf8)), let root = document.fieldsValue else { return nil }
        resources = root["Resources"]?.fieldsValue ?? [:]
    }

    init(_ template: Template) {
        resources = Fields(template.resources.map { ($0.key, $0.value.value) })
    }

    func property(_ name: String, of logicalID: String) -> Value? {
        resources[logicalID]?.fieldsValue?["Properties"]?.fieldsValue?[name]
    }

    /// The policy statements and ingress rules a resource's property holds, each as compact JSON
    /// with sorted keys (so the same grant reads the same in both templates).
    func grants(of logicalID: String, properties: [String]) -> [String] {
        var found: [String] = []
        for name in properties {
            guard let value = property(name, of: logicalID) else { continue }
            Self.collectGrants(value, into: &found, key: name)
        }
        return found
    }

    private static func collectGrants(_ value: Value, into found: inout [String], key: String) {
        switch value {
        case .map(let fields):
            if let statements = fields["Statement"] {
                // A Deny statement only ever narrows access.
                for statement in statements.listValue ?? [statements] where statement[path: "Effect"] != .string("Deny") {
                    found.append(compactText(statement))
                }
            } else if let document = fields["PolicyDocument"] {
                collectGrants(document, into: &found, key: "PolicyDocument")
            } else {
                found.append(compactText(value))
            }
        case .list(let items):
            for item in items { collectGrants(item, into: &found, key: key) }
        case .string(let text):
            found.append("\(key): \(text)")
        default:
            found.append("\(key): \(compactText(value))")
        }
    }

    private static func compactText(_ value: Value) -> String {
        String(decoding: JSONRenderer.renderCompact(value.sortingMapKeys()), as: UTF8.self)
    }
}
