import Foundation

/// Golden-file comparison: rendered output checked against a file in the repository.
///
/// Set `TENKAI_UPDATE_GOLDEN=1` to rewrite the golden files instead (then review the diff).
public enum Golden {
    public static var isUpdating: Bool { ProcessInfo.processInfo.environment["TENKAI_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file; returns a readable difference, or nil when equal.
    public static func difference(_ actual: [UInt8], golden file: URL) -> String? {
        if isUpdating {
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual).write(to: file, options: .atomic)
            return nil
        }
        guard let expected = try? Data(contentsOf: file) else {
            return "no golden file at \(file.path); run with TENKAI_UPDATE_GOLDEN=1 to create it"
        }
        guard Array(expected) != actual else { return nil }
        let expectedLines = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        func line(_ lines: [Substring], _ index: Int) -> String { index < lines.count ? String(lines[index]) : "<end of file>" }
        return """
            \(file.lastPathComponent) differs from the rendered output at line \(first + 1):
              golden:   \(line(expectedLines, first))
              rendered: \(line(actualLines, first))
            (run with TENKAI_UPDATE_GOLDEN=1 to accept the new output, then review git diff)
            """
    }
}
