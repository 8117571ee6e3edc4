/// How `tenkai cost` writes its estimate.
public enum CostFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal.
    case table
    /// One row per priced line, for a spreadsheet.
    case csv
    /// Tables for a pull request comment or a document.
    case markdown
    case json
}

/// Writes estimates and comparisons in a ``CostFormat``: the summary, the assumptions and the
/// prices for people; the priced lines for spreadsheets; everything for JSON.
public enum CostDocument {
    public static func estimates(_ costs: [SystemCost], format: CostFormat, details: Bool = false) -> String {
        switch format {
        case .csv:
            return CostReport.lines(costs).csv
        case .json:
            return ""
        case .table, .markdown:
            var tables: [CostTable] = []
            for cost in costs {
                tables.append(CostReport.summary(cost))
                if details { tables.append(CostReport.lines([cost])) }
                tables.append(CostReport.assumptions(cost))
                tables.append(CostReport.prices(cost))
            }
            return render(tables, format: format) + unpricedNote(costs)
        }
    }

    public static func environments(_ costs: [[SystemCost]], format: CostFormat) -> String {
        switch format {
        case .csv: return costs.map { CostComparison.environments($0).csv }.joined(separator: "\n")
        case .json: return ""
        case .table, .markdown:
            let tables = costs.map(CostComparison.environments) + costs.flatMap { $0.map(CostReport.assumptions) }
            return render(tables, format: format) + unpricedNote(costs.flatMap { $0 })
        }
    }

    public static func diffs(_ pairs: [(before: SystemCost, after: SystemCost)], format: CostFormat) -> String {
        switch format {
        case .csv: return pairs.map { CostComparison.diff(before: $0.before, after: $0.after).csv }.joined(separator: "\n")
        case .json: return ""
        case .table, .markdown:
            let tables = pairs.map { CostComparison.diff(before: $0.before, after: $0.after) } + pairs.map { CostReport.assumptions($0.after) }
            return render(tables, format: format) + unpricedNote(pairs.map(\.after))
        }
    }

    private static func render(_ tables: [CostTable], format: CostFormat) -> String {
        tables.map { format == .markdown ? $0.markdown : $0.text }.joined(separator: "\n\n")
    }

    /// Types the estimate could not price, and how it priced what it did: said every time, so a
    /// zero is never mistaken for free.
    private static func unpricedNote(_ costs: [SystemCost]) -> String {
        var text = ""
        let notes = costs.flatMap { cost in cost.notes.map { "\(cost.system) · \(cost.environment): \($0)" } }
        if !notes.isEmpty { text += "\n\nNotes: " + notes.joined(separator: "; ") }
        let unpriced = Set(costs.flatMap(\.unpriced)).sorted()
        if !unpriced.isEmpty { text += "\n\nNot priced (no rule for these types; their cost is not in the totals): " + unpriced.joined(separator: ", ") }
        let approximate = Set(costs.flatMap { $0.pricesUsed.filter(\.value.isApproximate).keys }).sorted()
        if !approximate.isEmpty {
            text += "\n\nApproximate prices in these totals (not confirmed against AWS's published figures; see the price sheet's \"approximate\"): "
                + approximate.joined(separator: ", ")
        }
        return text
    }
}
