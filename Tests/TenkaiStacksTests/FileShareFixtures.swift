import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport

/// The file-sharing system resolved and rendered for the repository's real environment files.
enum FileShareFixtures {
    static let environmentNames = ["dev", "stg", "prod"]
    static let stackNames = ["network", "data", "app", "edge-global", "edge", "monitoring", "security"]

    /// The stacks of one environment: production also has the release pipeline.
    static func stackNames(in environment: String) -> [String] {
        environment == "prod" ? stackNames + ["pipeline"] : stackNames
    }

    static func environments() throws -> [EnvironmentConfig] {
        try EnvironmentLoader.loadAll(from: ProjectPaths.root.appendingPathComponent("Environments"))
    }

    static func environment(_ name: String) throws -> EnvironmentConfig {
        guard let config = try environments().first(where: { $0.name == name }) else {
            throw FixtureError(description: "no environment \(name) in Environments/")
        }
        return config
    }

    static func synthesis(_ environment: String, format: TemplateFormat = .json) throws -> Synthesis {
        try Synthesis(try Resolver.resolve(fileShare, in: try self.environment(environment)), format: format)
    }

    /// The rendered JSON template of one stack, parsed back, so assertions see exactly what deploys.
    static func rendered(_ stack: String, in environment: String) throws -> RenderedTemplate {
        let synthesis = try synthesis(environment)
        guard let rendered = synthesis.stacks.first(where: { $0.stack.name == stack }) else {
            throw FixtureError(description: "no stack \(stack) in \(environment)")
        }
        return try RenderedTemplate(Data(rendered.bytes))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

/// A rendered CloudFormation template read back as plain JSON values.
struct RenderedTemplate {
    let root: [String: Any]

    init(_ data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError(description: "the template is not a JSON object")
        }
        self.root = root
    }

    var resources: [String: [String: Any]] { root["Resources"] as? [String: [String: Any]] ?? [:] }
    var parameters: [String: [String: Any]] { root["Parameters"] as? [String: [String: Any]] ?? [:] }
    var outputs: [String: [String: Any]] { root["Outputs"] as? [String: [String: Any]] ?? [:] }

    /// Resources of one type, by logical ID, sorted.
    func resources(ofType type: String) -> [(id: String, properties: [String: Any], resource: [String: Any])] {
        resources.keys.sorted().compactMap { id in
            let resource = resources[id]!
            guard resource["Type"] as? String == type else { return nil }
            return (id, resource["Properties"] as? [String: Any] ?? [:], resource)
        }
    }

    func properties(_ id: String) -> [String: Any] { resources[id]?["Properties"] as? [String: Any] ?? [:] }
}

/// Every IAM statement of a template's roles and policies, with the resource it belongs to.
func iamStatements(in template: RenderedTemplate) -> [(id: String, statement: [String: Any])] {
    var found: [(String, [String: Any])] = []
    for (id, properties, _) in template.resources(ofType: "AWS::IAM::Role") {
        for policy in properties["Policies"] as? [[String: Any]] ?? [] {
            let document = policy["PolicyDocument"] as? [String: Any] ?? [:]
            for statement in document["Statement"] as? [[String: Any]] ?? [] { found.append((id, statement)) }
        }
    }
    return found
}

/// A JSON value that is a string or a list, as a list.
func oneOrMany(_ value: Any?) -> [Any] {
    if let list = value as? [Any] { return list }
    return value.map { [$0] } ?? []
}
