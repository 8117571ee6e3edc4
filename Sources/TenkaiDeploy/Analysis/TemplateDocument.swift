import FoundationEssentials
import TenkaiCore

/// A template read as JSON, to compare a deployed template with a new one.
struct TemplateDocument {
    let resources: [String: JSONValue]

    /// Parses JSON text; `nil` when it is not JSON (a template deployed from YAML by another tool).
    init?(json text: String) {
        guard let document = JSONValue.parse(Data(text.utf8)), case .object = document else { return nil }
        if case .object(let resources) = document["Resources"] {
            self.resources = resources
        } else {
            self.resources = [:]
        }
    }

    init(_ template: Template) {
        self.init(json: String(decoding: JSONRenderer.render(template.value), as: UTF8.self))!
    }

    func property(_ name: String, of logicalID: String) -> JSONValue? {
        resources[logicalID]?["Properties"]?[name]
    }

    /// The policy statements and ingress rules a resource's property holds, each as compact JSON.
    func grants(of logicalID: String, properties: [String]) -> [String] {
        var found: [String] = []
        for name in properties {
            guard let value = property(name, of: logicalID) else { continue }
            Self.collectGrants(value, into: &found, key: name)
        }
        return found
    }

    private static func collectGrants(_ value: JSONValue, into found: inout [String], key: String) {
        switch value {
        case .object:
            if let statements = value["Statement"] {
                let list: [JSONValue] = if case .array(let items) = statements { items } else { [statements] }
                // A Deny statement only ever narrows access.
                for statement in list where statement["Effect"] != .string("Deny") {
                    found.append(statement.compactText)
                }
            } else if let document = value["PolicyDocument"] {
                collectGrants(document, into: &found, key: "PolicyDocument")
            } else {
                found.append(value.compactText)
            }
        case .array(let items):
            for item in items { collectGrants(item, into: &found, key: key) }
        case .string(let text):
            found.append("\(key): \(text)")
        default:
            found.append("\(key): \(value.compactText)")
        }
    }
}
