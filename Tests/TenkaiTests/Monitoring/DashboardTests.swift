import Tenkai
import TenkaiCore
import Testing

/// One `Dashboard` draws any metrics and any alarms side by side.
@Suite struct DashboardTests {
    typealias F = MonitoringFixtures

    /// The dashboard's body text and its `Fn::Sub` variables.
    private func body(_ dashboard: Dashboard, stack: String = "app") throws -> (text: String, variables: Fields) {
        let system = System("shop") { _ in
            Stack("app") {
                F.net
                F.zone
                F.certificate
                F.web
                F.loadBalancer
                F.jobs
                F.orders
                if stack == "app" { dashboard }
            }
            if stack != "app" { Stack(stack) { dashboard } }
        }
        let resolved = try Fixtures.resolve(system)
        let resource = try #require(F.stack(stack, of: resolved)?.template.resources[dashboard.logicalID])
        #expect(resource.properties["DashboardName"] == .string("shop-dev-\(dashboard.name)"))
        switch resource.properties["DashboardBody"] {
        case .function("Fn::Sub", .string(let text)): return (text, [:])
        case .function("Fn::Sub", .list(let parts)):
            return (try #require(parts[0].stringValue), try #require(parts[1].fieldsValue))
        default:
            Issue.record("DashboardBody is not a Fn::Sub")
            return ("", [:])
        }
    }

    @Test func aDashboardMixesMetricsOfSeveralComponentsAndAlarms() throws {
        let lbAlarms = F.loadBalancer.recommendedAlarms()
        let custom = Metric(namespace: "Shop/Orders", name: "CheckoutFailures", dimensions: [Metric.Dimension("Channel", .value("web"))])
        let dashboard = Dashboard("ops") {
            Graph("Jobs", [F.jobs.invocations, F.jobs.errors, F.jobs.duration])
            Graph("Orders and checkout", [F.orders.readThrottleEvents, custom])
            Graph(of: lbAlarms[0])
            Graph(of: Alarm("web-cpu", on: F.web.cpuUtilization, threshold: 80))
        }
        let (text, variables) = try body(dashboard)
        let json = try JSONReader.read(Array(text.utf8))
        let widgets = try #require(json[path: "widgets"]?.listValue)
        #expect(widgets.count == 4)
        #expect(widgets.map { $0[path: "x"] } == [0, 12, 0, 12] && widgets.map { $0[path: "y"] } == [0, 0, 6, 6])
        #expect(widgets.compactMap { $0[path: "properties.title"]?.stringValue } == [
            "Jobs", "Orders and checkout", "front: 5xx responses (% of requests)", "AWS/ECS CPUUtilization",
        ])
        // Metrics of one stack name their resources inline; a statistic that differs from the graph's is per line.
        let jobs = try #require(widgets[0][path: "properties.metrics"]?.listValue)
        #expect(jobs[0] == ["AWS/Lambda", "Invocations", "FunctionName", "${JobsFunction}"])
        #expect(jobs[2] == ["AWS/Lambda", "Duration", "FunctionName", "${JobsFunction}", ["stat": "Average"]])
        #expect(widgets[0][path: "properties.stat"] == "Sum" && widgets[0][path: "properties.period"] == 300)
        let mixed = try #require(widgets[1][path: "properties.metrics"]?.listValue)
        #expect(mixed == [["AWS/DynamoDB", "ReadThrottleEvents", "TableName", "${OrdersTable}"], ["Shop/Orders", "CheckoutFailures", "Channel", "web"]])
        // An alarm's graph: the expression, its hidden inputs, and the threshold line.
        let rate = try #require(widgets[2][path: "properties.metrics"]?.listValue)
        #expect(rate.count == 4)
        #expect(rate[0] == [["expression": "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / FILL(requests, 1)",
                             "label": "front: 5xx responses (% of requests)", "id": "rate"]])
        #expect(rate[1] == ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", "${Dim1}", ["stat": "Sum", "id": "target5xx", "visible": false]])
        #expect(widgets[2][path: "properties.annotations.horizontal"] == [["label": "alarm", "value": 1]])
        #expect(widgets[3][path: "properties.annotations.horizontal"] == [["label": "alarm", "value": 80]])
        #expect(variables["Dim1"] == .getAtt(F.loadBalancer.logicalID, "LoadBalancerFullName"))
        #expect(variables.count == 3, "the balancer, the cluster and the service: \(variables.allKeys)")
    }

    @Test func aDashboardInAnotherStackImportsWhatItDraws() throws {
        let dashboard = Dashboard("ops") { Graph("Jobs", [F.jobs.errors]) }
        let (text, variables) = try body(dashboard, stack: "monitoring")
        #expect(text.contains(#"["AWS/Lambda","Errors","FunctionName","${JobsFunctionRef}"]"#), "\(text)")
        #expect(variables["JobsFunctionRef"] == .importValue("shop-dev-app-JobsFunctionRef"))
    }

    @Test func anEmptyDashboardIsAnError() {
        let errors = Fixtures.errors(System("shop") { _ in Stack("ops") { Dashboard("ops") {} } })
        #expect(errors.map(\.message) == ["dashboard 'ops' has no graphs"])
    }
}
