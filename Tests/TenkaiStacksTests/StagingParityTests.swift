import Foundation
import Tenkai
import TenkaiCore
import TenkaiStacks
import Testing

/// Staging is what its system's document says it is. The stamp rally's document asks for a
/// production-equivalent staging (multi-AZ, the same configuration at a smaller scale): its
/// rendered stg and prod templates are compared value by value, and every difference must be
/// one this list allows, with its reason. A new difference (a smaller function, a missing key,
/// a table without deletion protection) fails the test until it is argued for here.
@Suite struct StagingParityTests {
    /// Allowed differences: a pattern of the value's path (stack/logical ID/property path) and why.
    static let allowedStampRallyDifferences: [(pattern: String, reason: String)] = [
        (#"/Tags/\d+/Value$|Tags/tenkai:environment$"#, "the tenkai:environment tag names the environment"),
        (#"/(Properties/)?Description$"#, "stack descriptions name the environment"),
        (#"RetentionInDays$|/ExpirationInDays$|/NoncurrentDays$|/DeleteAfterDays$"#,
         "retention of logs, old photo versions and backups is scale: prod keeps them longer"),
        (#"^(api|data|auth|alerts)/[A-Za-z]*LogGroup/(DeletionPolicy|UpdateReplacePolicy)$"#,
         "production's logs outlive their stacks (deletion-protection rule); staging's are test logs"),
        (#"^data/TablesBackupPlanVault/(DeletionPolicy|UpdateReplacePolicy)$"#,
         "production's recovery points outlive the stack; staging's backups are of test data"),
        (#"^alerts/MonthlyBudget/Properties/Budget/BudgetLimit/Amount$"#, "the budget follows the smaller scale"),
        (#"/AllowedOrigins/0$|/AllowOrigin|/Variables/FRONTEND_ORIGIN$|/ResponseParameters/.*Origin"#,
         "each environment's front end has its own origin"),
        (#"^api/[A-Za-z]+Parameter/Properties/Value$"#, "SSM parameter values: each environment's LINE channel"),
        (#"^api/ApiRestApiDeployment[0-9A-F]+|^api/ApiRestApiStage/Properties/DeploymentId/Ref$"#,
         "the deployment's ID digests the CORS origin, which differs"),
        (#"/Subscription/\d+/Address$|/Subscribers/\d+/Address$|/Endpoint$"#, "alarm mail goes to each environment's alarm address"),
    ]

    @Test func stampRallyStagingDiffersFromProductionOnlyWhereAllowed() throws {
        let staging = try Self.flattened(stampRally, environment: "stg")
        let production = try Self.flattened(stampRally, environment: "prod")
        var unexplained: [String] = []
        var explained: Set<String> = []
        for path in Set(staging.keys).union(production.keys).sorted() where staging[path] != production[path] {
            if let allowed = Self.allowedStampRallyDifferences.first(where: { path.range(of: $0.pattern, options: .regularExpression) != nil }) {
                explained.insert(allowed.reason)
            } else {
                unexplained.append("\(path): stg \(staging[path] ?? "—") / prod \(production[path] ?? "—")")
            }
        }
        #expect(unexplained.isEmpty, "differences nobody argued for:\n\(unexplained.joined(separator: "\n"))")
        #expect(explained.contains { $0.hasPrefix("retention") }, "the comparison saw the templates")
    }

    /// What the issue found missing in stg is there now, by the same values as prod.
    @Test func stampRallyStagingHasProductionsProtectionEncryptionAndSizes() throws {
        let staging = try Self.flattened(stampRally, environment: "stg")
        let production = try Self.flattened(stampRally, environment: "prod")
        for path in staging.keys where path.hasSuffix("/Properties/MemorySize") || path.hasSuffix("/ThrottlingRateLimit")
            || path.hasSuffix("/ThrottlingBurstLimit") || path.hasSuffix("/DeletionProtectionEnabled")
            || path.hasSuffix("/DeletionProtection") || path.hasSuffix("/SSEAlgorithm")
        {
            #expect(staging[path] == production[path], "\(path): stg \(staging[path] ?? "") prod \(production[path] ?? "")")
        }
        #expect(staging["data/UploadsBucketKey/Type"] == "AWS::KMS::Key")
        #expect(staging.keys.contains { $0.hasSuffix("/DeletionProtectionEnabled") && ["1", "true"].contains(staging[$0]) })
    }

    /// The comparison is not blind: dev (which the document lets differ) fails it.
    @Test func theComparisonCatchesADevelopmentEnvironment() throws {
        let development = try Self.flattened(stampRally, environment: "dev")
        let production = try Self.flattened(stampRally, environment: "prod")
        let unexplained = Set(development.keys).union(production.keys).filter { path in
            development[path] != production[path]
                && !Self.allowedStampRallyDifferences.contains { path.range(of: $0.pattern, options: .regularExpression) != nil }
        }
        #expect(!unexplained.isEmpty)
    }

    /// Every leaf of every rendered template as `stack/path = value`, with the environment's
    /// own names (environment, account) replaced by placeholders.
    static func flattened(_ system: System, environment name: String) throws -> [String: String] {
        let config = try SystemUnderTest.environment(name)
        let synthesis = try Synthesis(try SystemUnderTest.resolve(system, in: name), format: .json)
        var leaves: [String: String] = [:]
        func walk(_ value: Any, _ path: String) {
            if let map = value as? [String: Any] {
                for (key, item) in map { walk(item, path + "/" + key) }
            } else if let list = value as? [Any] {
                for (index, item) in list.enumerated() { walk(item, path + "/\(index)") }
            } else {
                let text = "\(value)"
                    .replacingOccurrences(of: "\(system.name)-\(name)", with: "\(system.name)-ENV")
                    .replacingOccurrences(of: "/\(name)/", with: "/ENV/")
                    .replacingOccurrences(of: "(\(name))", with: "(ENV)")
                    .replacingOccurrences(of: config.account, with: "ACCOUNT")
                leaves[path] = text
            }
        }
        for stack in synthesis.stacks {
            let root = try JSONSerialization.jsonObject(with: Data(stack.bytes))
            let resources = (root as? [String: Any])?["Resources"] as? [String: Any] ?? [:]
            for (id, resource) in resources { walk(resource, "\(stack.stack.name)/\(id)") }
        }
        return leaves
    }
}
