import TenkaiCore

/// A component that emits CloudWatch metrics of its own resources.
///
/// ``metrics`` lists the ones worth watching (the same values as its named metric properties,
/// `function.errors`, `table.readThrottleEvents`); the resolver records them in the component
/// tree, so the assembly says what each component can be watched on without the Swift sources.
/// Any other metric of the same resource (`function.metric("ConcurrentExecutions")`) still works
/// in an ``Alarm`` or a ``Graph``.
public protocol Monitorable: Component {
    /// The metrics this component exposes, in the order its documentation lists them.
    var metrics: [Metric] { get }
}

extension Monitorable {
    public var exposedMetrics: [Metric] { metrics }
}

extension Metric {
    /// The metric as the component tree records it: names known before deploy resolved for
    /// `stack`'s environment, references left as `Ref`/`Fn::GetAtt` of their logical IDs.
    func treeMetric(in stack: StackContext) -> ComponentTree.Metric {
        ComponentTree.Metric(
            namespace: namespace, name: name,
            dimensions: dimensions.map { ComponentTree.Metric.Dimension(name: $0.name, value: $0.value.resolved(in: stack)) },
            statistic: statistic, periodSeconds: periodSeconds)
    }
}

extension StackContext {
    /// The tree entries of the metrics `component` exposes (none unless it is ``Monitorable``).
    func treeMetrics(of component: any Component) -> [ComponentTree.Metric] {
        component.exposedMetrics.map { $0.treeMetric(in: self) }
    }
}
