import TenkaiCore

/// A resolved system as boxes and arrows: one box per component, grouped by stack, and an arrow
/// wherever a component's resources use another component's (a `Ref`, `Fn::GetAtt`, `${…}` in
/// `Fn::Sub`, a `DependsOn`, an imported export or a cross-region parameter).
///
/// Read from the rendered templates, so it shows what will be deployed, links across stacks
/// included. ``MermaidRenderer`` draws it.
public struct SystemDiagram: Sendable, Hashable {
    public struct Component: Sendable, Hashable {
        /// `system/stack/component`, as in diagnostics and `tenkai:path` metadata.
        public var path: String
        public var name: String
        /// The AWS services its resources belong to (`ECS`, `ElasticLoadBalancingV2`, …), sorted.
        public var services: [String]
        public var resourceCount: Int
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
        systemName = system.systemName
        environmentName = system.environment.name
        var owners = ComponentOwners(system)
        stacks = system.stacks.map { stack in
            Stack(name: stack.name, region: stack.region, components: owners.components(of: stack))
        }
        var links: Set<Link> = []
        for stack in system.stacks {
            for (id, resource) in stack.template.resources {
                guard let from = owners.path(of: id, in: stack.name) else { continue }
                for used in Self.uses(of: resource, in: stack, owners: owners) where used != from {
                    links.insert(Link(from: from, to: used))
                }
            }
        }
        self.links = links.sorted()
    }

    /// The component paths a resource's properties and `DependsOn` point at.
    private static func uses(of resource: Resource, in stack: ResolvedStack, owners: ComponentOwners) -> Set<String> {
        var used: Set<String> = []
        func note(_ id: String) {
            if let path = owners.path(of: id, in: stack.name) {
                used.insert(path)
            } else if let source = stack.parameterSources[id], let path = owners.pathOfOutput(source.output, in: source.stack) {
                used.insert(path)
            }
        }
        resource.dependsOn.forEach(note)
        Value.map(resource.properties).forEach { value in
            if let id = value.referencedLogicalID {
                note(id)
            } else if case .function("Fn::Sub", let argument) = value {
                let text = argument.stringValue ?? argument.listValue?.first?.stringValue ?? ""
                SubVariables.names(in: text).forEach(note)
            } else if case .function("Fn::ImportValue", .string(let export)) = value, let path = owners.pathOfExport(export) {
                used.insert(path)
            }
        }
        return used
    }
}
