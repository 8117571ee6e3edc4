import TenkaiCore

/// Turns estimates into the tables `tenkai cost` prints: the estimate per component with stack
/// subtotals, the assumptions it made, the prices it used, and line-level detail for CSV.
public enum CostReport {
    /// Components with stack subtotals and the total: the table a person reads first.
    public static func summary(_ cost: SystemCost) -> CostTable {
        var rows: [[String]] = []
        for stack in cost.stacks {
            for component in cost.components where component.stack == stack.name {
                rows.append([stack.name, component.name, component.kinds.joined(separator: "+"), component.monthly.money])
            }
            rows.append([stack.name, "(stack total)", "", stack.monthly.money])
        }
        rows.append(["TOTAL", "", "", cost.monthly.money])
        return CostTable(
            title: "\(cost.system) · \(cost.environment) · \(cost.region): estimated \(cost.currency) a month",
            header: ["STACK", "COMPONENT", "KIND", "MONTHLY"], rows: rows, numeric: [3])
    }

    /// Every priced line: what the summary adds up.
    public static func lines(_ costs: [SystemCost]) -> CostTable {
        var rows: [[String]] = []
        for cost in costs {
            for component in cost.components {
                for line in component.lines {
                    rows.append([
                        cost.system, cost.environment, component.stack, component.name, line.resource, line.item,
                        line.quantity.formattedQuantity, line.unit, line.unitPrice.priceText, line.monthly.money,
                    ])
                }
            }
        }
        return CostTable(
            title: "Priced lines", header: ["system", "environment", "stack", "component", "resource", "item", "quantity", "unit", "unit_price", "monthly"],
            rows: rows, numeric: [6, 8, 9])
    }

    /// The usage figures the estimate assumed, and where each came from.
    public static func assumptions(_ cost: SystemCost) -> CostTable {
        CostTable(
            title: "Assumptions for \(cost.system) · \(cost.environment) (set them under systems.\(cost.system).usage in the environment file)",
            header: ["FIGURE", "VALUE", "FROM", "MEANING", "USED BY"],
            rows: cost.assumptions.map {
                [$0.name, $0.value.formattedQuantity, $0.origin == .environment ? "environment" : "default", $0.meaning,
                 $0.usedBy.count == 1 ? $0.usedBy[0] : "\($0.usedBy.count) components"]
            },
            numeric: [1])
    }

    /// The unit prices used, with their sources and dates.
    public static func prices(_ cost: SystemCost) -> CostTable {
        CostTable(
            title: "Prices used (\(cost.region), \(cost.currency))", header: ["PRICE", "UNIT PRICE", "UNIT", "SOURCE", "DATE"],
            rows: cost.pricesUsed.keys.sorted().map { key in
                let price = cost.pricesUsed[key]!
                let marks = [price.note, price.approximate.map { "approximate: \($0)" }].compactMap { $0 }
                return [key, price.price.priceText, price.unit, price.source, price.date + (marks.isEmpty ? "" : " (\(marks.joined(separator: "; ")))")]
            },
            numeric: [1])
    }

    /// The whole estimate as JSON.
    public static func json(_ cost: SystemCost) -> Value {
        [
            "system": .string(cost.system), "environment": .string(cost.environment), "region": .string(cost.region),
            "currency": .string(cost.currency), "monthly": .double(cost.monthly.rounded2),
            "stacks": .list(cost.stacks.map { ["name": .string($0.name), "monthly": .double($0.monthly.rounded2)] }),
            "components": .list(cost.components.map { component in
                [
                    "path": .string(component.path), "stack": .string(component.stack),
                    "kinds": .list(component.kinds.map(Value.string)), "monthly": .double(component.monthly.rounded2),
                    "lines": .list(component.lines.map { line in
                        [
                            "resource": .string(line.resource), "item": .string(line.item), "quantity": .double(line.quantity),
                            "unit": .string(line.unit), "unitPrice": .double(line.unitPrice), "price": .string(line.priceKey),
                            "monthly": .double(line.monthly.rounded2),
                        ]
                    }),
                ]
            }),
            "assumptions": .list(cost.assumptions.map {
                ["name": .string($0.name), "value": .double($0.value), "from": .string($0.origin.rawValue), "meaning": .string($0.meaning),
                 "usedBy": .list($0.usedBy.map(Value.string))]
            }),
            "unpriced": .list(cost.unpriced.map(Value.string)),
            "approximatePrices": .list(cost.pricesUsed.filter(\.value.isApproximate).keys.sorted().map(Value.string)),
            "notes": .list(cost.notes.map(Value.string)),
        ]
    }
}

extension Double {
    /// Rounded to cents, for JSON.
    var rounded2: Double { (self * 100).rounded() / 100 }

    /// A unit price as written on a price page: `0.0000166667`, never in exponent form.
    var priceText: String {
        var text = fixed(10)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A quantity: whole numbers without decimals, others with up to three.
    var formattedQuantity: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        var text = fixed(3)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
