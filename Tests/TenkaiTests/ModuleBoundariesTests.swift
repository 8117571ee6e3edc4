import Foundation
import TestSupport
import Testing

/// The deploy engine reads cloud assemblies and never the DSL, and the CLI takes its systems from
/// the executable. SwiftPM lets a module import a sibling it does not declare when the build
/// happens to have made it first, so the package manifest alone does not keep these boundaries.
@Suite struct ModuleBoundariesTests {
    static let forbidden: [(module: String, imports: Set<String>)] = [
        ("Sources/TenkaiDeploy", ["Tenkai", "TenkaiStacks"]),
        ("Sources/TenkaiCLI", ["TenkaiStacks"]),
        ("Sources/TenkaiCost", ["Tenkai", "TenkaiStacks"]),
        ("Sources/Tenkai", ["TenkaiStacks", "TenkaiDeploy"]),
    ]

    @Test func noModuleImportsWhatItMustNotKnow() throws {
        var offenders: [String] = []
        for (module, imports) in Self.forbidden {
            offenders += try SourceImports.lines(importing: imports, in: module)
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
