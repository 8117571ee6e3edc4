import TenkaiCore

/// A titled table of text cells, the one shape every cost report takes before it is written as
/// aligned text, Markdown or CSV.
public struct CostTable: Sendable, Hashable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    /// Columns holding amounts, aligned right.
    public var numeric: Set<Int>

    public init(title: String, header: [String], rows: [[String]], numeric: Set<Int> = []) {
        self.title = title
        self.header = header
        self.rows = rows
        self.numeric = numeric
    }

    /// Aligned columns for a terminal.
    public var text: String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { column, cell in
                numeric.contains(column) ? cell.leftPadded(to: widths[column]) : cell.padded(to: widths[column])
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([title] + ([header] + rows).map(line)).joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table under a bold title.
    public var markdown: String {
        func escape(_ cell: String) -> String { cell.replacing("|", with: "\\|") }
        let rule = header.indices.map { numeric.contains($0) ? "---:" : "---" }
        return (["**\(escape(title))**", ""] + ([header, rule] + rows).map { "| " + $0.map(escape).joined(separator: " | ") + " |" })
            .joined(separator: "\n")
    }

    /// RFC 4180 CSV: the header and the rows, no title.
    public var csv: String {
        func quote(_ cell: String) -> String {
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return cell }
            return "\"" + cell.replacing("\"", with: "\"\"") + "\""
        }
        return ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n")
    }
}

extension Double {
    /// An amount of money with two decimals.
    package var money: String { fixed(2) }

    /// A change of money with its sign: `+12.50`, `-3.00`, `0.00`.
    package var signedMoney: String { self > 0.004 ? "+" + fixed(2) : fixed(2) == "-0.00" ? "0.00" : fixed(2) }
}
