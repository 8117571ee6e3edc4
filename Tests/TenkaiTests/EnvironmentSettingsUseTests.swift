import Foundation
import Tenkai
import TenkaiCore
import Testing

/// A value under `systems.<name>` that the system never reads is an error at its own line, and so
/// is a section for a system the project does not have: a typo must not silently drop a setting.
@Suite struct EnvironmentSettingsUseTests {
    static let system = System("shop") { env in
        Stack("data") {
            Fixtures.queue("jobs")
            if env.flag("cloudTrail", default: false) { Fixtures.queue("trail") }
        }
    }

    static func environment(_ systems: String) throws -> EnvironmentConfig {
        let text = """
            name: prod
            tier: production
            account: "123456789012"
            region: ap-northeast-1
            multiAZ: true
            domain: shop.example.com
            approvers:
              - name: pdm
                publicKey: "MCowBQYDK2VwAyEAewZDBlGhb+fjkvkmZa3S1VTSZObOc3xjQ8tJpwfImyw="
            requiredApprovals: 1
            systems:
            \(systems)
            """
        return try EnvironmentLoader.parse(Array(text.utf8), file: "prod.yaml", expectedName: "prod")
    }

    @Test func aMisspeltSettingIsAnErrorAtItsLine() throws {
        let environment = try Self.environment("""
              shop:
                settings:
                  cloudTrial: true
            """)
        let errors = Fixtures.errors(Self.system, in: environment)
        let error = try #require(errors.first { $0.message.contains("cloudTrial") })
        #expect(error.location == SourceLocation(file: "prod.yaml", line: 14, column: 7))
        #expect(error.hint?.contains("cloudTrail") == true, "the hint lists the settings the system reads")
    }

    @Test func aSettingThatIsReadIsFine() throws {
        let environment = try Self.environment("""
              shop:
                settings:
                  cloudTrail: true
            """)
        #expect(try Fixtures.resolve(Self.system, in: environment).stacks[0].template.resources.count == 2)
    }

    @Test func aSectionForAnUnknownSystemIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = String(decoding: try Self.environment("  shp:\n    settings:\n      cloudTrail: true").source, as: UTF8.self)
        try text.write(to: folder.appendingPathComponent("prod.yaml"), atomically: true, encoding: .utf8)
        #expect {
            _ = try Project.load(systems: [Self.system], environmentsFolder: folder)
        } throws: { error in
            (error as? TenkaiError)?.diagnostics.contains { $0.message.contains("'systems.shp' names no system") } == true
        }
    }
}
