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
public struct ServerlessDashboard: Component {
    public let name: String
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

/// One graph of a ``ServerlessDashboard``: metrics of one namespace for one resource.
public struct DashboardWidget: Sendable, Hashable {
    /// The resource the metrics are about.
    public enum DimensionValue: Sendable, Hashable {
        /// A resource whose `Ref` (or attribute) is the dimension value.
        case reference(Reference)
        /// A physical name `<system>-<env>-<name>` known before deploy.
        case resourceName(String)
    }

    public var title: String
    public var namespace: String
    public var metrics: [String]
    public var dimensionName: String
    public var dimensionValue: DimensionValue
    public var statistic = "Sum"

    public init(title: String, namespace: String, metrics: [String], dimensionName: String, dimensionValue: DimensionValue) {
        self.title = title
        self.namespace = namespace
        self.metrics = metrics
        self.dimensionName = dimensionName
        self.dimensionValue = dimensionValue
    }
}

extension Function {
    /// Invocations, errors and throttles of this function.
    public var dashboardWidget: DashboardWidget {
        DashboardWidget(
            title: "Function \(name)", namespace: "AWS/Lambda", metrics: ["Invocations", "Errors", "Throttles"],
            dimensionName: "FunctionName", dimensionValue: .reference(functionName))
    }
}

extension Table {
    /// Consumed capacity and throttling of this table.
    public var dashboardWidget: DashboardWidget {
        DashboardWidget(
            title: "Table \(name)", namespace: "AWS/DynamoDB",
            metrics: ["ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ReadThrottleEvents", "WriteThrottleEvents"],
            dimensionName: "TableName", dimensionValue: .reference(tableName))
    }
}

extension RestApi {
    /// Requests and errors of this API (all stages).
    public var dashboardWidget: DashboardWidget {
        DashboardWidget(
            title: "API \(name)", namespace: "AWS/ApiGateway", metrics: ["Count", "4XXError", "5XXError"],
            dimensionName: "ApiName", dimensionValue: .resourceName(name))
    }
}
