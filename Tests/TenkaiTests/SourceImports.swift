import Foundation
import TestSupport
import Testing

/// Reads `import` lines from a module's Swift sources, for the tests that keep modules from
/// importing what they must not (other modules, or Foundation itself).
enum SourceImports {
    /// `module/file: line` for every line of `module`'s sources that imports one of `names`.
    static func lines(importing names: Set<String>, in module: String) throws -> [String] {
        let folder = ProjectPaths.root.appendingPathComponent(module)
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        #expect(!files.isEmpty, "\(module) has no sources")
        var found: [String] = []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if let index = words.firstIndex(of: "import"), index + 1 < words.count, names.contains(String(words[index + 1])) {
                    found.append("\(module)/\(file): \(line)")
                }
            }
        }
        return found
    }
}
