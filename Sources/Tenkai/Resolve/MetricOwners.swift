import TenkaiCore

/// Which component exposes a metric whose dimensions are all names known before deploy (a
/// `RestApi`'s `ApiName` and `Stage`): an alarm on it names no logical ID the component graph
/// could follow, so the tree finds its component by the metric itself.
struct MetricOwners {
    private var pathByMetric: [Key: String] = [:]

    /// The namespace and the dimensions, by name: any metric of the same resource.
    private struct Key: Hashable {
        var namespace: String
        var dimensions: [String: String]
    }

    init(_ metrics: [String: [ComponentTree.Metric]]) {
        for (path, exposed) in metrics {
            for metric in exposed {
                if let key = Self.key(namespace: metric.namespace, dimensions: metric.dimensions.map { ($0.name, $0.value) }) {
                    pathByMetric[key] = path
                }
            }
        }
    }

    /// The components whose exposed metrics an `AWS::CloudWatch::Alarm` watches by name.
    func paths(watchedBy alarm: Resource) -> Set<String> {
        var watched: [(namespace: Value?, dimensions: Value?)] = [(alarm.properties["Namespace"], alarm.properties["Dimensions"])]
        for query in alarm.properties["Metrics"]?.listValue ?? [] {
            watched.append((query[path: "MetricStat.Metric.Namespace"], query[path: "MetricStat.Metric.Dimensions"]))
        }
        return Set(watched.compactMap { namespace, dimensions in
            guard let namespace = namespace?.stringValue, let list = dimensions?.listValue else { return nil }
            let pairs = list.compactMap { item in item[path: "Name"]?.stringValue.map { ($0, item[path: "Value"] ?? .noValue) } }
            return Self.key(namespace: namespace, dimensions: pairs).flatMap { pathByMetric[$0] }
        })
    }

    /// Nil unless every dimension's value is a plain string.
    private static func key(namespace: String, dimensions: [(String, Value)]) -> Key? {
        var names: [String: String] = [:]
        for (name, value) in dimensions {
            guard let text = value.stringValue else { return nil }
            names[name] = text
        }
        return names.isEmpty ? nil : Key(namespace: namespace, dimensions: names)
    }
}
