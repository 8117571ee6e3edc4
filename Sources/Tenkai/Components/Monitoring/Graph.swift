import TenkaiCore

/// One graph of a ``Dashboard``: some metrics, or an alarm's metric with its threshold drawn in.
///
/// ```swift
/// Graph("Function checkout", [checkout.invocations, checkout.errors, checkout.throttles])
/// Graph(of: Alarm("web-cpu", on: web.cpuUtilization, threshold: 80))
/// ```
public struct Graph: Sendable {
    enum Content: Sendable {
        case metrics([Metric])
        case alarm(Alarm)
    }

    public var title: String
    var content: Content

    /// Metrics side by side; the first one's statistic and period apply to the graph.
    public init(_ title: String, _ metrics: [Metric]) {
        self.title = title
        self.content = .metrics(metrics)
    }

    /// What the alarm watches (an expression's inputs hidden), with a line at its threshold.
    public init(of alarm: Alarm) {
        self.title = alarm.title
        self.content = .alarm(alarm)
    }

    /// Every metric the graph draws.
    public var metrics: [Metric] {
        switch content {
        case .metrics(let metrics): metrics
        case .alarm(let alarm): alarm.watched.metrics
        }
    }
}
