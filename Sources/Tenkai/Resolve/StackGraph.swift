import TenkaiCore

/// Which stacks use values from which, and the order that follows from it.
struct StackGraph {
    /// Why `consumer` depends on `producer`: a component of it uses one of the producer's resources.
    struct Edge: Hashable {
        var consumer: String
        var producer: String
        var usedBy: String
        var referenced: String
    }

    /// Stack names in declaration order (the tie-break that keeps the order deterministic).
    let stacks: [String]
    private(set) var edges: [Edge] = []

    init(stacks: [String]) { self.stacks = stacks }

    mutating func add(_ edge: Edge) {
        if !edges.contains(edge) { edges.append(edge) }
    }

    func dependencies(of stack: String) -> [String] {
        var seen: [String] = []
        for edge in edges where edge.consumer == stack && !seen.contains(edge.producer) { seen.append(edge.producer) }
        return seen.sorted()
    }

    /// The stacks in deploy order, or a diagnostic naming the components on a cycle.
    enum DeployOrder {
        case ordered([String])
        case cycle(Diagnostic)
    }

    func deployOrder(systemName: String) -> DeployOrder {
        var remaining = stacks
        var order: [String] = []
        while !remaining.isEmpty {
            guard let ready = remaining.first(where: { stack in dependencies(of: stack).allSatisfy(order.contains) }) else {
                return .cycle(cycleDiagnostic(among: remaining, systemName: systemName))
            }
            order.append(ready)
            remaining.removeAll { $0 == ready }
        }
        return .ordered(order)
    }

    /// Finds one cycle among `candidates` (all of which wait on each other) and explains it.
    private func cycleDiagnostic(among candidates: [String], systemName: String) -> Diagnostic {
        var path: [String] = [candidates[0]]
        while true {
            let current = path[path.count - 1]
            let next = dependencies(of: current).first(where: candidates.contains)!
            if let start = path.firstIndex(of: next) {
                let cycle = Array(path[start...]) + [next]
                var reasons: [String] = []
                for (consumer, producer) in zip(cycle, cycle.dropFirst()) {
                    let edge = edges.first { $0.consumer == consumer && $0.producer == producer }!
                    reasons.append("\(edge.usedBy) uses \(edge.referenced) from stack '\(producer)'")
                }
                return .error(
                    "stacks depend on each other in a cycle: \(cycle.joined(separator: " → ")) (\(reasons.joined(separator: "; ")))",
                    componentPath: systemName,
                    hint: "move one of these components so values flow one way between stacks")
            }
            path.append(next)
        }
    }
}
