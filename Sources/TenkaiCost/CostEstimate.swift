/// One priced quantity: "2 NAT gateways × 730 h at 0.062 USD".
public struct CostLine: Sendable, Hashable {
    /// The logical ID of the resource the line prices.
    public var resource: String
    public var item: String
    public var quantity: Double
    public var unit: String
    public var unitPrice: Double
    /// The price sheet key the unit price came from.
    public var priceKey: String

    public init(resource: String, item: String, quantity: Double, unit: String, unitPrice: Double, priceKey: String) {
        self.resource = resource
        self.item = item
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.priceKey = priceKey
    }

    public var monthly: Double { quantity * unitPrice }
}

/// What one component of the tree costs a month.
public struct ComponentCost: Sendable, Hashable {
    public var path: String
    public var stack: String
    public var kinds: [String]
    public var lines: [CostLine]

    public var monthly: Double { lines.reduce(0) { $0 + $1.monthly } }
    public var name: String { String(path.split(separator: "/").last ?? Substring(path)) }
}

/// A usage figure the estimate relied on, and whether the environment file or the default gave it.
public struct Assumption: Sendable, Hashable {
    public enum Origin: String, Sendable, Hashable { case environment, `default` }

    /// `storedGB`, or `storedGB.files` when it applies to one component.
    public var name: String
    public var value: Double
    public var meaning: String
    public var origin: Origin
    /// The components whose lines used it, by path.
    public var usedBy: [String]
}

/// The monthly estimate of one system in one environment.
public struct SystemCost: Sendable, Hashable {
    public var system: String
    public var environment: String
    public var region: String
    public var currency: String
    /// In the tree's order (sorted by path).
    public var components: [ComponentCost]
    public var assumptions: [Assumption]
    /// Resource types found that the estimator has no rule for, with their logical IDs.
    public var unpriced: [String]
    /// The price sheet keys used, for the provenance list.
    public var pricesUsed: [String: PriceSheet.Price]
    /// What the reader should know about how it was priced (a stack in another region).
    public var notes: [String] = []

    public var monthly: Double { components.reduce(0) { $0 + $1.monthly } }

    /// Stack names in the order their first component appears, with their monthly totals.
    public var stacks: [(name: String, monthly: Double)] {
        var order: [String] = []
        var totals: [String: Double] = [:]
        for component in components {
            if totals[component.stack] == nil { order.append(component.stack) }
            totals[component.stack, default: 0] += component.monthly
        }
        return order.map { ($0, totals[$0]!) }
    }

    public static func == (lhs: SystemCost, rhs: SystemCost) -> Bool {
        lhs.system == rhs.system && lhs.environment == rhs.environment && lhs.components == rhs.components
            && lhs.assumptions == rhs.assumptions && lhs.unpriced == rhs.unpriced
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(system)
        hasher.combine(environment)
        hasher.combine(components)
    }
}
