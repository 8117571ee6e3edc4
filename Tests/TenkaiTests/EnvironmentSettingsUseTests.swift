import Foundation
import Tenkai
import TenkaiCore
import Testing

/// A system's settings type reads `systems.<name>` strictly: a misspelt, wrongly typed or missing
/// value is an error at its line and column, and so is a section for a system the project does
/// not have. A typo must not silently drop a setting.
@Suite struct EnvironmentSettingsUseTests {
    struct ShopSettings: Decodable, Sendable {
        var queues: Int
        var cloudTrail: Bool?
        var natGateways: Network.NatGateways?
        var mode: Mode?

        enum Mode: String, SettingChoice { case fast, thorough }
    }

    static let system = System("shop", settings: ShopSettings.self) { _, settings in
        Stack("data") {
            for index in 0..<settings.queues { Fixtures.queue("jobs\(index)") }
            if settings.cloudTrail ?? false { Fixtures.queue("trail") }
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
                queues: 1
                cloudTrial: true
            """)
        let errors = Fixtures.errors(Self.system, in: environment)
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.message == "unknown key 'cloudTrial' in 'systems.shop'")
        #expect(error.location == SourceLocation(file: "prod.yaml", line: 14, column: 5))
        #expect(error.hint?.contains("cloudTrail") == true, "the hint lists the settings the system knows")
    }

    @Test func settingsReachTheBodyTyped() throws {
        let environment = try Self.environment("""
              shop:
                queues: 2
                cloudTrail: true
                usage:
                  requestsMillions: 3
            """)
        #expect(try Fixtures.resolve(Self.system, in: environment).stacks[0].template.resources.count == 3)
    }

    @Test func anUnreadableNumberIsAnErrorAtItsValue() throws {
        let environment = try Self.environment("""
              shop:
                queues: "2"
            """)
        let errors = Fixtures.errors(Self.system, in: environment)
        #expect(errors.map(\.message) == ["'systems.shop.queues' must be a whole number, not '2'"])
        #expect(errors.first?.location == SourceLocation(file: "prod.yaml", line: 13, column: 13))
    }

    @Test func aWrongTypeAndAMissingValueAreErrors() throws {
        let bool = Fixtures.errors(Self.system, in: try Self.environment("  shop:\n    queues: 1\n    cloudTrail: yes"))
        #expect(bool.map(\.message) == ["'systems.shop.cloudTrail' must be true or false, not 'yes'"])
        let missing = Fixtures.errors(Self.system, in: try Self.environment("  shop:\n    cloudTrail: true"))
        #expect(missing.map(\.message) == ["missing required key 'queues' in 'systems.shop'"])
        #expect(missing.first?.location == SourceLocation(file: "prod.yaml", line: 13, column: 5), "where the map starts")
        #expect(missing.first?.hint == "add 'queues: <value>' under systems.shop")
    }

    @Test func noSectionAtAllIsAMissingValueInThatFile() throws {
        let errors = Fixtures.errors(Self.system, in: Fixtures.dev)
        #expect(errors.map(\.message) == ["missing required key 'queues' in 'systems.shop'"])
        #expect(errors.first?.location?.file == "<memory>")
    }

    @Test func choicesAndNatLayoutsAreCheckedAgainstTheirSet() throws {
        let mode = Fixtures.errors(Self.system, in: try Self.environment("  shop:\n    queues: 1\n    mode: quick"))
        #expect(mode.map(\.message) == ["'systems.shop.mode' must be one of fast, thorough, not 'quick'"])
        #expect(mode.first?.location == SourceLocation(file: "prod.yaml", line: 14, column: 11))
        let nat = Fixtures.errors(Self.system, in: try Self.environment("  shop:\n    queues: 1\n    natGateways: 0"))
        #expect(nat.map(\.message) == ["'systems.shop.natGateways' must be single, perZone or a number of gateways (1 or more)"])
        for (text, layout) in [("single", Network.NatGateways.single), ("perZone", .perZone), ("2", .count(2))] {
            let config = try Self.environment("  shop:\n    queues: 1\n    natGateways: \(text)")
            let node = try #require(config.systems["shop"]?.values)
            #expect(try YAMLStrictDecoder.decode(ShopSettings.self, from: node, path: "systems.shop").natGateways == layout)
        }
    }

    @Test func aSystemWithoutSettingsAcceptsOnlyUsage() throws {
        let plain = System("shop") { _ in Stack("data") { Fixtures.queue("jobs") } }
        let usage = try Self.environment("  shop:\n    usage:\n      requestsMillions: 3")
        #expect(try Fixtures.resolve(plain, in: usage).stacks.count == 1)
        let stray = Fixtures.errors(plain, in: try Self.environment("  shop:\n    queues: 1"))
        #expect(stray.map(\.message) == ["unknown key 'queues' in 'systems.shop'"])
        #expect(stray.first?.hint == "remove it")
    }

    @Test func loadingTheProjectChecksEverySystemsSettings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = String(decoding: try Self.environment("  shop:\n    queues: many").source, as: UTF8.self)
        try text.write(to: folder.appendingPathComponent("prod.yaml"), atomically: true, encoding: .utf8)
        #expect {
            _ = try Project.load(systems: [Self.system], environmentsFolder: folder)
        } throws: { error in
            (error as? TenkaiError)?.diagnostics.map(\.description) == [
                "\(folder.path)/prod.yaml:13:13: error: 'systems.shop.queues' must be a whole number, not 'many'"
            ]
        }
    }

    @Test func aSectionForAnUnknownSystemIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenkai-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = String(decoding: try Self.environment("  shop:\n    queues: 1\n  shp:\n    queues: 1").source, as: UTF8.self)
        try text.write(to: folder.appendingPathComponent("prod.yaml"), atomically: true, encoding: .utf8)
        #expect {
            _ = try Project.load(systems: [Self.system], environmentsFolder: folder)
        } throws: { error in
            (error as? TenkaiError)?.diagnostics.contains { $0.message.contains("'systems.shp' names no system") } == true
        }
    }
}
