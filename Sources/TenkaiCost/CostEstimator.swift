import TenkaiCore

/// Estimates what a synthesized system costs a month, from its cloud assembly: the component
/// tree says which resources belong to which component; each resource's type and properties in
/// its template say what is priced (an instance class, a count, a memory size); the
/// environment's usage figures say how much traffic and storage a month brings.
///
/// ```swift
/// let sheet = try PriceSheet.load(URL(fileURLWithPath: "pricing/ap-northeast-1.json"))
/// let cost = try CostEstimator(prices: sheet).estimate(try CloudAssembly.read(folder))
/// print(cost.monthly)
/// ```
///
/// It is an estimate of list prices: no free tier, discount, tax or data transfer between
/// availability zones, and every usage figure it assumed is in ``SystemCost/assumptions``.
public struct CostEstimator: Sendable {
    public var prices: PriceSheet

    public init(prices: PriceSheet) {
        self.prices = prices
    }

    public func estimate(_ assembly: CloudAssembly) throws(TenkaiError) -> SystemCost {
        guard assembly.manifest.region == prices.region else {
            throw TenkaiError(
                .usage, "\(assembly.system) in \(assembly.manifest.environment) runs in \(assembly.manifest.region), but \(prices.file) prices \(prices.region)",
                hint: "pass a price sheet for \(assembly.manifest.region) with --prices (pricing/\(assembly.manifest.region).json)")
        }
        let settings = assembly.environment.systems[assembly.system]?.usage ?? [:]
        var pricer = ResourcePricer(prices: prices, usage: UsageFigures(settings), assembly: assembly)
        let stackOrder = assembly.manifest.stacks.map(\.name)

        var components: [ComponentCost] = []
        var owned: Set<String> = []
        for component in assembly.components.components {
            guard let stack = assembly.stacks.first(where: { $0.entry.name == component.stack }) else { continue }
            var lines: [CostLine] = []
            for resource in component.resources {
                owned.insert("\(component.stack)/\(resource.logicalID)")
                guard let template = stack.template.resources[resource.logicalID] else { continue }
                lines += try pricer.price(
                    resource.logicalID, template, in: stack.template, component: component)
            }
            components.append(ComponentCost(path: component.path, stack: component.stack, kinds: component.kinds, lines: lines))
        }
        // Resources no component claims (a stack's own plumbing) are priced under the stack.
        for stack in assembly.stacks {
            let loose = stack.template.resources.keys.sorted().filter { !owned.contains("\(stack.entry.name)/\($0)") }
            guard !loose.isEmpty else { continue }
            let component = ComponentTree.Component(
                path: "\(assembly.system)/\(stack.entry.name)/(stack)", kinds: ["Stack"], stack: stack.entry.name,
                resources: loose.map { ComponentTree.Resource(logicalID: $0, type: stack.template.resources[$0]!.type) })
            var lines: [CostLine] = []
            for id in loose { lines += try pricer.price(id, stack.template.resources[id]!, in: stack.template, component: component) }
            if !lines.isEmpty {
                components.append(ComponentCost(path: component.path, stack: component.stack, kinds: component.kinds, lines: lines))
            }
        }
        components.sort {
            (stackOrder.firstIndex(of: $0.stack) ?? .max, $0.path) < (stackOrder.firstIndex(of: $1.stack) ?? .max, $1.path)
        }
        // One sheet per estimate: a stack in another region (CloudFront's certificate and WAF in
        // us-east-1) is priced at the environment region's prices, and the estimate says so.
        let notes = assembly.manifest.stacks.filter { $0.region != prices.region }.map {
            "stack \($0.name) runs in \($0.region) and is priced with the \(prices.region) sheet"
        }
        return SystemCost(
            system: assembly.system, environment: assembly.manifest.environment, region: prices.region, currency: prices.currency,
            components: components, assumptions: pricer.usage.assumptions, unpriced: pricer.unpriced.sorted(), pricesUsed: pricer.pricesUsed,
            notes: notes)
    }
}
