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
            let folder = ProjectPaths.root.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            #expect(!files.isEmpty, "\(module) has no sources")
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    if let index = words.firstIndex(of: "import"), index + 1 < words.count, imports.contains(String(words[index + 1])) {
                        offenders.append("\(module)/\(file): \(line)")
                    }
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
