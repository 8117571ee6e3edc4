/// The drawing order ``MermaidRenderer`` and ``DOTRenderer`` share: one walk of a
/// ``SystemDiagram``'s network tiers (the VPC opened around the tiers inside it), their stacks
/// and components, giving every group and box its ID and depth, and the arrows between boxes.
/// The renderers only spell each step in their language, so the two drawings cannot group or
/// number differently.
///
/// IDs: `t1`… per tier, `t1s1`… per stack in a tier, `c1`… per box in drawing order.
struct DiagramOutline {
    enum Step {
        case openVPC
        case openTier(id: String, tier: NetworkTier)
        case openStack(id: String, stack: SystemDiagram.Stack)
        case node(id: String, component: SystemDiagram.Component)
        /// Closes the group opened last at the same depth.
        case close
    }

    /// A step and how deep it sits: 0 for the outermost groups, one more per enclosing group.
    struct Line {
        var depth: Int
        var step: Step
    }

    var lines: [Line] = []
    /// Arrows as box IDs, in the diagram's link order; links to components without a box are left out.
    var arrows: [(from: String, to: String)] = []

    init(_ diagram: SystemDiagram) {
        var nodeIDs: [String: String] = [:]
        var inVPC = false
        for (tierIndex, group) in diagram.tiers.enumerated() {
            if group.tier.isInVPC != inVPC {
                lines.append(Line(depth: 0, step: inVPC ? .close : .openVPC))
                inVPC.toggle()
            }
            let depth = inVPC ? 1 : 0
            let tierID = "t\(tierIndex + 1)"
            lines.append(Line(depth: depth, step: .openTier(id: tierID, tier: group.tier)))
            for (stackIndex, stack) in group.stacks.enumerated() {
                lines.append(Line(depth: depth + 1, step: .openStack(id: "\(tierID)s\(stackIndex + 1)", stack: stack)))
                for component in stack.components {
                    let id = "c\(nodeIDs.count + 1)"
                    nodeIDs[component.path] = id
                    lines.append(Line(depth: depth + 2, step: .node(id: id, component: component)))
                }
                lines.append(Line(depth: depth + 1, step: .close))
            }
            lines.append(Line(depth: depth, step: .close))
        }
        if inVPC { lines.append(Line(depth: 0, step: .close)) }
        arrows = diagram.links.compactMap { link in
            guard let from = nodeIDs[link.from], let to = nodeIDs[link.to] else { return nil }
            return (from, to)
        }
    }

    /// Two spaces per level, inside the graph's own two.
    static func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth + 1) }
}
