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
        #expect(try Fixtures.resolve(shop).stacks.map(\.name) == ["data"])
        #expect(try Fixtures.resolve(shop, in: Fixtures.prod).stacks.map(\.name) == ["data", "audit"])
    }
}
