import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import TestSupport
import Testing

/// Shared steps of the stamp-rally and CRM tests: resolve a system in the real environment
/// files, render it, compare with golden files, run cfn-lint, and walk its resources.
enum SystemUnderTest {
    static let environmentNames = ["dev", "stg", "prod"]

    static func environments() throws -> [EnvironmentConfig] {
        try EnvironmentLoader.loadAll(from: ProjectPaths.root.appendingPathComponent("Environments"))
    }

    static func environment(_ name: String) throws -> EnvironmentConfig {
        try #require(try environments().first { $0.name == name })
    }

    static func resolve(_ system: System, in name: String) throws -> ResolvedSystem {
        try Resolver.resolve(system, in: try environment(name), projectRoot: ProjectPaths.root)
    }

    /// Every resource of the resolved system with the stack it is in.
    static func resources(of system: ResolvedSystem) -> [(stack: String, id: String, resource: Resource)] {
        system.stacks.flatMap { stack in
            stack.template.resources.keys.sorted().map { (stack.name, $0, stack.template.resources[$0]!) }
        }
    }

    static func resources(of system: ResolvedSystem, type: String) -> [(stack: String, id: String, resource: Resource)] {
        resources(of: system).filter { $0.resource.type == type }
    }

    /// Golden differences of every template and manifest of `system` in every environment.
    static func goldenDifferences(_ system: System) throws -> [String] {
        var differences: [String] = []
        for name in environmentNames {
            let synthesis = try Synthesis(try resolve(system, in: name), format: .json)
            // environment.yaml is the environment file itself, copied: not rendered output; the
            // code packages are named by their hash in the (golden) manifest.
            for file in synthesis.files where file.path != CloudAssembly.environmentFileName && !file.path.hasPrefix("assets/") {
                let golden = ProjectPaths.root.appendingPathComponent(
                    "Tests/TenkaiStacksTests/Golden/\(system.name)/\(name)/\(file.path)")
                if let difference = Golden.difference(file.bytes, golden: golden) { differences.append(difference) }
            }
        }
        return differences
    }

    /// cfn-lint's findings over the rendered templates of `system` in every environment.
    static func lintFindings(_ system: System) async throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-lint-\(system.name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [URL] = []
        for name in environmentNames {
            let synthesis = try Synthesis(try resolve(system, in: name), format: .yaml)
            for stack in synthesis.stacks {
                let url = folder.appendingPathComponent("\(name)/\(stack.fileName)")
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(stack.bytes).write(to: url)
                files.append(url)
            }
        }
        return try await CFNLint.findings(files)
    }

    /// Every IAM policy statement in the system: inline role policies, bucket and topic policies.
    static func policyStatements(of system: ResolvedSystem) -> [(id: String, statement: Fields)] {
        var found: [(String, Fields)] = []
        for (_, id, resource) in resources(of: system) {
            var documents: [Value] = []
            if let policies = resource.properties["Policies"]?.listValue {
                documents += policies.compactMap { $0[path: "PolicyDocument"] }
            }
            if let document = resource.properties["PolicyDocument"] { documents.append(document) }
            for document in documents {
                for statement in document[path: "Statement"]?.listValue ?? [] {
                    if let fields = statement.fieldsValue { found.append((id, fields)) }
                }
            }
        }
        return found
    }

    /// The strings a statement field holds (a string or a list of strings).
    static func strings(_ value: Value?) -> [String] {
        switch value {
        case .string(let text)?: [text]
        case .list(let items)?: items.compactMap(\.stringValue)
        default: []
        }
    }

    /// Physical names set on resources (`TableName`, `FunctionName`, …) that are plain text.
    static let nameProperties = [
        "TableName", "FunctionName", "BucketName", "TopicName", "AlarmName", "DashboardName", "UserPoolName",
        "LogGroupName", "Name", "BackupVaultName", "ClusterName", "ServiceName", "DBInstanceIdentifier",
        "LoadBalancerName",
    ]
}
