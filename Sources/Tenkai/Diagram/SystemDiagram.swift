import TenkaiCore

/// A resolved system as boxes and arrows: one box per component, grouped by stack, and an arrow
/// wherever a component's resources use another component's (a `Ref`, `Fn::GetAtt`, `${…}` in
/// `Fn::Sub`, a `DependsOn`, an imported export or a cross-region parameter).
///
/// Drawn from the resolved system's component tree, so it shows what will be deployed, links
/// across stacks and regions included. ``MermaidRenderer`` draws it.
public struct SystemDiagram: Sendable, Hashable {
    public struct Component: Sendable, Hashable {
        /// `system/stack/component`, as in diagnostics and `tenkai:path` metadata.
        public var path: String
        public var name: String
        /// The AWS services its resources belong to (`ECS`, `ElasticLoadBalancingV2`, …), sorted.
        public var services: [String]
        public var resourceCount: Int
        /// Where it sits on the network path (``NetworkTier``).
        public var tier: NetworkTier
        /// The stack it belongs to.
        public var stack: String
    }

    public struct Stack: Sendable, Hashable {
        public var name: String
        public var region: String
        public var components: [Component]
    }

    /// A component using another; `from` and `to` are component paths.
    public struct Link: Sendable, Hashable, Comparable {
        public var from: String
        public var to: String

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }

        public static func < (lhs: Link, rhs: Link) -> Bool { (lhs.from, lhs.to) < (rhs.from, rhs.to) }
    }

    public var systemName: String
    public var environmentName: String
    /// In deploy order.
    public var stacks: [Stack]
    public var links: [Link]

    public init(_ system: ResolvedSystem) {
        self.init(
            systemName: system.systemName, environmentName: system.environment.name,
            stacks: system.stacks.map { ($0.name, $0.region, $0.template) }, tree: system.components)
    }

    /// The same drawing from a synthesized assembly, for readers that have no Swift sources (`tenkai docs`).
    public init(_ assembly: CloudAssembly) {
        self.init(
            systemName: assembly.system, environmentName: assembly.environment.name,
            stacks: assembly.stacks.map { ($0.entry.name, $0.entry.region, $0.template) }, tree: assembly.components)
    }

    private init(systemName: String, environmentName: String, stacks: [(name: String, region: String, template: Template)], tree: ComponentTree) {
        self.systemName = systemName
        self.environmentName = environmentName
        self.stacks = stacks.map { stack in
            Stack(name: stack.name, region: stack.region, components: tree.components(inStack: stack.name).filter { !$0.resources.isEmpty }  // composites draw as their children
                .map { Component($0, in: stack.template) })
        }
        links = tree.components.flatMap { component in component.uses.map { Link(from: component.path, to: $0) } }.sorted()
    }
}

extension SystemDiagram.Component {
    /// A box: the component's name, the AWS services of its resources and how many there are.
    init(_ component: ComponentTree.Component, in template: Template) {
        // `AWS::ECS::Service` → `ECS`; `Custom::…` and others keep their first two parts.
        let services = Set(component.resources.map { resource in
            let parts = resource.type.split(separator: "::")
            return parts.count > 1 ? String(parts[1]) : resource.type
        })
        let tier = NetworkTier.of(component.resources.map { ($0.type, template.resources[$0.logicalID]?.properties ?? [:]) })
        self.init(
            path: component.path, name: component.name, services: services.sorted(), resourceCount: component.resources.count, tier: tier,
            stack: component.stack)
    }
}

extension SystemDiagram {
    /// The tiers the diagram has components in, in network order, each with its stacks'
    /// components (stacks in deploy order): what the renderers group by.
    public var tiers: [(tier: NetworkTier, stacks: [Stack])] {
        NetworkTier.allCases.compactMap { tier in
            let groups = stacks.compactMap { stack -> Stack? in
                let inTier = stack.components.filter { $0.tier == tier }
                return inTier.isEmpty ? nil : Stack(name: stack.name, region: stack.region, components: inTier)
            }
            return groups.isEmpty ? nil : (tier, groups)
        }
    }
}
