import Foundation
import TenkaiCore

/// A template read as JSON, to compare a deployed template with a new one.
///
/// Values stay Foundation objects (`NSDictionary`, `NSArray`, …): they compare by value, which is
/// all a diff needs.
struct TemplateDocument {
    let resources: [String: [String: Any]]

    /// Parses JSON text; `nil` when it is not JSON (a template deployed from YAML by another tool).
    init?(json text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        resources = (object["Resources"] as? [String: [String: Any]]) ?? [:]
    }

    init(_ template: Template) {
        self.init(json: String(decoding: JSONRenderer.render(template.value), as: UTF8.self))!
    }

    func property(_ name: String, of logicalID: String) -> Any? {
        (resources[logicalID]?["Properties"] as? [String: Any])?[name]
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

    private static func collectGrants(_ value: Any, into found: inout [String], key: String) {
        if let map = value as? [String: Any] {
            if let statements = map["Statement"] {
                // A Deny statement only ever narrows access.
                for statement in (statements as? [Any]) ?? [statements]
                where ((statement as? [String: Any])?["Effect"] as? String) != "Deny" {
                    found.append(compact(statement))
                }
            } else if let document = map["PolicyDocument"] {
                collectGrants(document, into: &found, key: "PolicyDocument")
            } else {
                found.append(compact(map))
            }
        } else if let list = value as? [Any] {
            for item in list { collectGrants(item, into: &found, key: key) }
        } else {
            found.append("\(key): \(compact(value))")
        }
    }

    static func compact(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}
