import Foundation
import Tenkai
import TenkaiCore
import TestSupport
import Testing

/// The README's example is real code: it is this target's `ReadmeExample.swift`, and it resolves.
@Suite struct ReadmeExampleTests {
    @Test func theReadmeExampleIsTheCompiledFile() throws {
        let readme = try String(contentsOf: ProjectPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Writing a system").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        let file = try String(contentsOf: ProjectPaths.root.appendingPathComponent("Tests/TenkaiTests/ReadmeExample.swift"), encoding: .utf8)
        #expect(file.hasSuffix(block), "README.md's example and Tests/TenkaiTests/ReadmeExample.swift differ")
    }

    @Test func theReadmeExampleResolves() throws {
        var settings = EnvironmentConfig.SystemSettings()
        settings["uploadDays"] = .plain("90")
        let dev = Fixtures.environment(systems: ["shop": settings])
        let prod = Fixtures.environment("prod", tier: .production, systems: ["shop": settings])
        #expect(try Fixtures.resolve(shop, in: dev).stacks.map(\.name) == ["data"])
        #expect(try Fixtures.resolve(shop, in: prod).stacks.map(\.name) == ["data", "audit"])
        settings["audit"] = .plain("false")
        let withoutAudit = Fixtures.environment("prod", tier: .production, systems: ["shop": settings])
        #expect(try Fixtures.resolve(shop, in: withoutAudit).stacks.map(\.name) == ["data"])
        let rules = try Fixtures.resolve(shop, in: dev).stacks[0].template.resources["UploadsBucket"]?.properties["LifecycleConfiguration"]
        #expect(rules.map { "\($0)" }?.contains("90") == true)
    }
}
