import TenkaiCore

/// A CloudWatch dashboard with one graph per watched metric, its alarm threshold drawn in.
///
/// ```swift
/// Dashboard("fileshare", watching: [.loadBalancer(lb), .service(web), .database(db)])
/// ```
public struct Dashboard: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Dashboard" }
    public var watched: [Watched]

    public init(_ name: String, watching watched: [Watched]) {
        self.name = name
        self.watched = watched
    }

    public func translate(into stack: inout StackContext) {
        // The body is JSON text; references become `${DimN}` variables of an Fn::Sub.
        var variables = Fields()
        func placeholder(_ value: Value) -> Value {
            if case .string = value { return value }
            for (key, existing) in variables where existing == value { return .string("${\(key)}") }
            let key = "Dim\(variables.count + 1)"
            variables[key] = value
            return .string("${\(key)}")
        }
        var widgets: [Value] = []
        for (index, metric) in watched.flatMap(\.metrics).enumerated() {
            var lines: [Value] = []
            if let expression = metric.expression {
                lines.append([["expression": .string(expression), "label": .string(metric.title), "id": "rate"]])
            }
            for query in metric.queries {
                var line: [Value] = [.string(query.namespace), .string(query.metric)]
                for (dimension, value) in query.dimensions { line += [.string(dimension), placeholder(value)] }
                var options: Fields = ["stat": .string(query.statistic), "id": .string(query.id)]
                if metric.expression != nil { options["visible"] = false }
                line.append(.map(options))
                lines.append(.list(line))
            }
            widgets.append([
                "type": "metric", "width": 12, "height": 6, "x": .int(index % 2 * 12), "y": .int(index / 2 * 6),
                "properties": [
                    "title": .string(metric.title), "region": "${AWS::Region}", "period": 60, "view": "timeSeries",
                    "metrics": .list(lines),
                    "annotations": ["horizontal": [["label": "alarm", "value": .number(metric.threshold)]]],
                ],
            ])
        }
        let body = String(decoding: JSONRenderer.renderCompact(["widgets": .list(widgets)]), as: UTF8.self)
        stack.add(logicalID, Resource(type: "AWS::CloudWatch::Dashboard", properties: [
            "DashboardName": .string(stack.resourceName(name)),
            "DashboardBody": .sub(body, variables),
        ]))
    }
}
