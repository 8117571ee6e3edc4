/// `components.json` of a cloud assembly: every component of a resolved system, the resources
/// it made, which components it uses, the metrics it exposes and which alarms watch it.
///
/// The resolver builds it once; the diagram, the release (a service's alarms), the cost
/// estimate and deploy's messages read it instead of rediscovering structure from templates.
public struct ComponentTree: Sendable, Hashable {
    public static let fileName = "components.json"

    /// One resource a component made.
    public struct Resource: Sendable, Hashable {
        public var logicalID: String
        /// `AWS::ECS::Service`.
        public var type: String

        public init(logicalID: String, type: String) {
            self.logicalID = logicalID
            self.type = type
        }
    }

    /// A CloudWatch alarm that watches a component's metric.
    public struct Alarm: Sendable, Hashable {
        /// The stack and logical ID of the `AWS::CloudWatch::Alarm`.
        public var stack: String
        public var logicalID: String
        /// `AWS/ECS CPUUtilization`, or `expression` for a metric-math alarm.
        public var metric: String

        public init(stack: String, logicalID: String, metric: String) {
            self.stack = stack
            self.logicalID = logicalID
            self.metric = metric
        }
    }

    public struct Component: Sendable, Hashable {
        /// `system/stack/component`, as in diagnostics and the `tenkai:path` metadata.
        public var path: String
        /// The component's kinds (`Service`, `Bucket`), in declaration order: components of
        /// different kinds may share a name, and so a path (a `Network` and a `Zone` named `main`).
        public var kinds: [String]
        public var stack: String
        public var resources: [Resource]
        /// Paths of the components this one's resources reference, in any stack or region.
        public var uses: [String]
        /// Alarms whose metrics are this component's, its own (`.alarms(notify:)`) included.
        public var alarms: [Alarm]
        /// The metrics the component exposes (none for a component that emits none).
        public var metrics: [Metric]

        public init(
            path: String, kinds: [String], stack: String, resources: [Resource], uses: [String] = [], alarms: [Alarm] = [],
            metrics: [Metric] = []
        ) {
            self.path = path
            self.kinds = kinds
            self.stack = stack
            self.resources = resources
            self.uses = uses
            self.alarms = alarms
            self.metrics = metrics
        }

        /// The last part of the path: the name the author gave it.
        public var name: String { String(path.split(separator: "/").last ?? Substring(path)) }
    }

    public var system: String
    public var environment: String
    /// Sorted by path.
    public var components: [Component]

    public init(system: String, environment: String, components: [Component]) {
        self.system = system
        self.environment = environment
        self.components = components.sorted { $0.path < $1.path }
    }

    public func component(_ path: String) -> Component? { components.first { $0.path == path } }

    /// The components of one stack, by path.
    public func components(inStack stack: String) -> [Component] { components.filter { $0.stack == stack } }
}

// MARK: - Writing and reading

extension ComponentTree {
    public var value: Value {
        [
            "treeVersion": 1,
            "system": .string(system),
            "environment": .string(environment),
            "components": .list(components.map(\.value)),
        ]
    }

    public init(reading value: Value, file: String) throws(TenkaiError) {
        let reader = ValueReader(value, file: file)
        guard try reader.int("treeVersion") == 1 else { throw reader.error("unknown treeVersion") }
        system = try reader.string("system")
        environment = try reader.string("environment")
        components = try reader.list("components").map { (item) throws(TenkaiError) -> Component in try Component(reading: item) }
    }
}

extension ComponentTree.Component {
    var value: Value {
        [
            "path": .string(path),
            "kinds": .list(kinds.map(Value.string)),
            "stack": .string(stack),
            "resources": .list(resources.map { ["logicalId": .string($0.logicalID), "type": .string($0.type)] }),
            "uses": .list(uses.map(Value.string)),
            "alarms": .list(
                alarms.map { ["stack": .string($0.stack), "logicalId": .string($0.logicalID), "metric": .string($0.metric)] }),
            "metrics": .list(metrics.map(\.value)),
        ]
    }

    init(reading reader: ValueReader) throws(TenkaiError) {
        path = try reader.string("path")
        kinds = try reader.stringList("kinds")
        stack = try reader.string("stack")
        resources = try reader.list("resources").map { (item) throws(TenkaiError) -> ComponentTree.Resource in
            ComponentTree.Resource(logicalID: try item.string("logicalId"), type: try item.string("type"))
        }
        uses = try reader.stringList("uses")
        alarms = try reader.list("alarms").map { (item) throws(TenkaiError) -> ComponentTree.Alarm in
            ComponentTree.Alarm(stack: try item.string("stack"), logicalID: try item.string("logicalId"), metric: try item.string("metric"))
        }
        // Assemblies of the same format version synthesized before components listed their
        // metrics have none: they still read (and deploy), as components without metrics.
        let listsMetrics = reader.value.fieldsValue?["metrics"] != nil
        metrics = try listsMetrics ? reader.list("metrics").map { (item) throws(TenkaiError) -> ComponentTree.Metric in try ComponentTree.Metric(reading: item) } : []
    }
}
