import TenkaiCore

/// A CloudWatch dashboard of any metrics and alarms, one ``Graph`` each, two to a row.
///
/// ```swift
/// Dashboard("overview") {
///     Graph("API", [api.requests, api.serverErrors])
///     for alarm in web.recommendedAlarms() { Graph(of: alarm) }
/// }
/// ```
public struct Dashboard: EscapeHatching {
    public let name: String
    public var escapeHatches = EscapeHatches()
    public var kind: String { "Dashboard" }
    public internal(set) var graphs: [Graph]

    public init(_ name: String, @ListBuilder<Graph> graphs: () -> [Graph]) {
        self.name = name
        self.graphs = graphs()
    }

    public func translate(into stack: inout StackContext) {
        if graphs.isEmpty { stack.report(.error("dashboard '\(name)' has no graphs", hint: "add a Graph of some metrics or of an alarm")) }
        var body = DashboardBody(stack: stack)
        let widgets = graphs.enumerated().map { index, graph in body.widget(graph, at: index) }
        let text = String(decoding: JSONRenderer.renderCompact(["widgets": .list(widgets)]), as: UTF8.self)
        stack.add(logicalID, Resource(type: "AWS::CloudWatch::Dashboard", properties: [
            "DashboardName": .string(stack.resourceName(name)),
            "DashboardBody": body.variables.isEmpty ? .sub(text) : .sub(text, body.variables),
        ]))
    }
}
