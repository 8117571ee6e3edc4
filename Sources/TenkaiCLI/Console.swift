import FoundationEssentials
import TenkaiCore

/// Where commands talk: results on stdout, progress and problems on stderr.
package enum Console {
    package static func error(_ text: String) {
        StandardStream.error.write(text + "\n")
    }

    package static func output(_ text: String) {
        StandardStream.output.write(text + "\n")
    }

    package static func output(json value: Value) {
        StandardStream.output.write(JSONRenderer.render(value))
    }

    package static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.description) }
    }

    /// Prints rows as an aligned table; numbers in columns listed in `rightAligned`.
    package static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = [], to print: (String) -> Void) {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { column, cell in
                rightAligned.contains(column) ? cell.leftPadded(to: widths[column]) : cell.padded(to: widths[column])
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        // One call, so a table reaches the terminal (or the log) in one write.
        print(([header] + rows).map(line).joined(separator: "\n"))
    }
}
