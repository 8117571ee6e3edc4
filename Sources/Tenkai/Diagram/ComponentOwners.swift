import TenkaiCore

/// Which component made each resource, output and export of a resolved system, read from the
/// `tenkai:path` metadata every resource carries.
struct ComponentOwners {
    private var pathByResource: [String: [String: String]] = [:]  // stack → logical ID → path
    private var resourceByOutput: [String: [String: String]] = [:]  // stack → output → logical ID
    private var stackAndResourceByExport: [String: (stack: String, id: String)] = [:]

    init(_ system: ResolvedSystem) {
        for stack in system.stacks {
            for (id, resource) in stack.template.resources {
                let path = resource.metadata["tenkai:path"]?.stringValue ?? "\(system.systemName)/\(stack.name)/\(id)"
                pathByResource[stack.name, default: [:]][id] = path
            }
            for (name, output) in stack.template.outputs {
                guard let id = output.value.referencedLogicalID else { continue }
                resourceByOutput[stack.name, default: [:]][name] = id
                if let export = output.exportName { stackAndResourceByExport[export] = (stack.name, id) }
            }
        }
    }

    func path(of logicalID: String, in stack: String) -> String? {
        pathByResource[stack]?[logicalID]
    }

    func pathOfOutput(_ output: String, in stack: String) -> String? {
        resourceByOutput[stack]?[output].flatMap { path(of: $0, in: stack) }
    }

    func pathOfExport(_ export: String) -> String? {
        stackAndResourceByExport[export].flatMap { path(of: $0.id, in: $0.stack) }
    }

    /// The stack's components in name order, each with its services and resource count.
    mutating func components(of stack: ResolvedStack) -> [SystemDiagram.Component] {
        var services: [String: Set<String>] = [:]
        var counts: [String: Int] = [:]
        for (id, resource) in stack.template.resources {
            guard let path = path(of: id, in: stack.name) else { continue }
            // `AWS::ECS::Service` → `ECS`; `Custom::…` and others keep their first two parts.
            let parts = resource.type.split(separator: "::")
            services[path, default: []].insert(parts.count > 1 ? String(parts[1]) : resource.type)
            counts[path, default: 0] += 1
        }
        return counts.keys.sorted().map { path in
            SystemDiagram.Component(
                path: path, name: String(path.split(separator: "/").last ?? Substring(path)),
                services: services[path, default: []].sorted(), resourceCount: counts[path, default: 0])
        }
    }
}
