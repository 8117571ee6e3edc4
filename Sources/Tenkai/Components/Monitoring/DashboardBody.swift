import TenkaiCore

/// Renders a ``Dashboard``'s widgets. The body is JSON text inside an `Fn::Sub`: a dimension that
/// is a resource becomes `${Id}` (the resolver links it across stacks) or, in an alarm's graph,
/// a `${DimN}` variable of the `Fn::Sub`.
struct DashboardBody {
    let stack: StackContext
    private(set) var variables = Fields()

    init(stack: StackContext) { self.stack = stack }

    mutating func widget(_ graph: Graph, at index: Int) -> Value {
        switch graph.content {
        case .metrics(let metrics): metricsWidget(graph.title, metrics, at: index)
        case .alarm(let alarm): alarmWidget(graph.title, alarm, at: index)
        }
    }

    // MARK: - Widgets

    private mutating func metricsWidget(_ title: String, _ metrics: [Metric], at index: Int) -> Value {
        let statistic = metrics.first?.statistic ?? "Sum"
        let lines: [Value] = metrics.map { metric in
            var line: [Value] = [.string(metric.namespace), .string(metric.name)]
            for dimension in metric.dimensions { line += [.string(dimension.name), inline(dimension.value)] }
            var options = Fields()
            if metric.statistic != statistic { options["stat"] = .string(metric.statistic) }
            if let id = metric.id { options["id"] = .string(id) }
            if !options.isEmpty { line.append(.map(options)) }
            return .list(line)
        }
        return [
            "type": "metric", "x": .int(index % 2 * 12), "y": .int(index / 2 * 6), "width": 12, "height": 6,
            "properties": [
                "title": .string(title), "region": "${AWS::Region}", "stat": .string(statistic),
                "period": .int(metrics.first?.periodSeconds ?? 300), "view": "timeSeries", "metrics": .list(lines),
            ],
        ]
    }

    private mutating func alarmWidget(_ title: String, _ alarm: Alarm, at index: Int) -> Value {
        var lines: [Value] = []
        var isExpression = false
        if case .math(let math) = alarm.watched {
            isExpression = true
            lines.append([["expression": .string(math.expression), "label": .string(math.label), "id": .string(MetricMath.resultID)]])
        }
        for metric in alarm.watched.metrics {
            var line: [Value] = [.string(metric.namespace), .string(metric.name)]
            for dimension in metric.dimensions { line += [.string(dimension.name), placeholder(dimension.value)] }
            var options: Fields = ["stat": .string(metric.statistic)]
            if let id = metric.id { options["id"] = .string(id) }
            if isExpression { options["visible"] = false }
            line.append(.map(options))
            lines.append(.list(line))
        }
        return [
            "type": "metric", "width": 12, "height": 6, "x": .int(index % 2 * 12), "y": .int(index / 2 * 6),
            "properties": [
                "title": .string(title), "region": "${AWS::Region}",
                "period": .int(alarm.watched.metrics.first?.periodSeconds ?? 300), "view": "timeSeries",
                "metrics": .list(lines),
                "annotations": ["horizontal": [["label": "alarm", "value": .number(alarm.threshold)]]],
            ],
        ]
    }

    // MARK: - Dimension values

    /// `${Id}` or `${Id.Attribute}` written into the text; anything else becomes a variable.
    private mutating func inline(_ value: Metric.DimensionValue) -> Value {
        let resolved = value.resolved(in: stack)
        switch resolved {
        case .string: return resolved
        case .function("Ref", .string(let id)): return .string("${\(id)}")
        case .function("Fn::GetAtt", .list(let parts)):
            if parts.count == 2, case .string(let id) = parts[0], case .string(let attribute) = parts[1] {
                return .string("${\(id).\(attribute)}")
            }
            return placeholder(value)
        default: return placeholder(value)
        }
    }

    /// A `${DimN}` variable of the `Fn::Sub` (one per distinct value); literals stay as they are.
    private mutating func placeholder(_ value: Metric.DimensionValue) -> Value {
        let resolved = value.resolved(in: stack)
        if case .string = resolved { return resolved }
        for (key, existing) in variables where existing == resolved { return .string("${\(key)}") }
        let key = "Dim\(variables.count + 1)"
        variables[key] = resolved
        return .string("${\(key)}")
    }
}
