import TenkaiCore

/// Side-by-side estimates: one system in several environments (`--compare dev,stg,prod`), or two
/// versions of one system in one environment (`--compare-assembly`, like Infracost's diff).
public enum CostComparison {
    /// One row per stack and a total, one column per environment.
    public static func environments(_ costs: [SystemCost]) -> CostTable {
        guard let first = costs.first else { return CostTable(title: "", header: [], rows: []) }
        var stacks: [String] = []
        for cost in costs { for stack in cost.stacks where !stacks.contains(stack.name) { stacks.append(stack.name) } }
        var rows = stacks.map { name in
            [name] + costs.map { cost in (cost.stacks.first { $0.name == name }?.monthly ?? 0).money }
        }
        rows.append(["TOTAL"] + costs.map(\.monthly.money))
        return CostTable(
            title: "\(first.system): estimated \(first.currency) a month by environment",
            header: ["STACK"] + costs.map { $0.environment.uppercased() }, rows: rows, numeric: Set(1...costs.count))
    }

    /// Components whose cost changed between `before` and `after`, then the stacks and the total.
    public static func diff(before: SystemCost, after: SystemCost) -> CostTable {
        let paths = (before.components.map(\.path) + after.components.map(\.path)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var rows: [[String]] = []
        for path in paths {
            let old = before.components.first { $0.path == path }, new = after.components.first { $0.path == path }
            let change = (new?.monthly ?? 0) - (old?.monthly ?? 0)
            guard abs(change) >= 0.005 || (old == nil) != (new == nil) else { continue }
            let mark = old == nil ? "+" : new == nil ? "-" : "~"
            let component = new ?? old!
            rows.append([
                mark, component.stack, component.name, component.kinds.joined(separator: "+"),
                old.map(\.monthly.money) ?? "-", new.map(\.monthly.money) ?? "-", change.signedMoney,
            ])
        }
        let change = after.monthly - before.monthly
        let percent = before.monthly > 0 ? " (\((change / before.monthly * 100).signedPercent))" : ""
        rows.append(["", "TOTAL", "", "", before.monthly.money, after.monthly.money, change.signedMoney + percent])
        return CostTable(
            title: "\(after.system) · \(after.environment): monthly cost change \(change.signedMoney) \(after.currency)\(percent)",
            header: ["", "STACK", "COMPONENT", "KIND", "BEFORE", "AFTER", "CHANGE"], rows: rows, numeric: [4, 5, 6])
    }

    public static func diffJSON(before: SystemCost, after: SystemCost) -> Value {
        ["before": CostReport.json(before), "after": CostReport.json(after), "change": .double((after.monthly - before.monthly).rounded2)]
    }
}

extension Double {
    /// `+12.3%`, `-30.0%`.
    var signedPercent: String { (self > 0 ? "+" : "") + fixed(1) + "%" }
}
