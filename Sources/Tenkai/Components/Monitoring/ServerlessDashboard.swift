import TenkaiCore

/// A CloudWatch dashboard of serverless metrics (functions, tables, REST APIs), one graph per
/// widget, two to a row. (``Dashboard`` draws the container side: load balancers, services, databases.)
///
/// ```swift
/// ServerlessDashboard("overview") {
///     api.dashboardWidget
///     collect.dashboardWidget
///     stamps.dashboardWidget
/// }
/// ```
public struct ServerlessDashboard: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Dashboard" }
    public var widgets: [DashboardWidget]

    public init(_ name: String, @ListBuilder<DashboardWidget> widgets: () -> [DashboardWidget]) {
        self.name = name
        self.widgets = widgets()
    }

    public func translate(into stack: inout StackContext) {
        if widgets.isEmpty { stack.report(.error("the dashboard has no widgets")) }
        let rendered: [Value] = widgets.enumerated().map { index, widget in
            let dimension: String =
                switch widget.dimensionValue {
                case .reference(let reference): "${\(reference.description)}"
                case .resourceName(let name): stack.resourceName(name)
                }
            let metrics: [Value] = widget.metrics.map {
                [.string(widget.namespace), .string($0), .string(widget.dimensionName), .string(dimension)]
            }
            return [
                "type": "metric", "x": .int(index % 2 * 12), "y": .int(index / 2 * 6), "width": 12, "height": 6,
                "properties": [
                    "title": .string(widget.title), "region": "${AWS::Region}", "stat": .string(widget.statistic),
                    "period": 300, "view": "timeSeries", "metrics": .list(metrics),
                ],
            ]
        }
        let body = String(decoding: JSONRenderer.renderCompact(["widgets": .list(rendered)]), as: UTF8.self)
        stack.add(
            logicalID,
            Resource(
                type: "AWS::CloudWatch::Dashboard",
                properties: ["DashboardName": .string(stack.resourceName(name)), "DashboardBody": .sub(body)]))
    }
}
