import TenkaiCore

/// Builds a resolved system's ``ComponentTree`` once, at resolve time: which component made each
/// resource, which components each one uses (a `Ref`, `Fn::GetAtt`, `${…}` in `Fn::Sub`, a
/// `DependsOn`, an imported export or a cross-region parameter), the metrics it exposes and which
/// alarms watch them (its own included).
///
/// A resource's path is its `tenkai:path` metadata: the component that added it (a composite's
/// children sit under the composite). Composites are components of the tree without resources.
struct ComponentGraph {
    private var pathByResource: [String: [String: String]] = [:]  // stack → logical ID → path
    private var resourceByOutput: [String: [String: String]] = [:]  // stack → output → logical ID
    private var stackAndResourceByExport: [String: (stack: String, id: String)] = [:]

    static func tree(
        system: String, environment: String, stacks: [ResolvedStack], kinds: [String: [String]],
        composites: [String: String] = [:], metrics: [String: [ComponentTree.Metric]] = [:]
    ) -> ComponentTree {
        let graph = ComponentGraph(system: system, stacks: stacks)
        let metricOwners = MetricOwners(metrics)
        var resources: [String: [ComponentTree.Resource]] = [:]
        var stackOf: [String: String] = [:]
        var uses: [String: Set<String>] = [:]
        var alarms: [String: [ComponentTree.Alarm]] = [:]
        for stack in stacks {
            for id in stack.template.resources.keys.sorted() {
                let resource = stack.template.resources[id]!
                guard let path = graph.path(of: id, in: stack.name) else { continue }
                resources[path, default: []].append(ComponentTree.Resource(logicalID: id, type: resource.type))
                stackOf[path] = stack.name
                uses[path, default: []].formUnion(graph.uses(of: resource, in: stack).subtracting([path]))
                if resource.type == "AWS::CloudWatch::Alarm" {
                    let alarm = ComponentTree.Alarm(stack: stack.name, logicalID: id, metric: metricName(of: resource))
                    let metricFields = Resource(
                        type: resource.type,
                        properties: Fields(resource.properties.filter { ["Dimensions", "Metrics"].contains($0.key) }.map { ($0.key, $0.value) }))
                    for watched in graph.uses(of: metricFields, in: stack).union(metricOwners.paths(watchedBy: resource)) {
                        alarms[watched, default: []].append(alarm)
                    }
                }
            }
        }
        let components = resources.keys.map { path in
            ComponentTree.Component(
                path: path, kinds: kinds[path] ?? ["Resource"], stack: stackOf[path]!, resources: resources[path]!,
                uses: uses[path, default: []].sorted(), alarms: alarms[path, default: []], metrics: metrics[path, default: []])
        }
        let groups = composites.keys.filter { resources[$0] == nil }.map { path in
            ComponentTree.Component(path: path, kinds: kinds[path] ?? ["Composite"], stack: composites[path]!, resources: [])
        }
        return ComponentTree(system: system, environment: environment, components: components + groups)
    }

    private init(system: String, stacks: [ResolvedStack]) {
        for stack in stacks {
            for (id, resource) in stack.template.resources {
                let path = resource.metadata["tenkai:path"]?.stringValue ?? "\(system)/\(stack.name)/\(id)"
                pathByResource[stack.name, default: [:]][id] = path
            }
            for (name, output) in stack.template.outputs {
                guard let id = output.value.referencedLogicalID else { continue }
                resourceByOutput[stack.name, default: [:]][name] = id
                if let export = output.exportName { stackAndResourceByExport[export] = (stack.name, id) }
            }
        }
    }

    private func path(of logicalID: String, in stack: String) -> String? { pathByResource[stack]?[logicalID] }

    /// The component paths a resource's properties and `DependsOn` point at.
    private func uses(of resource: Resource, in stack: ResolvedStack) -> Set<String> {
        var used: Set<String> = []
        func note(_ id: String) {
            if let path = path(of: id, in: stack.name) {
                used.insert(path)
            } else if let source = stack.parameterSources[id],
                let producer = resourceByOutput[source.stack]?[source.output], let path = path(of: producer, in: source.stack)
            {
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
            } else if case .function("Fn::ImportValue", .string(let export)) = value,
                let (producerStack, id) = stackAndResourceByExport[export], let path = path(of: id, in: producerStack)
            {
                used.insert(path)
            }
        }
        return used
    }

    /// `AWS/ECS CPUUtilization`, or the first metric of a metric-math alarm.
    private static func metricName(of alarm: Resource) -> String {
        let fields = alarm.properties
        if let namespace = fields["Namespace"]?.stringValue, let name = fields["MetricName"]?.stringValue {
            return "\(namespace) \(name)"
        }
        for query in fields["Metrics"]?.listValue ?? [] {
            if let metric = query[path: "MetricStat.Metric"], let namespace = metric[path: "Namespace"]?.stringValue,
                let name = metric[path: "MetricName"]?.stringValue
            {
                return "\(namespace) \(name)"
            }
        }
        return "expression"
    }
}
